"""The default scope: which package's registry a build resolves names from.

The scope lives in a :class:`contextvars.ContextVar`, so every thread and every
asyncio task sees only the scope it entered itself. A process-wide default set
by :func:`init_default_scope` answers where no context-local scope is active.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from scopereg import _context, _instances
from scopereg._keys import check_scope_name
from scopereg._scope_errors import (
    exit_error,
    get_instance_arguments_error,
    instance_name_error,
    instance_name_type_error,
)

__all__ = [
    "DefaultScope",
    "ScopeState",
    "exit_error",
    "init_default_scope",
    "restore",
    "save",
]

# Shared instances for `_scope_` builds, one per scope name (immutable).
_by_scope_name: dict[str, DefaultScope] = {}


class _DefaultScopeType(type):
    """Serves ``DefaultScope._instance_dict``, which mmengine's test helpers reset."""

    @property
    def _instance_dict(cls) -> _instances.InstanceStore:
        """The instances :meth:`DefaultScope.get_instance` made, oldest first.

        The newest is the process-wide default: clearing the dict, popping
        from it or assigning a new mapping changes what
        :meth:`DefaultScope.get_current_instance` returns, as in mmengine.
        """
        return _store

    @_instance_dict.setter
    def _instance_dict(cls, entries: object) -> None:
        _store.assign(entries)


class DefaultScope(metaclass=_DefaultScopeType):
    """A default scope, usable as a context manager.

    ``with DefaultScope('sr3d'):`` makes every build inside the block, in this
    thread or asyncio task only, resolve names from the ``sr3d`` registry of
    the tree being built from. Blocks nest and restore the enclosing scope on
    exit, also when an exception escapes.

    The mmengine-compatible classmethods (:meth:`get_instance`,
    :meth:`get_current_instance`, :meth:`check_instance_created`,
    :meth:`overwrite_default_scope`) work as there; instances created with
    :meth:`get_instance` become the process-wide default, and
    ``DefaultScope._instance_dict`` holds them as mmengine's does (its newest
    entry is the process-wide default; clearing it clears the default).

    Args:
        name: The instance name (mmengine's ``ManagerMixin`` name).
        scope_name: The scope; defaults to ``name``.

    Raises:
        ScopeError: If ``name`` or ``scope_name`` is not a valid scope string
            (a :class:`~scopereg.exceptions.ScopeAssertionError`, also an
            ``AssertionError``, if either is not a str, as mmengine asserts).

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
            raise instance_name_error(name)  # mmengine's ManagerMixin asserts this
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
            **kwargs: ``scope_name``, required for a new instance (as in
                mmengine).

        Returns:
            The instance.

        Raises:
            TypeError: If a new instance is asked for without ``scope_name``,
                or with another keyword argument; nothing changes then.
            ScopeError: A :class:`~scopereg.exceptions.ScopeAssertionError`
                (also an ``AssertionError``, as mmengine asserts) if ``name``
                is not a str.

        Examples:
            >>> DefaultScope.get_instance("doc-a", scope_name="srdet").scope_name
            'srdet'
            >>> DefaultScope.check_instance_created("doc-a")
            True
            >>> init_default_scope(None)
        """
        if not isinstance(name, str):
            raise instance_name_type_error(name)  # mmengine asserts this too
        with _instances.lock:
            existing: DefaultScope | None = _store.get(name)
            if existing is not None:
                if kwargs:
                    warnings.warn(  # mmengine's words, then which are ignored
                        f"{cls} instance named of {name} has been created, the "
                        "method `get_instance` should not accept any other "
                        f"arguments: the arguments {sorted(kwargs)} are ignored",
                        UserWarning,
                        stacklevel=2,
                    )
                return existing
            if set(kwargs) != {"scope_name"}:
                raise get_instance_arguments_error(name, kwargs)
            instance = cls(name, **kwargs)
            _store.put_last(name, instance)
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
        with _instances.lock:
            return name in _store

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


_store = _instances.InstanceStore(DefaultScope)


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
    with _instances.lock:
        previous: DefaultScope | None = _context.process_default()
        if previous is not None and previous.scope_name == scope:
            return
        if previous is not None:
            import logging

            logging.getLogger("scopereg").warning(  # mmengine's words
                'The current default scope "%s" is not "%s", `init_default_scope` '
                'will force set the current default scope to "%s".',
                previous.scope_name,
                scope,
                scope,
            )
        # The instance named after the scope, made the newest so that the
        # store's order keeps saying which one is current.
        instance = _store.get(scope)
        if instance is None or instance.scope_name != scope:
            name, number = scope, 1
            while name in _store:  # that name is another scope's instance
                name, number = f"{scope}-{number}", number + 1
            instance = DefaultScope(name, scope)
        _store.put_last(instance.instance_name, instance)


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
    with _instances.lock:
        return ScopeState(dict(_store), _context.save())


def restore(state: ScopeState) -> None:
    """Put back what :func:`save` returned."""
    with _instances.lock:
        _store.load(state.instances)
        _context.restore(state.context)
