"""Backbones: :class:`SECOND`, the BEV backbone of SECOND and PointPillars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sr3d.registry import MODELS
from srdet.structures import FeatureMap

__all__ = ["SECOND"]


@MODELS.register_module()
class SECOND:
    """Stages of strided convolutions over a bird's-eye-view map.

    Args:
        in_channels: Channels of the input BEV map.
        out_channels: Channels of each stage's output.
        layer_nums: Convolutions per stage after the strided one.
        layer_strides: Stride of each stage.
        norm_cfg: Normalisation config, kept for the record.
        init_cfg: Initialisation config, kept for the record.

    Raises:
        ValueError: If the per-stage settings differ in length.

    Examples:
        >>> from srdet.structures import FeatureMap
        >>> net = SECOND(
        ...     in_channels=4,
        ...     out_channels=(8, 16),
        ...     layer_nums=(1, 1),
        ...     layer_strides=(2, 2),
        ... )
        >>> [f.shape for f in net(FeatureMap(4, [[1.0] * 8] * 8))]
        [(8, 4, 4), (16, 2, 2)]
    """

    def __init__(
        self,
        in_channels: int = 128,
        out_channels: Sequence[int] = (128, 128, 256),
        layer_nums: Sequence[int] = (3, 5, 5),
        layer_strides: Sequence[int] = (2, 2, 2),
        norm_cfg: Mapping[str, Any] | None = None,
        init_cfg: Mapping[str, Any] | None = None,
    ) -> None:
        if not len(out_channels) == len(layer_nums) == len(layer_strides):
            raise ValueError(
                f"SECOND needs one entry per stage in out_channels "
                f"({len(out_channels)}), layer_nums ({len(layer_nums)}) and "
                f"layer_strides ({len(layer_strides)})"
            )
        if not out_channels:
            raise ValueError("SECOND needs at least one stage")
        self.in_channels = in_channels
        self.out_channels: tuple[int, ...] = tuple(out_channels)
        self.layer_nums = tuple(layer_nums)
        self.layer_strides = tuple(layer_strides)
        self.norm_cfg = dict(norm_cfg or {"type": "BN", "eps": 1e-3})
        self.init_cfg = dict(init_cfg) if init_cfg else None

    def forward(self, bev: FeatureMap) -> tuple[FeatureMap, ...]:
        """Run every stage; return every stage's output.

        Args:
            bev: The BEV map from the middle encoder.

        Returns:
            One map per stage, finest first.

        Raises:
            ValueError: If ``bev`` does not have ``in_channels`` channels.
        """
        if bev.channels != self.in_channels:
            raise ValueError(
                f"SECOND expects {self.in_channels} input channels, got {bev.channels}"
            )
        x = bev
        outputs = []
        for channels, convs, stride in zip(
            self.out_channels, self.layer_nums, self.layer_strides, strict=True
        ):
            # A stage keeps the running maximum of its blurred maps, so
            # isolated objects survive the strided downsampling.
            x = x.pool(stride).with_channels(channels)
            for _ in range(convs):
                smoothed = x.smooth()
                x = FeatureMap(
                    channels,
                    [
                        [max(a, b) for a, b in zip(r1, r2, strict=True)]
                        for r1, r2 in zip(x.grid, smoothed.grid, strict=True)
                    ],
                    x.stride,
                )
            outputs.append(x)
        return tuple(outputs)

    __call__ = forward

    def __repr__(self) -> str:
        """Summarise the stages."""
        return (
            f"SECOND(in_channels={self.in_channels}, out_channels={self.out_channels})"
        )
