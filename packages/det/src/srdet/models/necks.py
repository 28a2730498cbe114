"""Necks: :class:`FPN`, the feature pyramid network (pure-Python stand-in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from srdet.registry import MODELS
from srdet.structures import FeatureMap

__all__ = ["FPN"]

_EXTRA_CONV_SOURCES: Final = ("on_input", "on_lateral", "on_output")


@MODELS.register_module()
class FPN:
    """Feature pyramid: lateral 1x1 convs, a top-down pathway, extra levels.

    Args:
        in_channels: Channels of each backbone level it receives.
        out_channels: Channels of every output level.
        num_outs: How many levels to output (extra ones are added on top).
        start_level: First backbone level used.
        end_level: Last backbone level used (inclusive); -1 for the last.
        add_extra_convs: ``False`` adds extra levels by subsampling the top
            output; ``True`` or ``'on_input'``, ``'on_lateral'``,
            ``'on_output'`` adds stride-2 convolutions on that source.
        init_cfg: Initialisation config, kept for the record.

    Raises:
        ValueError: If the levels and ``num_outs`` are inconsistent, or
            ``add_extra_convs`` is not a known option.

    Examples:
        >>> from srdet.structures import FeatureMap
        >>> fpn = FPN(in_channels=[8, 16], out_channels=4, num_outs=3)
        >>> feats = [
        ...     FeatureMap(8, [[1.0] * 4] * 4, stride=4),
        ...     FeatureMap(16, [[1.0] * 2] * 2, stride=8),
        ... ]
        >>> [(f.channels, f.stride) for f in fpn(feats)]
        [(4, 4), (4, 8), (4, 16)]
    """

    def __init__(
        self,
        in_channels: Sequence[int],
        out_channels: int,
        num_outs: int,
        start_level: int = 0,
        end_level: int = -1,
        add_extra_convs: bool | str = False,
        init_cfg: Mapping[str, Any] | None = None,
    ) -> None:
        self.in_channels = tuple(in_channels)
        levels = len(self.in_channels)
        if not levels:
            raise ValueError("FPN in_channels must list at least one level")
        if out_channels < 1:
            raise ValueError(f"FPN out_channels must be positive, got {out_channels}")
        end = levels - 1 if end_level == -1 else end_level
        if not 0 <= start_level <= end < levels:
            raise ValueError(
                f"FPN levels start_level={start_level}, end_level={end_level} do "
                f"not fit {levels} input levels"
            )
        used = end - start_level + 1
        if num_outs < used:
            raise ValueError(
                f"FPN num_outs ({num_outs}) is smaller than the number of input "
                f"levels it uses ({used})"
            )
        if add_extra_convs is True:
            add_extra_convs = "on_input"
        if add_extra_convs is not False and add_extra_convs not in _EXTRA_CONV_SOURCES:
            raise ValueError(
                f"FPN add_extra_convs must be a bool or one of "
                f"{_EXTRA_CONV_SOURCES}, got {add_extra_convs!r}"
            )
        self.out_channels = out_channels
        self.num_outs = num_outs
        self.start_level = start_level
        self.end_level = end
        self.add_extra_convs: bool | str = add_extra_convs
        self.init_cfg = dict(init_cfg) if init_cfg else None

    def _check_inputs(self, inputs: Sequence[FeatureMap]) -> None:
        """Refuse inputs whose count or channels differ from ``in_channels``."""
        got = tuple(fmap.channels for fmap in inputs)
        if got != self.in_channels:
            raise ValueError(
                f"FPN expects input channels {self.in_channels}, got {got}"
            )

    def forward(self, inputs: Sequence[FeatureMap]) -> tuple[FeatureMap, ...]:
        """Fuse the backbone levels and return ``num_outs`` maps.

        Args:
            inputs: One feature map per ``in_channels`` entry, finest first.

        Returns:
            ``num_outs`` maps of ``out_channels`` channels, finest first.

        Raises:
            ValueError: If the inputs do not match ``in_channels``.
        """
        self._check_inputs(inputs)
        used = inputs[self.start_level : self.end_level + 1]
        laterals = [fmap.with_channels(self.out_channels) for fmap in used]
        for index in range(len(laterals) - 1, 0, -1):
            finer = laterals[index - 1]
            coarser = laterals[index].upsample_to(finer.height, finer.width)
            # Averaging (rather than summing) keeps values in the input range.
            fused = finer + FeatureMap(finer.channels, coarser.grid, finer.stride)
            laterals[index - 1] = fused.map(lambda value: value / 2)
        outs = [lateral.smooth() for lateral in laterals]
        if self.add_extra_convs is False:
            while len(outs) < self.num_outs:
                outs.append(outs[-1].subsample(2))
            return tuple(outs)
        sources = {
            "on_input": inputs[self.end_level],
            "on_lateral": laterals[-1],
            "on_output": outs[-1],
        }
        extra = sources[str(self.add_extra_convs)].with_channels(self.out_channels)
        while len(outs) < self.num_outs:
            extra = extra.pool(2)
            outs.append(extra)
        return tuple(outs)

    __call__ = forward

    def __repr__(self) -> str:
        """Summarise the configuration."""
        return (
            f"FPN(in_channels={self.in_channels}, out_channels={self.out_channels}, "
            f"num_outs={self.num_outs})"
        )
