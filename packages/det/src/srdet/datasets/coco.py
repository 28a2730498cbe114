"""The COCO detection dataset: read a COCO JSON file, or synthesise samples."""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from srdet.datasets.transforms.compose import Compose
from srdet.image_io import SYNTHETIC_PREFIX
from srdet.registry import DATASETS

__all__ = ["COCO_CLASSES", "CocoDataset"]

COCO_CLASSES: Final[tuple[str, ...]] = (
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train",
    "truck", "boat", "traffic light", "fire hydrant", "stop sign",
    "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
    "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag",
    "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
    "baseball bat", "baseball glove", "skateboard", "surfboard",
    "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon",
    "bowl", "banana", "apple", "sandwich", "orange", "broccoli", "carrot",
    "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant",
    "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote",
    "keyboard", "cell phone", "microwave", "oven", "toaster", "sink",
    "refrigerator", "book", "clock", "vase", "scissors", "teddy bear",
    "hair drier", "toothbrush",
)  # fmt: skip
"""The 80 COCO detection categories, in the order of their label indices."""


@DATASETS.register_module()
class CocoDataset:
    """COCO-style detection samples, run through a pipeline on access.

    With ``ann_file`` the samples come from a COCO JSON file (``images``,
    ``annotations`` with ``[x, y, w, h]`` boxes, ``categories``); without it,
    ``num_samples`` deterministic samples are synthesised in memory (paths
    ``synthetic://coco/<id>.jpg``, which ``LoadImageFromFile`` renders).

    Each sample is a dict with ``img_id``, ``img_path``, ``height``,
    ``width`` and ``instances`` (``bbox`` as ``x1, y1, x2, y2``,
    ``bbox_label``, ``ignore_flag``). The pipeline is srdet's ``Compose``,
    its transform configs built with srdet's TRANSFORMS. When it drops a
    sample (returns ``None``), the next index is served instead.

    Args:
        ann_file: A COCO JSON file, relative to ``data_root`` if not absolute.
        pipeline: Transform configs or callables.
        num_samples: How many samples to synthesise without ``ann_file``.
        img_shape: ``(height, width)`` of synthesised images.
        max_objects: Most objects per synthesised image (at least one).
        seed: Seed of the synthesis.
        data_root: Prefix of ``ann_file`` and image paths.
        metainfo: Overrides of :attr:`METAINFO` (e.g. ``classes``).
        test_mode: In test mode a dropped sample is an error.
        max_refetch: How many following samples to try after a drop.

    Raises:
        ValueError: If a count or shape is not positive.

    Examples:
        >>> data = CocoDataset(num_samples=2, pipeline=[dict(type="LoadImageFromFile")])
        >>> len(data), data[0]["img_shape"], data[0]["img_path"]
        (2, (64, 64), 'synthetic://coco/000000000000.jpg')
    """

    METAINFO: Final[Mapping[str, Any]] = {"classes": COCO_CLASSES}

    def __init__(
        self,
        ann_file: str | os.PathLike[str] | None = None,
        pipeline: Sequence[Mapping[str, Any] | Callable[..., Any]] = (),
        num_samples: int = 8,
        img_shape: tuple[int, int] = (64, 64),
        max_objects: int = 3,
        seed: int = 0,
        data_root: str = "",
        metainfo: Mapping[str, Any] | None = None,
        test_mode: bool = False,
        max_refetch: int = 10,
    ) -> None:
        if num_samples < 0 or max_objects < 1 or min(img_shape) < 16:
            raise ValueError(
                f"CocoDataset needs num_samples >= 0, max_objects >= 1 and sides of "
                f"at least 16 pixels, got num_samples={num_samples}, "
                f"max_objects={max_objects}, img_shape={img_shape}"
            )
        self.data_root = data_root
        self.test_mode = test_mode
        self.max_refetch = max_refetch
        self._metainfo: dict[str, Any] = {**self.METAINFO, **(metainfo or {})}
        self.pipeline = Compose(pipeline)
        if ann_file is not None:
            path = os.path.join(data_root, ann_file)
            self.ann_file: str | None = path
            self.data_list = self.load_coco_json(path)
        else:
            self.ann_file = None
            self.data_list = self.synthesise(num_samples, img_shape, max_objects, seed)

    @property
    def metainfo(self) -> dict[str, Any]:
        """The dataset's meta information (a copy): ``classes`` at least."""
        return copy.deepcopy(self._metainfo)

    def synthesise(
        self, num_samples: int, img_shape: tuple[int, int], max_objects: int, seed: int
    ) -> list[dict[str, Any]]:
        """Make ``num_samples`` deterministic samples with random boxes.

        Args:
            num_samples: How many.
            img_shape: ``(height, width)``.
            max_objects: Most boxes per sample.
            seed: Same seed, same samples, in every process.

        Returns:
            The samples.
        """
        height, width = img_shape
        num_classes = len(self._metainfo["classes"])
        samples = []
        for index in range(num_samples):
            rng = random.Random(f"coco:{seed}:{index}")
            instances = []
            for _ in range(rng.randint(1, max_objects)):
                box_w, box_h = rng.randint(4, width // 2), rng.randint(4, height // 2)
                x1, y1 = rng.randint(0, width - box_w), rng.randint(0, height - box_h)
                instances.append(
                    {
                        "bbox": [
                            float(x1),
                            float(y1),
                            float(x1 + box_w),
                            float(y1 + box_h),
                        ],
                        "bbox_label": rng.randrange(num_classes),
                        "ignore_flag": 0,
                    }
                )
            samples.append(
                {
                    "img_id": index,
                    "img_path": f"{SYNTHETIC_PREFIX}coco/{index:012d}.jpg",
                    "height": height,
                    "width": width,
                    "instances": instances,
                }
            )
        return samples

    def load_coco_json(self, path: str) -> list[dict[str, Any]]:
        """Read a COCO annotation file into samples.

        Categories are sorted by id; their names become ``classes`` and their
        positions the labels. Crowd annotations get ``ignore_flag=1``.

        Args:
            path: The JSON file.

        Returns:
            One sample per image, in the file's order.

        Raises:
            FileNotFoundError: If the file does not exist.
            ValueError: If an annotation names an unknown image or category.
        """
        with open(path, encoding="utf-8") as stream:
            coco = json.load(stream)
        categories = sorted(coco.get("categories", []), key=lambda c: c["id"])
        if categories:
            self._metainfo["classes"] = tuple(c["name"] for c in categories)
        label_of = {c["id"]: label for label, c in enumerate(categories)}
        samples: dict[Any, dict[str, Any]] = {}
        for image in coco.get("images", []):
            samples[image["id"]] = {
                "img_id": image["id"],
                "img_path": os.path.join(self.data_root, image["file_name"]),
                "height": image["height"],
                "width": image["width"],
                "instances": [],
            }
        for ann in coco.get("annotations", []):
            if ann["image_id"] not in samples or ann["category_id"] not in label_of:
                raise ValueError(
                    f"{path!r}: annotation {ann.get('id')!r} names an unknown image "
                    f"{ann['image_id']!r} or category {ann['category_id']!r}"
                )
            x, y, w, h = ann["bbox"]
            samples[ann["image_id"]]["instances"].append(
                {
                    "bbox": [float(x), float(y), float(x + w), float(y + h)],
                    "bbox_label": label_of[ann["category_id"]],
                    "ignore_flag": int(bool(ann.get("iscrowd", 0))),
                }
            )
        return list(samples.values())

    def __len__(self) -> int:
        """Return the number of samples."""
        return len(self.data_list)

    def get_data_info(self, index: int) -> dict[str, Any]:
        """Return a deep copy of sample ``index`` before the pipeline.

        Args:
            index: A position, negative from the end.

        Returns:
            The raw sample.
        """
        return copy.deepcopy(self.data_list[index])

    def __getitem__(self, index: int) -> Any:
        """Return sample ``index`` after the pipeline.

        Args:
            index: A position, negative from the end.

        Returns:
            What the pipeline returns.

        Raises:
            IndexError: If ``index`` is out of range.
            RuntimeError: If the pipeline drops the sample in test mode, or
                drops ``max_refetch + 1`` samples in a row.
        """
        if not -len(self) <= index < len(self):
            raise IndexError(f"CocoDataset index {index} out of range ({len(self)})")
        current = index % len(self)
        for _ in range(self.max_refetch + 1):
            data = self.pipeline(self.get_data_info(current))
            if data is not None:
                return data
            if self.test_mode:
                raise RuntimeError(
                    f"the test pipeline dropped sample {current}; test pipelines "
                    "must not filter samples"
                )
            current = (current + 1) % len(self)
        raise RuntimeError(
            f"the pipeline dropped {self.max_refetch + 1} samples in a row from "
            f"index {index}; check the filtering transforms"
        )

    def __repr__(self) -> str:
        """Summarise the dataset."""
        source = self.ann_file or "synthetic"
        return f"CocoDataset(num_samples={len(self)}, source={source!r})"
