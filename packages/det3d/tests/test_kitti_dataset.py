"""Tests of sr3d's KittiDataset and its cross-scope pipelines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import scopereg
from sr3d.datasets.kitti import KittiDataset, project_box
from sr3d.datasets.transforms.processing import Resize as Resize3D
from srdet.datasets.transforms.loading import LoadImageFromFile

PIPELINE: list[dict[str, Any]] = [
    dict(type="LoadPointsFromFile", load_dim=4, use_dim=4),
    dict(type="LoadAnnotations3D"),
    dict(type="srdet.LoadImageFromFile"),
    dict(type="Resize", scale=(80, 24)),
    dict(
        type="Pack3DDetInputs", keys=["points", "img", "gt_bboxes_3d", "gt_labels_3d"]
    ),
]


def test_kitti_dataset_synthesises_deterministic_scenes() -> None:
    assert (
        KittiDataset(num_samples=3).data_list == KittiDataset(num_samples=3).data_list
    )
    assert KittiDataset(seed=1).data_list != KittiDataset(seed=2).data_list


def test_kitti_dataset_synthetic_objects_use_the_class_sizes() -> None:
    for sample in KittiDataset(num_samples=10).data_list:
        for inst in sample["instances"]:
            length = inst["bbox_3d"][3]
            assert length == {0: 0.8, 1: 1.76, 2: 3.9}[inst["bbox_label_3d"]]


def test_kitti_dataset_lifts_the_camera_fields_when_the_camera_is_used() -> None:
    info = KittiDataset(modality=dict(use_camera=True)).get_data_info(0)
    assert info["img_path"] == "synthetic://kitti/000000.png"
    assert (info["height"], info["width"]) == (48, 160)
    assert info["lidar_path"] == "synthetic://kitti/000000.bin"


def test_kitti_dataset_leaves_the_camera_out_by_default() -> None:
    assert "img_path" not in KittiDataset().get_data_info(0)


def test_kitti_dataset_builds_a_pipeline_that_crosses_scopes() -> None:
    data = KittiDataset(modality=dict(use_camera=True), pipeline=PIPELINE)
    assert type(data.pipeline.transforms[2]) is LoadImageFromFile
    assert type(data.pipeline.transforms[3]) is Resize3D


def test_kitti_dataset_pipeline_packs_points_image_and_boxes() -> None:
    item = KittiDataset(modality=dict(use_camera=True), pipeline=PIPELINE)[1]
    sample = item["data_samples"]
    assert len(item["inputs"]["img"]) == 24
    assert len(item["inputs"]["points"]) >= 240
    assert len(sample.gt_bboxes_3d) == len(sample.gt_labels_3d) >= 1
    assert sample.metainfo["cam2img"][0][0] == 40.0


def test_kitti_dataset_reads_an_mmengine_style_json_file(tmp_path: Path) -> None:
    content = {
        "metainfo": {"classes": ["Car"]},
        "data_list": [
            {
                "sample_idx": 12,
                "lidar_points": {"lidar_path": "velodyne/000012.bin"},
                "instances": [],
            }
        ],
    }
    (tmp_path / "infos.json").write_text(json.dumps(content))
    data = KittiDataset(ann_file="infos.json", data_root=str(tmp_path))
    assert len(data) == 1
    assert data.metainfo["classes"] == ["Car"]
    assert data.get_data_info(0)["sample_idx"] == 12


def test_kitti_dataset_in_test_mode_raises_when_the_pipeline_drops() -> None:
    data = KittiDataset(pipeline=[lambda r: None], test_mode=True)
    with pytest.raises(RuntimeError, match="test pipeline dropped sample 0"):
        data[0]


def test_kitti_dataset_index_out_of_range_raises_index_error() -> None:
    with pytest.raises(IndexError, match="KittiDataset index 4 out of range"):
        KittiDataset(num_samples=4)[4]


def test_kitti_dataset_rejects_a_negative_sample_count() -> None:
    with pytest.raises(ValueError, match="num_samples must be >= 0"):
        KittiDataset(num_samples=-1)


def test_project_box_clips_to_the_image() -> None:
    box = project_box((2, 0, -1, 4, 2, 2, 0), [[100, 0, 50], [0, 100, 20]], (40, 100))
    assert box == [0.0, 0.0, 100.0, 40.0]


def test_kitti_scope_key_from_the_root_resolves_dataset_and_transforms() -> None:
    cfg = {"type": "KittiDataset", "_scope_": "sr3d", "pipeline": PIPELINE[:1]}
    data = scopereg.DATASETS.build(cfg)
    assert type(data) is KittiDataset


def test_kitti_config_without_scope_key_is_not_found_in_the_root() -> None:
    with pytest.raises(KeyError, match=r"did you mean 'sr3d\.KittiDataset'"):
        scopereg.DATASETS.build({"type": "KittiDataset"})
