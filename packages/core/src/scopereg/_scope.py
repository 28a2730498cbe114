"""The default scope: which package's registry a build resolves names from.

The scope lives in a :class:`contextvars.ContextVar`, so every thread and every
asyncio task sees only the scope it entered itself. A process-wide default set
by :func:`init_default_scope` answers where no context-local scope is active.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Final

from scopereg.exceptions import ScopeError

__all__ = ["DefaultScope", "init_default_scope"]

# A frame is [active scope, enclosing frame]: a linked stack per context, so
# a `with` block restores exactly what it found without storing tokens on
# the (shareable) DefaultScope object. The bottom frame is the variable's
# default, shared by every context, and holds the process-wide default scope;
# one `_local.get()[0]` therefore answers "which scope is in force here".
_BOTTOM: Final[list[DefaultScope | None]] = [None]
_local: Final[ContextVar[Any]] = ContextVar("scopereg_default_scope", default=_BOTTOM)
_instances: dict[str, DefaultScope] = {}
_instances_lock: Final = threading.Lock()
_by_scope_name: dict[str, DefaultScope] = {}


def is_scope_name(text: str) -> bool:
    """Tell whether ``text`` can be a scope: one ASCII Python identifier."""
    return text.isidentifier() and text.isascii()


def check_scope_name(scope_name: object, *, what: str = "scope") -> str:
    """Return ``scope_name`` if it is a valid scope, else raise.

    Args:
        scope_name: The value to check.
        what: How the value is called in the error message.

    Returns:
        The same string.

    Raises:
        ScopeError: If it is not a string made of one Python identifier.
    """
    if not isinstance(scope_name, str):
        raise ScopeError(
            f"{what} must be a str, but got {type(scope_name).__name__} "
            f"{scope_name!r}\n"
            "  fix: name the scope after the package, e.g. 'srdet'",
            scope=None,
        )
    if not is_scope_name(scope_name):
        raise ScopeError(
            f"{what} {scope_name!r} is not a valid scope name\n"
            "  a scope is one Python identifier (letters, digits, '_'); the dot "
            "separates a scope from a name in keys like 'srdet.RetinaHead'\n"
            "  fix: use the top-level package name, e.g. 'srdet'",
            scope=scope_name,
        )
    return scope_name


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
        _local.set((self, _local.get()))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Restore the scope that was the default before the block."""
        frame = _local.get()
        if frame is _BOTTOM or frame[0] is not self:
            raise RuntimeError(
                f"{self!r} exited, but it is not the innermost active scope "
                "of this context; DefaultScope blocks must nest"
            )
        _local.set(frame[1])

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
            _BOTTOM[0] = instance
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
        scope: DefaultScope | None = _local.get()[0]
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
    scope: DefaultScope | None = _local.get()[0]
    return None if scope is None else scope._scope_name


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
        _BOTTOM[0] = None
        return
    check_scope_name(scope)
    with _instances_lock:
        previous = _BOTTOM[0]
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
        _BOTTOM[0] = instance
