"""Scope capture: carry the default scope into threads, executors and processes.

A new thread starts with an empty :mod:`contextvars` context, a thread pool
runs work in its workers' own contexts, and a spawned process starts with no
scope at all, so none of them sees the ``with DefaultScope(...)`` block that
submitted the work. :func:`current_scope` takes the scope in force as a
small, picklable value; entering it in the worker (``with captured:``) makes
the worker build in its parent's scope.

For whole worker processes (Ray, Dask, data loaders) ``init_process`` sets
the process-wide default; for one task, ``captured.task()`` enters the scope
and puts back everything the task changed. ``wrap`` returns real functions
(:mod:`scopereg._capture_fn`), whose pickled names this module resolves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from scopereg import _context
from scopereg._capture_fn import NAME_PREFIX, resolve, scoped_function
from scopereg._scope import DefaultScope, exit_error

__all__ = ["CapturedScope", "TaskScope", "current_scope"]

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

    def wrap(self, func: Callable[P, R], *, task: bool = False) -> Callable[P, R]:
        """Return a function running ``func`` in the captured scope.

        The result is a real function (:func:`functools.wraps`: ``func``'s
        name, docstring and signature), so ``ray.remote`` accepts it as well
        as ``executor.submit`` and ``loop.run_in_executor``. It pickles by
        reference where ``func`` does (a module-level function, also of the
        main script), so it goes to a process pool; cloudpickle (Ray, Dask)
        pickles it by value where it pickles ``func`` so. A coroutine
        function gives a coroutine function, its whole run in the scope.

        Args:
            func: Any callable.
            task: Enter :meth:`task` for each call, so that what the call
                leaves behind (an ``init_worker()``, a changed process-wide
                default) is undone when it returns.

        Returns:
            A function taking ``func``'s arguments.

        Raises:
            TypeError: If ``func`` is not callable.

        Examples:
            >>> from concurrent.futures import ThreadPoolExecutor
            >>> def scope_here():
            ...     return DefaultScope.get_current_instance().scope_name
            >>> with DefaultScope("srdet"), ThreadPoolExecutor(1) as pool:
            ...     pool.submit(current_scope().wrap(scope_here)).result()
            'srdet'
        """
        if not callable(func):
            raise TypeError(
                f"wrap() needs a callable, but got {type(func).__name__} {func!r}"
            )
        return scoped_function(self, func, names=_key(self._scope), task=task)

    def task(self) -> TaskScope:
        """Return a block entering the captured scope for one task only.

        ``with captured.task():`` makes the scope the default of this thread
        or asyncio task, like ``with captured:``, and on exit puts back the
        worker's state as it was on entry: this context's scopes, also if the
        task left an ``init_worker()`` or an unexited block behind, and the
        process-wide default if the task changed it. So nothing of one task
        reaches the next task a worker runs.

        Returns:
            A single-use context manager; ``as`` gives this capture.

        Examples:
            >>> from scopereg import init_default_scope
            >>> captured = CapturedScope(DefaultScope("srdet"))
            >>> with captured.task():
            ...     captured.init_worker()
            ...     init_default_scope("sr3d")
            >>> DefaultScope.get_current_instance() is None
            True
        """
        return TaskScope(self)

    def init_worker(self, *args: object) -> None:
        """Make the captured scope the default of this thread from now on.

        For pool initialisers, which run once in each worker thread before
        its tasks: ``ThreadPoolExecutor(initializer=captured.init_worker)``,
        and ``ProcessPoolExecutor`` or ``multiprocessing.Pool``, whose tasks
        run on the thread that ran the initialiser. Where tasks may run on
        other threads (Ray actors, Dask workers) use :meth:`init_process`.

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

    def init_process(self, *args: object) -> None:
        """Make the captured scope this process's default, as ``init_default_scope``.

        Every thread and asyncio task of the process sees it where it has no
        ``with`` block of its own, so it reaches a worker's tasks whatever
        thread runs them. A capture of no scope clears the default. For
        worker set-up hooks: Ray's ``worker_process_setup_hook``, a Dask
        ``WorkerPlugin.setup``, a data loader's ``worker_init_fn`` (see
        :meth:`chain_init` to keep one you have).

        Args:
            *args: Ignored: a loader's worker id, a Dask worker.

        Examples:
            >>> import threading
            >>> from scopereg import init_default_scope
            >>> CapturedScope(DefaultScope("srdet")).init_process()
            >>> seen = []
            >>> thread = threading.Thread(
            ...     target=lambda: seen.append(DefaultScope.get_current_instance())
            ... )
            >>> thread.start()
            >>> thread.join()
            >>> seen[0].scope_name
            'srdet'
            >>> init_default_scope(None)
        """
        del args
        _context.set_process_default(self.scope_name, self._scope)

    def chain_init(self, init_fn: Callable[..., object] | None) -> Callable[..., None]:
        """Return an init function: :meth:`init_process`, then ``init_fn``.

        For a data loader that already has a ``worker_init_fn`` (a seeding
        one, as mmengine passes): ``worker_init_fn=captured.chain_init(fn)``.
        ``init_fn`` gets the loader's arguments and runs in the scope. The
        result pickles when ``init_fn`` does, so it reaches spawned workers.

        Args:
            init_fn: The function to run after the scope is set, or ``None``.

        Returns:
            A callable taking what the loader passes (the worker id).

        Raises:
            TypeError: If ``init_fn`` is neither callable nor ``None``.

        Examples:
            >>> from scopereg import init_default_scope
            >>> def seed(worker_id):
            ...     print(worker_id, DefaultScope.get_current_instance().scope_name)
            >>> CapturedScope(DefaultScope("srdet")).chain_init(seed)(3)
            3 srdet
            >>> init_default_scope(None)
        """
        if init_fn is not None and not callable(init_fn):
            raise TypeError(
                "chain_init() needs a callable or None, but got "
                f"{type(init_fn).__name__} {init_fn!r}"
            )
        return functools.partial(_init_then, self, init_fn)

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


