"""The ``srdet`` registries, children of scopereg's root registries.

This is the module the ``scopereg.scopes`` entry point names for the
``srdet`` scope, so ``'srdet.ResNet'`` resolves even before anything
imported srdet.

Examples:
    >>> import scopereg
    >>> from srdet.registry import MODELS
    >>> MODELS.parent is scopereg.MODELS, MODELS.scope
    (True, 'srdet')
    >>> scopereg.MODELS.get("srdet.ResNet") is MODELS.get("ResNet")
    True
"""

from __future__ import annotations

from typing import Any, Final

import scopereg
from scopereg import Registry

__all__ = ["DATASETS", "MODELS", "TRANSFORMS"]

MODELS: Final[Registry[Any]] = Registry(
    "model", parent=scopereg.MODELS, scope="srdet", locations=["srdet.models"]
)
"""Detectors, backbones, necks and heads."""

DATASETS: Final[Registry[Any]] = Registry(
    "dataset", parent=scopereg.DATASETS, scope="srdet", locations=["srdet.datasets"]
)
"""Detection datasets."""

TRANSFORMS: Final[Registry[Any]] = Registry(
    "transform",
    parent=scopereg.TRANSFORMS,
    scope="srdet",
    locations=["srdet.datasets.transforms"],
)
"""Data transforms of detection pipelines."""
