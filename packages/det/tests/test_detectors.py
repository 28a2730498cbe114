"""Tests of srdet's single-stage detectors and the retinanet_r50 function."""

from __future__ import annotations

from typing import Any

import pytest

import scopereg
from srdet.models.backbones import ResNet
from srdet.models.dense_heads import FCOSHead, RetinaHead
from srdet.models.detectors import FCOS, RetinaNet
from srdet.models.necks import FPN
from srdet.registry import MODELS


def r18_cfg(**overrides: Any) -> dict[str, Any]:
    cfg: dict[str, Any] = dict(
        type="RetinaNet",
        backbone=dict(type="ResNet", depth=18),
        neck=dict(
            type="FPN", in_channels=[64, 128, 256, 512], out_channels=32, num_outs=5
        ),
        bbox_head=dict(type="RetinaHead", num_classes=3, in_channels=32),
    )
    cfg.update(overrides)
    return cfg


def square_image(top: int, left: int, side: int, size: int = 64) -> list[list[int]]:
    return [
        [
            255 if top <= y < top + side and left <= x < left + side else 0
            for x in range(size)
        ]
        for y in range(size)
    ]


def test_retinanet_builds_its_backbone_from_subconfig() -> None:
    model = MODELS.build(r18_cfg())
    assert isinstance(model, RetinaNet)
    assert isinstance(model.backbone, ResNet)
    assert model.backbone.depth == 18


def test_retinanet_builds_its_neck_and_head_from_subconfigs() -> None:
    model = MODELS.build(r18_cfg())
    assert isinstance(model.neck, FPN)
    assert isinstance(model.bbox_head, RetinaHead)


def test_retinanet_accepts_parts_that_are_already_built() -> None:
    backbone = ResNet(depth=18)
    model = RetinaNet(
        backbone=backbone, neck=r18_cfg()["neck"], bbox_head=r18_cfg()["bbox_head"]
    )
    assert model.backbone is backbone


def test_retinanet_builds_from_the_root_registry_with_a_scoped_type() -> None:
    model = scopereg.MODELS.build(r18_cfg(type="srdet.RetinaNet"))
    assert type(model) is RetinaNet


def test_retinanet_does_not_mutate_its_config() -> None:
    cfg = r18_cfg(test_cfg=dict(score_thr=0.2))
    snapshot = repr(cfg)
    MODELS.build(cfg)
    assert repr(cfg) == snapshot


def test_retinanet_rejects_a_neck_expecting_other_backbone_channels() -> None:
    neck = dict(
        type="FPN", in_channels=[256, 512, 1024, 2048], out_channels=32, num_outs=5
    )
    with pytest.raises(
        ValueError, match=r"backbone -> neck: FPN expects in_channels=\(256"
    ):
        MODELS.build(r18_cfg(neck=neck))


def test_retinanet_rejects_a_head_expecting_other_neck_channels() -> None:
    head = dict(type="RetinaHead", num_classes=3, in_channels=256)
    with pytest.raises(
        ValueError, match="neck -> bbox_head: RetinaHead expects in_channels=256"
    ):
        MODELS.build(r18_cfg(bbox_head=head))


def test_retinanet_rejects_a_part_that_is_neither_config_nor_module() -> None:
    with pytest.raises(TypeError, match="neck must be a config dict or a built module"):
        MODELS.build(r18_cfg(neck=42))


def test_retinanet_passes_test_cfg_to_its_head() -> None:
    model = MODELS.build(r18_cfg(test_cfg=dict(score_thr=0.3, max_per_img=7)))
    assert model.bbox_head.test_cfg["score_thr"] == 0.3
    assert model.bbox_head.test_cfg["max_per_img"] == 7


def test_retinanet_tensor_mode_returns_one_output_per_pyramid_level() -> None:
    cls_scores, bbox_preds = MODELS.build(r18_cfg())(square_image(0, 0, 8))
    assert [m.stride for m in cls_scores] == [4, 8, 16, 32, 64]
    assert cls_scores[0].channels == 27
    assert bbox_preds[0].channels == 36


def test_retinanet_predict_finds_a_bright_square_where_it_is() -> None:
    model = MODELS.build(r18_cfg(test_cfg=dict(score_thr=0.1)))
    best = model.predict(square_image(top=32, left=32, side=32))[0]
    centre_x = (best.bbox[0] + best.bbox[2]) / 2
    centre_y = (best.bbox[1] + best.bbox[3]) / 2
    assert 32 <= centre_x <= 64
    assert 32 <= centre_y <= 64


def test_retinanet_predict_finds_nothing_in_a_black_image() -> None:
    model = MODELS.build(r18_cfg())
    assert model(square_image(0, 0, 0), mode="predict") == []


def test_retinanet_rejects_an_unknown_forward_mode() -> None:
    with pytest.raises(
        ValueError, match="mode must be 'tensor' or 'predict', got 'loss'"
    ):
        MODELS.build(r18_cfg())(square_image(0, 0, 0), mode="loss")


def test_retinanet_needs_a_bbox_head() -> None:
    with pytest.raises(ValueError, match="RetinaNet needs a bbox_head"):
        MODELS.build(r18_cfg(bbox_head=None))


def test_retinanet_rejects_a_zero_std_preprocessor() -> None:
    with pytest.raises(ValueError, match="std must not be zero"):
        MODELS.build(r18_cfg(data_preprocessor=dict(std=0)))


def test_invalid_backbone_depth_fails_the_detector_build_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="invalid depth 42 for ResNet"):
        MODELS.build(r18_cfg(backbone=dict(type="ResNet", depth=42)))


def test_fcos_detector_builds_with_an_fcos_head() -> None:
    model = MODELS.build(
        r18_cfg(
            type="FCOS", bbox_head=dict(type="FCOSHead", num_classes=2, in_channels=32)
        )
    )
    assert isinstance(model, FCOS)
    assert isinstance(model.bbox_head, FCOSHead)
    assert len(model(square_image(0, 0, 16))) == 3


def test_retinanet_r50_function_builds_the_standard_detector() -> None:
    model = MODELS.build(dict(type="retinanet_r50", num_classes=3))
    assert isinstance(model, RetinaNet)
    assert model.backbone.depth == 50
    assert model.neck is not None
    assert model.neck.in_channels == (512, 1024, 2048)
    assert model.bbox_head.num_classes == 3


def test_retinanet_r50_function_accepts_whole_part_overrides() -> None:
    model = MODELS.build(
        dict(type="retinanet_r50", test_cfg=dict(score_thr=0.5), num_classes=2)
    )
    assert model.bbox_head.test_cfg["score_thr"] == 0.5
