"""The KITTI 3D detection dataset: read an info file, or synthesise scenes."""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from scopereg import Registry
from sr3d.points_io import SYNTHETIC_PREFIX
from sr3d.registry import DATASETS, TRANSFORMS
from srdet.datasets.transforms.compose import Compose

__all__ = ["KittiDataset", "PipelineCompose", "project_box"]

# (length, width, height) of a typical Pedestrian, Cyclist and Car.
_CLASS_SIZES: Final = ((0.8, 0.6, 1.73), (1.76, 0.6, 1.73), (3.9, 1.6, 1.56))


def project_box(
    box: Sequence[float], cam2img: Sequence[Sequence[float]], img_shape: tuple[int, int]
) -> list[float]:
    """Project a LiDAR box to a 2D image box, roughly, with a pinhole camera.

    The camera looks along LiDAR ``+x``; image ``u`` grows with ``-y`` and
    ``v`` with ``-z``. The box's extent is its largest side, clipped to the
    image.

    Args:
        box: ``x, y, z, l, w, h, yaw`` with ``x > 0``.
        cam2img: Intrinsics ``[[fx, 0, cx], [0, fy, cy], ...]``.
        img_shape: ``(height, width)``.

    Returns:
        ``[x1, y1, x2, y2]`` in pixels.

    Examples:
        >>> project_box(
        ...     (10, 0, -1, 4, 2, 2, 0), [[100, 0, 50], [0, 100, 20]], (40, 100)
        ... )
        [30.0, 10.0, 70.0, 30.0]
    """
    x, y, z, length, width, height = (float(v) for v in box[:6])
    fx, cx, fy, cy = cam2img[0][0], cam2img[0][2], cam2img[1][1], cam2img[1][2]
    depth = max(x, 1e-3)
    half = max(length, width) / 2
    u1, u2 = cx - fx * (y + half) / depth, cx - fx * (y - half) / depth
    v1, v2 = cy - fy * (z + height) / depth, cy - fy * z / depth
    rows, cols = img_shape
    return [
        min(max(u1, 0.0), float(cols)),
        min(max(v1, 0.0), float(rows)),
        min(max(u2, 0.0), float(cols)),
        min(max(v2, 0.0), float(rows)),
    ]


class PipelineCompose(Compose):
    """srdet's ``Compose`` (``None`` drops a sample), built from sr3d's TRANSFORMS.

    Not registered: it is how :class:`KittiDataset` builds its pipeline, so
    sr3d names resolve first and srdet's are inherited.
    """

    registry: Registry[Any] = TRANSFORMS


