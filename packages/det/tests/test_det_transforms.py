"""Tests of srdet's loading, geometric, filtering and packing transforms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from srdet.datasets.transforms.formatting import PackDetInputs
from srdet.datasets.transforms.loading import LoadAnnotations, LoadImageFromFile
from srdet.datasets.transforms.processing import FilterAnnotations, RandomFlip, Resize
from srdet.image_io import read_pgm, write_pgm


def image(height: int, width: int) -> list[list[int]]:
    return [[y * width + x for x in range(width)] for y in range(height)]


def test_load_image_from_file_reads_a_pgm_file(tmp_path: Path) -> None:
    path = tmp_path / "img.pgm"
    write_pgm(path, [[0, 10, 20], [30, 40, 50]])
    out = LoadImageFromFile()({"img_path": str(path)})
    assert out is not None
    assert out["img"] == [[0, 10, 20], [30, 40, 50]]
    assert out["img_shape"] == out["ori_shape"] == (2, 3)


def test_load_image_from_file_keeps_floats_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "img.pgm"
    write_pgm(path, [[7]])
    out = LoadImageFromFile(to_float32=True)({"img_path": str(path)})
    assert out is not None
    assert out["img"] == [[7.0]]


def test_read_pgm_reads_the_ascii_variant(tmp_path: Path) -> None:
    path = tmp_path / "ascii.pgm"
    path.write_text("P2\n# a comment\n2 2\n255\n1 2\n3 4\n")
    assert read_pgm(path) == [[1.0, 2.0], [3.0, 4.0]]


def test_read_pgm_rejects_a_file_that_is_not_pgm(tmp_path: Path) -> None:
    path = tmp_path / "img.ppm"
    path.write_text("P3\n1 1\n255\n0 0 0\n")
    with pytest.raises(ValueError, match="is not a PGM"):
        read_pgm(path)


def test_load_image_from_file_renders_synthetic_paths_with_their_boxes() -> None:
    results = {
        "img_path": "synthetic://scene.jpg",
        "height": 8,
        "width": 8,
        "instances": [{"bbox": [2, 2, 4, 4], "bbox_label": 0}],
    }
    out = LoadImageFromFile()(results)
    assert out is not None
    assert out["img"][3][3] == 255
    assert out["img"][6][6] < 40


def test_load_image_from_file_drops_a_missing_file_when_ignore_empty(
    tmp_path: Path,
) -> None:
    load = LoadImageFromFile(ignore_empty=True)
    assert load({"img_path": str(tmp_path / "missing.pgm")}) is None


def test_load_image_from_file_raises_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        LoadImageFromFile()({"img_path": str(tmp_path / "missing.pgm")})


def test_load_image_from_file_requires_an_image_path() -> None:
    with pytest.raises(KeyError, match="needs 'img_path'"):
        LoadImageFromFile()({})


def test_load_annotations_collects_boxes_labels_and_ignore_flags() -> None:
    instances = [
        {"bbox": [0, 0, 4, 4], "bbox_label": 2},
        {"bbox": [1, 1, 2, 2], "bbox_label": 5, "ignore_flag": 1},
    ]
    out = LoadAnnotations()({"instances": instances})
    assert out["gt_bboxes"] == [[0.0, 0.0, 4.0, 4.0], [1.0, 1.0, 2.0, 2.0]]
    assert out["gt_bboxes_labels"] == [2, 5]
    assert out["gt_ignore_flags"] == [False, True]


def test_load_annotations_rejects_an_instance_without_a_label() -> None:
    with pytest.raises(KeyError, match="instance #0 has no 'bbox_label'"):
        LoadAnnotations()({"instances": [{"bbox": [0, 0, 1, 1]}]})


def test_resize_keeps_the_ratio_within_the_scale() -> None:
    # Long edge 8 -> at most 12 (x1.5), short edge 4 -> at most 8 (x2): x1.5.
    out = Resize(scale=(12, 8))({"img": image(4, 8)})
    assert out["img_shape"] == (6, 12)
    assert out["scale_factor"] == (1.5, 1.5)


def test_resize_without_keep_ratio_stretches_to_the_scale() -> None:
    out = Resize(scale=(6, 2), keep_ratio=False)({"img": image(4, 4)})
    assert out["img_shape"] == (2, 6)
    assert out["scale_factor"] == (1.5, 0.5)


def test_resize_scales_and_clips_the_boxes() -> None:
    results: dict[str, Any] = {"img": image(4, 4), "gt_bboxes": [[1, 1, 3, 5]]}
    out = Resize(scale=8)(results)
    assert out["gt_bboxes"] == [[2.0, 2.0, 6.0, 8.0]]


def test_resize_samples_the_nearest_pixel() -> None:
    out = Resize(scale=(4, 2), keep_ratio=False)({"img": [[1, 2]]})
    assert out["img"] == [[1, 1, 2, 2], [1, 1, 2, 2]]


def test_resize_requires_an_image_first() -> None:
    with pytest.raises(KeyError, match="put LoadImageFromFile before it"):
        Resize(scale=8)({})


def test_resize_rejects_a_malformed_scale() -> None:
    with pytest.raises(
        ValueError, match=r"scale must be a positive int or \(width, height\)"
    ):
        Resize(scale=(8, 0))


def test_random_flip_is_reproducible_with_a_seed() -> None:
    def flips(seed: int) -> list[bool]:
        flip = RandomFlip(prob=0.5, seed=seed)
        return [flip({"img": [[1, 2]]})["flip"] for _ in range(20)]

    assert flips(3) == flips(3)
    assert True in flips(3)
    assert False in flips(3)


def test_random_flip_mirrors_image_and_boxes_horizontally() -> None:
    out = RandomFlip(prob=1.0)({"img": image(2, 4), "gt_bboxes": [[0, 0, 1, 2]]})
    assert out["img"][0] == [3, 2, 1, 0]
    assert out["gt_bboxes"] == [[3.0, 0.0, 4.0, 2.0]]
    assert (out["flip"], out["flip_direction"]) == (True, "horizontal")


def test_random_flip_vertical_reverses_the_rows() -> None:
    out = RandomFlip(prob=1.0, direction="vertical")({"img": [[1], [2], [3]]})
    assert out["img"] == [[3], [2], [1]]


def test_random_flip_with_prob_zero_never_flips() -> None:
    out = RandomFlip(prob=0.0)({"img": [[1, 2]]})
    assert (out["img"], out["flip"], out["flip_direction"]) == ([[1, 2]], False, None)


def test_random_flip_rejects_a_probability_above_one() -> None:
    with pytest.raises(ValueError, match=r"prob must be in \[0, 1\], got 1.5"):
        RandomFlip(prob=1.5)


def test_random_flip_rejects_an_unknown_direction() -> None:
    with pytest.raises(
        ValueError, match="direction must be 'horizontal' or 'vertical'"
    ):
        RandomFlip(prob=0.5, direction="diagonal")


def test_filter_annotations_drops_small_boxes_with_their_labels() -> None:
    results = {
        "gt_bboxes": [[0, 0, 5, 5], [0, 0, 0.5, 9]],
        "gt_bboxes_labels": [1, 2],
        "gt_ignore_flags": [False, False],
    }
    out = FilterAnnotations(min_gt_bbox_wh=(1, 1))(results)
    assert out is not None
    assert out["gt_bboxes_labels"] == [1]
    assert out["gt_ignore_flags"] == [False]


def test_filter_annotations_returns_none_when_no_box_is_left() -> None:
    results = {"gt_bboxes": [[0, 0, 0.5, 0.5]], "gt_bboxes_labels": [1]}
    assert FilterAnnotations()(results) is None


def test_filter_annotations_keeps_the_sample_when_keep_empty_is_false() -> None:
    results = {"gt_bboxes": [[0, 0, 0.5, 0.5]], "gt_bboxes_labels": [1]}
    assert FilterAnnotations(keep_empty=False)(results) is results


def test_filter_annotations_leaves_a_sample_without_boxes_alone() -> None:
    assert FilterAnnotations()({"gt_bboxes": []}) == {"gt_bboxes": []}


def test_pack_det_inputs_collects_meta_keys_and_ground_truth() -> None:
    results = {
        "img": [[1]],
        "img_id": 4,
        "img_shape": (1, 1),
        "gt_bboxes": [[0, 0, 1, 1]],
        "gt_bboxes_labels": [3],
        "unrelated": True,
    }
    packed = PackDetInputs()(results)
    sample = packed["data_samples"]
    assert packed["inputs"] == [[1]]
    assert sample.metainfo == {"img_id": 4, "img_shape": (1, 1)}
    assert (sample.gt_bboxes, sample.gt_labels) == ([(0.0, 0.0, 1.0, 1.0)], [3])


def test_pack_det_inputs_requires_an_image() -> None:
    with pytest.raises(KeyError, match="PackDetInputs needs 'img'"):
        PackDetInputs()({})
