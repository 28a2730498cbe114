"""The grammar of keys and scope names: ``'scope.Name'``, ``'a.b.Name'``.

Pure functions: nothing here knows a registry. A scope is one ASCII Python
identifier; the first dot of a key separates its scope from the rest.
"""

from __future__ import annotations

from scopereg.exceptions import ScopeError

__all__ = ["check_scope_name", "is_scope_name", "split_scope_key"]


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
    """Tell whether ``text`` can be a scope: one ASCII Python identifier.

    Examples:
        >>> is_scope_name("srdet"), is_scope_name("my-pkg")
        (True, False)
    """
    return text.isidentifier() and text.isascii()


def check_scope_name(scope_name: object, *, what: str = "scope") -> str:
    """Return ``scope_name`` if it is a valid scope, else raise.

    Args:
        scope_name: The value to check.
        what: How the value is called in the error message.

    Returns:
        The same string.

    Raises:
        ScopeError: If it is not a string made of one Python identifier.

    Examples:
        >>> check_scope_name("srdet")
        'srdet'
    """
    if not isinstance(scope_name, str):
        raise ScopeError(
            f"{what} must be a str, but got {type(scope_name).__name__} "
            f"{scope_name!r}\n"
            "  fix: name the scope after the package, e.g. 'srdet'",
            scope=None,
        )
    if not is_scope_name(scope_name):
        raise ScopeError(
            f"{what} {scope_name!r} is not a valid scope name\n"
            "  a scope is one Python identifier (letters, digits, '_'); the dot "
            "separates a scope from a name in keys like 'srdet.RetinaHead'\n"
            "  fix: use the top-level package name, e.g. 'srdet'",
            scope=scope_name,
        )
    return scope_name
