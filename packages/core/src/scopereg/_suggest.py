"""Did-you-mean search: the registered keys closest to one that missed.

Every registry of the tree is searched, so a name registered in a sibling
scope is offered with its ``scope.`` prefix. :mod:`difflib` loads only here,
on error paths.
"""

from __future__ import annotations

from scopereg._core import RegistryCore, lineage, tree_registries

__all__ = ["suggest"]


def _reachable_names(registry: RegistryCore) -> dict[str, str]:
    """Map each name in ``registry``'s tree to the key that reaches it.

    Names visible without a prefix (in the registry or its ancestors) keep
    their bare form; all others get their ``scope.`` prefix.
    """
    keys: dict[str, str] = {}
    nearest = {id(reg) for reg in lineage(registry)}
    for reg in tree_registries(registry).values():
        for name in list(reg.module_dict):
            qualified = f"{reg.scope}.{name}"
            keys[qualified] = name if id(reg) in nearest else qualified
    return keys


def suggest(key: str, registry: RegistryCore, limit: int = 3) -> list[str]:
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
