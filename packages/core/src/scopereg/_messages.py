"""The one formatter behind every error message, and did-you-mean search.

Messages have one shape: a first line saying what is wrong (value with
``!r``, registry as ``scope::name``), indented lines saying where, and a
last part saying how to fix it. Where mmengine raises the same error, the
first line starts with mmengine's sentence, types printed as mmengine prints
them (``<class 'int'>``), so ``match=`` patterns written against mmengine
keep matching; scopereg's precise part follows. :mod:`difflib` loads only on
error paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

__all__ = [
    "Labelled",
    "compose",
    "did_you_mean",
    "join_path",
    "label",
    "not_in_registry",
    "qualified_name",
    "show_path",
    "shown",
    "wrong_type",
]


class Labelled(Protocol):
    """What :func:`label` needs of a registry: its scope and name."""

    @property
    def scope(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def module_dict(self) -> Mapping[str, Any]: ...


def compose(what: str, where: Iterable[str] = (), fix: Iterable[str] = ()) -> str:
    """Join the three parts of a message into its multi-line text.

    Args:
        what: One line: what is wrong.
        where: Lines locating the problem (config path, file:line, builds).
        fix: Lines saying how to fix it.

    Returns:
        The message.
    """
    lines = [what]
    lines.extend(f"  {line}" for line in where if line)
    lines.extend(f"  {line}" for line in fix if line)
    return "\n".join(lines)


def wrong_type(
    what: str, expected: str, value: object, fix: str, *, verb: str = "must be"
) -> str:
    """Return the message for a value of the wrong type, with its fix.

    The type reads as mmengine prints it (``<class 'int'>``), then the value.

    Args:
        what: What the value is (``'cfg'``, ``'_partial_'``).
        expected: What it must be (``'a mapping such as a dict'``).
        value: The value given (shown by type and a clipped repr).
        fix: The fix line, ``fix: ...``.
        verb: Joins ``what`` and ``expected``; mmengine's wording for the
            error decides (``'should be'`` for a config).

    Examples:
        >>> print(wrong_type("cfg", "a mapping", 3, "fix: pass a dict"))
        cfg must be a mapping, but got <class 'int'>: 3
          fix: pass a dict
    """
    return compose(
        f"{what} {verb} {expected}, but got {type(value)}: {shown(value)}",
        fix=[fix],
    )


def shown(value: object) -> str:
    """Return a clipped repr of ``value``, even when its repr fails.

    Examples:
        >>> len(shown("x" * 100))
        80
    """
    try:
        text = repr(value)
    except Exception as err:  # nested past the recursion limit, or a broken repr
        return f"<not shown: {type(err).__name__}>"
    return text[:80]


def not_in_registry(key: str, registry: str) -> str:
    """Return mmengine's sentence for a type that resolves to nothing.

    Args:
        key: The type as written in the config.
        registry: The registry searched: ``scope::name`` as mmengine's
            ``build_from_cfg`` says it, or the bare name as its runner and
            scheduler builds do.

    Examples:
        >>> not_in_registry("VGG", "probe::backbone")[:44]
        'VGG is not in the probe::backbone registry. '
    """
    return (
        f"{key} is not in the {registry} registry. Please check whether the value "
        f"of `{key}` is correct or it was registered as expected. More details "
        "can be found at https://mmengine.readthedocs.io/en/latest/"
        "advanced_tutorials/config.html#import-the-custom-module"
    )


def join_path(path: str, key: object) -> str:
    """Extend a config path by one dict key or list index.

    Args:
        path: The parent's path; ``''`` is the top level.
        key: A mapping key or a sequence index.

    Returns:
        ``model.backbone``, ``stages[2]`` or ``model['odd key']``.

    Examples:
        >>> join_path(join_path(join_path("", "model"), "stages"), 2)
        'model.stages[2]'
        >>> join_path("model", "odd key")
        "model['odd key']"
    """
    if isinstance(key, str) and key.isidentifier():
        return f"{path}.{key}" if path else key
    return f"{path}[{key!r}]"


def show_path(path: str) -> str:
    """Return a config path for a message; the top level reads ``<root>``."""
    return path or "<root>"


def qualified_name(obj: object) -> str:
    """Return ``module.qualname`` of a class or function, else its repr.

    Examples:
        >>> qualified_name(qualified_name)
        'scopereg._messages.qualified_name'
    """
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if isinstance(module, str) and isinstance(qualname, str):
        return f"{module}.{qualname}"
    return repr(obj)


def label(registry: Labelled) -> str:
    """Return ``scope::name`` for a registry."""
    return f"{registry.scope}::{registry.name}"


def did_you_mean(suggestions: Sequence[str]) -> str:
    """Phrase suggestions as ``did you mean 'a' or 'b'?`` (empty if none)."""
    if not suggestions:
        return ""
    quoted = " or ".join(repr(s) for s in suggestions)
    return f"did you mean {quoted}?"
