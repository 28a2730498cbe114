"""Pickling registries by reference, so they can be sent to worker processes.

A registry pickles as its place in its tree: the scopes from itself up to
the root, and its name. Unpickled in the same process it is the very same
object; in a fresh (spawned) process the scope's registry module is
imported, which recreates the tree, and the matching registry is returned.
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
    from scopereg._registry import all_registries

    return [
        reg
        for reg in list(all_registries)
        if reg.name == name and tuple(r.scope for r in reg._lineage) == lineage
    ]


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
        ScopeError: If no registry matches after importing the scope module.
    """
    import scopereg  # the root registries must exist before searching

    del scopereg
    candidates = _matching(lineage, name)
    if pid == os.getpid():
        for reg in candidates:
            if id(reg) == ident:
                return reg
    if not candidates:
        _discovery.import_scope(lineage[0])
        candidates = _matching(lineage, name)
    if not candidates:
        path = " -> ".join(f"{scope}::{name}" for scope in lineage)
        raise ScopeError(
            compose(
                f"cannot unpickle registry {path}: no such registry in this process",
                [f"tried importing {_discovery.scope_module_name(lineage[0])!r}"],
                [
                    "fix: declare the scope's registry module under the "
                    "'scopereg.scopes' entry-point group, or import it first"
                ],
            ),
            scope=lineage[0],
        )
    return candidates[-1]
