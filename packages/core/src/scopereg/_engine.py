"""The build engine: the one implementation behind every way into a build.

``Registry.build`` answers a config whose type it resolved before from its
fast branch; every other build, by any entry point (``build_from_cfg``,
``default_args=``, ``recursive=True``, ``_partial_``, the model, scheduler
and runner build functions, ``scopereg.torch``, the CLI) comes here:
:func:`build` plans the config (:class:`~scopereg._plan.Planner`) and
executes the plan (:func:`~scopereg._plan.execute`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scopereg._buildargs import check_registry
from scopereg._buildspec import BuildSpec, declare, spec_of
from scopereg._core import RegistryCore
from scopereg._messages import compose, label, qualified_name
from scopereg._plan import DEFAULT_SPEC, Node, Planner, execute
from scopereg._protocols import is_config_mapping
from scopereg.exceptions import InvalidConfigError

__all__ = ["build", "build_from_cfg", "check_recursive", "plan"]


def plan(
    cfg: object,
    registry: object,
    default_args: object = None,
    *,
    recursive: bool = False,
    config_path: str | None = None,
    spec: BuildSpec = DEFAULT_SPEC,
) -> Node:
    """Check ``cfg`` and resolve every type in it, constructing nothing.

    Args:
        cfg: The config.
        registry: Where its types resolve.
        default_args: Keyword arguments for the top-level config.
        recursive: Plan nested configs too.
        config_path: The path of ``cfg`` inside a larger config, named in
            errors; ``None`` outside recursive builds names no path.
        spec: How the registry's build function reads the top-level config.

    Returns:
        The plan, for :func:`~scopereg._plan.execute`.
    """
    if is_config_mapping(cfg):
        check_registry(registry)
    planner = Planner(
        registry,  # type: ignore[arg-type]  # checked above, or cfg fails first
        recursive=recursive,
        spec=spec,
        paths=config_path is not None,
    )
    node = planner.config(cfg, config_path or "", default_args)
    assert node is not None  # without `collect`, a problem raises instead
    return node


def build(
    cfg: object,
    registry: object,
    default_args: object = None,
    *,
    recursive: bool = False,
    config_path: str | None = None,
) -> Any:
    """Build ``cfg`` as :func:`build_from_cfg` does (the engine's general path).

    Args:
        cfg: The config.
        registry: Where its types resolve.
        default_args: Keyword arguments for the top-level config.
        recursive: Build nested configs first.
        config_path: The path of ``cfg`` inside a larger config.

    Returns:
        The built object.
    """
    return execute(
        plan(cfg, registry, default_args, recursive=recursive, config_path=config_path)
    )


def check_recursive(func: Callable[..., Any], registry: RegistryCore) -> None:
    """Refuse ``recursive=True`` for a build function that cannot honour it.

    A declared function says so in its :class:`~scopereg._buildspec.BuildSpec`;
    an undeclared one honours it if its signature takes ``recursive`` (or
    ``**kwargs``).

    Raises:
        InvalidConfigError: Naming the function and the registry.
    """
    spec = spec_of(func)
    if spec.declared:
        if spec.recursive:
            return
    elif _takes_recursive(func):
        return
    raise InvalidConfigError(
        compose(
            f"{label(registry)} cannot build recursively: its build function "
            f"{qualified_name(func)} does not support recursive=True",
            fix=[
                "fix: build without recursive=True (the classes then build their "
                "own nested configs), or give the registry a build function that "
                "supports it, e.g. scopereg.build_from_cfg"
            ],
        )
    )


def _takes_recursive(func: Callable[..., Any]) -> bool:
    """Tell whether an undeclared build function's signature takes ``recursive``."""
    import inspect

    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):  # no signature to read: let the call decide
        return True
    return any(
        p.kind is p.VAR_KEYWORD
        or (p.name == "recursive" and p.kind is not p.POSITIONAL_ONLY)
        for p in parameters
    )


@declare(DEFAULT_SPEC)
def build_from_cfg(
    cfg: Mapping[str, Any],
    registry: RegistryCore,
    default_args: Mapping[str, Any] | None = None,
    *,
    recursive: bool = False,
) -> Any:
    """Build an object from a config mapping.

    ``cfg['type']`` names a registered class or function (or is one);
    the other keys are its keyword arguments, completed by ``default_args``
    where missing. ``_scope_`` sets the default scope for this build and the
    builds nested in it. Functions are called and their result returned.
    Neither ``cfg`` nor ``default_args`` is modified.

    With ``recursive=True``, every mapping with a ``'type'`` key found in
    the config's values (inside dicts, lists and tuples, at any depth) is
    built first, from the same registry, and passed built; containers keep
    their type. Every type is resolved before anything is constructed, and
    every error names its config path (``backbone.stages[2]``). A config
    with ``_partial_=True`` gives a :func:`functools.partial` instead of
    being called. Non-recursive builds pass every key through, as mmengine
    does.

    Args:
        cfg: Any mapping with a ``'type'`` key (or ``default_args`` has one).
        registry: Where string types are resolved (the default scope's
            registry of the same tree is used instead while one is set).
        default_args: Keyword arguments used where ``cfg`` has none (the
            top-level config only).
        recursive: Build nested configs first.

    Returns:
        The constructed object, or what the function returned.

    Raises:
        TypeError: :class:`~scopereg.exceptions.InvalidConfigError` if
            ``cfg``, ``default_args``, ``registry`` or ``type`` has the
            wrong type.
        KeyError: :class:`~scopereg.exceptions.MissingTypeError` if there is
            no ``type``; :class:`~scopereg.exceptions.NotRegisteredError` if
            the type is not registered.
        ValueError: :class:`~scopereg.exceptions.ScopeError` if ``_scope_``
            is not a scope name.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", scope="doc_bfc")
        >>> @REG.register_module()
        ... class ResNet:
        ...     def __init__(self, depth, stages=4):
        ...         self.depth, self.stages = depth, stages
        >>> net = build_from_cfg(dict(type="ResNet", depth=50), REG)
        >>> net.depth, net.stages
        (50, 4)
        >>> @REG.register_module()
        ... class Net:
        ...     def __init__(self, backbone):
        ...         self.backbone = backbone
        >>> cfg = dict(type="Net", backbone=dict(type="ResNet", depth=18))
        >>> build_from_cfg(cfg, REG, recursive=True).backbone.depth
        18
    """
    return build(cfg, registry, default_args, recursive=recursive)
