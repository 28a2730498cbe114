"""The root registries, one per tree, with mmengine's names.

Sibling packages hang their child registries under these:
``Registry('model', parent=scopereg.MODELS, scope='srdet')``. The generic
components in :mod:`scopereg.builtins` are imported lazily through
``locations`` on the first lookup.
"""

from __future__ import annotations

from typing import Any, Final

from scopereg._build_funcs import (
    build_model,
    build_runner_from_cfg,
    build_scheduler_from_cfg,
)
from scopereg._registry import Registry

_SCOPE: Final = "scopereg"

RUNNERS: Final[Registry[Any]] = Registry(
    "runner", build_func=build_runner_from_cfg, scope=_SCOPE
)
RUNNER_CONSTRUCTORS: Final[Registry[Any]] = Registry("runner constructor", scope=_SCOPE)
LOOPS: Final[Registry[Any]] = Registry("loop", scope=_SCOPE)
HOOKS: Final[Registry[Any]] = Registry("hook", scope=_SCOPE)
STRATEGIES: Final[Registry[Any]] = Registry("strategy", scope=_SCOPE)
DATASETS: Final[Registry[Any]] = Registry(
    "dataset", scope=_SCOPE, locations=["scopereg.builtins.datasets"]
)
DATA_SAMPLERS: Final[Registry[Any]] = Registry("data sampler", scope=_SCOPE)
TRANSFORMS: Final[Registry[Any]] = Registry(
    "transform", scope=_SCOPE, locations=["scopereg.builtins.transforms"]
)
# build_model builds mappings as build_from_cfg does and hands a list of configs
# to scopereg.torch (an nn.Sequential); PyTorch is imported on that path only.
MODELS: Final[Registry[Any]] = Registry(
    "model",
    build_func=build_model,
    scope=_SCOPE,
    locations=["scopereg.builtins.models"],
)
MODEL_WRAPPERS: Final[Registry[Any]] = Registry("model_wrapper", scope=_SCOPE)
WEIGHT_INITIALIZERS: Final[Registry[Any]] = Registry("weight initializer", scope=_SCOPE)
OPTIMIZERS: Final[Registry[Any]] = Registry("optimizer", scope=_SCOPE)
OPTIM_WRAPPERS: Final[Registry[Any]] = Registry("optim_wrapper", scope=_SCOPE)
OPTIM_WRAPPER_CONSTRUCTORS: Final[Registry[Any]] = Registry(
    "optimizer wrapper constructor", scope=_SCOPE
)
PARAM_SCHEDULERS: Final[Registry[Any]] = Registry(
    "parameter scheduler", build_func=build_scheduler_from_cfg, scope=_SCOPE
)
METRICS: Final[Registry[Any]] = Registry("metric", scope=_SCOPE)
EVALUATOR: Final[Registry[Any]] = Registry("evaluator", scope=_SCOPE)
TASK_UTILS: Final[Registry[Any]] = Registry("task util", scope=_SCOPE)
VISUALIZERS: Final[Registry[Any]] = Registry("visualizer", scope=_SCOPE)
VISBACKENDS: Final[Registry[Any]] = Registry("vis_backend", scope=_SCOPE)
LOG_PROCESSORS: Final[Registry[Any]] = Registry("log_processor", scope=_SCOPE)
INFERENCERS: Final[Registry[Any]] = Registry("inferencer", scope=_SCOPE)
FUNCTIONS: Final[Registry[Any]] = Registry("function", scope=_SCOPE)
