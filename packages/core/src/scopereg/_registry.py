"""The public :class:`Registry`: mmengine's registry surface over the core.

State, registration and lookups live in :class:`~scopereg._core.RegistryCore`;
building in the engine (:mod:`scopereg._engine`), with the one fast branch
in :meth:`Registry.build`; explanations and validation in their own modules.
This class holds the mmengine-compatible methods and delegates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

from scopereg import _context, _keys, _scope, _source
from scopereg._buildargs import annotate_build_error, keywords_failed
from scopereg._checks import Checks
from scopereg._compat import MmenginePrivate
from scopereg._core import FALLBACK_SCOPE, RegistryCore, register_core_file
from scopereg._engine import build_from_cfg, check_recursive
from scopereg._entries import check_names, registrable
from scopereg._messages import wrong_type
from scopereg.exceptions import InvalidRegistrationError

__all__ = ["BuildFunc", "Registry"]

T = TypeVar("T")
C = TypeVar("C", bound=Callable[..., Any])

BuildFunc = Callable[..., Any]
"""A build function: ``(cfg, *args, registry=..., **kwargs) -> object``."""

# Frames of this file are the registry's own when a scope is inferred.
register_core_file(__file__)
_top = _context.top
_enter = _context.enter
_leave = _context.leave
# Raises TypeError for anything but a dict (or a subclass): see build().
_dict_copy = cast("Callable[[object], dict[str, Any]]", dict.copy)


class Registry(Checks, MmenginePrivate, RegistryCore, Generic[T]):
    """A mapping from names to classes or functions that build ``T``.

    Registries form trees: a sibling package adds a child with
    ``Registry('model', parent=MODELS, scope='srdet')``. ``'Name'`` resolves
    in this registry then its ancestors; ``'srdet.Name'`` resolves in the
    registry of scope ``srdet`` anywhere in the tree, at any depth, in O(1).

    Args:
        name: What the registry holds, e.g. ``'model'``.
        build_func: Builds an object from a config; defaults to the parent's,
            else :func:`scopereg.build_from_cfg`.
        parent: The registry this one falls back to.
        scope: The scope; inferred from the top-level package of the module
            that creates the registry when omitted.
        locations: Modules imported before the first lookup, once.

    Raises:
        TypeError: If an argument has the wrong type.
        ScopeError: If ``scope`` is invalid or already used in the tree.

    Examples:
        >>> ROOT = Registry("model", scope="core")
        >>> CHILD = Registry("model", parent=ROOT, scope="det")
        >>> @CHILD.register_module()
        ... class Head:
        ...     def __init__(self, classes=80):
        ...         self.classes = classes
        >>> ROOT.build(dict(type="det.Head", classes=3)).classes
        3
    """

    def __init__(
        self,
        name: str,
        build_func: BuildFunc | None = None,
        parent: Registry[Any] | None = None,
        scope: str | None = None,
        locations: Sequence[str] = (),
    ) -> None:
        super().__init__(name, build_func, parent, scope, locations, build_from_cfg)

    if TYPE_CHECKING:  # the core's answers, typed by this registry's T

        def get(self, key: str) -> Callable[..., T] | None: ...

        @property
        def parent(self) -> Registry[Any] | None: ...

        @property
        def root(self) -> Registry[Any]: ...

        @property
        def children(self) -> dict[str, Registry[Any]]: ...

        @property
        def build_func(self) -> BuildFunc: ...

        @build_func.setter
        def build_func(self, func: BuildFunc) -> None: ...

        def registry_of_scope(self, scope: str) -> Registry[Any] | None: ...

        def registry_for_current_scope(self) -> Registry[Any]: ...

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by reference to the registry's place in its tree."""
        from scopereg._pickling import locate_registry, registry_reference

        return (locate_registry, registry_reference(self))

    # -- scope helpers (mmengine API) ----------------------------------------

    @staticmethod
    def split_scope_key(key: str) -> tuple[str | None, str]:
        """Split ``key`` at its first dot into scope and the rest.

        Args:
            key: A key such as ``'srdet.RetinaHead'``.

        Returns:
            ``(scope, rest)``, or ``(None, key)`` when there is no dot.

        Examples:
            >>> Registry.split_scope_key("sr3d.srdet.ResNet")
            ('sr3d', 'srdet.ResNet')
            >>> Registry.split_scope_key("ResNet")
            (None, 'ResNet')
        """
        return _keys.split_scope_key(key)

    @staticmethod
    def infer_scope() -> str:
        """Return the top-level package of the module calling the constructor.

        Returns:
            The inferred scope; ``'__main__'`` where no module is known.

        Examples:
            >>> Registry.infer_scope() == __name__.partition(".")[0]
            True
        """
        frame = _source.outside_frame((__file__,), RegistryCore)
        return _source.top_level_package(frame) or FALLBACK_SCOPE

    # -- registration --------------------------------------------------------

    @overload
    def register_module(
        self, name: str | Sequence[str] | None = None, force: bool = False
    ) -> Callable[[C], C]: ...

    @overload
    def register_module(
        self, name: str | Sequence[str] | None, force: bool, module: C
    ) -> C: ...

    @overload
    def register_module(
        self,
        name: str | Sequence[str] | None = None,
        force: bool = False,
        *,
        module: C,
    ) -> C: ...

    def register_module(
        self,
        name: str | Sequence[str] | None = None,
        force: bool = False,
        module: C | None = None,
    ) -> C | Callable[[C], C]:
        """Register a class or function, as a decorator or a direct call.

        Args:
            name: The name, or several names; defaults to ``__name__``.
            force: Replace an existing entry of the same name.
            module: The object to register now instead of decorating.

        Returns:
            ``module`` when given, else a decorator returning its argument.

        Raises:
            TypeError: If ``force`` is not a bool or ``name`` not str(s).

        Examples:
            >>> REG = Registry("transform", scope="doc")
            >>> @REG.register_module(name=["Flip", "HFlip"])
            ... def flip(x):
            ...     return x[::-1]
            >>> REG.get("HFlip") is flip
            True
        """
        if not isinstance(force, bool):
            raise InvalidRegistrationError(
                wrong_type("force", "a boolean", force, "fix: pass force=True or False")
            )
        names = None if name is None else check_names(name)
        if module is not None:
            self._add(module, registrable(module, names), force)
            return module

        def register(obj: C) -> C:
            self._add(obj, registrable(obj, names), force)
            return obj

        return register

    def _register_module(
        self,
        module: Any,
        module_name: str | Sequence[str] | None = None,
        force: bool = False,
    ) -> None:
        """Register ``module`` under ``module_name``; all names or none.

        Args:
            module: Any callable.
            module_name: The name or names; defaults to ``module.__name__``.
            force: Replace existing entries.

        Raises:
            TypeError: If ``module`` is not callable or a name is invalid.
            KeyError: :class:`~scopereg.exceptions.DuplicateRegistrationError`
                if a name is taken and ``force`` is false.
        """
        self._add(module, registrable(module, check_names(module_name)), force)

    def remove(self, name: str) -> Any:
        """Remove the entry ``name`` from this registry and return it.

        Args:
            name: A name registered in this registry (not an ancestor).

        Returns:
            The object that was registered.

        Raises:
            TypeError: If ``name`` is not a str.
            KeyError: :class:`~scopereg.exceptions.NotRegisteredError` if
                ``name`` is not registered here.

        Examples:
            >>> REG = Registry("model", scope="doc_remove")
            >>> _ = REG.register_module(module=dict)
            >>> REG.remove("dict") is dict, "dict" in REG
            (True, False)
        """
        if not isinstance(name, str):
            raise TypeError(
                f"remove() takes a registered name (str), but got "
                f"{type(name).__name__} {name!r}"
            )
        return self._remove(name)

    # -- building ------------------------------------------------------------

    def build(self, cfg: Mapping[str, Any], *args: Any, **kwargs: Any) -> T:
        """Build an object from ``cfg`` with this registry's ``build_func``.

        Args:
            cfg: A mapping with a ``'type'`` key.
            *args: Passed to ``build_func``.
            **kwargs: Passed to ``build_func``: ``default_args=``, and
                ``recursive=True`` to build nested configs first (see
                :func:`scopereg.build_from_cfg`).

        Returns:
            The built object.

        Raises:
            TypeError: :class:`~scopereg.exceptions.InvalidConfigError` if
                ``recursive=True`` is asked of a build function that does
                not support it; else what the build function raises.

        Examples:
            >>> REG = Registry("model", scope="doc_build")
            >>> _ = REG.register_module(module=complex)
            >>> REG.build(dict(type="complex", real=1, imag=2))
            (1+2j)
        """
        # The engine's one fast branch, inlined because a call layer costs a
        # third of a direct construction. It answers only a dict config whose
        # string type the registry in force resolved before (the cache holds
        # only resolved names, so nothing needs validating), only for a
        # registry whose build function builds mappings as build_from_cfg
        # does and whose class overrides no lookup method (`_fast`). Anything
        # else, and every error before the call, takes the engine's general
        # path, so every error but the constructor's comes from one place.
        if not args and not kwargs and self._fast:
            try:
                config = _dict_copy(cfg)
                if "_scope_" not in config:
                    token = None
                    scope_name = _top()[0]  # the name of the scope in force
                    if scope_name is None:
                        obj = self._cache[config.pop("type")]
                    else:
                        obj = self._tree.fast[scope_name][0][config.pop("type")]
                else:
                    cache, frame = self._tree.fast[config.pop("_scope_")]
                    obj = cache[config.pop("type")]
                    token = _enter(frame)
            except Exception:  # not a dict, no type, not cached: general path
                pass
            else:
                try:
                    return obj(**config)  # type: ignore[no-any-return]
                except Exception as error:
                    if not keywords_failed(error, config):
                        annotate_build_error(
                            error, cfg["type"], obj, self, None, config
                        )
                        raise
                finally:
                    if token is not None:
                        _leave(token)
        if kwargs.get("recursive"):
            check_recursive(self._build_func, self)
        return self._build_func(cfg, *args, **kwargs, registry=self)  # type: ignore[no-any-return]

    @contextmanager
    def switch_scope_and_registry(self, scope: str | None) -> Iterator[Registry[Any]]:
        """Set the default scope for a block and yield the registry to use.

        Args:
            scope: The scope to switch to, or ``None`` to keep the current.

        Yields:
            The current default scope's registry in this tree, else ``self``.

        Examples:
            >>> ROOT = Registry("model", scope="doc_sw")
            >>> CHILD = Registry("model", parent=ROOT, scope="doc_sw_child")
            >>> with ROOT.switch_scope_and_registry("doc_sw_child") as reg:
            ...     reg is CHILD
            True
        """
        with _scope.DefaultScope.overwrite_default_scope(scope):
            yield self.registry_for_current_scope()
