"""Real ``nn.Module``s in a three-level model tree, for the torch tests.

Not a test module: the tests import it by name (its folder put on
``sys.path``), and so does a spawned worker process, which therefore builds
from the same tree. The tree mirrors the monorepo: a root with the
generic layers, an ``srdet`` child with a detector, and an ``sr3d`` grandchild
that overrides the detector's head. It is a tree of its own, not the global
``scopereg.MODELS`` tree (a scope is unique per tree only), and its root
builds with ``scopereg.MODELS``'s build function, as the children of
``MODELS`` do.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any

import torch
from torch import nn

import scopereg
from scopereg import DefaultScope, Registry

ROOT: Registry[nn.Module] = Registry(
    "model", build_func=scopereg.MODELS.build_func, scope="torch_samples"
)
SRDET: Registry[nn.Module] = Registry("model", parent=ROOT, scope="srdet")
SR3D: Registry[nn.Module] = Registry("model", parent=SRDET, scope="sr3d")

ROOT.register_module(module=nn.Linear)
ROOT.register_module(module=nn.ReLU)


@SRDET.register_module()
class ConvBackbone(nn.Module):
    """Images (N, C, H, W) to features (N, width)."""

    def __init__(self, in_channels: int = 3, width: int = 8) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, width, kernel_size=3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.pool(torch.relu(self.conv(images))).flatten(1)


@SRDET.register_module()
class Head(nn.Module):
    """Features (N, width) to class logits (N, num_classes)."""

    def __init__(self, width: int = 8, num_classes: int = 4) -> None:
        super().__init__()
        self.fc = nn.Linear(width, num_classes)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.fc(features)


@SR3D.register_module(name="Head")
class ScoreHead(Head):
    """sr3d's override of ``Head``: scores in (0, 1) instead of logits."""

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(super().forward(features))


@SRDET.register_module()
class Detector(nn.Module):
    """Builds its parts from configs through srdet's registry, as mmdet does."""

    def __init__(
        self,
        backbone: Mapping[str, Any],
        head: Mapping[str, Any],
        neck: Any = None,
    ) -> None:
        super().__init__()
        self.backbone = SRDET.build(backbone)
        self.neck = nn.Identity() if neck is None else SRDET.build(neck)
        self.head = SRDET.build(head)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.head(self.neck(self.backbone(images)))


def detector_config(**overrides: Any) -> dict[str, Any]:
    """Return a detector config built across the three scopes of the tree."""
    return {
        "type": "Detector",
        "backbone": {"type": "srdet.ConvBackbone", "width": 8},
        "neck": [
            {"type": "Linear", "in_features": 8, "out_features": 8},
            {"type": "ReLU"},
        ],
        "head": {"type": "Head", "width": 8, "num_classes": 3},
        **overrides,
    }


def build_and_run(
    scope_name: str | None, cfg: Mapping[str, Any], images: torch.Tensor
) -> tuple[nn.Module, torch.Tensor]:
    """Build ``cfg`` from srdet's registry in ``scope_name`` and run it.

    The worker side of the spawn tests: returns the model and its output, so
    the parent can run the same model on the same input.
    """
    with DefaultScope(scope_name) if scope_name else nullcontext():
        model = SRDET.build(cfg)
    with torch.no_grad():
        return model, model(images)
