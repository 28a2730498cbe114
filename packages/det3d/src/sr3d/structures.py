"""Pure-Python data structures of sr3d: points, pillars, 3D boxes, samples."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BBox3D",
    "Det3DDataSample",
    "Detection3D",
    "PillarFeatures",
    "Point",
    "bev_box",
]

Point = list[float]
"""One point: ``x, y, z`` then extra features (e.g. reflectance)."""

BBox3D = tuple[float, float, float, float, float, float, float]
"""A LiDAR box: ``x, y, z`` (bottom centre), ``l, w, h``, ``yaw``."""


def bev_box(box: Sequence[float]) -> tuple[float, float, float, float]:
    """Return the axis-aligned bird's-eye-view extent of a 3D box.

    Args:
        box: ``x, y, z, l, w, h, yaw`` (yaw ignored).

    Returns:
        ``(x1, y1, x2, y2)`` in metres.

    Examples:
        >>> bev_box((10, 0, -1, 4, 2, 1.5, 0))
        (8.0, -1.0, 12.0, 1.0)
    """
    x, y, length, width = box[0], box[1], box[3], box[4]
    return (
        float(x - length / 2),
        float(y - width / 2),
        float(x + length / 2),
        float(y + width / 2),
    )


@dataclass(frozen=True)
class PillarFeatures:
    """What a pillar encoder produces: one feature per occupied BEV cell.

    Args:
        channels: The channel count the encoder declares.
        grid_shape: ``(rows, cols)`` of the BEV grid.
        features: ``{(row, col): value}`` for occupied pillars.
    """

    channels: int
    grid_shape: tuple[int, int]
    features: Mapping[tuple[int, int], float]


@dataclass(frozen=True)
class Detection3D:
    """One detected 3D object.

    Args:
        bbox_3d: ``x, y, z, l, w, h, yaw`` in LiDAR coordinates.
        score: Confidence in ``[0, 1]``.
        label: Class index.
    """

    bbox_3d: BBox3D
    score: float
    label: int


@dataclass
class Det3DDataSample:
    """A packed 3D sample, as a 3D detector consumes it.

    Args:
        metainfo: Sample-level facts (ids, paths, shapes, transforms applied).
        gt_bboxes_3d: Ground-truth 3D boxes.
        gt_labels_3d: One class index per 3D box.
    """

    metainfo: dict[str, Any] = field(default_factory=dict)
    gt_bboxes_3d: list[list[float]] = field(default_factory=list)
    gt_labels_3d: list[int] = field(default_factory=list)
