"""PyTorch build functions with mmengine's rules: ``scopereg[torch]``.

Importing this module imports PyTorch, so ``import scopereg`` never does; it
raises :class:`~scopereg.exceptions.OptionalDependencyError` (an
``ImportError``) naming the ``scopereg[torch]`` extra when PyTorch is not
installed. :data:`scopereg.MODELS` and its children hand list configs to
:func:`build_model_from_cfg` by themselves, importing this module on the
first list they build; import it directly to give your own registries
mmengine's model or scheduler build function.

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
from typing import TYPE_CHECKING, Any

from scopereg._messages import compose, label
from scopereg.exceptions import OptionalDependencyError

try:
    from torch import nn
except ModuleNotFoundError as _err:
    if _err.name != "torch":
        raise
    raise OptionalDependencyError(
        compose(
            "scopereg.torch needs PyTorch, which is not installed",
            fix=[
                "fix: pip install 'scopereg[torch]', or first install the CPU or "
                "CUDA build of PyTorch for your platform (see PyTorch's install "
                "selector)"
            ],
        ),
        package="torch",
        extra="torch",
    ) from _err

from scopereg._build import build_from_cfg
from scopereg._special_builds import (
    ModelConfig,
    build_scheduler_from_cfg,
    same_as_default_for_mappings,
)
from scopereg.exceptions import InvalidConfigError

if TYPE_CHECKING:
    from scopereg._registry import Registry

__all__ = ["build_model_from_cfg", "build_scheduler_from_cfg"]


@same_as_default_for_mappings
def build_model_from_cfg(
    cfg: ModelConfig,
    registry: Registry[Any],
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
        >>> from scopereg import Registry
        >>> REG = Registry("model", build_func=build_model_from_cfg, scope="doc_bm")
        >>> _ = REG.register_module(module=nn.Tanh)
        >>> REG.build([dict(type="Tanh"), dict(type="Tanh")])[1]
        Tanh()
        >>> REG.build(dict(type="Tanh"))
        Tanh()
    """
    if not isinstance(cfg, list | tuple):
        return build_from_cfg(cfg, registry, default_args)
    modules = [
        _build_item(index, item, registry, default_args)
        for index, item in enumerate(cfg)
    ]
    return nn.Sequential(*modules)


def _build_item(
    index: int,
    item: Mapping[str, Any],
    registry: Registry[Any],
    default_args: Mapping[str, Any] | None,
) -> Any:
    """Build item ``index`` of a list config and check that it is a module."""
    try:
        module = build_from_cfg(item, registry, default_args)
    except Exception as error:
        error.add_note(
            f"in item [{index}] of the list config built by {label(registry)}"
        )
        raise
    if not isinstance(module, nn.Module):
        raise InvalidConfigError(
            compose(
                f"item [{index}] of the list config ({item.get('type')!r}) built "
                f"{type(module).__name__} {module!r:.60}, not a torch.nn.Module",
                [f"the list config was built by {label(registry)}"],
                [
                    "fix: a list config becomes an nn.Sequential, so every item "
                    "must build a module; build other objects from a dict config"
                ],
            ),
            config_path=f"[{index}]",
        )
    return module
