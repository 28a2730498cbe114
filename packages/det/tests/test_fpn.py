"""Tests of srdet's FPN neck."""

from __future__ import annotations

import pytest

from srdet.models.necks import FPN
from srdet.structures import FeatureMap


def pyramid(channels: tuple[int, ...], size: int = 16) -> list[FeatureMap]:
    return [
        FeatureMap(c, [[1.0] * (size >> i)] * (size >> i), stride=4 << i)
        for i, c in enumerate(channels)
    ]


def test_fpn_outputs_num_outs_levels_of_out_channels() -> None:
    fpn = FPN(in_channels=[8, 16, 32], out_channels=4, num_outs=5)
    outs = fpn(pyramid((8, 16, 32)))
    assert [o.channels for o in outs] == [4] * 5
    assert [o.stride for o in outs] == [4, 8, 16, 32, 64]


def test_fpn_extra_levels_on_input_pool_the_last_used_input() -> None:
    fpn = FPN(in_channels=[8, 16], out_channels=4, num_outs=3, add_extra_convs=True)
    assert fpn.add_extra_convs == "on_input"
    outs = fpn(pyramid((8, 16)))
    assert outs[2].shape == (4, 4, 4)


def test_fpn_start_level_skips_the_finest_input() -> None:
    fpn = FPN(in_channels=[8, 16, 32], out_channels=4, num_outs=2, start_level=1)
    outs = fpn(pyramid((8, 16, 32)))
    assert [o.stride for o in outs] == [8, 16]


def test_fpn_top_down_pathway_carries_coarse_values_to_fine_levels() -> None:
    fine = FeatureMap(2, [[0.0] * 4] * 4, stride=4)
    coarse = FeatureMap(2, [[1.0] * 2] * 2, stride=8)
    outs = FPN(in_channels=[2, 2], out_channels=2, num_outs=2)([fine, coarse])
    assert outs[0].max() == pytest.approx(0.5)


def test_fpn_rejects_num_outs_smaller_than_the_levels_it_uses() -> None:
    with pytest.raises(ValueError, match=r"num_outs \(2\) is smaller .* \(4\)"):
        FPN(in_channels=[1, 2, 3, 4], out_channels=8, num_outs=2)


def test_fpn_rejects_inputs_whose_channels_differ_from_in_channels() -> None:
    fpn = FPN(in_channels=[8, 16], out_channels=4, num_outs=2)
    with pytest.raises(
        ValueError, match=r"expects input channels \(8, 16\), got \(8, 32\)"
    ):
        fpn(pyramid((8, 32)))


def test_fpn_rejects_an_unknown_extra_convs_option() -> None:
    with pytest.raises(ValueError, match="add_extra_convs must be a bool or one of"):
        FPN(in_channels=[8], out_channels=4, num_outs=2, add_extra_convs="on_top")


def test_fpn_rejects_levels_outside_its_inputs() -> None:
    with pytest.raises(ValueError, match="do not fit 2 input levels"):
        FPN(in_channels=[8, 16], out_channels=4, num_outs=3, start_level=2)