def _init_then(
    captured: CapturedScope, init_fn: Callable[..., object] | None, *args: object
) -> None:
    """Run :meth:`CapturedScope.init_process`, then ``init_fn`` (module-level: pickles)."""
    captured.init_process()
    if init_fn is not None:
        init_fn(*args)


class TaskScope:
    """One task's block in a captured scope; see :meth:`CapturedScope.task`.

    Args:
        captured: The scope to enter.
    """

    __slots__ = ("_captured", "_saved")

    def __init__(self, captured: CapturedScope) -> None:
        self._captured = captured
        self._saved: _context.ContextState | None = None

    def __enter__(self) -> CapturedScope:
        """Save the worker's state and enter the scope in this context."""
        if self._saved is not None:
            raise RuntimeError(f"{self!r} is entered already: use one per task")
        self._saved = _context.save()
        _context.push(self._captured.scope_name, self._captured.scope, self)
        return self._captured

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Put back what was saved on entry."""
        saved = self._saved
        if saved is None or not _context.holds(self):
            raise exit_error(self)
        self._saved = None
        if _context.process_default() is not saved.process_default[1]:
            _context.restore(saved)  # the task changed it, or so it seems
        else:  # left alone: another thread may set it while this one exits
            _context.enter(saved.frame)

    def __repr__(self) -> str:
        """Show the captured scope's name."""
        return f"{self._captured!r}.task()"


def __getattr__(name: str) -> Callable[..., Any]:
    """Resolve the name a wrapper of :meth:`CapturedScope.wrap` pickles by."""
    if not name.startswith(NAME_PREFIX):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return resolve(name, _rebuild)


def _rebuild(names: tuple[str, str] | None) -> CapturedScope:
    return CapturedScope(None if names is None else DefaultScope(*names))


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
