"""Tests of srdet's Compose, which overrides the core Compose in its scope."""

from __future__ import annotations

from typing import Any

import pytest

from scopereg.builtins.transforms import Compose as CoreCompose
from srdet.datasets.transforms.compose import Compose
from srdet.datasets.transforms.processing import Resize
from srdet.registry import TRANSFORMS


def drop(results: dict[str, Any]) -> None:
    return None


def test_srdet_compose_returns_none_when_a_transform_drops_the_sample() -> None:
    assert Compose([lambda r: r, drop])({"x": 1}) is None


def test_srdet_compose_skips_the_transforms_after_a_drop() -> None:
    seen: list[str] = []

    def record(results: dict[str, Any]) -> dict[str, Any]:
        seen.append("called")
        return results

    Compose([drop, record])({})
    assert seen == []


def test_core_compose_refuses_the_none_that_srdet_compose_accepts() -> None:
    with pytest.raises(TypeError, match="returned NoneType"):
        CoreCompose([drop])({})


def test_srdet_compose_builds_unscoped_names_from_srdet_transforms() -> None:
    pipeline = Compose([dict(type="Resize", scale=(8, 8))])
    assert type(pipeline.transforms[0]) is Resize


def test_srdet_compose_builds_from_the_srdet_registry_by_name() -> None:
    pipeline = TRANSFORMS.build(
        dict(type="Compose", transforms=[dict(type="Identity")])
    )
    assert type(pipeline) is Compose
    assert pipeline({"x": 1}) == {"x": 1}


def test_srdet_compose_rejects_results_that_are_not_a_mapping() -> None:
    with pytest.raises(TypeError, match="expects a mapping of results, got list"):
        Compose([])([])  # type: ignore[arg-type]
