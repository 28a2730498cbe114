"""Tests of srdet's CocoDataset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import scopereg
from srdet.datasets.coco import COCO_CLASSES, CocoDataset
from srdet.registry import DATASETS

PIPELINE: list[dict[str, Any]] = [
    dict(type="LoadImageFromFile"),
    dict(type="LoadAnnotations"),
    dict(type="Resize", scale=(32, 32)),
    dict(type="PackDetInputs"),
]


def write_coco(path: Path, **changes: Any) -> Path:
    content: dict[str, Any] = {
        "images": [
            {"id": 7, "file_name": "a.pgm", "height": 20, "width": 30},
            {"id": 9, "file_name": "b.pgm", "height": 20, "width": 30},
        ],
        "annotations": [
            {"id": 1, "image_id": 7, "bbox": [1, 2, 10, 5], "category_id": 18},
            {
                "id": 2,
                "image_id": 7,
                "bbox": [0, 0, 4, 4],
                "category_id": 3,
                "iscrowd": 1,
            },
        ],
        "categories": [{"id": 18, "name": "dog"}, {"id": 3, "name": "car"}],
    }
    content.update(changes)
    path.write_text(json.dumps(content))
    return path


def test_coco_dataset_synthesises_deterministic_samples() -> None:
    first = CocoDataset(num_samples=3, seed=5)
    second = CocoDataset(num_samples=3, seed=5)
    assert len(first) == 3
    assert first.data_list == second.data_list


def test_coco_dataset_seeds_give_different_samples() -> None:
    assert CocoDataset(seed=1).data_list != CocoDataset(seed=2).data_list


def test_coco_dataset_synthetic_boxes_lie_inside_the_image() -> None:
    data = CocoDataset(num_samples=20, img_shape=(40, 50))
    for sample in data.data_list:
        for inst in sample["instances"]:
            x1, y1, x2, y2 = inst["bbox"]
            assert 0 <= x1 < x2 <= 50
            assert 0 <= y1 < y2 <= 40
            assert 0 <= inst["bbox_label"] < len(COCO_CLASSES)


def test_coco_dataset_runs_its_pipeline_on_access() -> None:
    item = CocoDataset(num_samples=2, pipeline=PIPELINE)[1]
    assert len(item["inputs"]) == 32
    assert item["data_samples"].metainfo["scale_factor"] == (0.5, 0.5)
    assert len(item["data_samples"].gt_labels) >= 1


def test_coco_dataset_reads_a_coco_json_file(tmp_path: Path) -> None:
    data = CocoDataset(ann_file=str(write_coco(tmp_path / "ann.json")))
    assert data.metainfo["classes"] == ("car", "dog")
    first = data.get_data_info(0)
    assert first["img_id"] == 7
    assert first["instances"][0] == {
        "bbox": [1.0, 2.0, 11.0, 7.0],
        "bbox_label": 1,
        "ignore_flag": 0,
    }
    assert first["instances"][1]["ignore_flag"] == 1
    assert data.get_data_info(1)["instances"] == []


def test_coco_dataset_joins_data_root_to_relative_paths(tmp_path: Path) -> None:
    write_coco(tmp_path / "ann.json")
    data = CocoDataset(ann_file="ann.json", data_root=str(tmp_path))
    assert data.get_data_info(0)["img_path"] == str(tmp_path / "a.pgm")


def test_coco_dataset_rejects_an_annotation_of_an_unknown_image(tmp_path: Path) -> None:
    bad = [{"id": 5, "image_id": 99, "bbox": [0, 0, 1, 1], "category_id": 3}]
    path = write_coco(tmp_path / "ann.json", annotations=bad)
    with pytest.raises(ValueError, match="annotation 5 names an unknown image 99"):
        CocoDataset(ann_file=str(path))


def test_coco_dataset_serves_the_next_sample_when_the_pipeline_drops_one() -> None:
    def drop_first(results: dict[str, Any]) -> dict[str, Any] | None:
        return None if results["img_id"] == 0 else results

    data = CocoDataset(num_samples=3, pipeline=[drop_first])
    assert data[0]["img_id"] == 1


def test_coco_dataset_gives_up_after_max_refetch_drops() -> None:
    data = CocoDataset(num_samples=3, pipeline=[lambda r: None], max_refetch=2)
    with pytest.raises(RuntimeError, match="dropped 3 samples in a row"):
        data[0]


def test_coco_dataset_in_test_mode_raises_when_the_pipeline_drops() -> None:
    data = CocoDataset(num_samples=2, pipeline=[lambda r: None], test_mode=True)
    with pytest.raises(RuntimeError, match="test pipeline dropped sample 1"):
        data[1]


def test_coco_dataset_get_data_info_returns_an_independent_copy() -> None:
    data = CocoDataset(num_samples=1)
    data.get_data_info(0)["instances"].clear()
    assert data.get_data_info(0)["instances"]


def test_coco_dataset_index_out_of_range_raises_index_error() -> None:
    with pytest.raises(IndexError, match="index 2 out of range"):
        CocoDataset(num_samples=2)[2]


def test_coco_dataset_rejects_a_tiny_image_shape() -> None:
    with pytest.raises(ValueError, match="sides of at least 16 pixels"):
        CocoDataset(img_shape=(8, 8))


def test_coco_dataset_builds_from_the_root_registry_with_a_scoped_type() -> None:
    data = scopereg.DATASETS.build(dict(type="srdet.CocoDataset", num_samples=2))
    assert type(data) is CocoDataset


def test_coco_dataset_metainfo_overrides_the_classes() -> None:
    data = DATASETS.build(dict(type="CocoDataset", metainfo=dict(classes=("a", "b"))))
    assert data.metainfo["classes"] == ("a", "b")
    assert {i["bbox_label"] for s in data.data_list for i in s["instances"]} <= {0, 1}
