"""Saving and restoring registries: the registry half of ``scopereg.testing``.

A restore puts back each saved registry's entries, children, build function
and imported-locations flag, removes from the tree index every registry
added below a saved one, and invalidates the lookup caches. It reports what
it dropped (:class:`Leftovers`), so the modules imported since the save that
registered it can be forgotten (``sys.modules``) and, imported again,
register again instead of finding nothing to run.

This module and :mod:`scopereg._core` are the only readers of a registry's
state: it is the save/restore half of the registry core.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Set
from typing import TYPE_CHECKING, Any, NamedTuple

from scopereg._core import RegistryCore
from scopereg._tree import alive_registries

if TYPE_CHECKING:
    from scopereg._tree import Tree

__all__ = [
    "Leftovers",
    "RegistryState",
    "new_registries",
    "restore_states",
    "subtree",
    "take_states",
]


class RegistryState(NamedTuple):
    """What a restore puts back into one registry."""

    registry: RegistryCore
    entries: dict[str, Any]
    children: dict[str, RegistryCore]
    imported: bool
    build_func: Callable[..., Any]
    in_tree: bool

    @classmethod
    def take(cls, registry: RegistryCore) -> RegistryState:
        """Save ``registry``'s state (call with its tree's lock held)."""
        return cls(
            registry,
            dict(registry._module_dict),
            dict(registry._children),
            registry._imported,
            registry._build_func,
            registry._tree.scopes.get(registry.scope) is registry,
        )


class Leftovers:
    """What a restore dropped, to find the modules that must be imported anew."""

    def __init__(self) -> None:
        self.modules: set[str] = set()
        self.files: set[str] = set()
        self.locations: set[str] = set()

    def add_objects(self, objects: Iterable[object]) -> None:
        """Note the defining modules of dropped entries."""
        for obj in objects:
            module = getattr(obj, "__module__", None)
            if isinstance(module, str):
                self.modules.add(module)

    def add_registry(self, registry: RegistryCore) -> None:
        """Note a dropped registry: the file creating it, its entries' modules."""
        self.files.add(registry._defined_at.rpartition(":")[0])
        self.add_objects(dict(registry._module_dict).values())

    def _matches(self, name: str) -> bool:
        if name in self.modules:
            return True
        if getattr(sys.modules.get(name), "__file__", None) in self.files:
            return True
        return any(name == loc or name.startswith(f"{loc}.") for loc in self.locations)

    def forget_modules(self, before: Set[str]) -> list[str]:
        """Drop from ``sys.modules`` the new modules tied to what was dropped.

        A matching module of a top-level package that is itself new takes
        the whole new package with it, so it re-imports consistently.

        Args:
            before: The module names present when the snapshot was taken.

        Returns:
            The names dropped.
        """
        new = [name for name in list(sys.modules) if name not in before]
        matched = {name for name in new if self._matches(name)}
        new_tops = {name.partition(".")[0] for name in matched} - set(before)
        dropped = [
            name
            for name in new
            if name in matched or name.partition(".")[0] in new_tops
        ]
        for name in dropped:
            sys.modules.pop(name, None)
        return dropped


def subtree(registry: RegistryCore) -> list[RegistryCore]:
    """Return ``registry`` and every registry below it, parents first."""
    found = [registry]
    for child in list(registry._children.values()):
        found.extend(subtree(child))
    return found


def take_states(registries: Iterable[RegistryCore]) -> list[RegistryState]:
    """Save the state of ``registries``, each tree under its lock."""
    by_tree: dict[int, tuple[Tree, list[RegistryCore]]] = {}
    for registry in registries:
        tree = registry._tree
        by_tree.setdefault(id(tree), (tree, []))[1].append(registry)
    states: list[RegistryState] = []
    for tree, members in by_tree.values():
        with tree.lock:
            states.extend(RegistryState.take(registry) for registry in members)
    return states


def restore_states(states: list[RegistryState], leftovers: Leftovers) -> None:
    """Put ``states`` back, dropping registries added below a saved one.

    Args:
        states: What :func:`take_states` saved.
        leftovers: Collects what was dropped.
    """
    saved = {id(state.registry) for state in states}
    by_tree: dict[int, tuple[Tree, list[RegistryState]]] = {}
    for state in states:
        tree = state.registry._tree
        by_tree.setdefault(id(tree), (tree, []))[1].append(state)
    for tree, tree_states in by_tree.values():
        with tree.lock:
            for registry in list(tree.scopes.values()):
                if id(registry) not in saved and any(
                    id(ancestor) in saved for ancestor in registry._lineage[1:]
                ):
                    tree.unindex(registry.scope)
                    leftovers.add_registry(registry)
            for state in tree_states:
                _restore_one(state, leftovers)
            tree.invalidate()


def _restore_one(state: RegistryState, leftovers: Leftovers) -> None:
    """Restore one registry (its tree's lock held)."""
    registry = state.registry
    entries = registry._module_dict
    leftovers.add_objects(
        obj for name, obj in dict(entries).items() if state.entries.get(name) is not obj
    )
    dict.clear(entries)
    dict.update(entries, state.entries)
    registry._children.clear()
    registry._children.update(state.children)
    # A registry an earlier restore dropped may still be alive (a snapshot of
    # every registry saves it): it stays out of the tree.
    if state.in_tree:
        registry._tree.index(registry, registry._cache, registry._scope_frame)
    if registry._imported and not state.imported:
        leftovers.locations.update(registry._locations)
    registry._imported = state.imported
    registry.build_func = state.build_func


def new_registries(states: list[RegistryState]) -> list[RegistryCore]:
    """Return the registries alive now that ``states`` does not cover."""
    saved = {id(state.registry) for state in states}
    return [reg for reg in alive_registries() if id(reg) not in saved]
