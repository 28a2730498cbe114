"""Scope capture: carry the default scope into threads, executors and processes.

A new thread starts with an empty :mod:`contextvars` context, a thread pool
runs work in its workers' own contexts, and a spawned process starts with no
scope at all, so none of them sees the ``with DefaultScope(...)`` block that
submitted the work. :func:`current_scope` takes the scope in force as a
small, picklable value; entering it in the worker (``with captured:``) makes
the worker build in its parent's scope.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar

from scopereg import _context
from scopereg._scope import DefaultScope, exit_error

__all__ = ["CapturedScope", "current_scope"]

P = ParamSpec("P")
R = TypeVar("R")


class CapturedScope:
    """The default scope in force where it was captured, as a portable value.

    Use ``with captured:`` in a worker thread, an executor task or a spawned
    process to build there as in the code that captured it. A capture of "no
    scope" is a value too: entering it hides any scope the worker has.
    The value is immutable and can be entered in many threads at once.

    Args:
        scope: The captured scope, or ``None`` for no default scope.

    Examples:
        >>> import pickle
        >>> with DefaultScope("srdet"):
        ...     captured = current_scope()
        >>> DefaultScope.get_current_instance() is None
        True
        >>> with pickle.loads(pickle.dumps(captured)):
        ...     DefaultScope.get_current_instance().scope_name
        'srdet'
    """

    __slots__ = ("_scope",)

    def __init__(self, scope: DefaultScope | None) -> None:
        if scope is not None and not isinstance(scope, DefaultScope):
            raise TypeError(
                f"CapturedScope takes a DefaultScope or None, but got "
                f"{type(scope).__name__} {scope!r}; use scopereg.current_scope() "
                "to capture the scope in force"
            )
        self._scope = scope

    @property
    def scope(self) -> DefaultScope | None:
        """The captured :class:`DefaultScope`, or ``None``."""
        return self._scope

    @property
    def scope_name(self) -> str | None:
        """The captured scope's name, or ``None``."""
        return None if self._scope is None else self._scope.scope_name

    def __enter__(self) -> CapturedScope:
        """Make the captured scope the default of the current context."""
        _context.push(self.scope_name, self._scope, self)
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

    def wrap(self, func: Callable[P, R]) -> Callable[P, R]:
        """Return ``func`` made to run in the captured scope.

        The result pickles when ``func`` does, so it can go to a process pool
        as well as to a thread pool or ``loop.run_in_executor``.

        Args:
            func: Any callable.

        Returns:
            A callable taking ``func``'s arguments.

        Examples:
            >>> from concurrent.futures import ThreadPoolExecutor
            >>> def scope_here():
            ...     return DefaultScope.get_current_instance().scope_name
            >>> with DefaultScope("srdet"), ThreadPoolExecutor(1) as pool:
            ...     pool.submit(current_scope().wrap(scope_here)).result()
            'srdet'
        """
        return _InScope(self, func)

    def init_worker(self, *args: object) -> None:
        """Make the captured scope the default of this thread from now on.

        For pool initialisers, which run once in each worker before its
        tasks: ``ThreadPoolExecutor(initializer=captured.init_worker)``,
        ``ProcessPoolExecutor(initializer=...)``,
        ``multiprocessing.Pool(initializer=...)``, and a data loader's
        ``worker_init_fn`` (whose worker id is accepted and ignored).

        Args:
            *args: Ignored, so a loader can pass its worker id.

        Examples:
            >>> from concurrent.futures import ThreadPoolExecutor
            >>> captured = CapturedScope(DefaultScope("sr3d"))
            >>> with ThreadPoolExecutor(1, initializer=captured.init_worker) as pool:
            ...     pool.submit(DefaultScope.get_current_instance).result().scope_name
            'sr3d'
        """
        del args
        _context.push(self.scope_name, self._scope, self)

    def __eq__(self, other: object) -> bool:
        """Compare by scope and instance name (a pickled copy is equal)."""
        if not isinstance(other, CapturedScope):
            return NotImplemented
        return _key(self._scope) == _key(other._scope)

    def __hash__(self) -> int:
        """Hash consistently with ``==``."""
        return hash(_key(self._scope))

    def __repr__(self) -> str:
        """Show the captured scope's name."""
        return f"CapturedScope({self.scope_name!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by value: the scope's names (or ``None``)."""
        return (CapturedScope, (self._scope,))


def _key(scope: DefaultScope | None) -> tuple[str, str] | None:
    return None if scope is None else (scope.instance_name, scope.scope_name)


class _InScope(Generic[P, R]):
    """A callable running ``func`` inside a :class:`CapturedScope`."""

    __slots__ = ("_captured", "_func")

    def __init__(self, captured: CapturedScope, func: Callable[P, R]) -> None:
        if not callable(func):
            raise TypeError(f"wrap() needs a callable, but got {func!r}")
        self._captured = captured
        self._func = func

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._captured:
            return self._func(*args, **kwargs)

    def __repr__(self) -> str:
        return f"{self._captured!r}.wrap({self._func!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_InScope, (self._captured, self._func))


def current_scope() -> CapturedScope:
    """Capture the default scope in force here, to enter it elsewhere.

    That is the innermost ``with DefaultScope(...)`` block of this thread or
    asyncio task, else the process-wide default, else no scope.

    Returns:
        A picklable value; ``with captured:`` re-enters the scope.

    Examples:
        >>> with DefaultScope("srdet"):
        ...     current_scope()
        CapturedScope('srdet')
        >>> current_scope().scope_name is None
        True
    """
    scope: DefaultScope | None = _context.active_scope()
    return CapturedScope(scope)
