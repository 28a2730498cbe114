"""The build engine's two passes: plan every config, then construct.

Every build that is not answered by the fast branch of
:meth:`scopereg.Registry.build` goes through here. :class:`Planner` checks
a config, merges its defaults, applies its ``_scope_`` and resolves its
``type`` into a :class:`Node`; with ``recursive=True`` it does the same for
every config nested in the values, so a typo in ``head`` fails before
``backbone`` is constructed. Only then does :func:`execute` construct,
innermost first: :func:`_construct` is the one place a user's callable is
called by the general path, and every escaping exception gets its note there.
Validation (:mod:`scopereg._validate`) runs the same walk, collecting the
problems instead of raising the first. The walk goes at most
:data:`MAX_DEPTH` levels deep, so a hostile config meets a
:class:`~scopereg.exceptions.ConfigValueError` long before Python's
recursion limit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from scopereg._buildargs import (
    annotate_build_error,
    checked_scope,
    in_scope,
    merged_args,
    resolve_type,
)
from scopereg._buildspec import BuildSpec
from scopereg._messages import compose, join_path, show_path, wrong_type
from scopereg._plan_nodes import Node, Rebuild
from scopereg.exceptions import ConfigValueError, InvalidConfigError, RegistryError

if TYPE_CHECKING:
    from scopereg._core import RegistryCore

__all__ = ["MAX_DEPTH", "Node", "Planner", "execute"]

DEFAULT_SPEC: Final = BuildSpec(like_build_from_cfg=True, recursive=True)
"""How nested configs (and build_from_cfg) are built."""

PARTIAL: Final = "_partial_"

MAX_DEPTH: Final = 64
"""How many levels of a config a recursive build walks; each dict, list and
tuple on the way down is one level, the top-level config the first. The walk
takes about five Python frames per level, so 64 stays far below the default
recursion limit (1000) with room for the caller's stack and the builds that
constructors make themselves."""

Check = Callable[[object, Callable[..., Any], Mapping[str, Any], str, bool], None]
"""Called for every resolved node: ``(type, obj, args, config_path, partial)``."""


# Values that are never walked, checked by exact type before the ABC checks.
_PLAIN: Final = frozenset({str, int, float, bool, bytes, type(None)})


class Planner:
    """Walk a config, resolving every ``type`` into a plan for :func:`execute`.

    Args:
        registry: The registry every type is resolved from.
        recursive: Walk into the values of each config.
        spec: How the top-level config is read (its build function's
            declaration); nested configs are read as build_from_cfg reads
            them.
        collect: Receives each error instead of it being raised, so the walk
            goes on and reports every problem (validation).
        check: Inspects each resolved node (validation's signature checks).
        paths: Give nodes their config path even when not recursive.
    """

    def __init__(
        self,
        registry: RegistryCore,
        *,
        recursive: bool = True,
        spec: BuildSpec = DEFAULT_SPEC,
        collect: Callable[[RegistryError], None] | None = None,
        check: Check | None = None,
        paths: bool = False,
    ) -> None:
        self.registry = registry
        self.recursive = recursive
        self.spec = spec
        self.paths = paths or recursive
        self.collect = collect
        self.check = check
        self._active: set[int] = set()

    def _fail(self, error: RegistryError, path: str) -> None:
        """Locate ``error`` at ``path`` (where paths are kept), then raise or collect it."""
        if self.paths and error.config_path is None:
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
        # Only the top-level config is read by the registry's build function.
        spec, self.spec = self.spec, DEFAULT_SPEC
        try:
            args = merged_args(cfg, self.registry, default_args, spec)
            scope, partial = self._reserved(args)
        except RegistryError as error:
            self._fail(error, path)
            return None
        consumed = {key: args.pop(key) for key in spec.consumes if key in args}
        with in_scope(scope):
            if spec.type_key == "type":
                obj_type = args.pop("type", spec.default_type)
            else:  # the runner's `runner_type` stays in the config it passes on
                args.pop("type", None)
                obj_type = args.get(spec.type_key, spec.default_type)
            obj: Callable[..., Any] | None = None
            try:
                obj = resolve_type(obj_type, self.registry)
            except RegistryError as error:
                self._fail(error, path)
            if obj is not None and self.check is not None and spec.passes_arguments:
                self.check(obj_type, obj, args, path, partial)
            if self.recursive:
                args = self._arguments(args, path, obj_type, obj)
        if obj is None:
            return None
        return Node(
            obj_type,
            obj,
            args,
            path=path if self.paths else None,
            registry=self.registry,
            scope=scope,
            partial=partial,
            consumed=consumed,
        )

    def _reserved(self, args: dict[str, Any]) -> tuple[str | None, bool]:
        """Pop and check ``_scope_`` (and ``_partial_`` when recursive)."""
        scope = checked_scope(args)
        partial = args.pop(PARTIAL, False) if self.recursive else False
        if not isinstance(partial, bool):
            raise InvalidConfigError(
                wrong_type(
                    "_partial_",
                    "True or False",
                    partial,
                    "fix: write _partial_=True to get a functools.partial",
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
        # `_active` holds every container and config from the top down to
        # here (a repeat is a cycle): its size is the depth of `value`'s parent.
        if len(self._active) >= MAX_DEPTH:
            self._fail(
                ConfigValueError(
                    compose(
                        f"the config is nested more than {MAX_DEPTH} levels deep "
                        "(each dict, list and tuple is a level)",
                        fix=[
                            "fix: build the deep part on its own and pass the "
                            "built object in, or flatten the config"
                        ],
                    )
                ),
                path,
            )
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
    with in_scope(node.scope):
        try:
            kwargs = {key: execute(value) for key, value in node.args.items()}
            if node.partial:
                return functools.partial(node.call, **kwargs)
            return node.call(**kwargs)
        except Exception as error:
            annotate_build_error(
                error, node.obj_type, node.obj, node.registry, node.path, node.args
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
