"""The one formatter behind every error message, and did-you-mean search.

Messages have one shape: a first line saying what is wrong (value with
``!r``, registry as ``scope::name``), indented lines saying where, and a
last part saying how to fix it. :mod:`difflib` loads only on error paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scopereg._registry import Registry


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


def label(registry: Registry[Any]) -> str:
    """Return ``scope::name`` for a registry."""
    return f"{registry.scope}::{registry.name}"


def _reachable_names(registry: Registry[Any]) -> dict[str, str]:
    """Map each name in ``registry``'s tree to the key that reaches it.

    Names visible without a prefix (in the registry or its ancestors) keep
    their bare form; all others get their ``scope.`` prefix.
    """
    keys: dict[str, str] = {}
    lineage = {id(reg) for reg in registry._lineage}
    for reg in registry._tree.scopes.values():
        for name in reg._module_dict:
            qualified = f"{reg.scope}.{name}"
            keys[qualified] = name if id(reg) in lineage else qualified
    return keys


def suggest(key: str, registry: Registry[Any], limit: int = 3) -> list[str]:
    """Return up to ``limit`` registered keys close to ``key``, best first.

    Every registry of the tree is searched, so a name registered in a
    sibling scope is offered with its ``scope.`` prefix.

    Args:
        key: The key that was not found.
        registry: The registry it was looked up in.
        limit: How many suggestions at most.

    Returns:
        Keys that would resolve from ``registry``.
    """
    import difflib

    reachable = _reachable_names(registry)
    by_name: dict[str, list[str]] = {}
    for qualified, reach in reachable.items():
        by_name.setdefault(qualified.partition(".")[2], []).append(reach)
    wanted = key.rpartition(".")[2]
    exact = by_name.get(wanted, [])
    close_names = difflib.get_close_matches(wanted, list(by_name), n=limit, cutoff=0.6)
    close_keys = difflib.get_close_matches(key, list(reachable.values()), n=limit)
    ordered: list[str] = []
    for candidate in [*exact, *close_keys]:
        if candidate not in ordered and candidate != key:
            ordered.append(candidate)
    for name in close_names:
        for candidate in by_name[name]:
            if candidate not in ordered and candidate != key:
                ordered.append(candidate)
    return ordered[:limit]


def did_you_mean(suggestions: Sequence[str]) -> str:
    """Phrase suggestions as ``did you mean 'a' or 'b'?`` (empty if none)."""
    if not suggestions:
        return ""
    quoted = " or ".join(repr(s) for s in suggestions)
    return f"did you mean {quoted}?"
