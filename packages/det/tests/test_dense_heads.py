"""Tests of srdet's dense heads and NMS."""

from __future__ import annotations

import pytest

from srdet.models.dense_heads import FCOSHead, RetinaHead, nms
from srdet.structures import Detection, FeatureMap


def spot(value: float = 0.9, size: int = 5, channels: int = 8) -> FeatureMap:
    grid = [[0.0] * size for _ in range(size)]
    grid[2][3] = value
    return FeatureMap(channels, grid, stride=8)


def test_retina_head_channels_count_anchors_times_classes() -> None:
    head = RetinaHead(num_classes=3, in_channels=8)
    cls_scores, bbox_preds = head([spot(), spot()])
    assert head.num_base_priors == 9
    assert [m.channels for m in cls_scores] == [27, 27]
    assert [m.channels for m in bbox_preds] == [36, 36]


def test_retina_head_anchor_settings_change_the_priors_per_cell() -> None:
    head = RetinaHead(
        num_classes=2, in_channels=8, anchor_generator=dict(scales_per_octave=1)
    )
    assert head.num_base_priors == 3


def test_retina_head_predicts_a_bright_cell_as_an_anchor_around_it() -> None:
    head = RetinaHead(num_classes=4, in_channels=8, stacked_convs=0)
    (best,) = head.predict([spot(0.9)])[:1]
    assert best.bbox == (12.0, 4.0, 44.0, 36.0)
    assert (best.label, best.score, best.level) == (3, 0.9, 0)


def test_retina_head_score_thr_filters_weak_cells() -> None:
    head = RetinaHead(
        num_classes=4, in_channels=8, stacked_convs=0, test_cfg=dict(score_thr=0.95)
    )
    assert head.predict([spot(0.9)]) == []


def test_retina_head_max_per_img_caps_the_detections() -> None:
    flat = FeatureMap(8, [[0.5] * 6] * 6, stride=100)
    head = RetinaHead(num_classes=2, in_channels=8, test_cfg=dict(max_per_img=3))
    assert len(head.predict([flat])) == 3


def test_dense_head_rejects_a_feature_map_with_other_channels() -> None:
    head = RetinaHead(num_classes=2, in_channels=16)
    with pytest.raises(ValueError, match="expects 16 input channels, got a 8-channel"):
        head([spot()])


def test_dense_head_rejects_a_non_positive_class_count() -> None:
    with pytest.raises(ValueError, match="num_classes must be positive, got 0"):
        RetinaHead(num_classes=0, in_channels=8)


def test_fcos_head_returns_class_box_and_centerness_maps() -> None:
    head = FCOSHead(num_classes=5, in_channels=8)
    cls_scores, bbox_preds, centernesses = head([spot()])
    assert (cls_scores[0].channels, bbox_preds[0].channels) == (5, 4)
    assert centernesses[0].channels == 1


def test_fcos_head_centerness_is_one_at_a_local_peak() -> None:
    head = FCOSHead(num_classes=1, in_channels=8, stacked_convs=0)
    centerness = head([spot()])[2][0]
    assert centerness.grid[2][3] == 1.0


def test_fcos_head_rejects_strides_and_ranges_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="one regress range per stride: 2 strides"):
        FCOSHead(num_classes=1, in_channels=8, strides=(8, 16))


def test_fcos_head_rejects_more_levels_than_strides() -> None:
    head = FCOSHead(
        num_classes=1, in_channels=8, strides=(8,), regress_ranges=((0, 64),)
    )
    with pytest.raises(ValueError, match="has 1 strides but got 2 levels"):
        head([spot(), spot()])


def test_nms_keeps_overlapping_boxes_of_different_classes() -> None:
    a = Detection((0, 0, 10, 10), 0.9, 0)
    b = Detection((0, 0, 10, 10), 0.8, 1)
    c = Detection((1, 1, 10, 10), 0.7, 0)
    assert nms([c, b, a], iou_threshold=0.5) == [a, b]
