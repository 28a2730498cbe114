"""Nested module builds across ``srdet`` and ``sr3d`` names, on real modules.

The sample tree (scopereg_torch_samples.py) has the generic layers in its
root, a detector in ``srdet`` that builds its parts from configs, and an
``sr3d`` override of the detector's head.
"""

from __future__ import annotations

from types import ModuleType

import pytest

torch = pytest.importorskip(
    "torch", reason="no PyTorch here; `nox -s torch` runs these"
)
nn = torch.nn

from scopereg import DefaultScope  # noqa: E402
from scopereg.exceptions import NotRegisteredError  # noqa: E402

IMAGES_SHAPE = (2, 3, 8, 8)


def test_detector_builds_its_parts_from_three_levels_of_the_tree(
    samples: ModuleType,
) -> None:
    detector = samples.SRDET.build(samples.detector_config())

    assert type(detector.backbone) is samples.ConvBackbone
    assert [type(m) for m in detector.neck] == [nn.Linear, nn.ReLU]
    assert type(detector.head) is samples.Head


def test_detector_built_from_nested_configs_runs_on_a_tensor(
    samples: ModuleType,
) -> None:
    detector = samples.SRDET.build(samples.detector_config())

    logits = detector(torch.randn(IMAGES_SHAPE))

    assert logits.shape == (2, 3)


def test_sr3d_default_scope_picks_its_head_inside_the_srdet_detector(
    samples: ModuleType,
) -> None:
    with DefaultScope("sr3d"):
        detector = samples.SRDET.build(samples.detector_config())

    assert type(detector) is samples.Detector
    assert type(detector.head) is samples.ScoreHead


def test_scope_key_on_the_outer_config_reaches_the_nested_builds(
    samples: ModuleType,
) -> None:
    detector = samples.ROOT.build(samples.detector_config(_scope_="sr3d"))

    scores = detector(torch.randn(IMAGES_SHAPE))

    assert type(detector.head) is samples.ScoreHead
    assert bool(((scores > 0) & (scores < 1)).all())


def test_sr3d_scoped_name_in_a_nested_config_picks_the_override(
    samples: ModuleType,
) -> None:
    cfg = samples.detector_config(head={"type": "sr3d.Head", "width": 8})

    detector = samples.SRDET.build(cfg)

    assert type(detector.head) is samples.ScoreHead


def test_srdet_scoped_name_from_sr3d_reaches_the_srdet_original(
    samples: ModuleType,
) -> None:
    cfg = samples.detector_config(head={"type": "srdet.Head", "width": 8})

    with DefaultScope("sr3d"):
        detector = samples.SR3D.build(cfg)

    assert type(detector.head) is samples.Head


def test_unknown_nested_type_names_the_enclosing_build_and_a_close_name(
    samples: ModuleType,
) -> None:
    cfg = samples.detector_config(backbone={"type": "srdet.ConvBackbon"})

    with pytest.raises(
        NotRegisteredError, match=r"did you mean 'ConvBackbone'"
    ) as info:
        samples.SRDET.build(cfg)

    assert any("while building 'Detector'" in note for note in info.value.__notes__)


def test_failed_nested_build_restores_the_outer_default_scope(
    samples: ModuleType,
) -> None:
    cfg = samples.detector_config(_scope_="sr3d", head={"type": "Missing"})

    with DefaultScope("srdet") as outer:
        with pytest.raises(NotRegisteredError):
            samples.ROOT.build(cfg)
        assert DefaultScope.get_current_instance() is outer
