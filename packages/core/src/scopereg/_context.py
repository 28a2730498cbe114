"""The owner of the default-scope context variable: one stack per context.

Every thread and asyncio task has its own stack of active default scopes,
kept in one :class:`contextvars.ContextVar`. A frame of the stack is the
tuple ``(name, scope, below, owner)``:

* ``name``: the active scope's name, or ``None`` for no scope. It is first
  so that the build fast branch of :meth:`scopereg.Registry.build` answers
  "which scope is in force here" with one ``top()[0]``; that is the only
  fact about the layout read outside this module.
* ``scope``: the :class:`~scopereg.DefaultScope` (or ``None``).
* ``below``: the frame this one was pushed on.
* ``owner``: what pushed it (a ``with`` block's object), checked on pop.

The bottom frame is the variable's default, shared by every context that
pushed nothing; it holds the process-wide default scope
(:func:`set_process_default`). Only this module creates or reads frames.
"""

from __future__ import annotations

import os
import threading
from contextvars import ContextVar
from typing import Any, Final

__all__ = [
    "ContextState",
    "active_scope",
    "active_scope_name",
    "enter",
    "holds",
    "leave",
    "pop",
    "process_default",
    "push",
    "restore",
    "save",
    "set_process_default",
    "start_from_process_default",
    "token_frame",
    "top",
]

Frame = tuple[str | None, Any, Any, object] | list[Any]
"""``(name, scope, below, owner)``; see the module docstring."""

_lock = threading.Lock()
# The bottom frame: a list, the one frame mutated in place, because a
# ContextVar's default is fixed when the variable is created and every
# context that pushed nothing must see a new process-wide default at once.
_BOTTOM: Final[list[Any]] = [None, None, None, None]
_local: Final[ContextVar[Frame]] = ContextVar("scopereg_default_scope", default=_BOTTOM)

top: Final = _local.get
"""Return this context's top frame; ``top()[0]`` is the active scope's name."""

leave: Final = _local.reset
"""Undo an :func:`enter`, given the token it returned."""


def active_scope() -> Any:
    """Return the default scope in force in this context, or ``None``."""
    return _local.get()[1]


def active_scope_name() -> str | None:
    """Return the name of the default scope in force here, or ``None``."""
    name: str | None = _local.get()[0]
    return name


enter: Final = _local.set
"""Make a :func:`token_frame` the top until :func:`leave`; return the token."""


def token_frame(name: str, scope: object) -> Frame:
    """Return a frame making ``scope`` (named ``name``) the default, for :func:`enter`.

    A build's ``_scope_`` enters one for the call and leaves it by its
    token, which restores the stack exactly, also when the build raised.
    Such a frame is never popped, so it needs no ``below`` and one frame
    per registry serves every build.
    """
    return (name, scope, None, None)


def push(name: str | None, scope: object, owner: object) -> None:
    """Push ``scope`` (``None``: no scope) for ``owner``, a ``with`` block's object."""
    _local.set((name, scope, _local.get(), owner))


def pop(owner: object) -> bool:
    """Pop the frame ``owner`` pushed; ``False`` (popping nothing) if not on top."""
    frame = _local.get()
    if frame[2] is None or frame[3] is not owner:
        return False
    _local.set(frame[2])
    return True


def holds(owner: object) -> bool:
    """Tell whether ``owner`` pushed a frame that is still on this context's stack.

    Only for the error of a block that cannot pop (:func:`pop` returned
    ``False``): ``True`` means blocks entered after it are still open here.
    The walk stops at a :func:`token_frame`, which has nothing below it.
    """
    frame = _local.get()
    while frame[2] is not None:
        if frame[3] is owner:
            return True
        frame = frame[2]
    return False


def process_default() -> Any:
    """Return the process-wide default scope, or ``None``."""
    return _BOTTOM[1]


def set_process_default(name: str | None, scope: object) -> None:
    """Set the process-wide default scope; ``(None, None)`` clears it."""
    with _lock:
        _BOTTOM[0:2] = [name, scope]


def start_from_process_default() -> None:
    """Drop this context's pushed frames: it sees the process-wide default."""
    _local.set(_BOTTOM)


class ContextState:
    """What :func:`save` returns: the process default and this context's top."""

    __slots__ = ("frame", "process_default")

    def __init__(self, process_default: tuple[str | None, Any], frame: Frame) -> None:
        self.process_default = process_default
        self.frame = frame


def save() -> ContextState:
    """Save the process-wide default and this context's stack."""
    with _lock:
        return ContextState((_BOTTOM[0], _BOTTOM[1]), _local.get())


def restore(state: ContextState) -> None:
    """Put back what :func:`save` returned, this context's stack included."""
    with _lock:
        _BOTTOM[0:2] = list(state.process_default)
    _local.set(state.frame)


def _after_fork_in_child() -> None:
    """Give the forked child a free lock (its holder may not exist there)."""
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
