"""Imports as transactions: what an import scopereg runs registered, and undoing it.

scopereg imports a registry's ``locations`` and a scope's registry module
through :func:`import_module`. While such an import runs in a thread, the
registry core writes into that thread's :class:`Journal` how to undo each
registration and each registry it makes. When the import ends, every change
made by module code that is no longer imported is undone: the module that
raised (Python drops it from :data:`sys.modules`) and the modules it imported
that failed. Changes made by modules that stay imported are kept, because
importing again will not run them again; so a failed import leaves nothing
behind, and importing again after the fix registers everything once.

This module also knows which imports each thread has in progress, so that a
process forked while another thread was importing can tell the module is
half-executed there (its import would wait forever for a thread that does not
exist in the child) and fail at once with an explanation instead.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from collections.abc import Callable
from types import FrameType, ModuleType
from typing import Any, Final

__all__ = [
    "Journal",
    "import_module",
    "initializing",
    "inside_import",
    "recording",
]

# The files of the import machinery's frames: frozen, or with
# -X frozen_modules=off the modules next to importlib's __init__ (which holds
# import_module). A set, because every registration made inside an import
# checks a few frames against it.
_MACHINERY: Final = frozenset(
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

Undo = Callable[..., None]
Record = tuple[str | None, Undo, tuple[Any, ...]]


def _running_module() -> str | None:
    """Return the module whose top-level code made the current call, if any.

    That is the innermost frame running a module body; the walk stops at the
    import machinery, so a change a loader makes itself belongs to no module.
    """
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "<module>":
            name = frame.f_globals.get("__name__")
            return name if isinstance(name, str) else None
        if code.co_filename in _MACHINERY:
            return None
        frame = frame.f_back
    return None


class Journal:
    """The changes made while one import runs, each with how to undo it.

    Examples:
        >>> journal = Journal()
        >>> journal.record(print, "undone")
        >>> kept = journal.settle(failed=True)  # its module is still imported
        >>> [module for module, _, _ in kept]
        ['scopereg._journal']
    """

    __slots__ = ("records",)

    def __init__(self) -> None:
        self.records: list[Record] = []

    def record(self, undo: Undo, *args: Any) -> None:
        """Note a change made now, by the running module's code.

        Args:
            undo: Called as ``undo(*args)``, at most once, to put back what
                the change replaced; it must leave alone what something else
                has written since.
            *args: Its arguments.
        """
        # Inlined common case of _running_module: a module body calling
        # register_module (or its decorator) or Registry(), which called the
        # core, which called this.
        try:
            frame: FrameType | None = sys._getframe(3)
        except ValueError:  # a shallower stack: not that case
            frame = None
        if frame is not None and frame.f_code.co_name == "<module>":
            name = frame.f_globals.get("__name__")
            module = name if isinstance(name, str) else None
        else:
            module = _running_module()
        self.records.append((module, undo, args))

    def settle(self, failed: bool) -> list[Record]:
        """Undo the changes of modules no longer imported; return the others.

        Args:
            failed: Whether the import raised. Changes made by no module's
                code (by a loader) are undone only then.

        Returns:
            The records kept, in the order they were made.
        """
        kept: list[Record] = []
        for record in reversed(self.records):
            module = record[0]
            if failed if module is None else module not in sys.modules:
                record[1](*record[2])
            else:
                kept.append(record)
        kept.reverse()
        self.records = []
        return kept


class _Local(threading.local):
    journal: Journal | None = None


recording: Final = _Local()
"""``recording.journal``: the journal of this thread's import, or ``None``.

Read on every registration, hence an attribute and not a function.
"""

# What each thread is importing through import_module, innermost last.
_importing: dict[int, list[str]] = {}
# Modules that threads absent from this (forked) process were importing.
_cut_by_fork: set[str] = set()


def initializing(module_name: str) -> bool:
    """Tell whether a module is still executing its import (importlib's flag).

    Examples:
        >>> initializing("os"), initializing(__name__)
        (False, False)
    """
    spec = getattr(sys.modules.get(module_name), "__spec__", None)
    return getattr(spec, "_initializing", False) is True


def inside_import() -> bool:
    """Tell whether the calling thread is running an import right now.

    A thread that is not may wait for another thread's import without any
    risk of deadlock: it holds none of the import machinery's module locks.

    Examples:
        >>> inside_import()
        False
    """
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename in _MACHINERY:
            return True
        frame = frame.f_back
    return False


def _cut_by_fork_error(name: str) -> ImportError:
    """Explain why a module half-imported when the process forked cannot load."""
    return ImportError(
        f"the import of {name!r} was in progress in another thread when this "
        "process was forked, so the module is half-executed here and importing "
        "it would wait forever for a thread this process does not have; "
        f"fix: import {name!r} before forking (one lookup in the parent does), "
        "or start workers with the 'spawn' or 'forkserver' method",
        name=name,
    )


def import_module(name: str) -> ModuleType:
    """Import ``name`` as a transaction: if it fails, it leaves nothing behind.

    Args:
        name: The module to import.

    Returns:
        The module.

    Raises:
        ImportError: If a fork cut the module's import short in this process.
        Exception: Whatever importing the module raised, after the changes
            its failed modules made were undone.

    Examples:
        >>> import_module("json").__name__
        'json'
    """
    if name in _cut_by_fork and initializing(name):
        raise _cut_by_fork_error(name)
    ident = threading.get_ident()
    stack = _importing.setdefault(ident, [])
    stack.append(name)
    outer = recording.journal
    journal = recording.journal = Journal()
    failed = True
    try:
        module = importlib.import_module(name)
        failed = False
        return module
    finally:
        recording.journal = outer
        kept = journal.settle(failed)
        if outer is not None:
            outer.records.extend(kept)
        stack.pop()
        if not stack:
            _importing.pop(ident, None)


def _after_fork_in_child() -> None:
    """Remember what other threads were importing; they do not exist here."""
    global _importing
    me = threading.get_ident()
    for ident, names in list(_importing.items()):
        if ident != me:
            _cut_by_fork.update(names)
    _importing = {me: _importing[me]} if me in _importing else {}


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
