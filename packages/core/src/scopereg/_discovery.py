"""Finding a scope's registry module: entry points first, then convention.

A key such as ``'sr3d.VoxelNet'`` may name a scope whose package has not been
imported yet. Its registry module is the one declared under the entry-point
group ``scopereg.scopes`` (read once, lazily), else ``'{scope}.registry'`` as in
mmengine. The conventional module is imported only when it exists on disk as
a module file or a package with an ``__init__``, so a config string cannot
make an arbitrary package run its ``__init__``.

No lock is held while a module is imported (importlib already runs each
module once and makes other importers wait, with deadlock detection); a
marker per scope in flight lets a thread that is not itself importing wait
for the first attempt instead of repeating it, so a failure is met once.
What is remembered stays bounded however many scopes configs name: every
scope whose registry module exists (there are only so many modules on
disk), and the last :data:`MISS_LIMIT` scopes found to have none, so that a
default scope without a registry in the tree does not cost a search of
``sys.path`` on every build.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import threading
from typing import Final

from scopereg import _journal
from scopereg._keys import is_importable_scope

__all__ = [
    "DiscoveryState",
    "declared_scope_modules",
    "import_scope",
    "installed_scopes",
    "load_installed_scopes",
    "restore",
    "save",
    "scope_import_error",
    "scope_module_name",
]

ENTRY_POINT_GROUP: Final = "scopereg.scopes"
MISS_LIMIT: Final = 1024
"""How many scopes without a registry module are remembered (oldest go first)."""

_declared: dict[str, str] | None = None
# What importing each existing scope module gave: bounded by the modules on disk.
_attempts: dict[str, BaseException | None] = {}
# Recent scopes that have no registry module, oldest first (a bounded cache).
_misses: dict[str, None] = {}
# Guards the dicts; never held while importing.
_lock = threading.Lock()


class _InFlight:
    """The marker of a scope module being imported: who, and what to wait on."""

    __slots__ = ("done", "owner")

    def __init__(self) -> None:
        self.owner = threading.get_ident()
        self.done = threading.Event()


_in_flight: dict[str, _InFlight] = {}


def declared_scope_modules() -> dict[str, str]:
    """Return the registry module declared by each installed scope.

    Returns:
        ``{scope: module}`` from the ``scopereg.scopes`` entry points; read
        from package metadata on the first call only.
    """
    global _declared
    if _declared is None:
        from importlib.metadata import entry_points

        found: dict[str, str] = {}
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            found.setdefault(entry.name, entry.module)
        _declared = found
    return _declared


def installed_scopes() -> list[str]:
    """List the scopes that installed packages declare, sorted.

    Returns:
        The names under the ``scopereg.scopes`` entry-point group.

    Examples:
        >>> isinstance(installed_scopes(), list)
        True
    """
    return sorted(declared_scope_modules())


def load_installed_scopes() -> dict[str, BaseException | None]:
    """Import the registry module of every installed scope, once each.

    Tools that show the whole picture (the ``scopereg`` CLI,
    :func:`scopereg.count_registered_modules`) call this first, so every
    installed package's registries have joined their trees. A module that
    fails to import does not stop the others: its exception is returned.

    Returns:
        ``{scope: None}`` for each scope whose module imported (or does not
        exist), ``{scope: exception}`` for each that raised; sorted by scope.

    Examples:
        >>> loaded = load_installed_scopes()
        >>> sorted(loaded) == installed_scopes()
        True
    """
    return {scope: import_scope(scope) for scope in installed_scopes()}


def scope_module_name(scope: str) -> str:
    """Return the module that creates ``scope``'s registries."""
    return declared_scope_modules().get(scope) or f"{scope}.registry"


def _conventional_module_exists(scope: str) -> bool:
    """Tell whether ``{scope}.registry`` exists, without importing ``scope``.

    It must be a module (a file Python can load) or a package with an
    ``__init__``: a ``registry/`` folder holding only data is a namespace
    package, which would make any package reachable by a config string.
    """
    try:
        spec = importlib.util.find_spec(scope) if scope else None
    except (ImportError, ValueError):  # e.g. '__main__', whose __spec__ may be None
        return False
    if spec is None or spec.submodule_search_locations is None:
        return False
    finder = importlib.machinery.PathFinder
    found = finder.find_spec("registry", list(spec.submodule_search_locations))
    # A namespace package has no origin (and, before 3.14, no loader).
    return found is not None and found.origin is not None and found.loader is not None


