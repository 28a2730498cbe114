"""PyTorch build functions with mmengine's rules: ``scopereg[torch]``.

Importing this module imports PyTorch, so ``import scopereg`` never does; it
raises :class:`~scopereg.exceptions.OptionalDependencyError` (an
``ImportError``) naming the ``scopereg[torch]`` extra when PyTorch is not
installed. :data:`scopereg.MODELS` and its children build list configs the same way
by themselves (importing PyTorch on the first list they build); import this
module to give your own registries mmengine's model or scheduler build
function.

Examples:
    >>> from torch import nn
    >>> from scopereg import Registry
    >>> from scopereg.torch import build_model_from_cfg
    >>> LAYERS = Registry("model", build_func=build_model_from_cfg, scope="doc_nn")
    >>> _ = LAYERS.register_module(module=nn.Linear)
    >>> _ = LAYERS.register_module(module=nn.ReLU)
    >>> LAYERS.build(
    ...     [dict(type="Linear", in_features=4, out_features=2), dict(type="ReLU")]
    ... )
    Sequential(
      (0): Linear(in_features=4, out_features=2, bias=True)
      (1): ReLU()
    )
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scopereg._build_funcs import ModelConfig, build_scheduler_from_cfg
from scopereg._buildspec import BuildSpec, declare
from scopereg._core import RegistryCore
from scopereg._engine import build
from scopereg._sequential import build_sequential, import_torch_nn

__all__ = ["build_model_from_cfg", "build_scheduler_from_cfg"]

# Importing this module without PyTorch fails here, naming the extra.
import_torch_nn("scopereg.torch needs PyTorch")


@declare(BuildSpec(like_build_from_cfg=True))
def build_model_from_cfg(
    cfg: ModelConfig,
    registry: RegistryCore,
    default_args: Mapping[str, Any] | None = None,
) -> Any:
    """Build a module; a list of configs becomes a ``torch.nn.Sequential``.

    mmengine's model build function. A list (or tuple) of configs builds
    each item with :func:`~scopereg.build_from_cfg` and ``default_args``,
    in order, and wraps the modules in an ``nn.Sequential``; each item may
    carry its own ``_scope_``. Anything else builds as with
    :func:`~scopereg.build_from_cfg`.

    Args:
        cfg: One config mapping, or a list of them.
        registry: Where string types are resolved.
        default_args: Keyword arguments used where a config has none; for a
            list, in every item.

    Returns:
        The built object, or an ``nn.Sequential`` of the built modules.

    Raises:
        TypeError: :class:`~scopereg.exceptions.InvalidConfigError` if an item
            of a list builds something that is not an ``nn.Module``.

    Examples:
        >>> from torch import nn
        >>> from scopereg import Registry
        >>> REG = Registry("model", build_func=build_model_from_cfg, scope="doc_bm")
        >>> _ = REG.register_module(module=nn.Tanh)
        >>> REG.build([dict(type="Tanh"), dict(type="Tanh")])[1]
        Tanh()
        >>> REG.build(dict(type="Tanh"))
        Tanh()
    """
    if not isinstance(cfg, list | tuple):
        return build(cfg, registry, default_args)
    return build_sequential(cfg, registry, default_args)
