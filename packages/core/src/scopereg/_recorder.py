"""What imports register: the one recorder, for transactions and sandboxes.

While something listens, the registry core reports each registration (with
what it replaced) and each registry it creates (:func:`registered`,
:func:`created`). A change belongs to the module whose import made it: the
innermost module on the call stack whose top-level code importlib is running
now (:func:`importing_module`, the one stack walk). A test body, a script or
a loader's own code belongs to no module.

Two kinds of :class:`Journal` listen:

- the imports scopereg runs (:func:`scopereg._journal.import_module`) are
  transactions: the thread's innermost one (:data:`importing`) takes every
  change the thread makes, and :func:`settle` undoes, when it ends, those of
  modules no longer imported;
- a snapshot of :mod:`scopereg.testing` (:func:`listen`) takes the changes of
  modules, from every thread, until it is garbage collected;
  :func:`forget_unimported` undoes them once their module has left
  ``sys.modules``.

Every record undoes itself through the registry core, the one undo path,
and leaves every journal when it is undone.
"""

from __future__ import annotations

import importlib
import itertools
import os
import sys
import threading
import weakref
from collections.abc import Callable, Iterable
from types import FrameType
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from scopereg._core import RegistryCore

__all__ = [
    "MACHINERY",
    "Created",
    "Journal",
    "Record",
    "Registered",
    "created",
    "forget_unimported",
    "importing",
    "importing_module",
    "keep",
    "listen",
    "listening",
    "records_of",
    "registered",
    "settle",
]

# The files of the import machinery's frames: frozen, or with
# -X frozen_modules=off the modules next to importlib's __init__ (which holds
# import_module). A set: the stack walk checks frames against it.
MACHINERY: Final = frozenset(
    {
        importlib.__file__,
        "<frozen importlib._bootstrap>",
        "<frozen importlib._bootstrap_external>",
        os.path.join(os.path.dirname(importlib.__file__ or ""), "_bootstrap.py"),
        os.path.join(
            os.path.dirname(importlib.__file__ or ""), "_bootstrap_external.py"
        ),
    }
)
_order: Final = itertools.count()  # records are undone newest first
_get_ident: Final = threading.get_ident


class Registered:
    """``obj`` was registered in ``registry`` as ``names`` by ``module``'s import.

    ``replaced`` holds what each name mapped to before (``None``: nothing);
    a restore that replays the record sets it to what the name held there.
    """

    __slots__ = ("module", "names", "obj", "registry", "replaced", "seq")

    def __init__(
        self,
        module: str | None,
        registry: RegistryCore,
        names: tuple[str, ...],
        obj: Any,
        replaced: tuple[Any, ...],
    ) -> None:
        self.module, self.registry, self.names = module, registry, names
        self.obj, self.replaced, self.seq = obj, replaced, next(_order)

    def undo(self) -> None:
        """Put back what the names held, where they still hold ``obj``."""
        self.registry._unregister(self.names, self.obj, self.replaced)


class Created:
    """``registry`` was created by ``module``'s import, in this state."""

    __slots__ = ("build_func", "imported", "module", "registry", "seq")

    def __init__(
        self,
        module: str | None,
        registry: RegistryCore,
        imported: bool,
        build_func: Callable[..., Any],
    ) -> None:
        self.module, self.registry, self.seq = module, registry, next(_order)
        self.imported, self.build_func = imported, build_func

    def undo(self) -> None:
        """Take the registry out of its tree and the set of live registries."""
        self.registry._leave_tree()


Record = Registered | Created


class Journal:
    """The records one listener took, oldest first.

    Examples:
        >>> journal = Journal("json")
        >>> journal.name, journal.records
        ('json', [])
    """

    __slots__ = ("__weakref__", "name", "records")

    def __init__(self, name: str | None = None) -> None:
        self.name = name  # the module a transaction imports; None for a sandbox
        self.records: list[Record] = []


# The transactions each thread has open (scopereg._journal.import_module),
# innermost last, which takes the thread's changes. Never rebound: the core
# reads it on every registration.
importing: Final[dict[int, list[Journal]]] = {}
# The journals of live snapshots, oldest first; a collected one drops out.
listening: Final[list[weakref.ref[Journal]]] = []
# Guards the records of listening journals and `keep`'s targets.
_lock = threading.Lock()


