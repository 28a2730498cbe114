"""Did-you-mean search: the registered keys closest to one that missed.

Every registry of the tree is searched, so a name registered in a sibling
scope is offered with its ``scope.`` prefix. :mod:`difflib` loads only here,
on error paths.
"""

from __future__ import annotations

from scopereg._core import RegistryCore, lineage, tree_registries

__all__ = ["is_near_miss", "suggest"]


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


def is_near_miss(key: str, name: str) -> bool:
    """Tell whether ``key`` looks like a typo of ``name`` (scope prefixes ignored).

    Stricter than did-you-mean: case is ignored, and the two must be at most
    one edit apart or share 75% of their letters, so a plain-data ``type``
    such as ``'nms'`` or ``'AnchorGenerator'`` is no near miss of a
    registered name.

    Examples:
        >>> is_near_miss("FPNN", "FPN"), is_near_miss("resnet", "srdet.ResNet")
        (True, True)
        >>> is_near_miss("AnchorGenerator", "Anchor3DHead")
        False
    """
    import difflib

    first = key.rpartition(".")[2].casefold()
    second = name.rpartition(".")[2].casefold()
    if min(len(first), len(second)) >= 3 and _one_edit(first, second):
        return True
    return difflib.SequenceMatcher(None, first, second).ratio() >= 0.75


def _one_edit(first: str, second: str) -> bool:
    """Tell whether one insertion, deletion, change or swap turns one into the other."""
    if first == second:
        return True
    if len(first) == len(second):
        diff = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and first[diff[0]] == second[diff[1]]
            and first[diff[1]] == second[diff[0]]
        )
    short, long = sorted((first, second), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