def _has_module(scope: str) -> bool:
    """Tell whether ``scope`` has a registry module to import."""
    if not is_importable_scope(scope):
        return False
    return scope in declared_scope_modules() or _conventional_module_exists(scope)


def _import(scope: str) -> BaseException | None:
    """Import ``scope``'s registry module; return what it raised, if anything."""
    try:
        _journal.import_module(scope_module_name(scope))
    except Exception as err:  # reported by errors, never swallowed
        return err
    return None


def import_scope(scope: str) -> BaseException | None:
    """Import ``scope``'s registry module once; return why it failed, if it did.

    A missing module is not an error (the scope is simply unknown); an
    exception raised while importing an existing one is remembered and
    returned on every later call, so errors can report it. What a failed
    import registered or created is undone.

    Args:
        scope: The scope named by a key or a default scope.

    Returns:
        ``None`` if the module imported or does not exist, else the exception.

    Examples:
        >>> import_scope("no_such_scope_anywhere") is None
        True
    """
    try:
        return _attempts[scope]
    except KeyError:
        pass
    if scope in _misses:
        return None
    if not _has_module(scope):
        with _lock:
            if len(_misses) >= MISS_LIMIT:
                del _misses[next(iter(_misses))]
            _misses[scope] = None
        return None
    with _lock:
        if scope in _attempts:
            return _attempts[scope]
        marker = _in_flight.get(scope)
        if marker is None:
            marker = _in_flight[scope] = _InFlight()
            mine = True
        else:
            mine = False
    if not mine:
        if _journal.inside_import():
            # Waiting here could close a cycle with the importing thread (it
            # may wait for a module this thread is importing): let importlib,
            # which detects such deadlocks, do the waiting.
            return _import(scope)
        marker.done.wait()
        return import_scope(scope)
    error: BaseException | None = None
    finished = False
    try:
        error = _import(scope)
        finished = True
    finally:  # also on KeyboardInterrupt: that attempt is not remembered
        with _lock:
            if finished:
                _attempts[scope] = error
            current = _in_flight.get(scope)
            if current is marker:
                del _in_flight[scope]
        if current is marker:
            marker.done.set()
    return error


def scope_import_error(scope: str) -> BaseException | None:
    """Return the exception remembered for ``scope``'s registry module, if any."""
    return _attempts.get(scope)


class DiscoveryState:
    """What :func:`save` returns: the remembered imports and entry points."""

    __slots__ = ("attempts", "declared")

    def __init__(
        self, attempts: dict[str, BaseException | None], declared: dict[str, str] | None
    ) -> None:
        self.attempts = attempts
        self.declared = declared


def save() -> DiscoveryState:
    """Save which scope modules were tried and the entry-point table."""
    with _lock:
        return DiscoveryState(dict(_attempts), _declared)


def restore(state: DiscoveryState) -> None:
    """Put back what :func:`save` returned; forget the scopes found missing.

    Those are a cache of what ``sys.path`` held, which a test may change.
    """
    global _declared
    with _lock:
        _attempts.clear()
        _attempts.update(state.attempts)
        _misses.clear()
        _declared = state.declared


def _after_fork_in_child() -> None:
    """Give the child a free lock and forget imports other threads had running.

    Those threads do not exist here: a marker they held would make this
    process's lookups wait forever. The scope's next lookup tries the import
    itself, which :mod:`scopereg._journal` refuses with an explanation when
    the fork cut it short.
    """
    global _lock
    _lock = threading.Lock()
    me = threading.get_ident()
    for scope, marker in list(_in_flight.items()):
        if marker.owner == me:  # this thread's own import goes on in the child
            marker.done = threading.Event()
        else:
            del _in_flight[scope]


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