def importing_module(frame: FrameType | None) -> str | None:
    """Return the module whose import runs ``frame``'s code, or ``None``.

    That is the innermost module-level frame, from ``frame`` outwards, whose
    namespace is that of a module importlib is importing now (its spec says
    so). Test bodies (which ``python -m pytest`` runs below a ``__main__``
    module frame), scripts and ``exec`` of a string in a namespace of its
    own have none. Nor has a loader's own change: the import machinery runs
    between it and the module importing.

    Args:
        frame: Where to start, usually the caller's frame.

    Returns:
        The module's name, or ``None``.

    Examples:
        >>> importing_module(sys._getframe()) is None
        True
    """
    start = frame
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            spec = frame.f_globals.get("__spec__")
            if spec is not None and getattr(spec, "_initializing", False) is True:
                # Only now look for the machinery in between: a walk that
                # finds no module (a test body's) stays one cheap pass.
                while start is not frame and start is not None:
                    if start.f_code.co_filename in MACHINERY:
                        return None
                    start = start.f_back
                return str(spec.name)
        frame = frame.f_back
    return None


def _take(record: Record, transaction: list[Journal] | None) -> None:
    """Give ``record`` to the thread's transaction and, if a module's, to snapshots."""
    if transaction:
        transaction[-1].records.append(record)
    if record.module is not None and listening:
        with _lock:
            for ref in tuple(listening):  # a collected journal may drop out
                journal = ref()
                if journal is not None:
                    journal.records.append(record)


def registered(
    registry: RegistryCore, names: tuple[str, ...], obj: Any, replaced: tuple[Any, ...]
) -> None:
    """Record that ``obj`` now holds ``names`` in ``registry`` (its tree locked)."""
    transaction = importing.get(_get_ident())
    if transaction or listening:
        module = importing_module(sys._getframe(2))
        if module is not None or transaction:
            _take(Registered(module, registry, names, obj, replaced), transaction)


def created(
    registry: RegistryCore, imported: bool, build_func: Callable[..., Any]
) -> None:
    """Record that ``registry`` was just made, in this state (its tree locked)."""
    transaction = importing.get(_get_ident())
    if transaction or listening:
        module = importing_module(sys._getframe(2))
        if module is not None or transaction:
            _take(Created(module, registry, imported, build_func), transaction)


def _undo(records: Iterable[Record]) -> None:
    """Undo ``records``, newest first."""
    for record in sorted(records, key=lambda record: record.seq, reverse=True):
        record.undo()


def _split(journal: Journal, failed: bool) -> list[Record]:
    """Remove and return ``journal``'s records of modules no longer imported.

    With ``failed``, the records of no module go too.
    """
    gone: list[Record] = []
    kept: list[Record] = []
    for record in journal.records:
        module = record.module
        gone_now = failed if module is None else module not in sys.modules
        (gone if gone_now else kept).append(record)
    journal.records[:] = kept
    return gone


def listen(journal: Journal) -> None:
    """Give ``journal`` every module's change, in every thread, until collected.

    Examples:
        >>> from scopereg import Registry
        >>> journal = Journal()
        >>> listen(journal)
        >>> _ = Registry("doc-model", scope="doc_listen")  # made by no module
        >>> records_of(journal)
        []
    """
    listening.append(weakref.ref(journal, listening.remove))


def records_of(journal: Journal) -> list[Record]:
    """Return a copy of ``journal``'s records, oldest first."""
    with _lock:
        return list(journal.records)


def keep(journal: Journal, kept: Iterable[Record]) -> None:
    """Add to ``journal`` the records of ``kept`` it does not hold yet."""
    with _lock:
        present = {id(record) for record in journal.records}
        journal.records.extend(r for r in kept if id(r) not in present)


def forget_unimported(*journals: Journal) -> list[str]:
    """Undo what modules no longer imported did, as recorded in ``journals``.

    The records of every listening journal count too. Each record is undone
    once, newest first, and leaves every journal.

    Args:
        *journals: Journals that no longer listen but hold records.

    Returns:
        The modules whose records were undone, sorted.

    Examples:
        >>> forget_unimported(Journal())
        []
    """
    with _lock:
        sources = [*journals, *(j for ref in tuple(listening) if (j := ref()))]
        gone = {id(record): record for j in sources for record in _split(j, False)}
    _undo(gone.values())
    return sorted({str(record.module) for record in gone.values()})


def settle(journal: Journal, failed: bool) -> None:
    """Undo the changes in a transaction's ``journal`` of modules not imported.

    Args:
        journal: The journal of an import that has ended.
        failed: Whether it raised: then the changes of no module go too.
    """
    gone = _split(journal, failed)
    if not gone:
        return
    _undo(gone)
    if listening:  # what is undone can never be replayed or undone again
        ids = {id(record) for record in gone}
        with _lock:
            for ref in tuple(listening):
                if (other := ref()) is not None:
                    other.records[:] = [r for r in other.records if id(r) not in ids]


def _after_fork_in_child() -> None:
    """Give the forked child a free lock: another thread may have held it."""
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
