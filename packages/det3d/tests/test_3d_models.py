"""Tests of sr3d's model parts: pillar encoder, scatter, SECOND and heads."""

from __future__ import annotations

import pytest

from sr3d.models.backbones import SECOND
from sr3d.models.dense_heads import Anchor3DHead, RetinaHead, nms_bev
from sr3d.models.middle_encoders import PointPillarsScatter
from sr3d.models.voxel_encoders import PillarFeatureNet
from sr3d.structures import Detection3D, PillarFeatures
from srdet.structures import FeatureMap

RANGE = (0.0, 0.0, -2.0, 8.0, 4.0, 2.0)


def test_pillar_feature_net_bins_points_on_the_voxel_grid() -> None:
    pfn = PillarFeatureNet(voxel_size=(1, 1, 4), point_cloud_range=RANGE)
    pillars = pfn.voxelize([[0.5, 0.5, 0.0], [0.7, 0.2, 1.0], [7.5, 3.5, 0.0]])
    assert pfn.grid_shape == (4, 8)
    assert sorted(pillars) == [(0, 0), (3, 7)]
    assert len(pillars[(0, 0)]) == 2


def test_pillar_feature_net_drops_points_outside_the_range() -> None:
    pfn = PillarFeatureNet(voxel_size=(1, 1, 4), point_cloud_range=RANGE)
    assert pfn.voxelize([[-1, 0, 0], [9, 1, 0], [1, 1, 5]]) == {}


def test_pillar_feature_net_encodes_the_highest_point_of_each_pillar() -> None:
    pfn = PillarFeatureNet(voxel_size=(1, 1, 4), point_cloud_range=RANGE)
    out = pfn([[0.5, 0.5, -2.0, 0.1], [0.6, 0.5, 1.0, 0.1]])
    assert out.features == {(0, 0): 0.75}
    assert out.channels == 64


def test_pillar_feature_net_counts_its_decorated_point_features() -> None:
    assert PillarFeatureNet().num_point_features == 9
    assert PillarFeatureNet(with_distance=True).num_point_features == 10


def test_pillar_feature_net_rejects_an_inverted_range() -> None:
    with pytest.raises(ValueError, match="each min below its max"):
        PillarFeatureNet(point_cloud_range=(0, 0, 0, -1, 1, 1))


def test_point_pillars_scatter_places_features_at_their_cells() -> None:
    scatter = PointPillarsScatter(in_channels=4, output_shape=(2, 3))
    bev = scatter(PillarFeatures(4, (2, 3), {(0, 1): 0.5, (1, 2): 0.25}))
    assert bev.grid == ((0.0, 0.5, 0.0), (0.0, 0.0, 0.25))
    assert bev.channels == 4


def test_point_pillars_scatter_rejects_a_different_pillar_grid() -> None:
    scatter = PointPillarsScatter(in_channels=4, output_shape=(2, 3))
    with pytest.raises(
        ValueError, match=r"output_shape \(2, 3\) differs from the pillar grid \(3, 3\)"
    ):
        scatter(PillarFeatures(4, (3, 3), {}))


def test_point_pillars_scatter_rejects_pillars_of_other_channels() -> None:
    scatter = PointPillarsScatter(in_channels=4, output_shape=(2, 3))
    with pytest.raises(ValueError, match="expects 4-channel pillars, got 8"):
        scatter(PillarFeatures(8, (2, 3), {}))


def test_second_returns_one_map_per_stage_with_the_stage_channels() -> None:
    net = SECOND(in_channels=4, out_channels=(8, 16, 32), layer_nums=(1, 1, 1))
    feats = net(FeatureMap(4, [[0.0] * 16] * 16))
    assert [f.shape for f in feats] == [(8, 8, 8), (16, 4, 4), (32, 2, 2)]


def test_second_keeps_an_isolated_peak_through_its_stages() -> None:
    grid = [[0.0] * 8 for _ in range(8)]
    grid[4][4] = 1.0
    feats = SECOND(
        in_channels=1, out_channels=(1,), layer_nums=(2,), layer_strides=(2,)
    )(FeatureMap(1, grid))
    assert feats[0].max() == pytest.approx(0.25)


def test_second_rejects_stage_settings_of_different_lengths() -> None:
    with pytest.raises(ValueError, match=r"out_channels \(2\), layer_nums \(3\)"):
        SECOND(out_channels=(64, 128), layer_nums=(3, 5, 5))


def test_second_rejects_a_map_with_other_channels() -> None:
    with pytest.raises(ValueError, match="SECOND expects 128 input channels, got 4"):
        SECOND()(FeatureMap(4, [[0.0]]))


def test_anchor3d_head_places_the_anchor_at_the_cell_centre_in_metres() -> None:
    head = Anchor3DHead(
        num_classes=3,
        in_channels=4,
        stacked_convs=0,
        anchor_generator=dict(
            ranges=[[0, -4, -1.5, 8, 4, -1.5]],
            sizes=[[1, 1, 1], [2, 1, 1], [4, 2, 1.5]],
            rotations=[0.5],
        ),
    )
    grid = [[0.0] * 4 for _ in range(4)]
    grid[1][2] = 0.9
    (det,) = head.predict([FeatureMap(4, grid)])
    assert det.bbox_3d == (5.0, -1.0, -1.5, 4.0, 2.0, 1.5, 0.5)
    assert det.label == 2


def test_anchor3d_head_counts_priors_from_sizes_and_rotations() -> None:
    head = Anchor3DHead(num_classes=3, in_channels=4)
    cls_scores, bbox_preds, dir_preds = head([FeatureMap(4, [[0.0]])])
    assert head.num_base_priors == 2
    assert (cls_scores[0].channels, bbox_preds[0].channels) == (6, 14)
    assert dir_preds[0].channels == 4


def test_anchor3d_head_without_direction_classifier_has_no_direction_maps() -> None:
    head = Anchor3DHead(num_classes=1, in_channels=4, use_direction_classifier=False)
    assert head([FeatureMap(4, [[0.0]])])[2] == []


def test_anchor3d_head_rejects_a_malformed_anchor_range() -> None:
    with pytest.raises(ValueError, match="ranges of 6 numbers"):
        Anchor3DHead(
            num_classes=1, in_channels=4, anchor_generator=dict(ranges=[[0, 1]])
        )


def test_sr3d_retina_head_adds_direction_predictions_per_anchor() -> None:
    head = RetinaHead(num_classes=2, in_channels=4, num_dir_bins=2)
    cls_scores, _, dir_preds = head([FeatureMap(4, [[0.5]])])
    assert cls_scores[0].channels == 18
    assert dir_preds[0].channels == 18


def test_sr3d_retina_head_still_predicts_like_srdet() -> None:
    head = RetinaHead(num_classes=2, in_channels=4, stacked_convs=0)
    assert head.predict([FeatureMap(4, [[0.9]], stride=8)])[0].label == 1


def test_nms_bev_drops_overlapping_boxes_of_the_same_class_only() -> None:
    a = Detection3D((0, 0, 0, 4, 2, 1, 0), 0.9, 0)
    b = Detection3D((0.2, 0, 0, 4, 2, 1, 0), 0.8, 0)
    c = Detection3D((0.2, 0, 0, 4, 2, 1, 0), 0.7, 1)
    assert nms_bev([c, b, a], iou_threshold=0.5) == [a, c]
