"""The default scope: which package's registry a build resolves names from.

The scope lives in a :class:`contextvars.ContextVar`, so every thread and every
asyncio task sees only the scope it entered itself. A process-wide default set
by :func:`init_default_scope` answers where no context-local scope is active.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from scopereg import _context
from scopereg._keys import check_scope_name
from scopereg._messages import compose
from scopereg.exceptions import ScopeError

__all__ = ["DefaultScope", "ScopeState", "init_default_scope", "restore", "save"]

# The instances DefaultScope.get_instance made, by instance name (mmengine's
# ManagerMixin registry of instances).
_instances: dict[str, DefaultScope] = {}
_instances_lock = threading.Lock()
# Shared instances for `_scope_` builds, one per scope name (immutable).
_by_scope_name: dict[str, DefaultScope] = {}


class DefaultScope:
    """A default scope, usable as a context manager.

    ``with DefaultScope('sr3d'):`` makes every build inside the block, in this
    thread or asyncio task only, resolve names from the ``sr3d`` registry of
    the tree being built from. Blocks nest and restore the enclosing scope on
    exit, also when an exception escapes.

    The mmengine-compatible classmethods (:meth:`get_instance`,
    :meth:`get_current_instance`, :meth:`check_instance_created`,
    :meth:`overwrite_default_scope`) work as there; instances created with
    :meth:`get_instance` become the process-wide default.

    Args:
        name: The instance name (mmengine's ``ManagerMixin`` name).
        scope_name: The scope; defaults to ``name``.

    Raises:
        ScopeError: If ``name`` or ``scope_name`` is not a valid scope string.

    Examples:
        >>> with DefaultScope("sr3d"):
        ...     DefaultScope.get_current_instance().scope_name
        'sr3d'
        >>> DefaultScope.get_current_instance() is None
        True
    """

    __slots__ = ("_instance_name", "_scope_name")

    def __init__(self, name: str, scope_name: str | None = None) -> None:
        if not isinstance(name, str) or not name:
            raise ScopeError(
                f"DefaultScope name must be a non-empty str, but got {name!r}",
                scope=None,
            )
        self._instance_name = name
        self._scope_name = check_scope_name(
            name if scope_name is None else scope_name, what="scope_name"
        )

    @property
    def scope_name(self) -> str:
        """The scope this instance makes the default."""
        return self._scope_name

    @property
    def instance_name(self) -> str:
        """The instance name given at construction."""
        return self._instance_name

    def __enter__(self) -> DefaultScope:
        """Make this scope the default of the current context."""
        _context.push(self._scope_name, self, self)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Restore the scope that was the default before the block."""
        if not _context.pop(self):
            raise exit_error(self)

    def __repr__(self) -> str:
        """Show the instance and scope names."""
        return f"DefaultScope({self._instance_name!r}, scope_name={self._scope_name!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by value: a scope is just its two names."""
        return (DefaultScope, (self._instance_name, self._scope_name))

    @classmethod
    def get_instance(cls, name: str, **kwargs: Any) -> DefaultScope:
        """Return the instance called ``name``, creating it if needed.

        A new instance becomes the process-wide default scope (mmengine makes
        the newest instance current). Asking again for an existing name
        returns it unchanged; extra keyword arguments are then ignored with a
        warning, as in mmengine.

        Args:
            name: The instance name.
            **kwargs: ``scope_name`` for a new instance.

        Returns:
            The instance.

        Examples:
            >>> DefaultScope.get_instance("doc-a", scope_name="srdet").scope_name
            'srdet'
            >>> DefaultScope.check_instance_created("doc-a")
            True
            >>> init_default_scope(None)
        """
        with _instances_lock:
            existing = _instances.get(name)
            if existing is not None:
                if kwargs:
                    warnings.warn(
                        f"DefaultScope {name!r} already exists; the arguments "
                        f"{sorted(kwargs)} are ignored",
                        UserWarning,
                        stacklevel=2,
                    )
                return existing
            instance = cls(name, **kwargs)
            _instances[name] = instance
            _context.set_process_default(instance.scope_name, instance)
            return instance

    @classmethod
    def get_current_instance(cls) -> DefaultScope | None:
        """Return the default scope in force here, or ``None``.

        Returns:
            The innermost ``with`` block's scope in this context, else the
            process-wide default, else ``None``.

        Examples:
            >>> with DefaultScope("srdet") as scope:
            ...     DefaultScope.get_current_instance() is scope
            True
        """
        scope: DefaultScope | None = _context.active_scope()
        return scope

    @classmethod
    def check_instance_created(cls, name: str) -> bool:
        """Tell whether :meth:`get_instance` has created ``name``.

        Args:
            name: The instance name.

        Returns:
            ``True`` if it exists.

        Examples:
            >>> DefaultScope.check_instance_created("never-made")
            False
        """
        with _instances_lock:
            return name in _instances

    @classmethod
    @contextmanager
    def overwrite_default_scope(cls, scope_name: str | None) -> Iterator[None]:
        """Set the default scope for a block; ``None`` leaves it unchanged.

        Args:
            scope_name: The scope, or ``None`` for no change.

        Yields:
            Nothing.

        Examples:
            >>> with DefaultScope.overwrite_default_scope("sr3d"):
            ...     DefaultScope.get_current_instance().scope_name
            'sr3d'
        """
        if scope_name is None:
            yield
            return
        with scope_for_name(scope_name):
            yield


def exit_error(block: object) -> RuntimeError:
    """Return the error of a scope block that exits where it is not the innermost.

    Shared by :class:`DefaultScope` and :class:`~scopereg.CapturedScope`. The
    two causes get their own message: blocks entered inside this one are
    still open here, or this thread or task never entered it (a generator
    that yields inside the block and is resumed elsewhere).

    Args:
        block: The object whose ``__exit__`` found another frame on top.

    Returns:
        The error to raise; nothing has been popped.

    Examples:
        >>> print(exit_error(DefaultScope("srdet")))  # doctest: +ELLIPSIS
        DefaultScope('srdet', scope_name='srdet') exited in a thread or asyncio task that did not enter it
        ...
    """
    if _context.holds(block):
        inner = _context.active_scope()
        shown = "a block of no scope" if inner is None else repr(inner)
        return RuntimeError(
            compose(
                f"{block!r} exited, but it is not the innermost active scope of "
                f"this thread or asyncio task: {shown}, entered inside it, is "
                "still open",
                [
                    "scope blocks must nest: the inner one was entered and not "
                    "exited yet (an __enter__() without its __exit__(), or a "
                    "generator paused at a yield inside a scope block of its own)"
                ],
                [
                    "fix: exit the inner block first by writing every scope block "
                    "as a `with` statement; in a generator, enter the scope around "
                    "each step and yield outside the block"
                ],
            )
        )
    return RuntimeError(
        compose(
            f"{block!r} exited in a thread or asyncio task that did not enter it",
            [
                "a generator or async generator that yields inside the block does "
                "this when it is resumed or closed in another thread or task (also "
                "by the garbage collector, or by asyncio when the loop shuts "
                "down); the thread or task that entered the block keeps its scope"
            ],
            [
                "fix: do not yield inside the block: enter the scope around each "
                "step and yield outside it (`with scope: item = MODELS.build(cfg)`"
                ", then `yield item`), or enter it in the code that consumes the "
                "generator"
            ],
        )
    )


def scope_for_name(scope_name: str) -> DefaultScope:
    """Return a shared, reusable DefaultScope for ``scope_name``.

    Builds with ``_scope_`` enter one of these instead of creating an object
    per build; instances are immutable, so sharing is safe.
    """
    scope = _by_scope_name.get(scope_name)
    if scope is None:
        scope = _by_scope_name.setdefault(
            scope_name, DefaultScope(f"overwrite-{scope_name}", scope_name)
        )
    return scope


def current_scope_name() -> str | None:
    """Return the scope name in force in this context, or ``None``."""
    return _context.active_scope_name()


def init_default_scope(scope: str | None) -> None:
    """Set the process-wide default scope, seen where no block is active.

    ``with DefaultScope(...)`` blocks still win inside them. ``None`` clears
    the process-wide default (an extension: mmengine has no way to clear it).

    Args:
        scope: The scope, e.g. ``'srdet'``, or ``None``.

    Raises:
        ScopeError: If ``scope`` is not a valid scope name.

    Examples:
        >>> init_default_scope("srdet")
        >>> DefaultScope.get_current_instance().scope_name
        'srdet'
        >>> init_default_scope(None)
    """
    if scope is None:
        _context.set_process_default(None, None)
        return
    check_scope_name(scope)
    with _instances_lock:
        previous: DefaultScope | None = _context.process_default()
        if previous is not None and previous.scope_name == scope:
            return
        if previous is not None:
            import logging

            logging.getLogger("scopereg").warning(
                "init_default_scope: the default scope changes from %r to %r",
                previous.scope_name,
                scope,
            )
        instance = _instances.get(scope)
        if instance is None or instance.scope_name != scope:
            instance = DefaultScope(scope, scope)
            _instances.setdefault(scope, instance)
        _context.set_process_default(scope, instance)


class ScopeState:
    """What :func:`save` returns: the named instances and the context stack."""

    __slots__ = ("context", "instances")

    def __init__(
        self, instances: dict[str, DefaultScope], context: _context.ContextState
    ) -> None:
        self.instances = instances
        self.context = context


def save() -> ScopeState:
    """Save the named instances, the process-wide default and this context's scope.

    Examples:
        >>> saved = save()
        >>> init_default_scope("srdet")
        >>> restore(saved)
        >>> DefaultScope.get_current_instance() is None
        True
    """
    with _instances_lock:
        return ScopeState(dict(_instances), _context.save())


def restore(state: ScopeState) -> None:
    """Put back what :func:`save` returned."""
    with _instances_lock:
        _instances.clear()
        _instances.update(state.instances)
    _context.restore(state.context)


def _after_fork_in_child() -> None:
    """Give the forked child a free lock (its holder may not exist there)."""
    global _instances_lock
    _instances_lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
