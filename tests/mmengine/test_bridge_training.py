"""mmengine's Runner trains on the bridge exactly as on its own registry.

``programs/train_toy.py`` trains a toy model for 3 epochs (model, dataset,
sampler, collate function, SGD through the optimizer wrapper, MultiStepLR
converted to iterations, a metric, checkpoint, logger and a custom hook, a
visualizer), then resumes from the last checkpoint for a 4th. It runs twice,
at the same time, in two processes: natively and with ``SCOPEREG_MMENGINE=1``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch", reason="nox -s mmengine installs torch")
pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

PROGRAM = Path(__file__).parent / "programs" / "train_toy.py"
SAME = ["losses", "lrs", "metrics", "hooks", "resumed_losses", "resumed_metrics"]


def _start(work_dir: Path, *, bridge: bool) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.pop("SCOPEREG_MMENGINE", None)
    if bridge:
        env["SCOPEREG_MMENGINE"] = "1"
    return subprocess.Popen(
        [sys.executable, str(PROGRAM), str(work_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _report(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate()
    assert process.returncode == 0, err[-4000:]
    report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return report


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Train natively and on the bridge, in parallel; return both reports."""
    root = tmp_path_factory.mktemp("train")
    native = _start(root / "native", bridge=False)
    bridged = _start(root / "bridged", bridge=True)
    return {"native": _report(native), "bridged": _report(bridged)}


def test_the_native_run_uses_mmengines_own_registry(runs):
    assert runs["native"]["registry_class"] == "mmengine.registry.registry.Registry"


def test_on_the_bridge_every_registry_is_scoperegs(runs):
    assert runs["bridged"]["registry_class"] == "scopereg._registry.Registry"
    assert runs["bridged"]["scope"] == "mmengine"


@pytest.mark.parametrize(
    "component", ["model", "dataset", "optim_wrapper", "scheduler", "hooks"]
)
def test_the_runner_builds_each_component_from_the_scopereg_registries(runs, component):
    assert runs["bridged"]["built"][component] is True


def test_the_visualizer_is_built_through_its_manager_so_it_is_current(runs):
    assert runs["native"]["built"]["visualizer"] is True
    assert runs["bridged"]["built"]["visualizer"] is True


def test_the_model_is_built_under_scoperegs_default_scope_mmengine(runs):
    assert set(runs["bridged"]["scopes_seen"]) == {"scopereg._scope:mmengine"}


def test_losses_learning_rates_and_metrics_match_native_mmengine(runs):
    native, bridged = runs["native"], runs["bridged"]
    assert len(bridged["losses"]) == 18  # 3 epochs of 6 iterations
    assert {key: bridged[key] for key in SAME} == {key: native[key] for key in SAME}


def test_resuming_from_the_checkpoint_continues_at_the_saved_epoch(runs):
    assert runs["bridged"]["resumed_epoch"] == runs["native"]["resumed_epoch"] == 4
    assert len(runs["bridged"]["resumed_losses"]) == 6
