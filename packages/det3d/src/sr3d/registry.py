"""The ``sr3d`` registries.

``MODELS`` and ``TRANSFORMS`` are children of srdet's, so ``'RetinaHead'``
looked up here finds sr3d's own override first and ``'FPN'`` falls back to
srdet's. ``DATASETS`` is a child of the root dataset registry. This module
is the target of sr3d's ``scopereg.scopes`` entry point.

Examples:
    >>> import scopereg, srdet.registry
    >>> from sr3d.registry import MODELS
    >>> MODELS.parent is srdet.registry.MODELS, MODELS.root is scopereg.MODELS
    (True, True)
    >>> MODELS.get("FPN") is srdet.registry.MODELS.get("FPN")
    True
"""

from __future__ import annotations

from typing import Any, Final

import scopereg
import srdet.registry
from scopereg import Registry

__all__ = ["DATASETS", "MODELS", "TRANSFORMS"]

MODELS: Final[Registry[Any]] = Registry(
    "model", parent=srdet.registry.MODELS, scope="sr3d", locations=["sr3d.models"]
)
"""3D detectors and their parts; falls back to srdet's models."""

TRANSFORMS: Final[Registry[Any]] = Registry(
    "transform",
    parent=srdet.registry.TRANSFORMS,
    scope="sr3d",
    locations=["sr3d.datasets.transforms"],
)
"""Point-cloud and multi-modal transforms; falls back to srdet's."""

DATASETS: Final[Registry[Any]] = Registry(
    "dataset", parent=scopereg.DATASETS, scope="sr3d", locations=["sr3d.datasets"]
)
"""3D detection datasets."""
