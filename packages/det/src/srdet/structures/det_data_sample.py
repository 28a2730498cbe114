"""The packed sample a detector consumes: :class:`DetDataSample`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from srdet.structures.bbox import BBox

__all__ = ["DetDataSample"]


@dataclass
class DetDataSample:
    """A packed sample, as a detector consumes it.

    Args:
        metainfo: Image-level facts (ids, shapes, scale factor, flip).
        gt_bboxes: Ground-truth boxes ``(x1, y1, x2, y2)``.
        gt_labels: One class index per box.
    """

    metainfo: dict[str, Any] = field(default_factory=dict)
    gt_bboxes: list[BBox] = field(default_factory=list)
    gt_labels: list[int] = field(default_factory=list)

    @classmethod
    def from_results(
        cls, results: Mapping[str, Any], meta_keys: Sequence[str]
    ) -> DetDataSample:
        """Collect a sample from a pipeline's results dict.

        Args:
            results: The results of the transforms.
            meta_keys: Keys copied into :attr:`metainfo` when present.

        Returns:
            The sample.
        """
        boxes = [tuple(float(v) for v in box) for box in results.get("gt_bboxes", ())]
        return cls(
            metainfo={key: results[key] for key in meta_keys if key in results},
            gt_bboxes=[(b[0], b[1], b[2], b[3]) for b in boxes],
            gt_labels=[int(v) for v in results.get("gt_bboxes_labels", ())],
        )
