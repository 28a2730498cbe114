"""The shared base of srdet's dense heads, and non-maximum suppression.

Heads run a tower of ``stacked_convs`` fixed 3x3 filters on every level and
read each cell as a prediction. The classifier is a parameter-free stand-in:
a cell of intensity ``v`` in ``[0, 1]`` scores ``v`` for class
``floor(v * num_classes)``. Boxes come from the anchors (RetinaNet) or the
points (FCOS) of the cell; post-processing is real: score threshold,
per-class greedy NMS and ``max_per_img``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, Final

from srdet.structures import BBox, Detection, FeatureMap, box_iou

__all__ = ["DenseHead", "nms"]

_DEFAULT_TEST_CFG: Final[Mapping[str, Any]] = {
    "score_thr": 0.05,
    "nms": {"type": "nms", "iou_threshold": 0.5},
    "max_per_img": 100,
}


def nms(detections: Sequence[Detection], iou_threshold: float) -> list[Detection]:
    """Greedy non-maximum suppression, class by class.

    Args:
        detections: Candidates, in any order.
        iou_threshold: A box is dropped when it overlaps a better box of the
            same class by more than this.

    Returns:
        The kept detections, best score first.

    Examples:
        >>> a = Detection((0, 0, 10, 10), 0.9, 1)
        >>> b = Detection((1, 1, 10, 10), 0.8, 1)
        >>> c = Detection((1, 1, 10, 10), 0.7, 2)
        >>> [d.score for d in nms([c, b, a], 0.5)]
        [0.9, 0.7]
    """
    kept: list[Detection] = []
    for det in sorted(detections, key=lambda d: d.score, reverse=True):
        if all(
            other.label != det.label or box_iou(other.bbox, det.bbox) <= iou_threshold
            for other in kept
        ):
            kept.append(det)
    return kept


class DenseHead(ABC):
    """Shared machinery of the dense heads: tower, checks, post-processing.

    Args:
        num_classes: Number of object classes (background excluded).
        in_channels: Channels of every input level.
        feat_channels: Channels inside the tower.
        stacked_convs: How many 3x3 filters the tower applies.
        train_cfg: Training settings, kept for the record.
        test_cfg: ``score_thr``, ``nms=dict(iou_threshold=...)`` and
            ``max_per_img``; missing keys take mmdet's defaults.
        init_cfg: Initialisation config, kept for the record.

    Raises:
        ValueError: If a count is not positive.
    """

    num_base_priors: int = 1
    """Predictions per cell (anchors or points)."""

    def __init__(
        self,
        num_classes: int,
        in_channels: int,
        feat_channels: int = 256,
        stacked_convs: int = 4,
        train_cfg: Mapping[str, Any] | None = None,
        test_cfg: Mapping[str, Any] | None = None,
        init_cfg: Mapping[str, Any] | None = None,
    ) -> None:
        name = type(self).__name__
        if num_classes < 1:
            raise ValueError(f"{name} num_classes must be positive, got {num_classes}")
        if in_channels < 1 or feat_channels < 1:
            raise ValueError(
                f"{name} channels must be positive, got in_channels={in_channels}, "
                f"feat_channels={feat_channels}"
            )
        if stacked_convs < 0:
            raise ValueError(f"{name} stacked_convs must be >= 0, got {stacked_convs}")
        self.num_classes = num_classes
        self.in_channels = in_channels
        self.feat_channels = feat_channels
        self.stacked_convs = stacked_convs
        self.train_cfg = dict(train_cfg) if train_cfg else None
        self.test_cfg: dict[str, Any] = {**_DEFAULT_TEST_CFG, **(test_cfg or {})}
        self.init_cfg = dict(init_cfg) if init_cfg else None

    def _tower(self, fmap: FeatureMap) -> FeatureMap:
        """Check ``fmap``'s channels and run the stacked 3x3 filters."""
        if fmap.channels != self.in_channels:
            raise ValueError(
                f"{type(self).__name__} expects {self.in_channels} input channels, "
                f"got a {fmap.channels}-channel feature map"
            )
        out = fmap.with_channels(self.feat_channels)
        for _ in range(self.stacked_convs):
            out = out.smooth()
        return out

    def classify(self, value: float) -> tuple[int, float]:
        """Read one cell: return ``(label, score)``.

        Args:
            value: The cell's intensity.

        Returns:
            The class index and the score, both from the clamped intensity.
        """
        score = min(1.0, max(0.0, value))
        return min(int(score * self.num_classes), self.num_classes - 1), score

    def cell_box(self, x: int, y: int, stride: int) -> BBox:
        """Return the box a cell predicts; a square of 4 strides by default.

        Args:
            x: Column of the cell.
            y: Row of the cell.
            stride: Stride of the cell's level.

        Returns:
            ``(x1, y1, x2, y2)`` in input pixels.
        """
        half = 2.0 * stride
        cx, cy = (x + 0.5) * stride, (y + 0.5) * stride
        return (cx - half, cy - half, cx + half, cy + half)

    def scores(self, level: int, outputs: tuple[list[FeatureMap], ...]) -> FeatureMap:
        """Return the map of per-cell scores of ``level`` (the class map here).

        Args:
            level: The level index.
            outputs: What :meth:`forward` returned.

        Returns:
            The map read by :meth:`classify`.
        """
        return outputs[0][level]

    @abstractmethod
    def forward(self, feats: Sequence[FeatureMap]) -> tuple[list[FeatureMap], ...]:
        """Predict on every level.

        Args:
            feats: One feature map per level, finest first.

        Returns:
            Lists of per-level maps; the first list holds the class scores.
        """

    def predict(self, feats: Sequence[FeatureMap]) -> list[Detection]:
        """Run :meth:`forward`, then threshold, NMS and keep ``max_per_img``.

        Args:
            feats: One feature map per level, finest first.

        Returns:
            Detections, best score first.
        """
        outputs = self.forward(feats)
        threshold = float(self.test_cfg["score_thr"])
        candidates = []
        for level in range(len(feats)):
            score_map = self.scores(level, outputs)
            for y, row in enumerate(score_map.grid):
                for x, value in enumerate(row):
                    label, _ = self.classify(outputs[0][level].grid[y][x])
                    score = min(1.0, max(0.0, value))
                    if score >= threshold:
                        box = self.cell_box(x, y, score_map.stride)
                        candidates.append(Detection(box, score, label, level))
        nms_cfg = self.test_cfg.get("nms") or {}
        kept = nms(candidates, float(nms_cfg.get("iou_threshold", 0.5)))
        return kept[: int(self.test_cfg["max_per_img"])]

    def __repr__(self) -> str:
        """Summarise the head."""
        return (
            f"{type(self).__name__}(num_classes={self.num_classes}, "
            f"in_channels={self.in_channels})"
        )
