"""Boxes and detections: :data:`BBox`, :class:`Detection`, :func:`box_iou`."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BBox", "Detection", "box_iou"]

BBox = tuple[float, float, float, float]
"""A box as ``(x1, y1, x2, y2)`` in pixels."""


@dataclass(frozen=True)
class Detection:
    """One detected object.

    Args:
        bbox: ``(x1, y1, x2, y2)`` in input pixels.
        score: Confidence in ``[0, 1]``.
        label: Class index.
        level: The feature level it came from.
    """

    bbox: BBox
    score: float
    label: int
    level: int = 0


def box_iou(a: BBox, b: BBox) -> float:
    """Return the intersection over union of two boxes.

    Args:
        a: A box ``(x1, y1, x2, y2)``.
        b: Another box.

    Returns:
        The IoU in ``[0, 1]`` (0 when both boxes are empty).

    Examples:
        >>> box_iou((0, 0, 2, 2), (1, 0, 3, 2))
        0.3333333333333333
    """
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = width * height
    area_a = max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])
    area_b = max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])
    union = area_a + area_b - inter
    return inter / union if union > 0 else 0.0
