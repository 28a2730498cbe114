"""Pickling registries by reference, so they can be sent to worker processes.

A registry pickles as its place in its tree: the scopes from itself up to
the root, its name, and where it was created. Unpickled in the same process
it is the very same object; in a forked process, the copy of it; in a fresh
(spawned) process the scope's registry module is imported, which recreates
the tree, and the matching registry is returned. A script's registries have
the scope ``'__main__'`` in a spawned worker too, which runs the script as
``'__mp_main__'``. When nothing matches, the error says where the registry
was created and what to change.

A reference also names the sender's main script. A process that does not
run it (a Ray worker, a Dask command-line worker, a fresh interpreter) has
none of what the script defines in ``__main__``: the errors of a registry
created there, and of a name missing from a registry sent from there
(:mod:`scopereg._remote_main`), say so and how to ship the code.
"""

from __future__ import annotations

import os
import weakref
from typing import Any, Final

from scopereg import _discovery, _source
from scopereg._core import RegistryCore, defined_at, in_tree
from scopereg._core import lineage as registry_lineage
from scopereg._messages import compose
from scopereg._remote_main import (
    SHIP_FIX,
    main_script,
    record,
    runs_another_script,
    same_file,
    sender_script,
)
from scopereg._tree import alive_registries
from scopereg.exceptions import ScopeError

__all__ = ["locate_registry", "registry_reference"]


# The registries this process pickled, by id(): an unpickle in the same
# process (copy.deepcopy of a config) finds its registry without a search.
_pickled: Final[weakref.WeakValueDictionary[int, RegistryCore]] = (
    weakref.WeakValueDictionary()
)


def registry_reference(registry: RegistryCore) -> tuple[Any, ...]:
    """Return the arguments :func:`locate_registry` needs to find ``registry``."""
    scopes = tuple(r.scope for r in registry_lineage(registry))
    if _pickled.get(id(registry)) is not registry:
        _pickled[id(registry)] = registry
    return (
        scopes,
        registry.name,
        os.getpid(),
        id(registry),
        defined_at(registry),
        sender_script(registry),
    )


def _place(registry: RegistryCore) -> tuple[tuple[str, ...], str]:
    """Return a registry's scopes up to the root, and its name."""
    return tuple(r.scope for r in registry_lineage(registry)), registry.name


def _matching(scopes: tuple[str, ...], name: str) -> list[RegistryCore]:
    """Return the registries at ``scopes`` (up to the root) called ``name``."""
    # The name first: it rules out nearly every registry at no cost.
    return [
        reg
        for reg in alive_registries()
        if reg.name == name and _place(reg) == (scopes, name)
    ]


def _in_tree(registries: list[RegistryCore]) -> list[RegistryCore]:
    """Keep the registries still indexed by their tree (a test sandbox drops some)."""
    return [reg for reg in registries if in_tree(reg)]


def locate_registry(
    lineage: tuple[str, ...],
    name: str,
    pid: int = -1,
    ident: int = -1,
    defined: str = "",
    script: str | None = None,
) -> RegistryCore:
    """Find the registry a pickle refers to, importing its scope if needed.

    Args:
        lineage: Scopes from the registry up to its root.
        name: The registry's name.
        pid: The process that pickled it.
        ident: ``id()`` of the registry in that process.
        defined: ``file:line`` where it was created in that process.
        script: The file that process runs as ``__main__``, if any.

    Returns:
        The registry.

    Raises:
        ScopeError: If no registry matches after importing the scope module,
            or several do.

    Examples:
        >>> from scopereg import MODELS
        >>> locate_registry(("scopereg",), "model") is MODELS
        True
    """
    lineage = tuple(_source.script_scope(scope) for scope in lineage)
    if pid == os.getpid():
        pickled = _pickled.get(ident)
        # The id may be a new registry's: check it is the one pickled.
        if pickled is not None and _place(pickled) == (lineage, name):
            return pickled
    # The root registries exist already: unpickling this function imported
    # the scopereg package, which creates them, before this module.
    candidates = _in_tree(_matching(lineage, name))
    error = None
    # The registry module of its scope, else of an ancestor's: a package's
    # registry.py often creates child registries whose scopes are no modules.
    for scope in lineage if not candidates else ():
        failed = _discovery.import_scope(scope)
        error = error or failed
        candidates = _in_tree(_matching(lineage, name))
        if candidates:
            break
    if len(candidates) > 1:
        # A forked process holds copies of the pickling process's objects at
        # the same addresses: the identity still tells them apart.
        candidates = [reg for reg in candidates if id(reg) == ident] or candidates
    if len(candidates) == 1:
        if script is not None and runs_another_script(script):
            record(candidates[0], script)
        return candidates[0]
    path = " -> ".join(f"{scope}::{name}" for scope in lineage)
    if candidates:
        raise ScopeError(
            compose(
                f"cannot unpickle registry {path}: {len(candidates)} registries "
                "in this process have that scope and name",
                [f"defined at {defined_at(reg)}" for reg in candidates],
                [
                    "fix: give each registry its own scope=, and create it in one "
                    "module (a script run as __main__ and also imported by name "
                    "runs twice)"
                ],
            ),
            scope=lineage[0],
        )
    raise _not_found(path, lineage[0], defined, script, error) from error


def _in_main(defined: str, script: str | None) -> bool:
    """Tell whether ``defined`` (``file:line``) is in the sender's main script."""
    file = defined.rpartition(":")[0]
    return script is not None and bool(file) and same_file(file, script)


def _not_found(
    path: str,
    scope: str,
    defined: str,
    script: str | None,
    error: BaseException | None,
) -> ScopeError:
    """Explain why no registry of this process matches a pickled one."""
    where = [f"it was created at {defined or '<unknown>'} in the pickling process"]
    if runs_another_script(script) and (
        scope == "__main__" or _in_main(defined, script)
    ):
        where.append(
            f"it was created in the sending process's __main__ ({script}), which "
            f"this process does not run (its __main__ is {main_script() or 'none'})"
        )
        if scope != "__main__":
            where.append(_import_outcome(scope, error))
        fix = f"fix: {SHIP_FIX}"
    elif scope == "__main__":
        where.append(
            "it belongs to the main script, which a spawned worker runs again as "
            "'__mp_main__' without its `if __name__ == \"__main__\":` block"
        )
        fix = (
            "fix: create the registry at the top level of the script, outside "
            '`if __name__ == "__main__":` and functions, or in a module of an '
            "importable package (its registry.py)"
        )
    else:
        module = _discovery.scope_module_name(scope)
        where.append(_import_outcome(scope, error))
        fix = (
            "fix: create the registry when "
            f"{module!r} is imported (declare the scope's registry module under "
            "the 'scopereg.scopes' entry-point group, or name it "
            f"'{scope}.registry'), or import its module before unpickling"
        )
    return ScopeError(
        compose(
            f"cannot unpickle registry {path}: no such registry in this process",
            where,
            [fix],
        ),
        scope=scope,
    )


def _import_outcome(scope: str, error: BaseException | None) -> str:
    """Say what importing ``scope``'s registry module did."""
    module = _discovery.scope_module_name(scope)
    if error is None:
        return f"importing {module!r} created no such registry"
    return f"importing {module!r} failed: {type(error).__name__}: {error}"
