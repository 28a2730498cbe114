"""Tests of sr3d's registries: a three-level tree, inheritance and overrides."""

from __future__ import annotations

import scopereg
import srdet.registry
from sr3d import registry
from sr3d.models.dense_heads import RetinaHead as RetinaHead3D
from sr3d.models.detectors import VoxelNet
from srdet.models.dense_heads import RetinaHead as RetinaHead2D
from srdet.models.necks import FPN


def test_sr3d_models_registry_is_a_grandchild_of_the_root() -> None:
    assert registry.MODELS.parent is srdet.registry.MODELS
    assert registry.MODELS.root is scopereg.MODELS


def test_sr3d_transforms_registry_is_a_child_of_srdet_transforms() -> None:
    assert registry.TRANSFORMS.parent is srdet.registry.TRANSFORMS


def test_sr3d_datasets_hang_directly_from_the_root_dataset_registry() -> None:
    assert registry.DATASETS.parent is scopereg.DATASETS


def test_sr3d_registries_declare_their_component_packages_as_locations() -> None:
    assert registry.MODELS.locations == ("sr3d.models",)
    assert registry.TRANSFORMS.locations == ("sr3d.datasets.transforms",)
    assert registry.DATASETS.locations == ("sr3d.datasets",)


def test_sr3d_models_inherit_srdet_names() -> None:
    assert registry.MODELS.get("FPN") is FPN


def test_sr3d_retina_head_overrides_srdet_inside_the_sr3d_scope() -> None:
    assert registry.MODELS.get("RetinaHead") is RetinaHead3D
    assert srdet.registry.MODELS.get("RetinaHead") is RetinaHead2D


def test_scoped_name_resolves_in_the_grandchild_scope_from_the_root() -> None:
    assert scopereg.MODELS.get("sr3d.VoxelNet") is VoxelNet


def test_srdet_scoped_name_resolves_from_the_sr3d_registry() -> None:
    assert registry.MODELS.get("srdet.RetinaHead") is RetinaHead2D
