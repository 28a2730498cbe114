"""Tests of DefaultScope and _scope_ choosing sr3d's overrides over srdet's."""

from __future__ import annotations

from typing import Any

import scopereg
import srdet.registry
from scopereg import DefaultScope
from sr3d.datasets.kitti import KittiDataset
from sr3d.datasets.transforms.processing import Resize as Resize3D
from sr3d.models.dense_heads import RetinaHead as RetinaHead3D
from srdet.datasets.transforms.processing import Resize as Resize2D
from srdet.models.dense_heads import RetinaHead as RetinaHead2D

HEAD = dict(type="RetinaHead", num_classes=3, in_channels=8)


def coco_cfg() -> dict[str, Any]:
    return dict(
        type="srdet.CocoDataset",
        num_samples=1,
        pipeline=[dict(type="LoadImageFromFile"), dict(type="Resize", scale=(32, 32))],
    )


def test_srdet_registry_builds_its_own_retina_head_without_a_default_scope() -> None:
    assert type(srdet.registry.MODELS.build(HEAD)) is RetinaHead2D


def test_default_scope_sr3d_switches_the_retina_head_built_from_srdet() -> None:
    with DefaultScope("sr3d"):
        head = srdet.registry.MODELS.build(HEAD)
    assert type(head) is RetinaHead3D


def test_default_scope_is_restored_after_the_block() -> None:
    with DefaultScope("sr3d"):
        pass
    assert type(srdet.registry.MODELS.build(HEAD)) is RetinaHead2D


def test_scope_key_switches_the_retina_head_for_one_build() -> None:
    head = srdet.registry.MODELS.build({**HEAD, "_scope_": "sr3d"})
    assert type(head) is RetinaHead3D


def test_default_scope_sr3d_switches_resize_inside_a_coco_pipeline() -> None:
    plain = scopereg.DATASETS.build(coco_cfg())
    with DefaultScope("sr3d"):
        switched = scopereg.DATASETS.build(coco_cfg())
    assert type(plain.pipeline.transforms[1]) is Resize2D
    assert type(switched.pipeline.transforms[1]) is Resize3D


def test_scope_key_of_a_dataset_reaches_the_transforms_built_inside_it() -> None:
    cfg = {**coco_cfg(), "_scope_": "sr3d"}
    data = scopereg.DATASETS.build(cfg)
    assert type(data.pipeline.transforms[1]) is Resize3D


def test_scope_key_resolves_an_unscoped_dataset_name_in_sr3d() -> None:
    data = scopereg.DATASETS.build({"type": "KittiDataset", "_scope_": "sr3d"})
    assert type(data) is KittiDataset


def test_default_scope_srdet_keeps_the_srdet_override_from_the_root() -> None:
    with DefaultScope("srdet"):
        head = scopereg.MODELS.build(HEAD)
    assert type(head) is RetinaHead2D
