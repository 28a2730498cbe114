"""Finding a scope's registry module: entry points first, then convention.

A key such as ``'sr3d.VoxelNet'`` may name a scope whose package has not been
imported yet. Its registry module is the one declared under the entry-point
group ``scopereg.scopes`` (read once, lazily), else ``'{scope}.registry'`` as in
mmengine. The conventional module is imported only when it exists on disk, so
a config string cannot make an arbitrary package run its ``__init__``.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import threading
from typing import Final

from scopereg._keys import is_scope_name

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

_declared: dict[str, str] | None = None
_attempts: dict[str, BaseException | None] = {}
_lock: Final = threading.RLock()


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
    """Tell whether ``{scope}.registry`` exists, without importing ``scope``."""
    try:
        spec = importlib.util.find_spec(scope) if scope else None
    except (ImportError, ValueError):  # e.g. '__main__', whose __spec__ may be None
        return False
    if spec is None or spec.submodule_search_locations is None:
        return False
    finder = importlib.machinery.PathFinder
    return (
        finder.find_spec("registry", list(spec.submodule_search_locations)) is not None
    )


def import_scope(scope: str) -> BaseException | None:
    """Import ``scope``'s registry module once; return why it failed, if it did.

    A missing module is not an error (the scope is simply unknown); an
    exception raised while importing an existing one is remembered and
    returned on every later call, so errors can report it.

    Args:
        scope: The scope named by a key or a default scope.

    Returns:
        ``None`` if the module imported or does not exist, else the exception.
    """
    if scope in _attempts:
        return _attempts[scope]
    with _lock:
        if scope in _attempts:
            return _attempts[scope]
        error: BaseException | None = None
        if is_scope_name(scope):
            declared = scope in declared_scope_modules()
            if declared or _conventional_module_exists(scope):
                try:
                    importlib.import_module(scope_module_name(scope))
                except Exception as err:  # reported by errors, never swallowed
                    error = err
        _attempts[scope] = error
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
    """Put back what :func:`save` returned."""
    global _declared
    with _lock:
        _attempts.clear()
        _attempts.update(state.attempts)
        _declared = state.declared
