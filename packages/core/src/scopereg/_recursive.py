"""Recursive building: nested configs built depth-first, config paths in errors.

A recursive build takes two passes. :class:`Planner` walks the config and
resolves every ``type`` (under the ``_scope_`` in force at that node) into a
plan; only then does :func:`execute` construct, innermost first. A typo in
``head`` therefore fails before ``backbone`` is constructed. Validation
(:mod:`scopereg._validate`) runs the same walk, collecting the problems
instead of raising the first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, Final

from scopereg import _scope
from scopereg._build import _merged_args, _resolve_type, annotate_build_error
from scopereg._messages import compose, join_path, show_path
from scopereg.exceptions import InvalidConfigError, RegistryError

if TYPE_CHECKING:
    from scopereg._registry import Registry

__all__ = ["Planner", "build_recursive", "execute"]

PARTIAL: Final = "_partial_"

Check = Callable[[object, Callable[..., Any], Mapping[str, Any], str, bool], None]
"""Called for every resolved node: ``(type, obj, args, config_path, partial)``."""


class Node:
    """One config to build: the resolved callable and its planned arguments."""

    __slots__ = ("args", "obj", "obj_type", "partial", "path", "registry", "scope")

    def __init__(
        self,
        obj_type: object,
        obj: Callable[..., Any],
        args: dict[str, Any],
        *,
        path: str,
        registry: Registry[Any],
        scope: str | None,
        partial: bool,
    ) -> None:
        self.obj_type = obj_type
        self.obj = obj
        self.args = args
        self.path = path
        self.registry = registry
        self.scope = scope
        self.partial = partial


class Rebuild:
    """A container holding configs to build: rebuilt with its own type."""

    __slots__ = ("factory", "items", "kind", "pairs", "path")

    def __init__(
        self, container: object, items: list[Any], *, pairs: bool, path: str
    ) -> None:
        kind = type(container)
        self.kind = kind.__name__
        self.factory: Callable[[list[Any]], Any]
        if kind in (dict, list, tuple):
            self.factory = kind
        elif isinstance(container, tuple) and hasattr(kind, "_make"):
            self.factory = kind._make  # a namedtuple takes fields, not one iterable
        elif isinstance(container, dict | list | tuple):
            self.factory = kind
        else:  # a read-only or custom Mapping: the built values go in a dict
            self.factory = dict
        self.items = items
        self.pairs = pairs
        self.path = path


_NO_SCOPE: Final = nullcontext()
# Values that are never walked, checked by exact type before the ABC checks.
_PLAIN: Final = frozenset({str, int, float, bool, bytes, type(None)})


def _in_scope(scope: str | None) -> AbstractContextManager[object]:
    """Return the default scope a node's ``_scope_`` sets, to enter, if any."""
    return _NO_SCOPE if scope is None else _scope.scope_for_name(scope)


