"""3D processing transforms: PointsRangeFilter, and sr3d's own ``Resize``.

sr3d's ``Resize`` overrides srdet's inside the sr3d scope: it also rescales
the camera intrinsics (``cam2img``) so points still project onto the
resized image. Under ``DefaultScope('sr3d')`` (or ``_scope_='sr3d'``), a
pipeline that says ``'Resize'`` gets this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sr3d.registry import TRANSFORMS
from srdet.datasets.transforms.processing import Resize as Resize2D

__all__ = ["PointsRangeFilter", "Resize"]


@TRANSFORMS.register_module()
class PointsRangeFilter:
    """Keep only the points strictly inside ``point_cloud_range``.

    Args:
        point_cloud_range: ``(x_min, y_min, z_min, x_max, y_max, z_max)``.

    Raises:
        ValueError: If the range is malformed.

    Examples:
        >>> keep = PointsRangeFilter([0, -10, -3, 50, 10, 1])
        >>> keep({"points": [[1, 0, 0], [60, 0, 0], [1, 0, -5]]})["points"]
        [[1, 0, 0]]
    """

    def __init__(self, point_cloud_range: Sequence[float]) -> None:
        pcr = tuple(float(v) for v in point_cloud_range)
        if len(pcr) != 6 or any(pcr[i] >= pcr[i + 3] for i in range(3)):
            raise ValueError(
                f"point_cloud_range must be (x_min, y_min, z_min, x_max, y_max, "
                f"z_max) with each min below its max, got {point_cloud_range!r}"
            )
        self.point_cloud_range = pcr

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Filter ``results['points']``.

        Args:
            results: Must hold ``points``.

        Returns:
            ``results`` with the points outside the range removed.

        Raises:
            KeyError: If there are no points.
        """
        if "points" not in results:
            raise KeyError(
                "PointsRangeFilter needs 'points'; put LoadPointsFromFile before it"
            )
        low, high = self.point_cloud_range[:3], self.point_cloud_range[3:]
        results["points"] = [
            p
            for p in results["points"]
            if all(low[i] < p[i] < high[i] for i in range(3))
        ]
        return results

    def __repr__(self) -> str:
        """Show the range."""
        return f"PointsRangeFilter(point_cloud_range={self.point_cloud_range})"


@TRANSFORMS.register_module()
class Resize(Resize2D):
    """srdet's ``Resize``, also scaling the camera intrinsics ``cam2img``.

    Args:
        scale: Target ``(width, height)``, or one int for a square.
        keep_ratio: Fit inside ``scale`` keeping the aspect ratio.
        clip_object_border: Clip the 2D boxes to the new image.

    Examples:
        >>> results = {
        ...     "img": [[0, 0], [0, 0]],
        ...     "cam2img": [[1, 0, 1], [0, 1, 1], [0, 0, 1]],
        ... }
        >>> Resize(scale=(4, 4))(results)["cam2img"]
        [[2.0, 0.0, 2.0], [0.0, 2.0, 2.0], [0.0, 0.0, 1.0]]
    """

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Resize the image and boxes, then rescale ``cam2img`` if present.

        Args:
            results: Must hold ``img``; may hold ``cam2img`` (3x3 or 3x4).

        Returns:
            ``results``, resized.
        """
        results = super().__call__(results)
        if "cam2img" in results:
            w_ratio, h_ratio = results["scale_factor"]
            matrix = [[float(v) for v in row] for row in results["cam2img"]]
            matrix[0] = [v * w_ratio for v in matrix[0]]
            matrix[1] = [v * h_ratio for v in matrix[1]]
            results["cam2img"] = matrix
        return results
