"""What module imports did to registries while a snapshot was alive.

A snapshot of :mod:`scopereg.testing` keeps what imports made inside its
block. While one is alive, the registry core tells this module of every
registry created and every entry registered (:data:`scopereg._core.observers`);
those made by the top-level code of a module being imported are written, in
order, to each open :class:`Journal`. A restore replays the records whose
module is still imported and keeps them (:func:`keep`); once such a module
leaves ``sys.modules``, :func:`forget_unimported` undoes its records, so that
importing it again registers again.

With :mod:`scopereg._core` and :mod:`scopereg._core_state`, the only reader
of a registry's state.
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from scopereg import _core
from scopereg._lookup import _initializing

if TYPE_CHECKING:
    from types import FrameType

    from scopereg._core import RegistryCore

__all__ = [
    "Created",
    "Journal",
    "Registered",
    "forget_unimported",
    "importing_module",
    "keep",
    "open_journal",
    "records_of",
]


class Created(NamedTuple):
    """A registry made by ``module``'s import, with its state when made."""

    registry: RegistryCore
    imported: bool
    build_func: Callable[..., Any]
    module: str


class Registered(NamedTuple):
    """An entry registered by ``module``'s import."""

    registry: RegistryCore
    names: tuple[str, ...]
    obj: Any
    module: str


Record = Created | Registered


class Journal:
    """The records of one snapshot, in the order they happened."""

    __slots__ = ("__weakref__", "records")

    def __init__(self) -> None:
        self.records: list[Record] = []


_journals: weakref.WeakSet[Journal] = weakref.WeakSet()
# What restores kept, by id, until its module leaves sys.modules (pytester's
# in-process runs drop every module a run imported).
_kept: dict[int, Record] = {}
_lock: Final = threading.Lock()


def importing_module(frame: FrameType | None) -> str | None:
    """Return the module whose import runs ``frame``'s code, or ``None``.

    That is the innermost module-level frame, from ``frame`` outwards, that
    executes the namespace of a module importlib is importing now. Test
    bodies, doctests and ``exec`` of a string have none (``exec`` inside a
    module's import finds that module).

    Args:
        frame: Where to start, usually the caller's frame.

    Returns:
        The module's name, or ``None`` if no import is running the code.

    Examples:
        >>> import sys
        >>> importing_module(sys._getframe()) is None
        True
    """
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            name = frame.f_globals.get("__name__")
            if (
                isinstance(name, str)
                and getattr(sys.modules.get(name), "__dict__", None) is frame.f_globals
                and _initializing(name)
            ):
                return name
        frame = frame.f_back
    return None


def _write(record_of: Callable[[str], Record]) -> None:
    """Write a record to every open journal if an import made the change."""
    module = importing_module(sys._getframe(2))
    if module is None:
        return
    record = record_of(module)
    with _lock:
        for journal in _journals:
            journal.records.append(record)


class _Recorder:
    """The one observer of the registry core (it stays once a snapshot was taken)."""

    def created(self, registry: RegistryCore) -> None:
        if _journals:
            _write(
                lambda module: Created(
                    registry, registry._imported, registry._build_func, module
                )
            )

    def registered(
        self, registry: RegistryCore, names: tuple[str, ...], obj: Any
    ) -> None:
        if _journals:
            _write(lambda module: Registered(registry, names, obj, module))


_RECORDER: Final = _Recorder()


def open_journal() -> Journal:
    """Start a journal; it records until it is garbage collected."""
    journal = Journal()
    with _lock:
        if _RECORDER not in _core.observers:
            _core.observers.append(_RECORDER)
        _journals.add(journal)
    return journal


def records_of(journal: Journal) -> list[Record]:
    """Return a copy of ``journal``'s records, in order."""
    with _lock:
        return list(journal.records)


def keep(records: Iterable[Record]) -> None:
    """Remember records a restore kept, to undo once their module is gone."""
    with _lock:
        _kept.update((id(record), record) for record in records)


def forget_unimported() -> list[str]:
    """Undo the records, kept or in open journals, of modules no longer imported.

    Importing such a module again runs it again: without this, its entries
    would be duplicates and its registries' scopes taken. The registries it
    registered into import their locations again on their next lookup.

    Returns:
        The modules whose records were undone, sorted.
    """
    with _lock:
        records = [*_kept.values()]
        for journal in _journals:
            records.extend(journal.records)
        gone = {id(rec): rec for rec in records if rec.module not in sys.modules}
        for key in gone:
            _kept.pop(key, None)
        for journal in _journals:
            journal.records = [rec for rec in journal.records if id(rec) not in gone]
    for record in gone.values():
        if isinstance(record, Registered):
            _unregister(record)
        else:
            _leave_tree(record.registry)
    return sorted({record.module for record in gone.values()})


def _unregister(record: Registered) -> None:
    """Remove ``record``'s entries where they still hold its object."""
    registry = record.registry
    entries = registry._module_dict
    with registry._tree.lock:
        for name in record.names:
            if dict.get(entries, name) is record.obj:
                dict.pop(entries, name)
        # The next lookup imports the locations again.
        registry._imported = not registry._locations
        registry._tree.invalidate()


def _leave_tree(registry: RegistryCore) -> None:
    """Take ``registry`` out of its tree's index and its parent's children."""
    tree = registry._tree
    parent = registry._parent
    with tree.lock:
        if tree.scopes.get(registry.scope) is registry:
            tree.unindex(registry.scope)
        if parent is not None and parent._children.get(registry.scope) is registry:
            del parent._children[registry.scope]
        tree.invalidate()
