"""Formatting: pack a 3D sample's results into a 3D detector's inputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from sr3d.registry import TRANSFORMS
from sr3d.structures import Det3DDataSample

__all__ = ["Pack3DDetInputs"]

_INPUT_KEYS: Final = ("points", "img")
_GT_KEYS: Final = ("gt_bboxes_3d", "gt_labels_3d")


@TRANSFORMS.register_module()
class Pack3DDetInputs:
    """Pack points (and image) into ``inputs``, ground truth into a sample.

    Args:
        keys: What to pack: ``points`` and ``img`` go to ``inputs``,
            ``gt_bboxes_3d`` and ``gt_labels_3d`` to the data sample.
        meta_keys: Results copied into the sample's metainfo when present.

    Raises:
        ValueError: If ``keys`` names something this transform cannot pack.

    Examples:
        >>> pack = Pack3DDetInputs(keys=["points", "gt_labels_3d"])
        >>> out = pack(
        ...     {"points": [[0.0, 0.0, 0.0]], "gt_labels_3d": [1], "sample_idx": 7}
        ... )
        >>> (
        ...     out["inputs"],
        ...     out["data_samples"].gt_labels_3d,
        ...     out["data_samples"].metainfo,
        ... )
        ({'points': [[0.0, 0.0, 0.0]]}, [1], {'sample_idx': 7})
    """

    def __init__(
        self,
        keys: Sequence[str],
        meta_keys: Sequence[str] = (
            "sample_idx",
            "lidar_path",
            "img_path",
            "img_shape",
            "scale_factor",
            "cam2img",
            "coord_type",
            "box_type_3d",
        ),
    ) -> None:
        unknown = [key for key in keys if key not in _INPUT_KEYS + _GT_KEYS]
        if unknown:
            raise ValueError(
                f"Pack3DDetInputs cannot pack {unknown}; keys may be "
                f"{list(_INPUT_KEYS + _GT_KEYS)}"
            )
        self.keys = tuple(keys)
        self.meta_keys = tuple(meta_keys)

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        """Pack the results.

        Args:
            results: The pipeline's results.

        Returns:
            ``{'inputs': {...}, 'data_samples': Det3DDataSample}``.

        Raises:
            KeyError: If a requested input is missing.
        """
        inputs = {}
        for key in self.keys:
            if key in _INPUT_KEYS:
                if key not in results:
                    raise KeyError(
                        f"Pack3DDetInputs was asked to pack {key!r}, which the "
                        "pipeline did not produce"
                    )
                inputs[key] = results[key]
        sample = Det3DDataSample(
            metainfo={k: results[k] for k in self.meta_keys if k in results},
            gt_bboxes_3d=list(results.get("gt_bboxes_3d", []))
            if "gt_bboxes_3d" in self.keys
            else [],
            gt_labels_3d=list(results.get("gt_labels_3d", []))
            if "gt_labels_3d" in self.keys
            else [],
        )
        return {"inputs": inputs, "data_samples": sample}

    def __repr__(self) -> str:
        """Show the keys."""
        return f"Pack3DDetInputs(keys={list(self.keys)})"
