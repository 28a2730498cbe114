"""A list of model configs becomes a ``torch.nn.Sequential`` (mmengine's rule).

PyTorch is imported here on the first list config only, so neither
``import scopereg`` nor a mapping build ever imports it; without PyTorch the
list is refused with an error naming the ``scopereg[torch]`` extra.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scopereg._core import RegistryCore
from scopereg._engine import build
from scopereg._messages import compose, label
from scopereg.exceptions import InvalidConfigError, OptionalDependencyError

__all__ = ["INSTALL_FIX", "build_sequential", "import_torch_nn"]

INSTALL_FIX = (
    "fix: pip install 'scopereg[torch]', or first install the CPU or CUDA build "
    "of PyTorch for your platform (see PyTorch's install selector)"
)


def import_torch_nn(what: str) -> Any:
    """Import and return ``torch.nn``, or raise the error naming the extra.

    Args:
        what: What needs PyTorch, for the error's first line.

    Raises:
        OptionalDependencyError: If PyTorch is not installed.
    """
    try:
        from torch import nn
    except ModuleNotFoundError as err:
        if err.name != "torch":
            raise
        raise OptionalDependencyError(
            compose(f"{what}, but PyTorch is not installed", fix=[INSTALL_FIX]),
            package="torch",
            extra="torch",
        ) from err
    return nn


def build_sequential(
    cfg: Sequence[Mapping[str, Any]],
    registry: RegistryCore,
    default_args: Mapping[str, Any] | None,
) -> Any:
    """Build each config of ``cfg`` in order and wrap them in an ``nn.Sequential``.

    Args:
        cfg: A list (or tuple) of configs, each with its own ``_scope_`` if
            it likes.
        registry: Where string types resolve.
        default_args: Keyword arguments for every item.

    Returns:
        The ``nn.Sequential``.

    Raises:
        OptionalDependencyError: If PyTorch is not installed.
        InvalidConfigError: If an item builds something that is not a module.
    """
    nn = import_torch_nn(
        f"{label(registry)} got a list of {len(cfg)} configs, which builds a "
        "torch.nn.Sequential"
    )
    modules = [
        _build_item(nn, index, item, registry, default_args)
        for index, item in enumerate(cfg)
    ]
    return nn.Sequential(*modules)


def _build_item(
    nn: Any,
    index: int,
    item: Mapping[str, Any],
    registry: RegistryCore,
    default_args: Mapping[str, Any] | None,
) -> Any:
    """Build item ``index`` of a list config and check that it is a module."""
    try:
        module = build(item, registry, default_args)
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
