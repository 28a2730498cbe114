"""The real ``srdet`` and ``sr3d`` model registries build lists of torch modules.

They inherit the root ``MODELS``'s build function through two levels. Each
test runs in a fresh interpreter, so the registries it hangs under srdet's and
sr3d's (with scopes of its own) never join the trees of this test process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("torch", reason="no PyTorch here; `nox -s torch` runs these")

PRELUDE = """
import torch
from torch import nn

import scopereg
import sr3d.registry
import srdet.registry
from scopereg import DefaultScope, Registry

DET_LAYERS = Registry("model", parent=srdet.registry.MODELS, scope="srdet_torch")
D3_LAYERS = Registry("model", parent=sr3d.registry.MODELS, scope="sr3d_torch")


@DET_LAYERS.register_module()
class Scale(nn.Module):
    def __init__(self, factor=2.0):
        super().__init__()
        self.factor = factor

    def forward(self, x):
        return x * self.factor


@D3_LAYERS.register_module(name="Scale")
class Halve(nn.Module):
    def forward(self, x):
        return x / 2
"""


def run_with_real_trees(code: str) -> list[str]:
    """Run PRELUDE then ``code`` in a fresh interpreter; return printed lines."""
    script = textwrap.dedent(PRELUDE) + textwrap.dedent(code)
    completed = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.splitlines()


def test_sr3d_models_inherits_the_root_model_build_function() -> None:
    printed = run_with_real_trees(
        """
        print(sr3d.registry.MODELS.build_func is scopereg.MODELS.build_func)
        """
    )

    assert printed == ["True"]


def test_sr3d_models_builds_a_list_across_srdet_and_sr3d_names() -> None:
    printed = run_with_real_trees(
        """
        model = sr3d.registry.MODELS.build(
            [dict(type="srdet_torch.Scale", factor=3.0), dict(type="sr3d_torch.Scale")]
        )
        print(type(model).__name__, [type(m).__name__ for m in model])
        print(model(torch.tensor([4.0])).tolist())
        """
    )

    assert printed == ["Sequential ['Scale', 'Halve']", "[6.0]"]


def test_root_models_builds_a_list_in_the_sr3d_torch_default_scope() -> None:
    printed = run_with_real_trees(
        """
        with DefaultScope("sr3d_torch"):
            model = scopereg.MODELS.build([dict(type="Scale"), dict(type="srdet_torch.Scale")])
        print([type(m).__name__ for m in model])
        """
    )

    assert printed == ["['Halve', 'Scale']"]
