"""Dense heads of sr3d: :class:`Anchor3DHead` and a BEV :class:`RetinaHead`.

sr3d's ``RetinaHead`` overrides srdet's of the same name inside the sr3d
scope: building ``'RetinaHead'`` under ``DefaultScope('sr3d')`` gives this
one, which adds the direction classifier rotated BEV boxes need.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sr3d.registry import MODELS
from sr3d.structures import BBox3D, Detection3D, bev_box
from srdet.models.dense_heads import DenseHead
from srdet.models.dense_heads import RetinaHead as RetinaHead2D
from srdet.structures import FeatureMap, box_iou

__all__ = ["Anchor3DHead", "RetinaHead", "nms_bev"]


def nms_bev(
    detections: Sequence[Detection3D], iou_threshold: float
) -> list[Detection3D]:
    """Greedy class-wise NMS on the boxes' bird's-eye-view extents.

    Args:
        detections: Candidates, in any order.
        iou_threshold: Overlap above which the lower-scored box is dropped.

    Returns:
        The kept detections, best score first.

    Examples:
        >>> a = Detection3D((0, 0, 0, 4, 2, 1, 0), 0.9, 0)
        >>> b = Detection3D((0.5, 0, 0, 4, 2, 1, 0), 0.8, 0)
        >>> [d.score for d in nms_bev([b, a], 0.5)]
        [0.9]
    """
    kept: list[Detection3D] = []
    for det in sorted(detections, key=lambda d: d.score, reverse=True):
        box = bev_box(det.bbox_3d)
        if all(
            other.label != det.label
            or box_iou(bev_box(other.bbox_3d), box) <= iou_threshold
            for other in kept
        ):
            kept.append(det)
    return kept


@MODELS.register_module()
class Anchor3DHead(DenseHead):
    """Anchor-based 3D head on BEV maps: classes, box deltas, directions.

    Anchors are spread over ``anchor_generator['ranges'][0]`` on each level's
    grid (as mm3d's aligned range generator does); a cell's detection is the
    anchor of its class at the cell, sized ``sizes[label]`` (the last size
    for higher labels), rotated ``rotations[0]``.

    Args:
        num_classes: Number of object classes.
        in_channels: Channels of every input level.
        anchor_generator: ``ranges``, ``sizes`` and ``rotations``.
        use_direction_classifier: Predict a heading bin per anchor.
        diff_rad_by_sin: Regress the yaw difference through its sine.
        **kwargs: See :class:`srdet.models.dense_heads.DenseHead`.

    Raises:
        ValueError: If the anchor settings are malformed.

    Examples:
        >>> from srdet.structures import FeatureMap
        >>> head = Anchor3DHead(
        ...     num_classes=1,
        ...     in_channels=4,
        ...     stacked_convs=0,
        ...     anchor_generator=dict(
        ...         ranges=[[0, 0, -1, 8, 8, -1]], sizes=[[4, 2, 1.5]], rotations=[0]
        ...     ),
        ... )
        >>> head.predict([FeatureMap(4, [[0.0, 0.9], [0.0, 0.0]])])
        [Detection3D(bbox_3d=(6.0, 2.0, -1.0, 4.0, 2.0, 1.5, 0.0), score=0.9, label=0)]
    """

    def __init__(
        self,
        num_classes: int,
        in_channels: int,
        anchor_generator: Mapping[str, Any] | None = None,
        use_direction_classifier: bool = True,
        diff_rad_by_sin: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, in_channels, **kwargs)
        anchors = {
            "type": "AlignedAnchor3DRangeGenerator",
            "ranges": [[0.0, -39.68, -1.78, 69.12, 39.68, -1.78]],
            "sizes": [[3.9, 1.6, 1.56]],
            "rotations": [0.0, 1.57],
            **(anchor_generator or {}),
        }
        ranges, sizes = anchors["ranges"], anchors["sizes"]
        if not ranges or len(ranges[0]) != 6 or not sizes or not anchors["rotations"]:
            raise ValueError(
                "Anchor3DHead anchor_generator needs ranges of 6 numbers, sizes of "
                f"(l, w, h) and rotations, got {dict(anchors)!r}"
            )
        self.anchor_generator = anchors
        self.anchor_range = tuple(float(v) for v in ranges[0])
        self.sizes = [tuple(float(v) for v in size) for size in sizes]
        self.rotations = tuple(float(r) for r in anchors["rotations"])
        self.num_base_priors = len(self.sizes) * len(self.rotations)
        self.use_direction_classifier = use_direction_classifier
        self.diff_rad_by_sin = diff_rad_by_sin

    def forward(self, feats: Sequence[FeatureMap]) -> tuple[list[FeatureMap], ...]:
        """Return ``(cls_scores, bbox_preds, dir_cls_preds)``, per level.

        Args:
            feats: BEV feature maps.

        Returns:
            Maps of ``num_base_priors`` times ``num_classes``, 7 and 2
            channels (the last list is empty without a direction classifier).
        """
        towers = [self._tower(fmap) for fmap in feats]
        priors = self.num_base_priors
        cls_scores = [t.with_channels(priors * self.num_classes) for t in towers]
        bbox_preds = [t.with_channels(priors * 7) for t in towers]
        dir_preds = (
            [t.with_channels(priors * 2) for t in towers]
            if self.use_direction_classifier
            else []
        )
        return cls_scores, bbox_preds, dir_preds

    __call__ = forward

    def anchor_box(self, x: int, y: int, fmap: FeatureMap, label: int) -> BBox3D:
        """Return the anchor of class ``label`` at cell ``(x, y)`` of ``fmap``.

        Args:
            x: Column.
            y: Row.
            fmap: The level's map (its size spreads the anchor range).
            label: The class, selecting the anchor size.

        Returns:
            The 3D box.
        """
        x_min, y_min, z, x_max, y_max, _ = self.anchor_range
        length, width, height = self.sizes[min(label, len(self.sizes) - 1)]
        return (
            x_min + (x + 0.5) * (x_max - x_min) / fmap.width,
            y_min + (y + 0.5) * (y_max - y_min) / fmap.height,
            z,
            length,
            width,
            height,
            self.rotations[0],
        )

    # 3D heads answer with 3D detections: a deliberate narrowing of the 2D API.
    def predict(  # type: ignore[override]
        self, feats: Sequence[FeatureMap]
    ) -> list[Detection3D]:
        """Threshold every level's cells, then BEV NMS and ``max_per_img``.

        Args:
            feats: BEV feature maps.

        Returns:
            3D detections, best score first.
        """
        cls_scores = self.forward(feats)[0]
        threshold = float(self.test_cfg["score_thr"])
        candidates = []
        for fmap in cls_scores:
            for y, row in enumerate(fmap.grid):
                for x, value in enumerate(row):
                    label, score = self.classify(value)
                    if score >= threshold:
                        box = self.anchor_box(x, y, fmap, label)
                        candidates.append(Detection3D(box, score, label))
        nms_cfg = self.test_cfg.get("nms") or {}
        kept = nms_bev(candidates, float(nms_cfg.get("iou_threshold", 0.01)))
        return kept[: int(self.test_cfg["max_per_img"])]


@MODELS.register_module()
class RetinaHead(RetinaHead2D):
    """sr3d's RetinaHead: srdet's, plus a direction classifier for BEV maps.

    Same arguments as srdet's ``RetinaHead``, and:

    Args:
        num_classes: Number of object classes.
        in_channels: Channels of every input level.
        num_dir_bins: Heading bins predicted per anchor.
        **kwargs: See srdet's ``RetinaHead``.

    Examples:
        >>> from srdet.structures import FeatureMap
        >>> head = RetinaHead(num_classes=2, in_channels=4)
        >>> [len(level) for level in head([FeatureMap(4, [[0.5]])])]
        [1, 1, 1]
    """

    def __init__(
        self, num_classes: int, in_channels: int, num_dir_bins: int = 2, **kwargs: Any
    ) -> None:
        super().__init__(num_classes, in_channels, **kwargs)
        if num_dir_bins < 1:
            raise ValueError(f"num_dir_bins must be positive, got {num_dir_bins}")
        self.num_dir_bins = num_dir_bins

    def forward(self, feats: Sequence[FeatureMap]) -> tuple[list[FeatureMap], ...]:
        """Return ``(cls_scores, bbox_preds, dir_cls_preds)``, per level.

        Args:
            feats: One feature map per level.

        Returns:
            srdet's two outputs and maps of ``num_base_priors * num_dir_bins``
            channels.
        """
        cls_scores, bbox_preds = super().forward(feats)
        channels = self.num_base_priors * self.num_dir_bins
        dir_preds = [fmap.with_channels(channels) for fmap in bbox_preds]
        return cls_scores, bbox_preds, dir_preds

    __call__ = forward
