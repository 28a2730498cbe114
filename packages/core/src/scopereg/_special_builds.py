"""Build functions of the ``model`` and ``parameter scheduler`` root registries.

mmengine gives these two roots their own build functions. Neither needs
PyTorch to be imported here:

* :func:`build_model` is the root ``MODELS``'s build function. A mapping config
  builds exactly as :func:`~scopereg.build_from_cfg` does; only a *list* of
  configs (which mmengine turns into an ``nn.Sequential``) imports
  :mod:`scopereg.torch`, and with it PyTorch. Without PyTorch such a list is
  refused with an error naming the ``scopereg[torch]`` extra.
* :func:`build_scheduler_from_cfg` is mmengine's scheduler build function
  without the training runner; it calls methods of the scheduler class it
  resolves and never touches PyTorch itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar

from scopereg import _scope
from scopereg._build import (
    BuildFunc,
    _construct,
    _merged_args,
    _resolve_type,
    annotate_build_error,
    build_from_cfg,
)
from scopereg._messages import compose, label
from scopereg.exceptions import (
    ConfigValueError,
    InvalidConfigError,
    OptionalDependencyError,
)

if TYPE_CHECKING:
    from scopereg._registry import Registry

__all__ = [
    "ModelConfig",
    "build_model",
    "build_scheduler_from_cfg",
    "builds_mappings_by_default",
    "same_as_default_for_mappings",
]

F = TypeVar("F", bound=BuildFunc)

ModelConfig = (
    Mapping[str, Any] | list[Mapping[str, Any]] | tuple[Mapping[str, Any], ...]
)
"""One model config, or a list (or tuple) of them for an ``nn.Sequential``."""

# Build functions that build a mapping config exactly as build_from_cfg does.
# Registry.build keeps its inlined fast path for them; anything else (a list
# config, any error) still reaches the function itself through the general
# path, because the fast path gives up on whatever it does not recognise.
_MAPPINGS_AS_DEFAULT: Final[list[BuildFunc]] = [build_from_cfg]


def same_as_default_for_mappings(func: F) -> F:
    """Declare that ``func`` builds every mapping config as build_from_cfg does."""
    _MAPPINGS_AS_DEFAULT.append(func)
    return func


def builds_mappings_by_default(func: object) -> bool:
    """Tell whether ``Registry.build`` may build mappings on its fast path."""
    return any(func is known for known in _MAPPINGS_AS_DEFAULT)


@same_as_default_for_mappings
def build_model(
    cfg: ModelConfig,
    registry: Registry[Any],
    default_args: Mapping[str, Any] | None = None,
    *,
    recursive: bool = False,
) -> Any:
    """Build a model; a list of configs becomes a ``torch.nn.Sequential``.

    The build function of :data:`scopereg.MODELS`, inherited by its children.
    A mapping builds as with :func:`~scopereg.build_from_cfg`, without
    importing PyTorch. A list (or tuple) of configs is handed to
    :func:`scopereg.torch.build_model_from_cfg`, which needs PyTorch.

    Args:
        cfg: One config mapping, or a list of them.
        registry: The registry :meth:`~scopereg.Registry.build` was called on.
        default_args: Keyword arguments used where a config has none.
        recursive: Build nested configs first (mappings only; see
            :func:`~scopereg.build_from_cfg`).

    Returns:
        The built object, or an ``nn.Sequential`` of the built modules.

    Raises:
        ImportError: :class:`~scopereg.exceptions.OptionalDependencyError` if
            ``cfg`` is a list and PyTorch is not installed.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", build_func=build_model, scope="doc_model")
        >>> _ = REG.register_module(module=complex)
        >>> REG.build(dict(type="complex", real=2))
        (2+0j)
    """
    if not isinstance(cfg, list | tuple):
        return build_from_cfg(cfg, registry, default_args, recursive=recursive)
    if recursive:
        raise InvalidConfigError(
            compose(
                f"{label(registry)} got a list of {len(cfg)} configs with "
                "recursive=True; recursive builds take one mapping",
                fix=[
                    "fix: wrap the list, e.g. dict(type='Sequential', modules=[...]), "
                    "or build without recursive=True"
                ],
            )
        )
    try:
        from scopereg.torch import build_model_from_cfg
    except OptionalDependencyError as err:
        raise OptionalDependencyError(
            compose(
                f"{label(registry)} got a list of {len(cfg)} configs, which builds "
                "a torch.nn.Sequential, but PyTorch is not installed",
                fix=[
                    "fix: install PyTorch (pip install 'scopereg[torch]', or the CPU "
                    "or CUDA build for your platform), or build each config on its "
                    "own"
                ],
            ),
            package=err.package,
            extra=err.extra,
        ) from err
    return build_model_from_cfg(cfg, registry, default_args)


def build_scheduler_from_cfg(
    cfg: Mapping[str, Any],
    registry: Registry[Any],
    default_args: Mapping[str, Any] | None = None,
) -> Any:
    """Build a parameter scheduler, converting epochs to iterations on request.

    mmengine's rules, without a training runner: ``epoch_length`` (the
    number of iterations per epoch) is dropped from an ordinary build. With
    ``convert_to_iter_based=True`` the config must give ``epoch_length`` and
    must not say ``by_epoch=False``; the resolved class's
    ``build_iter_from_epoch(**args)`` classmethod builds the scheduler (as
    mmengine's ``_ParamScheduler`` provides), ``epoch_length`` included.
    ``_scope_`` sets the default scope for the build, as everywhere.

    Args:
        cfg: A scheduler config with a ``'type'`` key.
        registry: Where string types are resolved.
        default_args: Keyword arguments used where ``cfg`` has none (the
            runner's ``epoch_length``, for example).

    Returns:
        The built scheduler.

    Raises:
        TypeError: :class:`~scopereg.exceptions.InvalidConfigError` if the
            type to convert has no ``build_iter_from_epoch``.
        ValueError: :class:`~scopereg.exceptions.ConfigValueError` if a
            conversion lacks ``epoch_length`` or says ``by_epoch=False``.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("parameter scheduler", scope="doc_sched")
        >>> @REG.register_module()
        ... class StepLR:
        ...     def __init__(self, step, begin=0, by_epoch=True):
        ...         self.step, self.begin, self.by_epoch = step, begin, by_epoch
        ...
        ...     @classmethod
        ...     def build_iter_from_epoch(cls, step, begin=0, epoch_length=1, **kw):
        ...         return cls(step * epoch_length, begin * epoch_length, False)
        >>> cfg = dict(type="StepLR", step=3, begin=1, epoch_length=100)
        >>> vars(build_scheduler_from_cfg(cfg, REG))
        {'step': 3, 'begin': 1, 'by_epoch': True}
        >>> vars(build_scheduler_from_cfg({**cfg, "convert_to_iter_based": True}, REG))
        {'step': 300, 'begin': 100, 'by_epoch': False}
    """
    args = _merged_args(cfg, registry, default_args)
    scope = args.pop("_scope_", None)
    if scope is not None:
        _scope.check_scope_name(scope, what="_scope_")
    convert = args.pop("convert_to_iter_based", False)
    if not convert:
        args.pop("epoch_length", None)
        if scope is None:
            return _construct(args, registry)
        with _scope.scope_for_name(scope):
            return _construct(args, registry)
    _check_convertible(args, registry)
    if scope is None:
        return _construct_iter_based(args, registry)
    with _scope.scope_for_name(scope):
        return _construct_iter_based(args, registry)


def _check_convertible(args: Mapping[str, Any], registry: Registry[Any]) -> None:
    """Refuse an epoch-to-iteration conversion the config cannot support."""
    problem = None
    if "epoch_length" not in args:
        problem = "gives no epoch_length (iterations per epoch)"
    elif not args.get("by_epoch", True):
        problem = "says by_epoch=False (it already counts iterations)"
    if problem is not None:
        raise ConfigValueError(
            compose(
                f"scheduler {args['type']!r} in {label(registry)} has "
                f"convert_to_iter_based=True but {problem}",
                fix=[
                    "fix: convert an epoch-based scheduler only, and pass "
                    "epoch_length in the config or in default_args"
                ],
            )
        )


def _construct_iter_based(args: dict[str, Any], registry: Registry[Any]) -> Any:
    """Resolve the scheduler class and call its ``build_iter_from_epoch``."""
    obj_type = args.pop("type")
    scheduler_cls = _resolve_type(obj_type, registry)
    build_iter = getattr(scheduler_cls, "build_iter_from_epoch", None)
    if not callable(build_iter):
        raise InvalidConfigError(
            compose(
                f"scheduler {obj_type!r} in {label(registry)} cannot be converted "
                "to iteration-based: it has no build_iter_from_epoch classmethod",
                fix=[
                    "fix: drop convert_to_iter_based, or give the scheduler class "
                    "a build_iter_from_epoch(**args) classmethod"
                ],
            )
        )
    try:
        return build_iter(**args)
    except Exception as error:
        annotate_build_error(error, obj_type, scheduler_cls, registry)
        raise
