"""Loading transforms: read the image and the annotations of a sample."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from srdet.image_io import SYNTHETIC_PREFIX, read_pgm, render_synthetic
from srdet.registry import TRANSFORMS

__all__ = ["LoadAnnotations", "LoadImageFromFile"]


@TRANSFORMS.register_module()
class LoadImageFromFile:
    """Load ``results['img_path']`` into ``results['img']``.

    Reads PGM files (see :mod:`srdet.image_io`). A path starting with
    ``synthetic://`` is rendered in memory at ``results['height']`` x
    ``results['width']``, with the boxes of ``results['instances']`` drawn.

    Adds ``img``, ``img_shape`` and ``ori_shape`` (both ``(height, width)``).

    Args:
        to_float32: Keep pixels as floats; otherwise round them to ints.
        ignore_empty: Return ``None`` (drop the sample) for a missing file
            instead of raising.

    Examples:
        >>> load = LoadImageFromFile()
        >>> out = load({"img_path": "synthetic://x.jpg", "height": 2, "width": 3})
        >>> out["img_shape"], type(out["img"][0][0]).__name__
        ((2, 3), 'int')
    """

    def __init__(self, to_float32: bool = False, ignore_empty: bool = False) -> None:
        self.to_float32 = to_float32
        self.ignore_empty = ignore_empty

    def __call__(self, results: dict[str, Any]) -> dict[str, Any] | None:
        """Load the image.

        Args:
            results: Must hold ``img_path``.

        Returns:
            ``results`` with the image, or ``None`` if the file is missing
            and ``ignore_empty`` is set.

        Raises:
            KeyError: If ``img_path`` is missing (or ``height``/``width`` for
                a synthetic path).
            FileNotFoundError: If the file is missing and ``ignore_empty`` is
                not set.
        """
        if "img_path" not in results:
            raise KeyError("LoadImageFromFile needs 'img_path' in the results")
        path = str(results["img_path"])
        if path.startswith(SYNTHETIC_PREFIX):
            boxes = [inst["bbox"] for inst in results.get("instances", ())]
            img = render_synthetic(path, results["height"], results["width"], boxes)
        elif self.ignore_empty and not os.path.exists(path):
            return None
        else:
            img = read_pgm(path)
        pixels: list[list[Any]] = (
            img if self.to_float32 else [[round(v) for v in row] for row in img]
        )
        results["img"] = pixels
        results["img_shape"] = (len(img), len(img[0]))
        results["ori_shape"] = (len(img), len(img[0]))
        return results

    def __repr__(self) -> str:
        """Show the options."""
        return (
            f"LoadImageFromFile(to_float32={self.to_float32}, "
            f"ignore_empty={self.ignore_empty})"
        )


@TRANSFORMS.register_module()
class LoadAnnotations:
    """Turn ``results['instances']`` into ground-truth arrays.

    Each instance is a mapping with ``bbox`` (``x1, y1, x2, y2``),
    ``bbox_label`` and optionally ``ignore_flag``. Adds ``gt_bboxes``,
    ``gt_bboxes_labels`` and ``gt_ignore_flags``.

    Args:
        with_bbox: Load the boxes (and ignore flags).
        with_label: Load the labels.

    Examples:
        >>> inst = {"bbox": [1, 2, 3, 4], "bbox_label": 7}
        >>> out = LoadAnnotations()({"instances": [inst]})
        >>> out["gt_bboxes"], out["gt_bboxes_labels"], out["gt_ignore_flags"]
        ([[1.0, 2.0, 3.0, 4.0]], [7], [False])
    """

    def __init__(self, with_bbox: bool = True, with_label: bool = True) -> None:
        self.with_bbox = with_bbox
        self.with_label = with_label

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Load the annotations.

        Args:
            results: May hold ``instances`` (none means no objects).

        Returns:
            ``results`` with the ground truth added.

        Raises:
            KeyError: If an instance lacks ``bbox`` or ``bbox_label``.
        """
        instances: list[Mapping[str, Any]] = list(results.get("instances", ()))
        for index, inst in enumerate(instances):
            for key in ("bbox", "bbox_label"):
                if key not in inst:
                    raise KeyError(f"instance #{index} has no {key!r}")
        if self.with_bbox:
            results["gt_bboxes"] = [[float(v) for v in i["bbox"]] for i in instances]
            results["gt_ignore_flags"] = [
                bool(i.get("ignore_flag", False)) for i in instances
            ]
        if self.with_label:
            results["gt_bboxes_labels"] = [int(i["bbox_label"]) for i in instances]
        return results

    def __repr__(self) -> str:
        """Show the options."""
        return (
            f"LoadAnnotations(with_bbox={self.with_bbox}, with_label={self.with_label})"
        )
