"""Tests of srdet's ResNet backbone."""

from __future__ import annotations

import pytest

from srdet.models.backbones import ResNet
from srdet.registry import MODELS
from srdet.structures import FeatureMap


def blank(size: int = 64) -> list[list[float]]:
    return [[0.0] * size for _ in range(size)]


def test_resnet_rejects_an_unknown_depth_naming_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"invalid depth 42.*18, 34, 50, 101, 152"):
        ResNet(depth=42)


def test_resnet_depth_error_escapes_a_registry_build_unchanged() -> None:
    with pytest.raises(ValueError, match="invalid depth 7") as info:
        MODELS.build(dict(type="ResNet", depth=7))
    assert any("ResNet" in note for note in getattr(info.value, "__notes__", []))


@pytest.mark.parametrize(
    ("depth", "channels"),
    [(18, (64, 128, 256, 512)), (50, (256, 512, 1024, 2048))],
)
def test_resnet_out_channels_follow_the_block_expansion(
    depth: int, channels: tuple[int, ...]
) -> None:
    assert ResNet(depth=depth).out_channels == channels


def test_resnet_returns_one_map_per_out_index_with_doubling_strides() -> None:
    feats = ResNet(depth=18)(blank())
    assert [f.stride for f in feats] == [4, 8, 16, 32]
    assert [f.shape for f in feats] == [
        (64, 16, 16),
        (128, 8, 8),
        (256, 4, 4),
        (512, 2, 2),
    ]


def test_resnet_out_indices_select_the_returned_stages() -> None:
    net = ResNet(depth=101, out_indices=(3, 1))
    assert net.out_channels == (512, 2048)
    assert [f.channels for f in net(blank())] == [512, 2048]


def test_resnet_rejects_out_indices_beyond_num_stages() -> None:
    with pytest.raises(ValueError, match=r"out_indices \(3,\) must be .* range\(3\)"):
        ResNet(depth=18, num_stages=3, out_indices=(3,))


def test_resnet_rejects_too_few_strides_for_its_stages() -> None:
    with pytest.raises(ValueError, match="one stride per stage"):
        ResNet(depth=18, strides=(1, 2))


def test_resnet_rejects_an_unknown_style() -> None:
    with pytest.raises(ValueError, match="style must be 'pytorch' or 'caffe'"):
        ResNet(depth=18, style="keras")


def test_resnet_averages_channel_first_images_into_one_plane() -> None:
    planes = [[[0.0] * 8] * 8, [[2.0] * 8] * 8, [[4.0] * 8] * 8]
    first = ResNet(depth=18)(planes)[0]
    assert first.grid[0][0] == pytest.approx(2.0)


def test_resnet_accepts_a_feature_map_as_input() -> None:
    feats = ResNet(depth=18, in_channels=8)(FeatureMap(8, blank(32)))
    assert feats[0].shape == (64, 8, 8)


def test_resnet_rejects_an_image_that_is_not_a_list_of_rows() -> None:
    with pytest.raises(TypeError, match="image rows must be sequences"):
        ResNet(depth=18)([1, 2, 3])
