"""Tests of sr3d's VoxelNet detector and the pointpillars_r18 function."""

from __future__ import annotations

from typing import Any

import pytest

import scopereg
from sr3d.models.backbones import SECOND
from sr3d.models.dense_heads import Anchor3DHead
from sr3d.models.detectors import VoxelNet
from sr3d.registry import MODELS
from srdet.models.backbones import ResNet
from srdet.models.necks import FPN

RANGE = [0.0, -8.0, -3.0, 16.0, 8.0, 1.0]


def voxelnet_cfg(**overrides: Any) -> dict[str, Any]:
    cfg: dict[str, Any] = dict(
        type="VoxelNet",
        voxel_encoder=dict(
            type="PillarFeatureNet",
            feat_channels=[16],
            voxel_size=[0.5, 0.5, 4],
            point_cloud_range=RANGE,
        ),
        middle_encoder=dict(
            type="PointPillarsScatter", in_channels=16, output_shape=[32, 32]
        ),
        backbone=dict(
            type="SECOND",
            in_channels=16,
            out_channels=[16, 32],
            layer_nums=[1, 1],
            layer_strides=[2, 2],
        ),
        neck=dict(type="srdet.FPN", in_channels=[16, 32], out_channels=16, num_outs=2),
        bbox_head=dict(
            type="Anchor3DHead",
            num_classes=3,
            in_channels=16,
            stacked_convs=1,
            anchor_generator=dict(
                ranges=[[0, -8, -1.78, 16, 8, -1.78]],
                sizes=[[3.9, 1.6, 1.56]],
                rotations=[0],
            ),
        ),
        test_cfg=dict(score_thr=0.2, nms=dict(iou_threshold=0.01)),
    )
    cfg.update(overrides)
    return cfg


def car_points(x: float, y: float) -> list[list[float]]:
    return [
        [x + dx * 0.25, y + dy * 0.25, z, 0.5]
        for dx in range(-6, 7)
        for dy in range(-3, 4)
        for z in (-1.5, -0.5, 0.5)
    ]


def test_voxelnet_builds_srdet_parts_through_scoped_names() -> None:
    model = MODELS.build(voxelnet_cfg())
    assert isinstance(model.backbone, SECOND)
    assert type(model.neck) is FPN
    assert isinstance(model.bbox_head, Anchor3DHead)


def test_voxelnet_resolves_an_unscoped_srdet_name_through_its_parent() -> None:
    neck = dict(type="FPN", in_channels=[16, 32], out_channels=16, num_outs=2)
    assert type(MODELS.build(voxelnet_cfg(neck=neck)).neck) is FPN


def test_voxelnet_builds_from_the_root_registry_with_a_scoped_type() -> None:
    model = scopereg.MODELS.build(voxelnet_cfg(type="sr3d.VoxelNet"))
    assert isinstance(model, VoxelNet)


def test_voxelnet_predict_finds_an_object_near_its_points() -> None:
    model = MODELS.build(voxelnet_cfg())
    best = model.predict(car_points(10.0, 2.0))[0]
    assert best.bbox_3d[0] == pytest.approx(10.0, abs=1.5)
    assert best.bbox_3d[1] == pytest.approx(2.0, abs=1.5)


def test_voxelnet_predicts_nothing_for_an_empty_cloud() -> None:
    assert MODELS.build(voxelnet_cfg()).predict([]) == []


def test_voxelnet_tensor_mode_returns_the_head_outputs() -> None:
    cls_scores, bbox_preds, dir_preds = MODELS.build(voxelnet_cfg())(car_points(4, 0))
    assert [m.shape for m in cls_scores] == [(3, 16, 16), (3, 8, 8)]
    assert len(bbox_preds) == len(dir_preds) == 2


def test_voxelnet_rejects_a_scatter_shape_different_from_the_pillar_grid() -> None:
    scatter = dict(type="PointPillarsScatter", in_channels=16, output_shape=[16, 16])
    with pytest.raises(
        ValueError,
        match=r"pillar grid \(32, 32\) differs from the scatter output_shape \(16, 16\)",
    ):
        MODELS.build(voxelnet_cfg(middle_encoder=scatter))


def test_voxelnet_rejects_a_channel_mismatch_between_encoder_and_scatter() -> None:
    scatter = dict(type="PointPillarsScatter", in_channels=64, output_shape=[32, 32])
    with pytest.raises(
        ValueError,
        match="voxel_encoder -> middle_encoder: PointPillarsScatter expects in_channels=64",
    ):
        MODELS.build(voxelnet_cfg(middle_encoder=scatter))


def test_voxelnet_rejects_an_unknown_forward_mode() -> None:
    with pytest.raises(ValueError, match="mode must be 'tensor' or 'predict'"):
        MODELS.build(voxelnet_cfg())([], mode="loss")


def test_voxelnet_needs_a_bbox_head() -> None:
    with pytest.raises(ValueError, match="VoxelNet needs a bbox_head"):
        MODELS.build(voxelnet_cfg(bbox_head=None))


def test_pointpillars_r18_function_uses_srdet_resnet_and_fpn() -> None:
    model = MODELS.build(dict(type="pointpillars_r18", num_classes=3))
    assert isinstance(model, VoxelNet)
    assert type(model.backbone) is ResNet
    assert model.backbone.depth == 18
    assert type(model.neck) is FPN


def test_pointpillars_r18_sizes_the_scatter_from_range_and_voxels() -> None:
    model = MODELS.build(
        dict(type="pointpillars_r18", point_cloud_range=RANGE, voxel_size=[0.5, 0.5, 4])
    )
    assert model.middle_encoder.output_shape == (32, 32)


def test_voxelnet_repr_names_the_package_of_each_part() -> None:
    text = repr(MODELS.build(voxelnet_cfg()))
    assert "backbone=sr3d.SECOND" in text
    assert "neck=srdet.FPN" in text