@DATASETS.register_module()
class KittiDataset:
    """KITTI-style LiDAR (and camera) samples, run through a pipeline.

    With ``ann_file`` the samples come from a JSON file in mmengine's
    annotation format (``{"metainfo": {...}, "data_list": [...]}``);
    without it, ``num_samples`` deterministic scenes are synthesised (paths
    ``synthetic://kitti/...``, which the loading transforms generate).

    Each sample has ``sample_idx``, ``lidar_points['lidar_path']``,
    ``instances`` (``bbox_3d``, ``bbox_label_3d``, and the projected 2D
    ``bbox``/``bbox_label``) and, with ``modality['use_camera']``, the
    camera's ``img_path``, ``height``, ``width`` and ``cam2img``. The
    pipeline is srdet's ``Compose`` with configs built from sr3d's
    TRANSFORMS, so sr3d, srdet (``'srdet.LoadImageFromFile'`` or plain
    ``'RandomFlip'``) and root transforms all resolve.

    Args:
        ann_file: A JSON annotation file, relative to ``data_root``.
        pipeline: Transform configs or callables.
        num_samples: How many scenes to synthesise without ``ann_file``.
        modality: ``use_lidar`` and ``use_camera`` flags.
        box_type_3d: The coordinate frame of the boxes, kept in metainfo.
        img_shape: ``(height, width)`` of synthesised camera images.
        seed: Seed of the synthesis.
        data_root: Prefix of ``ann_file``.
        metainfo: Overrides of :attr:`METAINFO`.
        test_mode: In test mode a dropped sample is an error.

    Examples:
        >>> data = KittiDataset(
        ...     num_samples=2, pipeline=[dict(type="LoadPointsFromFile")]
        ... )
        >>> len(data), data[1]["lidar_points"]["lidar_path"]
        (2, 'synthetic://kitti/000001.bin')
    """

    METAINFO: Final[Mapping[str, Any]] = {"classes": ("Pedestrian", "Cyclist", "Car")}

    def __init__(
        self,
        ann_file: str | os.PathLike[str] | None = None,
        pipeline: Sequence[Mapping[str, Any] | Callable[..., Any]] = (),
        num_samples: int = 4,
        modality: Mapping[str, bool] | None = None,
        box_type_3d: str = "LiDAR",
        img_shape: tuple[int, int] = (48, 160),
        seed: int = 0,
        data_root: str = "",
        metainfo: Mapping[str, Any] | None = None,
        test_mode: bool = False,
    ) -> None:
        if num_samples < 0:
            raise ValueError(f"num_samples must be >= 0, got {num_samples}")
        self.modality = {"use_lidar": True, "use_camera": False, **(modality or {})}
        self.box_type_3d = box_type_3d
        self.test_mode = test_mode
        self._metainfo: dict[str, Any] = {**self.METAINFO, **(metainfo or {})}
        self.pipeline = PipelineCompose(pipeline)
        if ann_file is not None:
            path = os.path.join(data_root, ann_file)
            with open(path, encoding="utf-8") as stream:
                content = json.load(stream)
            self._metainfo.update(content.get("metainfo", {}))
            self.data_list: list[dict[str, Any]] = list(content["data_list"])
        else:
            self.data_list = [
                self._synthesise(i, img_shape, seed) for i in range(num_samples)
            ]

    @property
    def metainfo(self) -> dict[str, Any]:
        """The dataset's meta information (a copy)."""
        return copy.deepcopy(self._metainfo)

    def _synthesise(
        self, index: int, img_shape: tuple[int, int], seed: int
    ) -> dict[str, Any]:
        """Make scene ``index``: 1-3 objects ahead of the car, on the ground."""
        rng = random.Random(f"kitti:{seed}:{index}")
        height, width = img_shape
        focal = width / 2
        cam2img = [[focal, 0.0, width / 2], [0.0, focal, height / 2], [0.0, 0.0, 1.0]]
        instances = []
        for _ in range(rng.randint(1, 3)):
            label = rng.randrange(len(_CLASS_SIZES))
            length, wid, hgt = _CLASS_SIZES[label]
            box = [
                round(rng.uniform(8, 35), 2),
                round(rng.uniform(-8, 8), 2),
                -1.7,
                length,
                wid,
                hgt,
                round(rng.uniform(-3.14, 3.14), 2),
            ]
            instances.append(
                {
                    "bbox_3d": box,
                    "bbox_label_3d": label,
                    "bbox": project_box(box, cam2img, img_shape),
                    "bbox_label": label,
                }
            )
        return {
            "sample_idx": index,
            "lidar_points": {
                "lidar_path": f"{SYNTHETIC_PREFIX}kitti/{index:06d}.bin",
                "num_pts_feats": 4,
            },
            "images": {
                "CAM2": {
                    "img_path": f"{SYNTHETIC_PREFIX}kitti/{index:06d}.png",
                    "height": height,
                    "width": width,
                    "cam2img": cam2img,
                }
            },
            "instances": instances,
        }

    def __len__(self) -> int:
        """Return the number of samples."""
        return len(self.data_list)

    def get_data_info(self, index: int) -> dict[str, Any]:
        """Return sample ``index`` before the pipeline, as the pipeline sees it.

        The camera's fields are lifted to the top level when the camera is
        used; ``box_type_3d`` is added.

        Args:
            index: A position, negative from the end.

        Returns:
            A deep copy of the sample.
        """
        info = copy.deepcopy(self.data_list[index])
        info["box_type_3d"] = self.box_type_3d
        if "lidar_points" in info:
            info["lidar_path"] = info["lidar_points"]["lidar_path"]
        camera = info.get("images", {}).get("CAM2")
        if self.modality["use_camera"] and camera:
            info.update(camera)
        return info

    def __getitem__(self, index: int) -> Any:
        """Return sample ``index`` after the pipeline.

        Args:
            index: A position, negative from the end.

        Returns:
            What the pipeline returns.

        Raises:
            IndexError: If ``index`` is out of range.
            RuntimeError: If the pipeline drops the sample (returns ``None``)
                in test mode.
        """
        if not -len(self) <= index < len(self):
            raise IndexError(f"KittiDataset index {index} out of range ({len(self)})")
        data = self.pipeline(self.get_data_info(index))
        if data is None and self.test_mode:
            raise RuntimeError(f"the test pipeline dropped sample {index}")
        return data

    def __repr__(self) -> str:
        """Summarise the dataset."""
        return f"KittiDataset(num_samples={len(self)}, modality={self.modality})"