class Planner:
    """Walk a config, resolving every ``type`` into a plan for :func:`execute`.

    Args:
        registry: The registry every type is resolved from.
        recursive: Walk into the values of each config.
        collect: Receives each error instead of it being raised, so the walk
            goes on and reports every problem (validation).
        check: Inspects each resolved node (validation's signature checks).
    """

    def __init__(
        self,
        registry: Registry[Any],
        *,
        recursive: bool = True,
        collect: Callable[[RegistryError], None] | None = None,
        check: Check | None = None,
    ) -> None:
        self.registry = registry
        self.recursive = recursive
        self.collect = collect
        self.check = check
        self._active: set[int] = set()

    def _fail(self, error: RegistryError, path: str) -> None:
        """Locate ``error`` at ``path``, then raise or collect it."""
        if error.config_path is None:
            error._locate(path)
        if self.collect is None:
            raise error
        self.collect(error)

    def config(
        self, cfg: object, path: str, default_args: object = None
    ) -> Node | None:
        """Plan the build of one config; ``None`` if it has a problem (collecting).

        Args:
            cfg: The config (a mapping with ``type``).
            path: Its config path; ``''`` is the top level.
            default_args: Keyword arguments where ``cfg`` has none.

        Returns:
            The plan of the node.
        """
        self._active.add(id(cfg))
        try:
            return self._node(cfg, path, default_args)
        finally:
            self._active.discard(id(cfg))

    def _node(self, cfg: object, path: str, default_args: object) -> Node | None:
        try:
            args = _merged_args(cfg, self.registry, default_args)
            scope, partial = self._reserved(args)
        except RegistryError as error:
            self._fail(error, path)
            return None
        with _in_scope(scope):
            obj_type = args.pop("type")
            obj: Callable[..., Any] | None = None
            try:
                obj = _resolve_type(obj_type, self.registry)
            except RegistryError as error:
                self._fail(error, path)
            if obj is not None and self.check is not None:
                self.check(obj_type, obj, args, path, partial)
            if self.recursive:
                args = self._arguments(args, path, obj_type, obj)
        if obj is None:
            return None
        return Node(
            obj_type,
            obj,
            args,
            path=path,
            registry=self.registry,
            scope=scope,
            partial=partial,
        )

    def _reserved(self, args: dict[str, Any]) -> tuple[str | None, bool]:
        """Pop and check ``_scope_`` (and ``_partial_`` when recursive)."""
        scope = args.pop("_scope_", None)
        if scope is not None:
            _scope.check_scope_name(scope, what="_scope_")
        partial = args.pop(PARTIAL, False) if self.recursive else False
        if not isinstance(partial, bool):
            raise InvalidConfigError(
                compose(
                    f"_partial_ must be True or False, but got "
                    f"{type(partial).__name__}: {partial!r:.80}",
                    fix=["fix: write _partial_=True to get a functools.partial"],
                )
            )
        return scope, partial

    def _arguments(
        self,
        args: dict[str, Any],
        path: str,
        obj_type: object,
        obj: Callable[..., Any] | None,
    ) -> dict[str, Any]:
        """Plan a node's argument values, noting the node on an escaping error."""
        try:
            return {key: self.value(v, join_path(path, key)) for key, v in args.items()}
        except Exception as error:
            if obj is not None:
                annotate_build_error(error, obj_type, obj, self.registry, path)
            raise

    def value(self, value: object, path: str) -> Any:
        """Plan one value: a config, a container of configs, or plain data.

        Args:
            value: Any config value.
            path: Its config path.

        Returns:
            ``value`` itself when nothing inside it is built, else its plan.
        """
        if type(value) in _PLAIN or not isinstance(value, Mapping | list | tuple):
            return value
        if id(value) in self._active:
            self._fail(
                InvalidConfigError(
                    compose(
                        f"the config contains itself at {show_path(path)}",
                        fix=["fix: give each place in the config its own dict"],
                    )
                ),
                path,
            )
            return value
        if isinstance(value, Mapping) and "type" in value:
            return self.config(value, path)
        self._active.add(id(value))
        try:
            return self._container(value, path)
        finally:
            self._active.discard(id(value))

    def _container(
        self, value: Mapping[Any, Any] | list[Any] | tuple[Any, ...], path: str
    ) -> Any:
        """Plan a mapping or sequence, keeping it as is when nothing in it builds."""
        if isinstance(value, Mapping):
            pairs = [(k, self.value(v, join_path(path, k))) for k, v in value.items()]
            if all(
                new is old for (_, new), old in zip(pairs, value.values(), strict=True)
            ):
                return value
            return Rebuild(value, pairs, pairs=True, path=path)
        items = [self.value(v, join_path(path, i)) for i, v in enumerate(value)]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return Rebuild(value, items, pairs=False, path=path)


def execute(plan: object) -> Any:
    """Build a plan made by :class:`Planner`, innermost configs first.

    Args:
        plan: A :class:`Node`, a :class:`Rebuild`, or a plain value.

    Returns:
        The built object (plain values are returned as they are).
    """
    if isinstance(plan, Node):
        return _construct(plan)
    if isinstance(plan, Rebuild):
        return _rebuild(plan)
    return plan


def _construct(node: Node) -> Any:
    """Build a node's arguments, then call it (or wrap it in a partial)."""
    with _in_scope(node.scope):
        try:
            kwargs = {key: execute(value) for key, value in node.args.items()}
            if node.partial:
                return functools.partial(node.obj, **kwargs)
            return node.obj(**kwargs)
        except Exception as error:
            annotate_build_error(
                error, node.obj_type, node.obj, node.registry, node.path
            )
            raise


def _rebuild(plan: Rebuild) -> Any:
    """Rebuild a container around its built items, with its own type."""
    if plan.pairs:
        items = [(key, execute(value)) for key, value in plan.items]
    else:
        items = [execute(value) for value in plan.items]
    try:
        return plan.factory(items)
    except Exception as err:
        raise InvalidConfigError(
            compose(
                f"cannot rebuild the {plan.kind} at {show_path(plan.path)} around "
                f"its built values: {type(err).__name__}: {err}",
                [f"at config path: {show_path(plan.path)}"],
                ["fix: use a dict, list or tuple for containers of configs"],
            ),
            config_path=plan.path,
        ) from err


def build_recursive(
    cfg: Mapping[str, Any],
    registry: Registry[Any],
    default_args: Mapping[str, Any] | None = None,
    *,
    config_path: str = "",
) -> Any:
    """Build ``cfg`` and every config nested in it (``recursive=True``).

    Args:
        cfg: The config.
        registry: Where every type is resolved.
        default_args: Keyword arguments for the top-level config.
        config_path: The path of ``cfg`` inside a larger config (``'model'``),
            prefixed to the config path in every error.

    Returns:
        The built object.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", scope="doc_recursive")
        >>> _ = REG.register_module(module=complex)
        >>> build_recursive(
        ...     dict(type="complex", real=dict(type="complex", real=2)), REG
        ... )
        (2+0j)
    """
    return execute(Planner(registry).config(cfg, config_path, default_args))
