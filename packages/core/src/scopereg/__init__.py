"""scopereg: a hierarchical, scoped object registry for Python monorepos.

Root registries live here (``MODELS``, ``DATASETS``, ...); sibling packages
add child registries with ``Registry('model', parent=MODELS, scope='srdet')``.
``dict(type='srdet.RetinaHead')`` builds from the right package, and
``with DefaultScope('sr3d'):`` decides whose implementation a build picks,
per thread and per asyncio task.

Examples:
    >>> from scopereg import Registry
    >>> BACKBONES = Registry("backbone", scope="doc_pkg")
    >>> @BACKBONES.register_module()
    ... class ResNet:
    ...     def __init__(self, depth):
    ...         self.depth = depth
    >>> BACKBONES.build(dict(type="ResNet", depth=50)).depth
    50
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scopereg._build_funcs import build_runner_from_cfg
from scopereg._discovery import installed_scopes, load_installed_scopes
from scopereg._engine import build_from_cfg
from scopereg._registry import Registry
from scopereg._root import (
    DATA_SAMPLERS,
    DATASETS,
    EVALUATOR,
    FUNCTIONS,
    HOOKS,
    INFERENCERS,
    LOG_PROCESSORS,
    LOOPS,
    METRICS,
    MODEL_WRAPPERS,
    MODELS,
    OPTIM_WRAPPER_CONSTRUCTORS,
    OPTIM_WRAPPERS,
    OPTIMIZERS,
    PARAM_SCHEDULERS,
    RUNNER_CONSTRUCTORS,
    RUNNERS,
    STRATEGIES,
    TASK_UTILS,
    TRANSFORMS,
    VISBACKENDS,
    VISUALIZERS,
    WEIGHT_INITIALIZERS,
)
from scopereg._scope import DefaultScope, init_default_scope
from scopereg.exceptions import (
    ArgumentAssertionError,
    ConfigAssertionError,
    ConfigError,
    ConfigValueAssertionError,
    ConfigValueError,
    DuplicateRegistrationError,
    InvalidConfigError,
    InvalidRegistrationError,
    LocationImportError,
    MissingTypeError,
    NotRegisteredError,
    OptionalDependencyError,
    RegistryError,
    ScopeAssertionError,
    ScopeError,
    ScopeFallbackWarning,
    ValidationError,
)

if TYPE_CHECKING:
    from scopereg._capture import CapturedScope, current_scope
    from scopereg._explain import Explanation
    from scopereg._introspect import count_registered_modules, traverse_registry_tree
    from scopereg._validate import ConfigProblem, ValidationReport

# Names that only some programs use (report classes that explain() and
# validate() create, scope capture, introspection), imported on first use so
# that `import scopereg` stays cheap.
_LAZY = {
    "CapturedScope": "scopereg._capture",
    "ConfigProblem": "scopereg._validate",
    "Explanation": "scopereg._explain",
    "ValidationReport": "scopereg._validate",
    "count_registered_modules": "scopereg._introspect",
    "current_scope": "scopereg._capture",
    "traverse_registry_tree": "scopereg._introspect",
}

__all__ = [
    "DATASETS",
    "DATA_SAMPLERS",
    "EVALUATOR",
    "FUNCTIONS",
    "HOOKS",
    "INFERENCERS",
    "LOG_PROCESSORS",
    "LOOPS",
    "METRICS",
    "MODELS",
    "MODEL_WRAPPERS",
    "OPTIMIZERS",
    "OPTIM_WRAPPERS",
    "OPTIM_WRAPPER_CONSTRUCTORS",
    "PARAM_SCHEDULERS",
    "RUNNERS",
    "RUNNER_CONSTRUCTORS",
    "STRATEGIES",
    "TASK_UTILS",
    "TRANSFORMS",
    "VISBACKENDS",
    "VISUALIZERS",
    "WEIGHT_INITIALIZERS",
    "ArgumentAssertionError",
    "CapturedScope",
    "ConfigAssertionError",
    "ConfigError",
    "ConfigProblem",
    "ConfigValueAssertionError",
    "ConfigValueError",
    "DefaultScope",
    "DuplicateRegistrationError",
    "Explanation",
    "InvalidConfigError",
    "InvalidRegistrationError",
    "LocationImportError",
    "MissingTypeError",
    "NotRegisteredError",
    "OptionalDependencyError",
    "Registry",
    "RegistryError",
    "ScopeAssertionError",
    "ScopeError",
    "ScopeFallbackWarning",
    "ValidationError",
    "ValidationReport",
    "build_from_cfg",
    "build_runner_from_cfg",
    "count_registered_modules",
    "current_scope",
    "init_default_scope",
    "installed_scopes",
    "load_installed_scopes",
    "traverse_registry_tree",
]


def __getattr__(name: str) -> Any:
    """Serve ``__version__`` and the report classes lazily."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("scopereg")
        except PackageNotFoundError:
            from scopereg._version import __version__

            return __version__
    raise AttributeError(f"module 'scopereg' has no attribute {name!r}")
