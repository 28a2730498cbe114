"""Building objects from configs: :func:`build_from_cfg` and friends.

:meth:`Registry.build` has an inlined fast path for the common case; this
module is the general path, which validates everything first and changes
nothing until the object is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from scopereg import _scope
from scopereg._fastbuild import MISS, build_from_cache
from scopereg._messages import compose, label, qualified_name, show_path
from scopereg.exceptions import InvalidConfigError, MissingTypeError, RegistryError

if TYPE_CHECKING:
    from scopereg._registry import Registry

__all__ = ["BuildFunc", "build_from_cfg", "build_runner_from_cfg"]

BuildFunc = Callable[..., Any]
"""A build function: ``(cfg, *args, registry=..., **kwargs) -> object``."""


def annotate_build_error(
    error: BaseException,
    obj_type: object,
    obj: object,
    registry: Any,
    config_path: str | None = None,
) -> None:
    """Add a PEP 678 note naming the build that ``error`` escaped from.

    Called once per enclosing build as the exception unwinds, so the notes
    read as the build stack, innermost first. In recursive builds each note
    has the config path, and a scopereg error without one gets the
    innermost.

    Args:
        error: The exception escaping the build.
        obj_type: The config's ``type`` as written.
        obj: What it resolved to.
        registry: The registry the build was called on.
        config_path: Where in a nested config the build is, if known.
    """
    where = label(registry) if hasattr(registry, "_lineage") else repr(registry)
    shown = obj_type if isinstance(obj_type, str) else qualified_name(obj_type)
    at = "" if config_path is None else f" at config path {show_path(config_path)}"
    error.add_note(f"while building {shown!r} ({qualified_name(obj)}) from {where}{at}")
    if (
        config_path is not None
        and isinstance(error, RegistryError)
        and error.config_path is None
    ):
        error._locate(config_path)


def build_from_cfg(
    cfg: Mapping[str, Any],
    registry: Registry[Any],
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
    if recursive:
        from scopereg._recursive import build_recursive

        return build_recursive(cfg, registry, default_args)
    # Fast branch (scopereg._fastbuild): a dict config whose type resolved
    # before builds from the lookup cache; anything else returns MISS.
    built = build_from_cache(cfg, registry, default_args)
    if built is not MISS:
        return built
    return _build_general(cfg, registry, default_args)


def _merged_args(cfg: object, registry: object, default_args: object) -> dict[str, Any]:
    """Validate the inputs and return the config merged with the defaults."""
    from scopereg._registry import Registry

    if not isinstance(cfg, Mapping):
        raise InvalidConfigError(
            compose(
                f"cfg must be a mapping such as a dict, but got "
                f"{type(cfg).__name__}: {cfg!r:.80}",
                fix=["fix: pass dict(type='Name', ...) describing one object"],
            )
        )
    if not isinstance(registry, Registry):
        raise InvalidConfigError(
            compose(
                f"registry must be a scopereg.Registry, but got "
                f"{type(registry).__name__}: {registry!r:.80}",
                fix=["fix: pass the registry to build from, e.g. MODELS"],
            )
        )
    if default_args is not None and not isinstance(default_args, Mapping):
        raise InvalidConfigError(
            compose(
                f"default_args must be a mapping or None, but got "
                f"{type(default_args).__name__}: {default_args!r:.80}",
                fix=["fix: pass a dict of keyword arguments, e.g. dict(in_channels=3)"],
            )
        )
    args = dict(cfg)
    if default_args:
        for key, value in default_args.items():
            args.setdefault(key, value)
    if "type" not in args:
        keys = [str(key) for key in cfg]
        raise MissingTypeError(
            compose(
                f"the config has no 'type' key (keys present: {keys}) and "
                "default_args gives none",
                fix=[
                    f"fix: add type='<registered name>' naming what to build from "
                    f"{label(registry)}"
                ],
            ),
            keys=keys,
        )
    bad_keys = [key for key in args if not isinstance(key, str)]
    if bad_keys:
        raise InvalidConfigError(
            compose(
                f"config keys must be str (they become keyword arguments), but "
                f"got {bad_keys!r:.80}",
                fix=["fix: write every key of the config as a str"],
            )
        )
    return args


def _build_general(
    cfg: Mapping[str, Any],
    registry: Registry[Any],
    default_args: Mapping[str, Any] | None,
) -> Any:
    """Validate, merge, honour ``_scope_`` and build (the general path)."""
    args = _merged_args(cfg, registry, default_args)
    scope = args.pop("_scope_", None)
    if scope is None:
        return _construct(args, registry)
    _scope.check_scope_name(scope, what="_scope_")
    with _scope.scope_for_name(scope):
        return _construct(args, registry)


def _resolve_type(obj_type: object, registry: Registry[Any]) -> Callable[..., Any]:
    """Turn a config's ``type`` into the callable to call."""
    if isinstance(obj_type, str):
        target = registry.registry_for_current_scope()
        obj = target.get(obj_type)
        if obj is None:
            from scopereg._diagnose import not_registered

            raise not_registered(obj_type, target, origin=registry)
        return obj
    if callable(obj_type):
        return obj_type
    raise InvalidConfigError(
        compose(
            f"type must be a str, a class or a function, but got "
            f"{type(obj_type).__name__}: {obj_type!r:.80}",
            fix=[f"fix: use the name registered in {label(registry)}"],
        )
    )


def _construct(args: dict[str, Any], registry: Registry[Any]) -> Any:
    """Resolve ``args['type']`` and call it with the remaining arguments."""
    obj_type = args.pop("type")
    obj = _resolve_type(obj_type, registry)
    try:
        return obj(**args)
    except Exception as error:
        annotate_build_error(error, obj_type, obj, registry)
        raise


def build_runner_from_cfg(cfg: Mapping[str, Any], registry: Registry[Any]) -> Any:
    """Build a runner: resolve ``runner_type`` and call its ``from_cfg``.

    Mirrors mmengine: ``cfg.get('runner_type', 'Runner')`` names the runner
    class (or is one), which receives the whole config, ``runner_type``
    included, through ``from_cfg``. ``_scope_`` switches the default scope.

    Args:
        cfg: The runner config.
        registry: The runner registry.

    Returns:
        What ``runner_cls.from_cfg(cfg)`` returns.

    Raises:
        TypeError: If the resolved runner class has no ``from_cfg``.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("runner", scope="doc_runner")
        >>> @REG.register_module()
        ... class Runner:
        ...     @classmethod
        ...     def from_cfg(cls, cfg):
        ...         return sorted(cfg)
        >>> build_runner_from_cfg(dict(work_dir="w"), REG)
        ['work_dir']
    """
    args = dict(_merged_args({"type": None, **cfg}, registry, None))
    args.pop("type")
    scope = args.pop("_scope_", None)
    runner_type = args.get("runner_type", "Runner")
    with _scope.DefaultScope.overwrite_default_scope(
        None if scope is None else _scope.check_scope_name(scope, what="_scope_")
    ):
        runner_cls = _resolve_type(runner_type, registry)
        from_cfg = getattr(runner_cls, "from_cfg", None)
        if from_cfg is None:
            raise InvalidConfigError(
                f"runner type {runner_type!r} ({qualified_name(runner_cls)}) has no "
                "from_cfg method"
            )
        return from_cfg(args)
