"""Tests that the example configs used by the demo and docs build."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import scopereg
from sr3d.datasets.transforms.processing import Resize as Resize3D
from sr3d.models.detectors import VoxelNet
from srdet.models.detectors import RetinaNet
from srdet.models.necks import FPN

CONFIGS = Path(__file__).resolve().parents[3] / "examples" / "configs"

pytestmark = pytest.mark.skipif(
    not CONFIGS.is_dir(), reason="examples/ is not shipped with the sr3d sdist"
)


def load(name: str) -> dict[str, Any]:
    path = CONFIGS / name
    if path.suffix == ".toml":
        with open(path, "rb") as stream:
            return tomllib.load(stream)
    with open(path, encoding="utf-8") as stream:
        config: dict[str, Any] = json.load(stream)
    return config


def test_retinanet_example_builds_from_the_root_registry() -> None:
    model = scopereg.MODELS.build(load("retinanet.json")["model"])
    assert isinstance(model, RetinaNet)


def test_pointpillars_example_mixes_sr3d_and_srdet_parts() -> None:
    model = scopereg.MODELS.build(load("pointpillars.toml")["model"])
    assert isinstance(model, VoxelNet)
    assert type(model.neck) is FPN


def test_kitti_pipeline_example_switches_resize_to_sr3d_through_scope_key() -> None:
    data = scopereg.DATASETS.build(load("kitti_pipeline.json")["dataset"])
    assert any(type(t) is Resize3D for t in data.pipeline)
    assert "points" in data[0]["inputs"]
