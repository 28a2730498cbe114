"""Backbones: :class:`ResNet`, a pure-Python stand-in with ResNet's contract.

The computation is deliberately tiny (pooling and a fixed 3x3 filter per
stage), but the constructor, validation, channel counts and strides follow
the real network, so necks and heads can be wired and checked against it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from srdet.registry import MODELS
from srdet.structures import FeatureMap

__all__ = ["ResNet"]

# depth -> (block expansion, blocks per stage), as in the ResNet paper.
ARCH_SETTINGS: Final[dict[int, tuple[int, tuple[int, ...]]]] = {
    18: (1, (2, 2, 2, 2)),
    34: (1, (3, 4, 6, 3)),
    50: (4, (3, 4, 6, 3)),
    101: (4, (3, 4, 23, 3)),
    152: (4, (3, 8, 36, 3)),
}


@MODELS.register_module()
class ResNet:
    """ResNet backbone: a stem of stride 4, then stages of doubling width.

    Args:
        depth: 18, 34, 50, 101 or 152.
        in_channels: Channels of the input image.
        num_stages: How many stages to run, 1 to 4.
        out_indices: Which stages' outputs to return.
        strides: The stride of each stage.
        base_channels: Width of the first stage before block expansion.
        style: ``'pytorch'`` or ``'caffe'`` (where the stride-2 conv sits).
        frozen_stages: Stages kept frozen in training; -1 freezes none.
        norm_cfg: Normalisation layer config, kept for the record.
        norm_eval: Keep normalisation layers in eval mode.
        init_cfg: Initialisation config, kept for the record.

    Raises:
        ValueError: If ``depth`` is not a known ResNet depth, or the stage
            settings are inconsistent.

    Examples:
        >>> net = ResNet(depth=50, out_indices=(1, 3))
        >>> net.out_channels
        (512, 2048)
        >>> [fmap.shape for fmap in net([[1.0] * 64] * 64)]
        [(512, 8, 8), (2048, 2, 2)]
    """

    def __init__(
        self,
        depth: int,
        in_channels: int = 3,
        num_stages: int = 4,
        out_indices: Sequence[int] = (0, 1, 2, 3),
        strides: Sequence[int] = (1, 2, 2, 2),
        base_channels: int = 64,
        style: str = "pytorch",
        frozen_stages: int = -1,
        norm_cfg: Mapping[str, Any] | None = None,
        norm_eval: bool = True,
        init_cfg: Mapping[str, Any] | None = None,
    ) -> None:
        if depth not in ARCH_SETTINGS:
            raise ValueError(
                f"invalid depth {depth!r} for ResNet; choose one of "
                f"{', '.join(map(str, ARCH_SETTINGS))}"
            )
        if not 1 <= num_stages <= 4:
            raise ValueError(f"ResNet num_stages must be 1 to 4, got {num_stages}")
        if len(strides) < num_stages:
            raise ValueError(
                f"ResNet needs one stride per stage: {num_stages} stages but "
                f"strides={tuple(strides)}"
            )
        out_indices = tuple(out_indices)
        if not out_indices or any(not 0 <= i < num_stages for i in out_indices):
            raise ValueError(
                f"ResNet out_indices {out_indices} must be non-empty and within "
                f"range({num_stages})"
            )
        if style not in ("pytorch", "caffe"):
            raise ValueError(
                f"ResNet style must be 'pytorch' or 'caffe', got {style!r}"
            )
        if not -1 <= frozen_stages <= num_stages:
            raise ValueError(
                f"ResNet frozen_stages must be -1 to {num_stages}, got {frozen_stages}"
            )
        self.depth = depth
        self.in_channels = in_channels
        self.num_stages = num_stages
        self.out_indices = out_indices
        self.strides = tuple(strides[:num_stages])
        self.base_channels = base_channels
        self.style = style
        self.frozen_stages = frozen_stages
        self.norm_cfg = dict(norm_cfg or {"type": "BN", "requires_grad": True})
        self.norm_eval = norm_eval
        self.init_cfg = dict(init_cfg) if init_cfg else None
        expansion, blocks = ARCH_SETTINGS[depth]
        self.stage_blocks: tuple[int, ...] = blocks[:num_stages]
        self.stage_channels: tuple[int, ...] = tuple(
            base_channels * 2**i * expansion for i in range(num_stages)
        )

    @property
    def out_channels(self) -> tuple[int, ...]:
        """Channels of each returned feature map, shallowest first."""
        return tuple(
            channels
            for index, channels in enumerate(self.stage_channels)
            if index in self.out_indices
        )

    def forward(self, image: Any) -> tuple[FeatureMap, ...]:
        """Run the stem and the stages; return the requested stage outputs.

        Args:
            image: See :meth:`srdet.structures.FeatureMap.from_image`.

        Returns:
            One feature map per ``out_indices`` entry.
        """
        x = FeatureMap.from_image(image, self.in_channels).pool(4)
        outputs: list[FeatureMap] = []
        for index in range(self.num_stages):
            x = x.pool(self.strides[index]).with_channels(self.stage_channels[index])
            # A residual stage: half identity, half a fixed 3x3 filter.
            x = x + x.smooth()
            x = x.map(lambda value: value / 2)
            if index in self.out_indices:
                outputs.append(x)
        return tuple(outputs)

    __call__ = forward

    def __repr__(self) -> str:
        """Summarise the architecture."""
        return (
            f"ResNet(depth={self.depth}, out_indices={self.out_indices}, "
            f"out_channels={self.out_channels})"
        )
