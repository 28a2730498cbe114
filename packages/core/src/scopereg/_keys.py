"""The grammar of keys and scope names: ``'scope.Name'``, ``'a.b.Name'``.

Pure functions: nothing here knows a registry. A scope is any non-empty
string without a dot, as in mmengine (``'srdet'``, ``'my-pkg'``); the first
dot of a key separates its scope from the rest. A key
is bounded (:data:`MAX_KEY_LENGTH`, :data:`MAX_SCOPE_PREFIXES`) so that
resolving, explaining and suggesting for it stays cheap whatever it holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from scopereg._messages import compose, label, shown
from scopereg.exceptions import NotRegisteredError, ScopeAssertionError, ScopeError

if TYPE_CHECKING:
    from scopereg._messages import Labelled

__all__ = [
    "MAX_KEY_LENGTH",
    "MAX_SCOPE_PREFIXES",
    "check_key",
    "check_scope_name",
    "is_importable_scope",
    "is_scope_name",
    "split_scope_key",
]

MAX_KEY_LENGTH: Final = 1000
"""The longest key looked up, in characters (registered names are far shorter)."""

MAX_SCOPE_PREFIXES: Final = 32
"""The most scope prefixes a key may have: each is one hop between registries."""


def split_scope_key(key: str) -> tuple[str | None, str]:
    """Split ``key`` at its first dot into scope and the rest.

    Args:
        key: A key such as ``'srdet.RetinaHead'``.

    Returns:
        ``(scope, rest)``, or ``(None, key)`` when there is no dot.

    Examples:
        >>> split_scope_key("sr3d.srdet.ResNet")
        ('sr3d', 'srdet.ResNet')
        >>> split_scope_key("ResNet")
        (None, 'ResNet')
    """
    scope, dot, rest = key.partition(".")
    return (scope, rest) if dot else (None, key)


def is_scope_name(text: str) -> bool:
    """Tell whether ``text`` can be a scope: a non-empty string without a dot.

    mmengine accepts any string; the two refused here would make a key such
    as ``'scope.Name'`` ambiguous.

    Examples:
        >>> is_scope_name("srdet"), is_scope_name("my-pkg"), is_scope_name("a.b")
        (True, True, False)
    """
    return bool(text) and "." not in text and len(text) <= MAX_KEY_LENGTH


def is_importable_scope(scope: str) -> bool:
    """Tell whether ``scope`` can name a package, so ``{scope}.registry`` may exist.

    Only such scopes are ever imported: ``'my-pkg'`` is a valid scope, but no
    module can be called that.

    Examples:
        >>> is_importable_scope("srdet"), is_importable_scope("my-pkg")
        (True, False)
    """
    return scope.isidentifier() and scope.isascii()


def check_scope_name(scope_name: object, *, what: str = "scope") -> str:
    """Return ``scope_name`` if it is a valid scope, else raise.

    Args:
        scope_name: The value to check.
        what: How the value is called in the error message.

    Returns:
        The same string.

    Raises:
        ScopeError: If it is not a string, is empty, holds a dot or is longer
            than a key may be.

    Examples:
        >>> check_scope_name("srdet"), check_scope_name("my-pkg")
        ('srdet', 'my-pkg')
    """
    if not isinstance(scope_name, str):
        raise ScopeAssertionError(  # mmengine asserts this
            compose(
                f"{what} should be a string, but got {shown(scope_name)} "
                f"({type(scope_name)})",
                fix=["fix: name the scope after the package, e.g. 'srdet'"],
            ),
            scope=None,
        )
    if not is_scope_name(scope_name):
        if not scope_name:
            why = "an empty string cannot be a scope"
        elif "." in scope_name:
            why = (
                f"{scope_name!r} cannot be a scope: the '.' separates a scope from "
                "a name in keys like 'srdet.RetinaHead'"
            )
        else:
            why = (
                f"{scope_name[:40]!r}... cannot be a scope: it has "
                f"{len(scope_name)} characters, more than a key may hold "
                f"({MAX_KEY_LENGTH})"
            )
        raise ScopeError(
            f"{what} {scope_name[:80]!r} is not a valid scope name\n"
            f"  {why}\n"
            "  fix: use the top-level package name, e.g. 'srdet'",
            scope=scope_name,
        )
    return scope_name


def check_key(key: str, registry: Labelled) -> None:
    """Refuse a key too long or with too many scope prefixes to be looked up.

    Registered names hold no dot, so every dot of a key is one scope prefix,
    one hop from registry to registry; bounding both keeps lookups,
    explanations and did-you-mean searches short for any input.

    Args:
        key: The key asked of ``registry``.
        registry: Where it is looked up (named in the message).

    Raises:
        NotRegisteredError: A ``KeyError``: no registered name can match it.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", scope="doc_check_key")
        >>> check_key("srdet.ResNet", REG)
        >>> try:
        ...     check_key("x." * 40 + "ResNet", REG)
        ... except KeyError as error:
        ...     print(str(error).splitlines()[0])
        'x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.'... has 40 scope prefixes, more than doc_check_key::model follows (at most 32)
    """
    if len(key) > MAX_KEY_LENGTH:
        what = (
            f"{len(key)} characters, too long for a key of {label(registry)} "
            f"(keys have at most {MAX_KEY_LENGTH} characters)"
        )
    else:
        prefixes = key.count(".")
        if prefixes <= MAX_SCOPE_PREFIXES:
            return
        what = (
            f"{prefixes} scope prefixes, more than {label(registry)} follows "
            f"(at most {MAX_SCOPE_PREFIXES})"
        )
    shown = repr(key[:40]) + ("..." if len(key) > 40 else "")
    raise NotRegisteredError(
        compose(
            f"{shown} has {what}",
            fix=[
                "fix: use the registered name, after at most the scope that holds "
                "it, e.g. 'srdet.ResNet' (a scope prefix reaches its registry "
                "anywhere in the tree)"
            ],
        ),
        key=key,
        registry=label(registry),
    )
