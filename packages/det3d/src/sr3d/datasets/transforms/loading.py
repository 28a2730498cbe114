"""Loading transforms: read a sample's point cloud and 3D annotations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sr3d.points_io import SYNTHETIC_PREFIX, read_bin_points, synthesise_points
from sr3d.registry import TRANSFORMS

__all__ = ["LoadAnnotations3D", "LoadPointsFromFile"]


@TRANSFORMS.register_module()
class LoadPointsFromFile:
    """Load the point cloud at ``results['lidar_points']['lidar_path']``.

    Reads KITTI-style float32 ``.bin`` files; a ``synthetic://`` path is
    generated in memory with points inside ``results['instances']``'
    ``bbox_3d`` boxes. Adds ``points`` (lists of ``use_dim`` values) and
    ``coord_type``.

    Args:
        coord_type: ``'LIDAR'``, ``'DEPTH'`` or ``'CAMERA'``.
        load_dim: Values per point in the file.
        use_dim: How many leading values to keep, or which indices.
        shift_height: Append each point's height above the lowest 1%.

    Raises:
        ValueError: If the options are inconsistent.

    Examples:
        >>> load = LoadPointsFromFile(coord_type="LIDAR", load_dim=4, use_dim=3)
        >>> out = load({"lidar_points": {"lidar_path": "synthetic://000.bin"}})
        >>> len(out["points"]), len(out["points"][0])
        (200, 3)
    """

    def __init__(
        self,
        coord_type: str = "LIDAR",
        load_dim: int = 4,
        use_dim: int | Sequence[int] = 4,
        shift_height: bool = False,
    ) -> None:
        if coord_type not in ("LIDAR", "DEPTH", "CAMERA"):
            raise ValueError(
                f"coord_type must be 'LIDAR', 'DEPTH' or 'CAMERA', got {coord_type!r}"
            )
        dims = list(range(use_dim)) if isinstance(use_dim, int) else list(use_dim)
        if not dims or max(dims) >= load_dim or min(dims) < 0:
            raise ValueError(
                f"use_dim {use_dim!r} must select among the {load_dim} loaded values"
            )
        self.coord_type = coord_type
        self.load_dim = load_dim
        self.use_dim = dims
        self.shift_height = shift_height

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Load the points.

        Args:
            results: Must hold ``lidar_points['lidar_path']``.

        Returns:
            ``results`` with ``points``.

        Raises:
            KeyError: If there is no lidar path.
            FileNotFoundError: If the file does not exist.
        """
        info = results.get("lidar_points")
        if not isinstance(info, Mapping) or "lidar_path" not in info:
            raise KeyError(
                "LoadPointsFromFile needs results['lidar_points']['lidar_path']"
            )
        path = str(info["lidar_path"])
        if path.startswith(SYNTHETIC_PREFIX):
            boxes = [inst["bbox_3d"] for inst in results.get("instances", ())]
            raw = synthesise_points(path, boxes)
        else:
            raw = read_bin_points(path, self.load_dim)
        points = [[point[i] for i in self.use_dim] for point in raw]
        if self.shift_height and points:
            floor = sorted(p[2] for p in points)[len(points) // 100]
            points = [[*p, p[2] - floor] for p in points]
        results["points"] = points
        results["coord_type"] = self.coord_type
        return results

    def __repr__(self) -> str:
        """Show the options."""
        return (
            f"LoadPointsFromFile(coord_type={self.coord_type!r}, "
            f"load_dim={self.load_dim}, use_dim={self.use_dim})"
        )


@TRANSFORMS.register_module()
class LoadAnnotations3D:
    """Turn ``results['instances']`` into 3D ground truth.

    Each instance has ``bbox_3d`` (``x, y, z, l, w, h, yaw``) and
    ``bbox_label_3d``. Adds ``gt_bboxes_3d`` and ``gt_labels_3d``.

    Args:
        with_bbox_3d: Load the 3D boxes.
        with_label_3d: Load the 3D labels.

    Examples:
        >>> inst = {"bbox_3d": [1, 2, 0, 4, 2, 1.5, 0], "bbox_label_3d": 2}
        >>> LoadAnnotations3D()({"instances": [inst]})["gt_labels_3d"]
        [2]
    """

    def __init__(self, with_bbox_3d: bool = True, with_label_3d: bool = True) -> None:
        self.with_bbox_3d = with_bbox_3d
        self.with_label_3d = with_label_3d

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Load the annotations.

        Args:
            results: May hold ``instances``.

        Returns:
            ``results`` with the ground truth.

        Raises:
            KeyError: If an instance lacks ``bbox_3d`` or ``bbox_label_3d``.
        """
        instances: list[Mapping[str, Any]] = list(results.get("instances", ()))
        for index, inst in enumerate(instances):
            for key in ("bbox_3d", "bbox_label_3d"):
                if key not in inst:
                    raise KeyError(f"instance #{index} has no {key!r}")
        if self.with_bbox_3d:
            results["gt_bboxes_3d"] = [
                [float(v) for v in inst["bbox_3d"]] for inst in instances
            ]
        if self.with_label_3d:
            results["gt_labels_3d"] = [int(inst["bbox_label_3d"]) for inst in instances]
        return results

    def __repr__(self) -> str:
        """Show the options."""
        return (
            f"LoadAnnotations3D(with_bbox_3d={self.with_bbox_3d}, "
            f"with_label_3d={self.with_label_3d})"
        )
