"""Voxel encoders: :class:`PillarFeatureNet`, PointPillars' pillar encoder."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from sr3d.registry import MODELS
from sr3d.structures import PillarFeatures

__all__ = ["PillarFeatureNet"]


@MODELS.register_module()
class PillarFeatureNet:
    """Group points into vertical pillars and encode each pillar.

    Points are binned on the ``voxel_size`` grid over ``point_cloud_range``;
    points outside the range are dropped. Each point is decorated (offsets
    to its pillar's mean and, optionally, centre and the distance to the
    sensor) and the pillar keeps the maximum over its points, as PointNet
    does. The stand-in feature is the normalised height above the range's
    floor, which makes the output a bird's-eye-view height map.

    Args:
        in_channels: Features per input point (``x, y, z, r`` is 4).
        feat_channels: Widths of the PFN layers; the last is the output.
        with_distance: Decorate points with their distance to the origin.
        with_cluster_center: Decorate with the offset to the pillar's mean.
        with_voxel_center: Decorate with the offset to the pillar's centre.
        voxel_size: Pillar size ``(x, y, z)`` in metres.
        point_cloud_range: ``(x_min, y_min, z_min, x_max, y_max, z_max)``.
        norm_cfg: Normalisation config, kept for the record.

    Raises:
        ValueError: If the range or the voxel size is malformed.

    Examples:
        >>> pfn = PillarFeatureNet(
        ...     voxel_size=(1, 1, 4), point_cloud_range=(0, 0, -2, 4, 2, 2)
        ... )
        >>> out = pfn([[0.5, 0.5, 0.0, 0.1], [3.5, 1.5, 1.0, 0.9], [9, 9, 9, 0]])
        >>> out.grid_shape, dict(out.features)
        ((2, 4), {(0, 0): 0.5, (1, 3): 0.75})
    """

    def __init__(
        self,
        in_channels: int = 4,
        feat_channels: Sequence[int] = (64,),
        with_distance: bool = False,
        with_cluster_center: bool = True,
        with_voxel_center: bool = True,
        voxel_size: Sequence[float] = (0.16, 0.16, 4.0),
        point_cloud_range: Sequence[float] = (0.0, -39.68, -3.0, 69.12, 39.68, 1.0),
        norm_cfg: Mapping[str, Any] | None = None,
    ) -> None:
        pcr = tuple(float(v) for v in point_cloud_range)
        size = tuple(float(v) for v in voxel_size)
        if len(pcr) != 6 or any(pcr[i] >= pcr[i + 3] for i in range(3)):
            raise ValueError(
                f"point_cloud_range must be (x_min, y_min, z_min, x_max, y_max, "
                f"z_max) with each min below its max, got {point_cloud_range!r}"
            )
        if len(size) != 3 or min(size) <= 0:
            raise ValueError(f"voxel_size must be 3 positive sizes, got {voxel_size!r}")
        if in_channels < 3 or not feat_channels:
            raise ValueError(
                "PillarFeatureNet needs in_channels >= 3 (x, y, z) and at least one "
                "feat_channels entry"
            )
        self.in_channels = in_channels
        self.feat_channels = tuple(feat_channels)
        self.with_distance = with_distance
        self.with_cluster_center = with_cluster_center
        self.with_voxel_center = with_voxel_center
        self.voxel_size = size
        self.point_cloud_range = pcr
        self.norm_cfg = dict(norm_cfg or {"type": "BN1d", "eps": 1e-3})
        self.grid_shape = (
            round((pcr[4] - pcr[1]) / size[1]),
            round((pcr[3] - pcr[0]) / size[0]),
        )

    @property
    def out_channels(self) -> int:
        """Channels of each pillar's feature."""
        return self.feat_channels[-1]

    @property
    def num_point_features(self) -> int:
        """Features per decorated point fed to the PFN layers."""
        extra = 3 * self.with_cluster_center + 2 * self.with_voxel_center
        return self.in_channels + extra + int(self.with_distance)

    def voxelize(
        self, points: Sequence[Sequence[float]]
    ) -> dict[tuple[int, int], list[Sequence[float]]]:
        """Bin ``points`` into pillars ``{(row, col): points}``; drop the rest.

        Args:
            points: Points with at least ``x, y, z``.

        Returns:
            The occupied pillars.
        """
        x_min, y_min, z_min, x_max, y_max, z_max = self.point_cloud_range
        rows, cols = self.grid_shape
        pillars: dict[tuple[int, int], list[Sequence[float]]] = {}
        for point in points:
            x, y, z = point[0], point[1], point[2]
            if not (x_min <= x < x_max and y_min <= y < y_max and z_min <= z < z_max):
                continue
            col = min(cols - 1, int((x - x_min) / self.voxel_size[0]))
            row = min(rows - 1, int((y - y_min) / self.voxel_size[1]))
            pillars.setdefault((row, col), []).append(point)
        return pillars

    def _decorate(
        self, pillar: Sequence[Sequence[float]], cell: tuple[int, int]
    ) -> list[list[float]]:
        """Add the offsets (and distance) that PointPillars feeds its PFN."""
        count = len(pillar)
        mean = [sum(p[i] for p in pillar) / count for i in range(3)]
        centre = (
            self.point_cloud_range[0] + (cell[1] + 0.5) * self.voxel_size[0],
            self.point_cloud_range[1] + (cell[0] + 0.5) * self.voxel_size[1],
        )
        decorated = []
        for p in pillar:
            row = [float(v) for v in p[: self.in_channels]]
            if self.with_cluster_center:
                row += [p[i] - mean[i] for i in range(3)]
            if self.with_voxel_center:
                row += [p[0] - centre[0], p[1] - centre[1]]
            if self.with_distance:
                row.append(math.sqrt(p[0] ** 2 + p[1] ** 2 + p[2] ** 2))
            decorated.append(row)
        return decorated

    def forward(self, points: Sequence[Sequence[float]]) -> PillarFeatures:
        """Encode the points into per-pillar features.

        Args:
            points: Points with ``in_channels`` features each.

        Returns:
            The features of the occupied pillars.
        """
        z_min, z_max = self.point_cloud_range[2], self.point_cloud_range[5]
        features = {}
        for cell, pillar in self.voxelize(points).items():
            decorated = self._decorate(pillar, cell)
            features[cell] = max((p[2] - z_min) / (z_max - z_min) for p in decorated)
        return PillarFeatures(self.out_channels, self.grid_shape, features)

    __call__ = forward

    def __repr__(self) -> str:
        """Summarise the encoder."""
        return (
            f"PillarFeatureNet(out_channels={self.out_channels}, "
            f"grid_shape={self.grid_shape})"
        )
