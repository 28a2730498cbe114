"""Middle encoders: :class:`PointPillarsScatter`, pillars to a BEV image."""

from __future__ import annotations

from collections.abc import Sequence

from sr3d.registry import MODELS
from sr3d.structures import PillarFeatures
from srdet.structures import FeatureMap

__all__ = ["PointPillarsScatter"]


@MODELS.register_module()
class PointPillarsScatter:
    """Scatter pillar features onto a dense bird's-eye-view feature map.

    Args:
        in_channels: Channels of the pillar features.
        output_shape: ``(rows, cols)`` of the BEV map; must equal the pillar
            encoder's grid.

    Raises:
        ValueError: If ``output_shape`` is not two positive ints.

    Examples:
        >>> from sr3d.structures import PillarFeatures
        >>> scatter = PointPillarsScatter(in_channels=8, output_shape=(2, 3))
        >>> scatter(PillarFeatures(8, (2, 3), {(1, 2): 0.5})).grid
        ((0.0, 0.0, 0.0), (0.0, 0.0, 0.5))
    """

    def __init__(self, in_channels: int, output_shape: Sequence[int]) -> None:
        shape = tuple(output_shape)
        if len(shape) != 2 or min(shape) < 1:
            raise ValueError(
                f"PointPillarsScatter output_shape must be (rows, cols), got "
                f"{output_shape!r}"
            )
        self.in_channels = in_channels
        self.output_shape: tuple[int, int] = (int(shape[0]), int(shape[1]))

    @property
    def out_channels(self) -> int:
        """Channels of the BEV map (those of the pillars)."""
        return self.in_channels

    def forward(self, pillars: PillarFeatures) -> FeatureMap:
        """Place every pillar's feature at its cell; empty cells are zero.

        Args:
            pillars: What the pillar encoder produced.

        Returns:
            The BEV map, stride 1 (one cell per pillar).

        Raises:
            ValueError: If the channels or the grid shape do not match.
        """
        if pillars.channels != self.in_channels:
            raise ValueError(
                f"PointPillarsScatter expects {self.in_channels}-channel pillars, "
                f"got {pillars.channels}"
            )
        if tuple(pillars.grid_shape) != self.output_shape:
            raise ValueError(
                f"PointPillarsScatter output_shape {self.output_shape} differs from "
                f"the pillar grid {tuple(pillars.grid_shape)}; set output_shape to "
                "the point cloud range divided by the voxel size"
            )
        rows, cols = self.output_shape
        grid = [[0.0] * cols for _ in range(rows)]
        for (row, col), value in pillars.features.items():
            grid[row][col] = value
        return FeatureMap(self.in_channels, grid)

    __call__ = forward

    def __repr__(self) -> str:
        """Summarise the scatter."""
        return (
            f"PointPillarsScatter(in_channels={self.in_channels}, "
            f"output_shape={self.output_shape})"
        )
