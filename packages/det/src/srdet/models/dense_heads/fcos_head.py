"""FCOS's anchor-free dense head, with centerness."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from srdet.models.dense_heads.base_dense_head import DenseHead
from srdet.registry import MODELS
from srdet.structures import FeatureMap

__all__ = ["FCOSHead"]


@MODELS.register_module()
class FCOSHead(DenseHead):
    """FCOS's anchor-free head: class scores, box distances and centerness.

    A cell's centerness is its value over the largest value around it (1 at
    local peaks); scores are ``sqrt(class score * centerness)``.

    Args:
        num_classes: Number of object classes.
        in_channels: Channels of every input level.
        strides: Stride of each level.
        regress_ranges: Object sizes each level is responsible for.
        center_sampling: Sample positives near box centres in training.
        norm_on_bbox: Normalise box regression by the stride.
        centerness_on_reg: Predict centerness from the regression branch.
        **kwargs: See :class:`DenseHead`.

    Raises:
        ValueError: If ``strides`` and ``regress_ranges`` differ in length.

    Examples:
        >>> from srdet.structures import FeatureMap
        >>> head = FCOSHead(num_classes=2, in_channels=4, stacked_convs=0)
        >>> [round(d.score, 2) for d in head.predict([FeatureMap(4, [[0.1, 0.64]], 8)])]
        [0.8, 0.12]
    """

    def __init__(
        self,
        num_classes: int,
        in_channels: int,
        strides: Sequence[int] = (8, 16, 32, 64, 128),
        regress_ranges: Sequence[tuple[float, float]] = (
            (-1, 64),
            (64, 128),
            (128, 256),
            (256, 512),
            (512, math.inf),
        ),
        center_sampling: bool = False,
        norm_on_bbox: bool = False,
        centerness_on_reg: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, in_channels, **kwargs)
        if len(strides) != len(regress_ranges):
            raise ValueError(
                f"FCOSHead needs one regress range per stride: {len(strides)} "
                f"strides, {len(regress_ranges)} ranges"
            )
        self.strides = tuple(strides)
        self.regress_ranges = tuple(tuple(r) for r in regress_ranges)
        self.center_sampling = center_sampling
        self.norm_on_bbox = norm_on_bbox
        self.centerness_on_reg = centerness_on_reg

    def forward(self, feats: Sequence[FeatureMap]) -> tuple[list[FeatureMap], ...]:
        """Return ``(cls_scores, bbox_preds, centernesses)``, per level.

        Args:
            feats: One feature map per level, finest first; at most one per
                stride.

        Returns:
            Maps of ``num_classes``, 4 and 1 channels.

        Raises:
            ValueError: If there are more levels than strides.
        """
        if len(feats) > len(self.strides):
            raise ValueError(
                f"FCOSHead has {len(self.strides)} strides but got {len(feats)} levels"
            )
        towers = [self._tower(fmap) for fmap in feats]
        cls_scores = [t.with_channels(self.num_classes) for t in towers]
        bbox_preds = [t.with_channels(4) for t in towers]
        centernesses = [_peakness(t) for t in towers]
        return cls_scores, bbox_preds, centernesses

    __call__ = forward

    def scores(self, level: int, outputs: tuple[list[FeatureMap], ...]) -> FeatureMap:
        """Return ``sqrt(class score * centerness)`` for ``level``."""
        cls_map, centerness = outputs[0][level], outputs[2][level]
        rows = (
            (math.sqrt(max(0.0, c) * n) for c, n in zip(c_row, n_row, strict=True))
            for c_row, n_row in zip(cls_map.grid, centerness.grid, strict=True)
        )
        return FeatureMap(cls_map.channels, rows, cls_map.stride)


def _peakness(fmap: FeatureMap) -> FeatureMap:
    """Return each cell's value over the largest value in its 3x3 window."""
    grid, height, width = fmap.grid, fmap.height, fmap.width
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            peak = max(
                grid[j][i]
                for j in range(max(0, y - 1), min(height, y + 2))
                for i in range(max(0, x - 1), min(width, x + 2))
            )
            row.append(grid[y][x] / peak if peak > 0 else 0.0)
        rows.append(row)
    return FeatureMap(1, rows, fmap.stride)
