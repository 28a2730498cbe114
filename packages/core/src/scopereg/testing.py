"""Undo what a test registers: snapshots of registries and of the default scope.

``with scopereg.testing.snapshot():`` saves every registry in the process;
when the block ends, every entry the block's code registered, replaced or
removed, every child registry it added, every default scope it set and
every cached lookup is as it was before. What module imports did inside the
block stays, as long as the module stays imported: the entries and
registries that the top-level code of a module first imported in the block
made (a location, a scope's registry module, an ``import`` in the test).
``sys.modules`` is never changed, so no import can break.
``snapshot(MODELS)`` does the same for one registry and the registries
below it. The pytest plugin (:mod:`scopereg.pytest_plugin`) wraps these in
the ``registry_sandbox`` and ``default_scope`` fixtures.

Examples:
    >>> from scopereg import Registry
    >>> MODELS = Registry("model", scope="doc_testing")
    >>> with snapshot():
    ...     _ = MODELS.register_module(module=dict)
    ...     CHILD = Registry("model", parent=MODELS, scope="doc_testing_child")
    ...     "dict" in MODELS
    True
    >>> "dict" in MODELS, list(MODELS.children)
    (False, [])
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, cast

from scopereg import _context, _core_state, _discovery, _scope
from scopereg._core import RegistryCore
from scopereg._registry import Registry
from scopereg._scope import DefaultScope
from scopereg._tree import alive_registries

__all__ = ["Snapshot", "default_scope", "forget_unimported", "snapshot"]


class Snapshot:
    """The saved state of some registries; :meth:`restore` puts it back.

    Create one with :func:`snapshot`. It is a context manager that restores
    on exit, and :meth:`restore` may also be called directly, any number of
    times: each call returns to the same saved state, plus what imports made
    since it was taken.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", scope="doc_snapshot")
        >>> saved = snapshot(REG)
        >>> _ = REG.register_module(module=dict)
        >>> saved.restore()
        >>> len(REG)
        0
    """

    __slots__ = (
        "_discovery",
        "_everything",
        "_journal",
        "_modules",
        "_scopes",
        "_states",
    )

    def __init__(
        self, registries: tuple[RegistryCore, ...], *, everything: bool
    ) -> None:
        self._everything = everything
        _core_state.forget_unimported()
        # Opened before the states are taken, so no import's record is missed.
        self._journal = _core_state.open_journal()
        self._modules = frozenset(sys.modules)
        self._discovery = _discovery.save()
        self._scopes = _scope.save() if everything else None
        self._states = _core_state.take_states(registries)

    @property
    def registries(self) -> list[Registry[Any]]:
        """The registries this snapshot restores."""
        alive = (state.ref() for state in self._states.states)
        return [cast("Registry[Any]", reg) for reg in alive if reg is not None]

    def restore(self) -> None:
        """Put every saved registry, and the default scope, back as saved.

        What the imports of modules first imported since the snapshot made,
        and that are still in ``sys.modules``, is kept: their entries, and
        the registries they created (below a saved registry, or with
        ``snapshot()`` as new roots). Every other registry added below a
        saved one leaves its tree. ``sys.modules`` is left as it is.
        """
        _core_state.restore_states(
            self._states, self._journal, self._modules, new_roots=self._everything
        )
        # What the saved state holds of modules dropped since goes too.
        _core_state.forget_unimported()
        if self._scopes is not None:
            _scope.restore(self._scopes)
        _discovery.restore(self._discovery)

    def __enter__(self) -> Snapshot:
        """Return the snapshot; the block's changes are undone on exit."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Restore the saved state, also when the block raised."""
        self.restore()

    def __repr__(self) -> str:
        """Say what the snapshot covers."""
        what = "every registry" if self._everything else "registries"
        return f"<Snapshot of {what}: {len(self._states)} saved>"


def snapshot(*registries: Registry[Any]) -> Snapshot:
    """Save registries now, to restore them later (or when a block ends).

    Without arguments, every registry alive in the process is saved, and
    the default scope too (process-wide, named instances, this context's).
    With registries, each of them and the registries below it are saved.

    Args:
        *registries: The registries to save; none means all of them.

    Returns:
        A :class:`Snapshot`, usable as a context manager.

    Raises:
        TypeError: If an argument is not a :class:`~scopereg.Registry`.

    Examples:
        >>> from scopereg import Registry
        >>> ROOT = Registry("model", scope="doc_snap_root")
        >>> with snapshot(ROOT):
        ...     _ = Registry("model", parent=ROOT, scope="doc_snap_child")
        ...     sorted(ROOT.children)
        ['doc_snap_child']
        >>> sorted(ROOT.children)
        []
    """
    for registry in registries:
        if not isinstance(registry, Registry):
            raise TypeError(
                f"snapshot() takes registries, but got {type(registry).__name__} "
                f"{registry!r}; call snapshot() without arguments to save all"
            )
    if not registries:
        return Snapshot(tuple(alive_registries()), everything=True)
    chosen: dict[int, RegistryCore] = {}
    for registry in registries:
        for member in _core_state.subtree(registry):
            chosen.setdefault(id(member), member)
    return Snapshot(tuple(chosen.values()), everything=False)


def forget_unimported() -> list[str]:
    """Undo what restores kept of modules that have left ``sys.modules`` since.

    A restore keeps what the imports inside its block made. Code that drops
    such a module from ``sys.modules`` afterwards (pytester's in-process
    runs do, for every module a run imported) would otherwise find, when it
    imports the module again, its names taken and its scopes in use. Every
    snapshot calls this when taken and when restored, and the pytest plugin
    when a session starts; call it after dropping modules by hand.

    Returns:
        The names of the modules whose entries and registries were undone.

    Examples:
        >>> isinstance(forget_unimported(), list)
        True
    """
    return _core_state.forget_unimported()


@contextmanager
def default_scope(scope: str | None) -> Iterator[DefaultScope | None]:
    """Set the process-wide default scope for a block, then put it all back.

    Every thread without a ``with DefaultScope(...)`` block of its own sees
    the scope. On exit the process-wide default, the instances made by
    ``DefaultScope.get_instance`` and this context's scope are restored.

    Args:
        scope: The scope, e.g. ``'srdet'``, or ``None`` for no default.

    Yields:
        The :class:`~scopereg.DefaultScope` in force, or ``None``.

    Raises:
        ScopeError: If ``scope`` is not a valid scope name.

    Examples:
        >>> with default_scope("srdet"):
        ...     DefaultScope.get_current_instance().scope_name
        'srdet'
        >>> DefaultScope.get_current_instance() is None
        True
    """
    instance = None if scope is None else DefaultScope(scope)
    saved = _scope.save()
    try:
        _context.set_process_default(scope, instance)
        # The default is process-wide; a block left open in this context
        # would hide it, so the context starts from the process default too.
        _context.start_from_process_default()
        yield instance
    finally:
        _scope.restore(saved)
