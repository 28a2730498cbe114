"""Formatting: pack a sample's results into a detector's inputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from srdet.registry import TRANSFORMS
from srdet.structures import DetDataSample

__all__ = ["PackDetInputs"]


@TRANSFORMS.register_module()
class PackDetInputs:
    """Pack ``img`` and the ground truth into ``inputs`` and ``data_samples``.

    Args:
        meta_keys: Keys of the results copied into the sample's metainfo
            when present.

    Examples:
        >>> packed = PackDetInputs()({"img": [[0]], "img_id": 3, "gt_bboxes": []})
        >>> packed["inputs"], packed["data_samples"].metainfo
        ([[0]], {'img_id': 3})
    """

    def __init__(
        self,
        meta_keys: Sequence[str] = (
            "img_id",
            "img_path",
            "ori_shape",
            "img_shape",
            "scale_factor",
            "flip",
            "flip_direction",
        ),
    ) -> None:
        self.meta_keys = tuple(meta_keys)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Pack the results.

        Args:
            results: Must hold ``img``.

        Returns:
            ``{'inputs': img, 'data_samples': DetDataSample}``.

        Raises:
            KeyError: If there is no ``img``.
        """
        if "img" not in results:
            raise KeyError(
                "PackDetInputs needs 'img' in the results; put LoadImageFromFile "
                "before it"
            )
        return {
            "inputs": results["img"],
            "data_samples": DetDataSample.from_results(results, self.meta_keys),
        }

    def __repr__(self) -> str:
        """Show the meta keys."""
        return f"PackDetInputs(meta_keys={self.meta_keys})"
