"""The build functions of the ``model``, ``parameter scheduler`` and ``runner`` roots.

mmengine gives these roots their own build functions. Each declares what it
does (:func:`~scopereg._buildspec.declare`), so validation reads
their configs as they do, and each builds through the engine
(:mod:`scopereg._engine`): one planner, one call site, one note writer.

* :func:`build_model`: a mapping builds as with :func:`~scopereg.build_from_cfg`;
  only a *list* of configs (an ``nn.Sequential``) imports PyTorch.
* :func:`build_scheduler_from_cfg`: mmengine's scheduler build function
  without the training runner: it consumes ``convert_to_iter_based`` and
  ``epoch_length``.
* :func:`build_runner_from_cfg`: ``runner_type`` (default ``'Runner'``)
  names the class, whose ``from_cfg`` receives the whole config.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from scopereg._buildspec import BuildSpec, declare
from scopereg._core import RegistryCore
from scopereg._engine import build, plan
from scopereg._messages import compose, label, qualified_name
from scopereg._plan import execute
from scopereg.exceptions import (
    ConfigAssertionError,
    ConfigValueAssertionError,
    InvalidConfigError,
)

__all__ = [
    "ModelConfig",
    "build_model",
    "build_runner_from_cfg",
    "build_scheduler_from_cfg",
]

ModelConfig = (
    Mapping[str, Any] | list[Mapping[str, Any]] | tuple[Mapping[str, Any], ...]
)
"""One model config, or a list (or tuple) of them for an ``nn.Sequential``."""

_SCHEDULER: Final = BuildSpec(
    consumes=frozenset({"convert_to_iter_based", "epoch_length"})
)
_RUNNER: Final = BuildSpec(
    type_key="runner_type", default_type="Runner", passes_arguments=False
)


@declare(BuildSpec(like_build_from_cfg=True, recursive=True))
def build_model(
    cfg: ModelConfig,
    registry: RegistryCore,
    default_args: Mapping[str, Any] | None = None,
    *,
    recursive: bool = False,
) -> Any:
    """Build a model; a list of configs becomes a ``torch.nn.Sequential``.

    The build function of :data:`scopereg.MODELS`, inherited by its children.
    A mapping builds as with :func:`~scopereg.build_from_cfg`, without
    importing PyTorch. A list (or tuple) of configs builds each item, in
    order, and wraps the modules in an ``nn.Sequential``, which needs PyTorch.

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
        return build(cfg, registry, default_args, recursive=recursive)
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
    from scopereg._sequential import build_sequential  # list configs only

    return build_sequential(cfg, registry, default_args)


@declare(_SCHEDULER)
def build_scheduler_from_cfg(
    cfg: Mapping[str, Any],
    registry: RegistryCore,
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
            type to convert has no ``build_iter_from_epoch``; a
            :class:`~scopereg.exceptions.ConfigAssertionError` (also an
            ``AssertionError``, as mmengine asserts) if ``cfg`` is not a
            mapping or ``registry`` not a registry.
        ValueError: :class:`~scopereg.exceptions.ConfigValueAssertionError`
            (also an ``AssertionError``) if a conversion lacks
            ``epoch_length`` or says ``by_epoch=False``.

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
    node = _asserted_plan(cfg, registry, default_args, _SCHEDULER)
    if node.consumed.get("convert_to_iter_based", False):
        _convert_to_iter_based(node)
    return execute(node)


def _convert_to_iter_based(node: Any) -> None:
    """Make ``node`` call its class's ``build_iter_from_epoch``, epoch_length given."""
    problem = None
    if "epoch_length" not in node.consumed:
        problem = "gives no epoch_length (iterations per epoch)"
    elif not node.args.get("by_epoch", True):
        problem = "says by_epoch=False (it already counts iterations)"
    where = f"scheduler {node.obj_type!r} in {label(node.registry)}"
    if problem is not None:
        raise ConfigValueAssertionError(  # mmengine asserts this
            compose(
                "Only epoch-based parameter scheduler can be converted to "
                "iter-based, and `epoch_length` should be set: "
                f"{where} has convert_to_iter_based=True but {problem}",
                fix=[
                    "fix: convert an epoch-based scheduler only, and pass "
                    "epoch_length in the config or in default_args"
                ],
            )
        )
    build_iter = getattr(node.obj, "build_iter_from_epoch", None)
    if not callable(build_iter):
        raise InvalidConfigError(
            compose(
                f"{where} cannot be converted to iteration-based: it has no "
                "build_iter_from_epoch classmethod",
                fix=[
                    "fix: drop convert_to_iter_based, or give the scheduler class "
                    "a build_iter_from_epoch(**args) classmethod"
                ],
            )
        )
    node.call = build_iter
    node.args["epoch_length"] = node.consumed["epoch_length"]


def _asserted_plan(
    cfg: object, registry: object, default_args: object, spec: BuildSpec
) -> Any:
    """Plan a build, refusing a config or registry of the wrong type as asserted.

    mmengine's runner and scheduler builds ``assert`` the types of ``cfg``
    and ``registry`` where ``build_from_cfg`` raises ``TypeError``, so the
    error here is both (:class:`~scopereg.exceptions.ConfigAssertionError`).
    """
    try:
        return plan(cfg, registry, default_args, spec=spec)
    except InvalidConfigError as err:
        if err.argument not in ("cfg", "registry"):
            raise
        message = err.message
        if err.argument == "registry":  # these builds' assert says "should be"
            message = "registry should be" + message.removeprefix("registry must be")
        raise ConfigAssertionError(message, argument=err.argument) from err


@declare(_RUNNER)
def build_runner_from_cfg(cfg: Mapping[str, Any], registry: RegistryCore) -> Any:
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
        TypeError: If the resolved runner class has no ``from_cfg``; a
            :class:`~scopereg.exceptions.ConfigAssertionError` (also an
            ``AssertionError``, as mmengine asserts) if ``cfg`` is not a
            mapping or ``registry`` not a registry.

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
    node = _asserted_plan(cfg, registry, None, _RUNNER)
    from_cfg = getattr(node.obj, "from_cfg", None)
    if from_cfg is None:
        raise InvalidConfigError(
            f"runner type {node.obj_type!r} ({qualified_name(node.obj)}) has no "
            "from_cfg method"
        )
    node.call = lambda **args: from_cfg(args)
    return execute(node)
