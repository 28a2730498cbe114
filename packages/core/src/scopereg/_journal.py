"""Imports as transactions: a failed import scopereg runs leaves nothing behind.

scopereg imports a registry's ``locations`` and a scope's registry module
through :func:`import_module`. While such an import runs, its thread's
journal (:mod:`scopereg._recorder`) takes every registration and every
registry the thread makes. When the import ends, every change made by module
code that is no longer imported is undone: the module that raised (Python
drops it from :data:`sys.modules`) and the modules it imported that failed,
and, if it failed, what no module's code made (a loader's own change).
Changes made by modules that stay imported are kept, because importing again
will not run them again; so a failed import leaves nothing behind, and
importing again after the fix registers everything once.

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
from types import FrameType, ModuleType

from scopereg._recorder import MACHINERY, Journal, importing, settle

__all__ = ["import_module", "initializing", "inside_import"]

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
        if frame.f_code.co_filename in MACHINERY:
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
    stack = importing.setdefault(ident, [])
    journal = Journal(name)
    stack.append(journal)
    failed = True
    try:
        module = importlib.import_module(name)
        failed = False
        return module
    finally:
        stack.pop()
        if not stack:
            importing.pop(ident, None)
        settle(journal, failed)
        if stack:  # an outer import keeps what stays, to undo if it fails
            stack[-1].records.extend(journal.records)


def _after_fork_in_child() -> None:
    """Remember what other threads were importing; they do not exist here."""
    me = threading.get_ident()
    for ident in [ident for ident in importing if ident != me]:
        _cut_by_fork.update(j.name for j in importing.pop(ident) if j.name)


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
