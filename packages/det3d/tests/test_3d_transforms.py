"""Tests of sr3d's transforms and its point-cloud file helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from sr3d.datasets.transforms.formatting import Pack3DDetInputs
from sr3d.datasets.transforms.loading import LoadAnnotations3D, LoadPointsFromFile
from sr3d.datasets.transforms.processing import PointsRangeFilter, Resize
from sr3d.points_io import read_bin_points, synthesise_points, write_bin_points


def lidar(path: str) -> dict[str, object]:
    return {"lidar_points": {"lidar_path": path}}


def test_load_points_from_file_reads_a_kitti_bin_file(tmp_path: Path) -> None:
    path = tmp_path / "000000.bin"
    write_bin_points(path, [[1.0, 2.0, 3.0, 0.5], [4.0, 5.0, 6.0, 0.25]])
    out = LoadPointsFromFile()(lidar(str(path)))
    assert out["points"] == [[1.0, 2.0, 3.0, 0.5], [4.0, 5.0, 6.0, 0.25]]
    assert out["coord_type"] == "LIDAR"


def test_load_points_from_file_keeps_the_selected_dimensions(tmp_path: Path) -> None:
    path = tmp_path / "cloud.bin"
    write_bin_points(path, [[1.0, 2.0, 3.0, 0.5, 9.0]])
    out = LoadPointsFromFile(load_dim=5, use_dim=[0, 1, 2, 4])(lidar(str(path)))
    assert out["points"] == [[1.0, 2.0, 3.0, 9.0]]


def test_load_points_from_file_appends_height_above_the_floor() -> None:
    out = LoadPointsFromFile(use_dim=3, shift_height=True)(lidar("synthetic://h.bin"))
    points = out["points"]
    floor = sorted(p[2] for p in points)[len(points) // 100]
    assert all(len(p) == 4 and p[3] == pytest.approx(p[2] - floor) for p in points)


def test_load_points_from_file_rejects_use_dim_beyond_load_dim() -> None:
    with pytest.raises(ValueError, match="must select among the 4 loaded values"):
        LoadPointsFromFile(load_dim=4, use_dim=[0, 4])


def test_load_points_from_file_rejects_an_unknown_coordinate_type() -> None:
    with pytest.raises(
        ValueError, match="coord_type must be 'LIDAR', 'DEPTH' or 'CAMERA'"
    ):
        LoadPointsFromFile(coord_type="RADAR")


def test_load_points_from_file_requires_a_lidar_path() -> None:
    with pytest.raises(
        KeyError, match=r"needs results\['lidar_points'\]\['lidar_path'\]"
    ):
        LoadPointsFromFile()({})


def test_load_points_from_file_synthesises_points_inside_the_boxes() -> None:
    box = [20.0, 5.0, -1.7, 4.0, 2.0, 1.5, 0.0]
    results = {**lidar("synthetic://car.bin"), "instances": [{"bbox_3d": box}]}
    points = LoadPointsFromFile()(results)["points"]
    inside = [p for p in points if 18 <= p[0] <= 22 and 4 <= p[1] <= 6]
    assert len(inside) >= 40


def test_synthesised_points_depend_only_on_the_path() -> None:
    assert synthesise_points("synthetic://a") == synthesise_points("synthetic://a")
    assert synthesise_points("synthetic://a") != synthesise_points("synthetic://b")


def test_read_bin_points_rejects_a_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.bin"
    path.write_bytes(b"\x00" * 20)
    with pytest.raises(ValueError, match="not a whole number of 4-float points"):
        read_bin_points(path)


def test_load_annotations3d_collects_boxes_and_labels() -> None:
    instances = [{"bbox_3d": [1, 2, 3, 4, 5, 6, 0.5], "bbox_label_3d": 2}]
    out = LoadAnnotations3D()({"instances": instances})
    assert out["gt_bboxes_3d"] == [[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.5]]
    assert out["gt_labels_3d"] == [2]


def test_load_annotations3d_rejects_an_instance_without_a_box() -> None:
    with pytest.raises(KeyError, match="instance #0 has no 'bbox_3d'"):
        LoadAnnotations3D()({"instances": [{"bbox_label_3d": 1}]})


def test_points_range_filter_keeps_points_strictly_inside() -> None:
    keep = PointsRangeFilter([0, -10, -3, 50, 10, 1])
    points = [[1, 0, 0], [0, 0, 0], [49.9, 9.9, 0.9], [50, 0, 0], [1, 0, -4]]
    assert keep({"points": points})["points"] == [[1, 0, 0], [49.9, 9.9, 0.9]]


def test_points_range_filter_requires_points() -> None:
    with pytest.raises(KeyError, match="put LoadPointsFromFile before it"):
        PointsRangeFilter([0, 0, 0, 1, 1, 1])({})


def test_points_range_filter_rejects_a_range_of_five_numbers() -> None:
    with pytest.raises(ValueError, match="point_cloud_range must be"):
        PointsRangeFilter([0, 0, 0, 1, 1])


def test_sr3d_resize_scales_the_camera_intrinsics() -> None:
    results = {"img": [[0] * 4] * 2, "cam2img": [[2, 0, 2], [0, 2, 1], [0, 0, 1]]}
    out = Resize(scale=(8, 4))(results)
    assert out["cam2img"] == [[4.0, 0.0, 4.0], [0.0, 4.0, 2.0], [0.0, 0.0, 1.0]]


def test_sr3d_resize_still_resizes_image_and_boxes_like_srdet() -> None:
    out = Resize(scale=(8, 4))({"img": [[0] * 4] * 2, "gt_bboxes": [[0, 0, 2, 2]]})
    assert out["img_shape"] == (4, 8)
    assert out["gt_bboxes"] == [[0.0, 0.0, 4.0, 4.0]]
    assert "cam2img" not in out


def test_pack3d_det_inputs_splits_inputs_and_ground_truth() -> None:
    results = {
        "points": [[0.0, 0.0, 0.0]],
        "img": [[1]],
        "gt_bboxes_3d": [[1, 2, 3, 4, 5, 6, 0]],
        "gt_labels_3d": [1],
        "sample_idx": 3,
    }
    keys = ["points", "img", "gt_bboxes_3d", "gt_labels_3d"]
    packed = Pack3DDetInputs(keys=keys)(results)
    assert packed["inputs"] == {"points": [[0.0, 0.0, 0.0]], "img": [[1]]}
    assert packed["data_samples"].gt_labels_3d == [1]
    assert packed["data_samples"].metainfo == {"sample_idx": 3}


def test_pack3d_det_inputs_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match=r"cannot pack \['voxels'\]"):
        Pack3DDetInputs(keys=["points", "voxels"])


def test_pack3d_det_inputs_raises_when_a_requested_input_is_missing() -> None:
    with pytest.raises(
        KeyError, match="asked to pack 'img', which the pipeline did not produce"
    ):
        Pack3DDetInputs(keys=["points", "img"])({"points": []})
