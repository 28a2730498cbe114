"""RetinaNet's anchor-based dense head."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from srdet.models.dense_heads.base_dense_head import DenseHead
from srdet.registry import MODELS
from srdet.structures import BBox, FeatureMap

__all__ = ["RetinaHead"]


@MODELS.register_module()
class RetinaHead(DenseHead):
    """RetinaNet's head: per level, class scores and box deltas per anchor.

    Args:
        num_classes: Number of object classes.
        in_channels: Channels of every input level.
        anchor_generator: ``octave_base_scale``, ``scales_per_octave``,
            ``ratios`` and ``strides``, as in mmdet.
        **kwargs: See :class:`DenseHead`.

    Examples:
        >>> from srdet.structures import FeatureMap
        >>> head = RetinaHead(num_classes=4, in_channels=8, stacked_convs=1)
        >>> cls_scores, bbox_preds = head([FeatureMap(8, [[0.0, 0.9]], stride=8)])
        >>> cls_scores[0].channels, bbox_preds[0].channels
        (36, 36)
        >>> [(d.label, d.bbox) for d in head.predict([FeatureMap(8, [[0.9]], 8)])]
        [(3, (-12.0, -12.0, 20.0, 20.0))]
    """

    def __init__(
        self,
        num_classes: int,
        in_channels: int,
        anchor_generator: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, in_channels, **kwargs)
        anchors = {
            "type": "AnchorGenerator",
            "octave_base_scale": 4,
            "scales_per_octave": 3,
            "ratios": (0.5, 1.0, 2.0),
            "strides": (8, 16, 32, 64, 128),
            **(anchor_generator or {}),
        }
        self.anchor_generator = anchors
        self.octave_base_scale = float(anchors["octave_base_scale"])
        self.num_base_priors = int(anchors["scales_per_octave"]) * len(
            anchors["ratios"]
        )

    def cell_box(self, x: int, y: int, stride: int) -> BBox:
        """Return the cell's base anchor: ``octave_base_scale`` strides wide."""
        half = self.octave_base_scale * stride / 2
        cx, cy = (x + 0.5) * stride, (y + 0.5) * stride
        return (cx - half, cy - half, cx + half, cy + half)

    def forward(self, feats: Sequence[FeatureMap]) -> tuple[list[FeatureMap], ...]:
        """Return ``(cls_scores, bbox_preds)``, one map per level each.

        Args:
            feats: One feature map per level, finest first.

        Returns:
            Class maps of ``num_base_priors * num_classes`` channels and box
            maps of ``num_base_priors * 4`` channels.
        """
        towers = [self._tower(fmap) for fmap in feats]
        cls_channels = self.num_base_priors * self.num_classes
        cls_scores = [t.with_channels(cls_channels) for t in towers]
        bbox_preds = [t.with_channels(self.num_base_priors * 4) for t in towers]
        return cls_scores, bbox_preds

    __call__ = forward
