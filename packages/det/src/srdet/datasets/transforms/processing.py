"""Geometric and filtering transforms: Resize, RandomFlip, FilterAnnotations."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from srdet.registry import TRANSFORMS

__all__ = ["FilterAnnotations", "RandomFlip", "Resize"]


def _require_img(results: dict[str, Any], who: str) -> list[list[Any]]:
    """Return ``results['img']`` or explain which transform must come first."""
    if "img" not in results:
        raise KeyError(
            f"{who} needs 'img' in the results; put LoadImageFromFile before it"
        )
    img: list[list[Any]] = results["img"]
    return img


@TRANSFORMS.register_module()
class Resize:
    """Resize the image (nearest neighbour) and its boxes.

    Adds ``scale`` (``(w, h)`` reached), ``scale_factor`` (``(w_ratio,
    h_ratio)``) and ``keep_ratio``; updates ``img`` and ``img_shape``.

    Args:
        scale: Target ``(width, height)``, or one int for a square.
        keep_ratio: Fit inside ``scale`` keeping the aspect ratio (long edge
            at most ``max(scale)``, short edge at most ``min(scale)``);
            otherwise stretch to exactly ``scale``.
        clip_object_border: Clip the boxes to the new image.

    Raises:
        ValueError: If ``scale`` is not one or two positive ints.

    Examples:
        >>> out = Resize(scale=(8, 4))({"img": [[1, 2], [3, 4]]})
        >>> out["img_shape"], out["scale_factor"]
        ((4, 4), (2.0, 2.0))
    """

    def __init__(
        self,
        scale: int | Sequence[int],
        keep_ratio: bool = True,
        clip_object_border: bool = True,
    ) -> None:
        pair = (scale, scale) if isinstance(scale, int) else tuple(scale)
        if len(pair) != 2 or any(not isinstance(v, int) or v < 1 for v in pair):
            raise ValueError(
                f"Resize scale must be a positive int or (width, height), got {scale!r}"
            )
        self.scale: tuple[int, int] = (pair[0], pair[1])
        self.keep_ratio = keep_ratio
        self.clip_object_border = clip_object_border

    def target_size(self, height: int, width: int) -> tuple[int, int]:
        """Return the ``(width, height)`` an image of this size is resized to.

        Args:
            height: Current rows.
            width: Current columns.

        Returns:
            The new ``(width, height)``.
        """
        if not self.keep_ratio:
            return self.scale
        factor = min(
            max(self.scale) / max(height, width), min(self.scale) / min(height, width)
        )
        return max(1, round(width * factor)), max(1, round(height * factor))

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Resize ``img`` and ``gt_bboxes``.

        Args:
            results: Must hold ``img``.

        Returns:
            ``results``, resized.

        Raises:
            KeyError: If there is no ``img``.
        """
        img = _require_img(results, type(self).__name__)
        height, width = len(img), len(img[0])
        new_w, new_h = self.target_size(height, width)
        results["img"] = [
            [img[y * height // new_h][x * width // new_w] for x in range(new_w)]
            for y in range(new_h)
        ]
        w_ratio, h_ratio = new_w / width, new_h / height
        if "gt_bboxes" in results:
            boxes = []
            for x1, y1, x2, y2 in results["gt_bboxes"]:
                box = [x1 * w_ratio, y1 * h_ratio, x2 * w_ratio, y2 * h_ratio]
                if self.clip_object_border:
                    box = [
                        min(max(v, 0.0), float(new_w if i % 2 == 0 else new_h))
                        for i, v in enumerate(box)
                    ]
                boxes.append(box)
            results["gt_bboxes"] = boxes
        results["img_shape"] = (new_h, new_w)
        results["scale"] = (new_w, new_h)
        results["scale_factor"] = (w_ratio, h_ratio)
        results["keep_ratio"] = self.keep_ratio
        return results

    def __repr__(self) -> str:
        """Show the options."""
        return (
            f"{type(self).__name__}(scale={self.scale}, keep_ratio={self.keep_ratio})"
        )


@TRANSFORMS.register_module()
class RandomFlip:
    """Flip the image and its boxes with probability ``prob``.

    Adds ``flip`` and ``flip_direction``.

    Args:
        prob: Probability of flipping, in ``[0, 1]``.
        direction: ``'horizontal'`` or ``'vertical'``.
        seed: Seed of this transform's own random generator, for
            reproducible pipelines; ``None`` seeds from the system.

    Raises:
        ValueError: If ``prob`` or ``direction`` is invalid.

    Examples:
        >>> flip = RandomFlip(prob=1.0)
        >>> out = flip({"img": [[1, 2, 3]], "gt_bboxes": [[0, 0, 1, 1]]})
        >>> out["img"], out["gt_bboxes"], out["flip_direction"]
        ([[3, 2, 1]], [[2.0, 0.0, 3.0, 1.0]], 'horizontal')
    """

    def __init__(
        self, prob: float, direction: str = "horizontal", seed: int | None = None
    ) -> None:
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f"RandomFlip prob must be in [0, 1], got {prob!r}")
        if direction not in ("horizontal", "vertical"):
            raise ValueError(
                f"RandomFlip direction must be 'horizontal' or 'vertical', "
                f"got {direction!r}"
            )
        self.prob = prob
        self.direction = direction
        self.seed = seed
        self._rng = random.Random(seed)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Flip or not, drawing from this transform's generator.

        Args:
            results: Must hold ``img``.

        Returns:
            ``results``, maybe flipped.

        Raises:
            KeyError: If there is no ``img``.
        """
        img = _require_img(results, "RandomFlip")
        flip = self._rng.random() < self.prob
        results["flip"] = flip
        results["flip_direction"] = self.direction if flip else None
        if not flip:
            return results
        height, width = len(img), len(img[0])
        horizontal = self.direction == "horizontal"
        results["img"] = [row[::-1] for row in img] if horizontal else img[::-1]
        if "gt_bboxes" in results:
            results["gt_bboxes"] = [
                [float(width - x2), float(y1), float(width - x1), float(y2)]
                if horizontal
                else [float(x1), float(height - y2), float(x2), float(height - y1)]
                for x1, y1, x2, y2 in results["gt_bboxes"]
            ]
        return results

    def __repr__(self) -> str:
        """Show the options."""
        return f"RandomFlip(prob={self.prob}, direction={self.direction!r})"


@TRANSFORMS.register_module()
class FilterAnnotations:
    """Drop boxes smaller than ``min_gt_bbox_wh``; maybe drop the sample.

    Args:
        min_gt_bbox_wh: Minimum ``(width, height)`` a box must exceed.
        keep_empty: As in mmdet: when no box is left, return ``None`` so the
            sample is dropped (``True``), or return the results (``False``).

    Examples:
        >>> tiny = {"gt_bboxes": [[0, 0, 0.5, 0.5]], "gt_bboxes_labels": [1]}
        >>> print(FilterAnnotations()(tiny))
        None
    """

    def __init__(
        self, min_gt_bbox_wh: Sequence[float] = (1.0, 1.0), keep_empty: bool = True
    ) -> None:
        self.min_gt_bbox_wh = (float(min_gt_bbox_wh[0]), float(min_gt_bbox_wh[1]))
        self.keep_empty = keep_empty

    def __call__(self, results: dict[str, Any]) -> dict[str, Any] | None:
        """Filter ``gt_bboxes`` and the lists aligned with it.

        Args:
            results: May hold ``gt_bboxes``, ``gt_bboxes_labels``,
                ``gt_ignore_flags``.

        Returns:
            ``results`` filtered (unchanged when it had no box), or ``None``
            when every box was filtered out (see ``keep_empty``).
        """
        boxes = results.get("gt_bboxes", [])
        if not boxes:
            return results
        min_w, min_h = self.min_gt_bbox_wh
        keep = [b[2] - b[0] > min_w and b[3] - b[1] > min_h for b in boxes]
        if not any(keep):
            return None if self.keep_empty else results
        for key in ("gt_bboxes", "gt_bboxes_labels", "gt_ignore_flags"):
            if key in results:
                results[key] = [v for v, k in zip(results[key], keep, strict=True) if k]
        return results

    def __repr__(self) -> str:
        """Show the options."""
        return f"FilterAnnotations(min_gt_bbox_wh={self.min_gt_bbox_wh})"
