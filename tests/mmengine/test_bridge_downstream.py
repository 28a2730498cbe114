"""An mmdet-style package parenting on mmengine's roots is part of scopereg's trees.

``toydet`` (the ``toydet_site`` fixture) creates its registries as
OpenMMLab projects do, ``Registry('model', parent=MODELS, locations=[...])``
with mmengine's roots, and declares its scope to the scopereg CLI.
"""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

pytest.importorskip("torch", reason="nox -s mmengine installs torch")
pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

import mmengine.registry
from mmengine.config import Config
from mmengine.runner import Runner

from scopereg import testing

CONFIG = """
    default_scope = "toydet"
    model = dict(type="ToyDetector", head=dict(type="ToyHead", num_classes=5))
"""


@pytest.fixture
def toydet(toydet_site, registry_sandbox, monkeypatch):
    """Import toydet's registry module for one test; forget it afterwards."""
    monkeypatch.syspath_prepend(str(toydet_site))
    try:
        yield importlib.import_module("toydet.registry")
    finally:
        for name in [m for m in sys.modules if m.partition(".")[0] == "toydet"]:
            del sys.modules[name]


def test_downstream_registries_are_children_of_mmengines_roots(toydet):
    assert toydet.MODELS.parent is mmengine.registry.MODELS
    assert toydet.MODELS.scope == "toydet"
    assert mmengine.registry.MODELS.children["toydet"] is toydet.MODELS


def test_a_scoped_name_reaches_the_downstream_package_from_mmengines_root(toydet):
    head = mmengine.registry.MODELS.build(dict(type="toydet.ToyHead", num_classes=2))
    assert head.fc.out_features == 2


def test_a_runner_config_with_a_default_scope_builds_the_downstream_model(
    toydet, tmp_path
):
    cfg = Config.fromstring(textwrap.dedent(CONFIG), ".py")
    with testing.snapshot():
        runner = Runner(
            model=cfg.model,
            work_dir=str(tmp_path),
            default_scope=cfg.default_scope,
            experiment_name=f"toydet-{tmp_path.name}",
        )
        model = runner.model
    assert type(model) is toydet.MODELS.get("ToyDetector")
    # The head was built from mmengine's root, and the default scope sent it
    # to toydet's registry.
    assert type(model.head) is toydet.MODELS.get("ToyHead")
    assert model.head.fc.out_features == 5


# --- the scopereg command sees mmengine's and toydet's components ---------------


def _cli(run_python, site, *args):
    result = run_python("-m", "scopereg", *args, bridge=True, path=site)
    return result.returncode, result.stdout, result.stderr


def test_scopereg_tree_shows_mmengines_model_tree_with_toydet_in_it(
    run_python, toydet_site
):
    status, out, err = _cli(run_python, toydet_site, "tree", "mmengine::model")
    assert status == 0, err
    assert "mmengine::model" in out
    assert "└── toydet::model" in out


def test_scopereg_list_names_the_downstream_models(run_python, toydet_site):
    status, out, err = _cli(run_python, toydet_site, "list", "toydet::model")
    assert status == 0, err
    assert "toydet.ToyDetector" in out
    assert "toydet.ToyHead" in out


def test_scopereg_list_names_mmengines_own_optimizers(run_python, toydet_site):
    status, out, err = _cli(run_python, toydet_site, "list", "mmengine::optimizer")
    assert status == 0, err
    assert "SGD" in out.split()


def test_scopereg_show_finds_the_downstream_detector(run_python, toydet_site):
    status, out, err = _cli(run_python, toydet_site, "show", "toydet.ToyDetector")
    assert status == 0, err
    assert "class in toydet::model" in out


def test_scopereg_check_reads_the_default_scope_of_an_openmmlab_config(
    run_python, toydet_site, tmp_path
):
    (tmp_path / "cfg.py").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    status, out, err = _cli(run_python, toydet_site, "check", "cfg.py")
    assert status == 0, out + err
    assert "no problems" in out
    assert "mmengine::model" in out


def test_scopereg_check_finds_a_typo_in_the_downstream_config(
    run_python, toydet_site, tmp_path
):
    text = textwrap.dedent(CONFIG).replace('"ToyDetector"', '"ToyDetecter"')
    (tmp_path / "cfg.py").write_text(text, encoding="utf-8")
    status, out, _ = _cli(run_python, toydet_site, "check", "cfg.py")
    assert status == 1
    assert "ToyDetecter is not in the toydet::model registry" in out
    assert "did you mean 'ToyDetector'?" in out
