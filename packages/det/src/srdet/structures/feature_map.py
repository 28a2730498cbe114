"""A pure-Python stand-in for a feature tensor: :class:`FeatureMap`.

A :class:`FeatureMap` holds one representative plane of values (a tuple of
rows) plus the channel count the layer that made it declares, and its
stride in input pixels. It is enough to check shapes, strides and channel
contracts between components without numpy or torch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["FeatureMap", "Grid"]

Grid = tuple[tuple[float, ...], ...]
"""A rectangular plane of values, row by row."""


def _as_grid(rows: Iterable[Iterable[float]]) -> Grid:
    """Copy ``rows`` into a non-empty rectangular :data:`Grid` of floats."""
    grid = tuple(tuple(float(value) for value in row) for row in rows)
    if not grid or not grid[0]:
        raise ValueError("a feature map needs at least one row and one column")
    width = len(grid[0])
    if any(len(row) != width for row in grid):
        raise ValueError(f"feature map rows must all have {width} values")
    return grid


@dataclass(frozen=True, repr=False)
class FeatureMap:
    """A feature map: declared channels, one plane of values, and a stride.

    Args:
        channels: How many channels the producing layer declares.
        grid: The values, row by row (validated rectangular and non-empty).
        stride: Input pixels per cell along each axis.

    Raises:
        ValueError: If the grid is empty or ragged, or a count is not positive.

    Examples:
        >>> fmap = FeatureMap(8, [[0, 2], [4, 6]], stride=4)
        >>> fmap.shape, fmap.pool(2).grid
        ((8, 2, 2), ((3.0,),))
    """

    channels: int
    grid: Grid
    stride: int = 1

    def __init__(
        self, channels: int, grid: Iterable[Iterable[float]], stride: int = 1
    ) -> None:
        if channels < 1 or stride < 1:
            raise ValueError(
                f"channels and stride must be positive, got {channels} and {stride}"
            )
        object.__setattr__(self, "channels", channels)
        object.__setattr__(self, "grid", _as_grid(grid))
        object.__setattr__(self, "stride", stride)

    @classmethod
    def from_image(cls, image: Any, channels: int = 3) -> FeatureMap:
        """Turn an image into a stride-1 feature map.

        Args:
            image: A feature map (returned as is), an ``H x W`` list of rows,
                or a ``C x H x W`` list of planes (averaged into one plane).
            channels: Declared channels when ``image`` is a plain grid.

        Returns:
            The feature map.

        Raises:
            TypeError: If ``image`` is none of the accepted shapes.

        Examples:
            >>> FeatureMap.from_image([[[0, 2]], [[2, 4]]]).grid
            ((1.0, 3.0),)
        """
        if isinstance(image, FeatureMap):
            return image
        if not isinstance(image, Sequence) or not image:
            raise TypeError(
                f"image must be a non-empty list of rows or of planes, got "
                f"{type(image).__name__}"
            )
        first = image[0]
        if not isinstance(first, Sequence):
            raise TypeError("image rows must be sequences of numbers")
        if first and isinstance(first[0], Sequence):
            rows = [
                [sum(values) / len(image) for values in zip(*lines, strict=True)]
                for lines in zip(*image, strict=True)
            ]
            return cls(len(image), rows)
        return cls(channels, image)

    @property
    def height(self) -> int:
        """Number of rows."""
        return len(self.grid)

    @property
    def width(self) -> int:
        """Number of columns."""
        return len(self.grid[0])

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(channels, height, width)``, as a tensor's shape would read."""
        return (self.channels, self.height, self.width)

    def with_channels(self, channels: int) -> FeatureMap:
        """Return the same values declared with ``channels`` channels (a 1x1 conv).

        Args:
            channels: The new channel count.

        Returns:
            A new feature map.
        """
        return FeatureMap(channels, self.grid, self.stride)

    def pool(self, factor: int) -> FeatureMap:
        """Average-pool by ``factor`` (ceil mode: edge windows may be partial).

        Args:
            factor: Window size and step; 1 returns ``self``.

        Returns:
            The pooled map, its stride multiplied by ``factor``.
        """
        if factor == 1:
            return self
        rows = []
        for top in range(0, self.height, factor):
            row = []
            for left in range(0, self.width, factor):
                window = [
                    value
                    for line in self.grid[top : top + factor]
                    for value in line[left : left + factor]
                ]
                row.append(sum(window) / len(window))
            rows.append(row)
        return FeatureMap(self.channels, rows, self.stride * factor)

    def subsample(self, factor: int) -> FeatureMap:
        """Keep every ``factor``-th cell (a stride-``factor`` 1x1 max pool).

        Args:
            factor: The step along each axis.

        Returns:
            The subsampled map, its stride multiplied by ``factor``.
        """
        rows = [line[::factor] for line in self.grid[::factor]]
        return FeatureMap(self.channels, rows, self.stride * factor)

    def upsample_to(self, height: int, width: int) -> FeatureMap:
        """Resize to ``height`` x ``width`` by nearest-neighbour sampling.

        Args:
            height: Target rows.
            width: Target columns.

        Returns:
            The resized map, its stride scaled to match.
        """
        rows = [
            [
                self.grid[y * self.height // height][x * self.width // width]
                for x in range(width)
            ]
            for y in range(height)
        ]
        stride = max(1, self.stride * self.height // height)
        return FeatureMap(self.channels, rows, stride)

    def smooth(self) -> FeatureMap:
        """Apply a 3x3 mean filter (a fixed 3x3 convolution, zero-free edges).

        Returns:
            The filtered map, same shape and stride.
        """
        height, width = self.height, self.width
        rows = []
        for y in range(height):
            row = []
            for x in range(width):
                window = [
                    self.grid[j][i]
                    for j in range(max(0, y - 1), min(height, y + 2))
                    for i in range(max(0, x - 1), min(width, x + 2))
                ]
                row.append(sum(window) / len(window))
            rows.append(row)
        return FeatureMap(self.channels, rows, self.stride)

    def map(self, func: Callable[[float], float]) -> FeatureMap:
        """Apply ``func`` to every value.

        Args:
            func: A function from float to float.

        Returns:
            A new map with the same channels and stride.
        """
        return FeatureMap(
            self.channels, ((func(v) for v in row) for row in self.grid), self.stride
        )

    def __add__(self, other: FeatureMap) -> FeatureMap:
        """Add two maps of the same shape cell by cell.

        Raises:
            ValueError: If the shapes differ.
        """
        if self.shape != other.shape:
            raise ValueError(f"cannot add feature maps {self.shape} and {other.shape}")
        rows = (
            (a + b for a, b in zip(mine, theirs, strict=True))
            for mine, theirs in zip(self.grid, other.grid, strict=True)
        )
        return FeatureMap(self.channels, rows, self.stride)

    def max(self) -> float:
        """Return the largest value."""
        return max(max(row) for row in self.grid)

    def __repr__(self) -> str:
        """Summarise without the values."""
        return (
            f"FeatureMap(channels={self.channels}, size={self.height}x{self.width}, "
            f"stride={self.stride})"
        )
