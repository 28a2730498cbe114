"""Pickling registries by reference, so they can be sent to worker processes.

A registry pickles as its place in its tree: the scopes from itself up to
the root, and its name. Unpickled in the same process it is the very same
object; in a forked process, the copy of it; in a fresh (spawned) process
the scope's registry module is imported, which recreates the tree, and the
matching registry is returned.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from scopereg import _discovery
from scopereg._messages import compose
from scopereg.exceptions import ScopeError

if TYPE_CHECKING:
    from scopereg._registry import Registry


def registry_reference(registry: Registry[Any]) -> tuple[Any, ...]:
    """Return the arguments :func:`locate_registry` needs to find ``registry``."""
    lineage = tuple(r.scope for r in registry._lineage)
    return (lineage, registry.name, os.getpid(), id(registry))


def _matching(lineage: tuple[str, ...], name: str) -> list[Registry[Any]]:
    """Return the registries at ``lineage`` called ``name``, in any tree."""
    from scopereg._registry import alive_registries

    return [
        reg
        for reg in alive_registries()
        if reg.name == name and tuple(r.scope for r in reg._lineage) == lineage
    ]


def _in_tree(registries: list[Registry[Any]]) -> list[Registry[Any]]:
    """Keep the registries still indexed by their tree (a test sandbox drops some)."""
    return [reg for reg in registries if reg._tree.scopes.get(reg.scope) is reg]


def locate_registry(
    lineage: tuple[str, ...], name: str, pid: int = -1, ident: int = -1
) -> Registry[Any]:
    """Find the registry a pickle refers to, importing its scope if needed.

    Args:
        lineage: Scopes from the registry up to its root.
        name: The registry's name.
        pid: The process that pickled it.
        ident: ``id()`` of the registry in that process.

    Returns:
        The registry.

    Raises:
        ScopeError: If no registry matches after importing the scope module,
            or several do.
    """
    import scopereg  # the root registries must exist before searching

    del scopereg
    candidates = _matching(lineage, name)
    if pid == os.getpid():
        for reg in candidates:
            if id(reg) == ident:
                return reg
    candidates = _in_tree(candidates)
    if not candidates:
        _discovery.import_scope(lineage[0])
        candidates = _in_tree(_matching(lineage, name))
    if len(candidates) > 1:
        # A forked process holds copies of the pickling process's objects at
        # the same addresses: the identity still tells them apart.
        candidates = [reg for reg in candidates if id(reg) == ident] or candidates
    if len(candidates) == 1:
        return candidates[0]
    path = " -> ".join(f"{scope}::{name}" for scope in lineage)
    if candidates:
        raise ScopeError(
            compose(
                f"cannot unpickle registry {path}: {len(candidates)} registries "
                "in this process have that scope and name",
                [f"defined at {reg._defined_at}" for reg in candidates],
                [
                    "fix: give each registry its own scope=, and create it in one "
                    "module (a script run as __main__ and also imported by name "
                    "runs twice)"
                ],
            ),
            scope=lineage[0],
        )
    raise ScopeError(
        compose(
            f"cannot unpickle registry {path}: no such registry in this process",
            [f"tried importing {_discovery.scope_module_name(lineage[0])!r}"],
            [
                "fix: declare the scope's registry module under the "
                "'scopereg.scopes' entry-point group, or name it "
                f"'{lineage[0]}.registry', or import it before unpickling"
            ],
        ),
        scope=lineage[0],
    )
