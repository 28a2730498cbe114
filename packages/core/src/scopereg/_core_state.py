"""Saving and restoring registries: the registry half of ``scopereg.testing``.

A restore undoes what the code inside a snapshot did and keeps what module
imports did. It puts back each saved registry's entries, children, build
function and imported-locations flag, then replays the records of the
snapshot's journal (:mod:`scopereg._recorder` writes them) whose module is
still in ``sys.modules`` and was not there when the snapshot was taken: the
entries those imports registered and the registries they created. Every
other registry added below a saved one leaves the tree, and lookup caches
are invalidated. ``sys.modules`` itself is never touched, so no import can
break: a module stays imported, and what it registered stays registered.
The records a restore replayed are kept until their module leaves
``sys.modules``; :func:`forget_unimported` then undoes them.

With :mod:`scopereg._core` (and the records' undo, which calls it), the only
reader of a registry's state: it is the save/restore half of the core.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterable, Set
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from scopereg import _recorder
from scopereg._core import RegistryCore
from scopereg._recorder import Created, Journal, Record

if TYPE_CHECKING:
    from scopereg._tree import Tree

__all__ = [
    "RegistryState",
    "Saved",
    "forget_unimported",
    "open_journal",
    "restore_states",
    "subtree",
    "take_states",
]

# The records restores replayed, until their module leaves sys.modules
# (pytester's in-process runs drop every module a run imported).
_kept: Final = Journal()


def open_journal() -> Journal:
    """Start a journal of what imports do; it records until it is collected."""
    journal = Journal()
    _recorder.listen(journal)
    return journal


def forget_unimported() -> list[str]:
    """Undo the records, kept or in open journals, of modules no longer imported.

    Importing such a module again runs it again: without this, its entries
    would be duplicates and its registries' scopes taken. The registries it
    registered into import their locations again on their next lookup.

    Returns:
        The modules whose records were undone, sorted.
    """
    return _recorder.forget_unimported(_kept)


class RegistryState(NamedTuple):
    """What a restore puts back into one registry, but its entries (see Saved)."""

    ref: weakref.ref[RegistryCore]
    children: dict[str, weakref.ref[RegistryCore]]
    imported: bool
    in_tree: bool

    @classmethod
    def take(cls, registry: RegistryCore, key: object) -> RegistryState:
        """Save ``registry``'s state (call with its tree's lock held)."""
        registry._saved[key] = (dict(registry._module_dict), registry._build_func)
        return cls(
            weakref.ref(registry),
            {scope: weakref.ref(child) for scope, child in registry._children.items()},
            registry._imported,
            registry._tree.scopes.get(registry.scope) is registry,
        )


class Saved:
    """What :func:`take_states` saved, keeping no registry alive.

    Registries are held weakly (one that died meanwhile needs no restore).
    Their saved entries and build functions may refer back to them (a
    function closing over its registry): held here, they would keep alive a
    tree that only its own cycles refer to, if the snapshot was taken before
    the garbage collector ran. So each registry holds its own, under
    :attr:`key`, and drops them when this object is collected.
    """

    __slots__ = ("__weakref__", "key", "states")

    def __init__(self, key: object, states: list[RegistryState]) -> None:
        self.key = key
        self.states = states
        refs = [state.ref for state in states]
        weakref.finalize(self, _drop_saved, key, refs).atexit = False

    def __len__(self) -> int:
        """Return how many registries were saved."""
        return len(self.states)


def _drop_saved(key: object, refs: list[weakref.ref[RegistryCore]]) -> None:
    """Forget the entries saved under ``key`` in the registries still alive."""
    for ref in refs:
        registry = ref()
        if registry is not None:
            registry._saved.pop(key, None)


def subtree(registry: RegistryCore) -> list[RegistryCore]:
    """Return ``registry`` and every registry below it, parents first."""
    found = [registry]
    for child in list(registry._children.values()):
        found.extend(subtree(child))
    return found


def take_states(registries: Iterable[RegistryCore]) -> Saved:
    """Save the state of ``registries``, each tree under its lock."""
    by_tree: dict[int, tuple[Tree, list[RegistryCore]]] = {}
    for registry in registries:
        tree = registry._tree
        by_tree.setdefault(id(tree), (tree, []))[1].append(registry)
    key = object()
    states: list[RegistryState] = []
    for tree, members in by_tree.values():
        with tree.lock:
            states.extend(RegistryState.take(registry, key) for registry in members)
    return Saved(key, states)


class _Target(NamedTuple):
    """What one registry becomes."""

    registry: RegistryCore
    entries: dict[str, Any]
    children: dict[str, RegistryCore]
    imported: bool
    build_func: Callable[..., Any]
    in_tree: bool


def _targets(
    saved: Saved,
    journal: Journal,
    before: Set[str],
    new_roots: bool,
) -> tuple[dict[int, _Target], list[Record]]:
    """Compute what each restored registry becomes, by ``id``.

    The saved registries, plus those a kept import created below one of
    them (or as a new root, with ``new_roots``), each from its saved or
    created state with the kept imports' registrations replayed on top; a
    replayed registration now replaces what its names held there. Also
    returns the records replayed.
    """
    kept = [
        record
        for record in _recorder.records_of(journal)
        if record.module in sys.modules and record.module not in before
    ]
    targets: dict[int, _Target] = {}
    for state in saved.states:
        registry = state.ref()
        if registry is None:
            continue
        children = {
            scope: child
            for scope, ref in state.children.items()
            if (child := ref()) is not None
        }
        entries, build_func = registry._saved[saved.key]
        targets[id(registry)] = _Target(
            registry, dict(entries), children, state.imported, build_func, state.in_tree
        )
    replayed: list[Record] = []
    for record in kept:
        if isinstance(record, Created):
            registry = record.registry
            parent = registry._parent
            if parent is None and not new_roots:
                continue
            if parent is not None and id(parent) not in targets:
                continue
            targets[id(registry)] = _Target(
                registry, {}, {}, record.imported, record.build_func, True
            )
            if parent is not None:
                targets[id(parent)].children[registry.scope] = registry
            replayed.append(record)
        elif id(record.registry) in targets:
            entries = targets[id(record.registry)].entries
            record.replaced = tuple(map(entries.get, record.names))
            for name in record.names:
                entries[name] = record.obj
            replayed.append(record)
    return targets, replayed


def restore_states(
    saved: Saved,
    journal: Journal,
    before: Set[str],
    *,
    new_roots: bool,
) -> None:
    """Put back what was saved, keeping what imports since the save made.

    Args:
        saved: What :func:`take_states` saved.
        journal: What imports did since the save.
        before: The names in ``sys.modules`` when the states were taken.
        new_roots: Also keep (and restore) trees an import created.
    """
    targets, replayed = _targets(saved, journal, before, new_roots)
    by_tree: dict[int, tuple[Tree, list[_Target]]] = {}
    for target in targets.values():
        tree = target.registry._tree
        by_tree.setdefault(id(tree), (tree, []))[1].append(target)
    for tree, tree_targets in by_tree.values():
        with tree.lock:
            for registry in list(tree.scopes.values()):
                if id(registry) not in targets and any(
                    id(ancestor) in targets for ancestor in registry._lineage[1:]
                ):
                    tree.unindex(registry.scope)
            for target in tree_targets:
                _restore_one(target)
            tree.invalidate()
    _recorder.keep(_kept, replayed)


def _restore_one(target: _Target) -> None:
    """Restore one registry (its tree's lock held)."""
    registry = target.registry
    dict.clear(registry._module_dict)
    dict.update(registry._module_dict, target.entries)
    dict.clear(registry._children)
    dict.update(registry._children, target.children)
    # A registry an earlier restore dropped may still be alive (a snapshot of
    # every registry saves it): it stays out of the tree.
    if target.in_tree:
        registry._tree.index(registry, registry._cache, registry._scope_frame)
    # Back to "not imported" where it was: the next lookup imports the
    # locations again, which costs nothing for those still imported.
    registry._imported = target.imported
    registry.build_func = target.build_func
