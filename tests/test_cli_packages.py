"""The CLI against the installed example packages srdet and sr3d."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CONFIGS = Path(__file__).resolve().parents[1] / "examples" / "configs"


def test_tree_shows_the_model_tree_three_levels_deep(cli):
    result = cli("tree", "model")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^  scopereg::model\s+depth 0 ", result.stdout, re.M)
    assert re.search(r"^  └── srdet::model\s+depth 1 ", result.stdout, re.M)
    assert re.search(r"^      └── sr3d::model\s+depth 2 ", result.stdout, re.M)


def test_tree_json_reports_srdet_and_sr3d_as_installed_and_imported(cli):
    data = json.loads(cli("tree", "--json").stdout)
    assert data["installed_scopes"]["srdet"] == {
        "module": "srdet.registry",
        "error": None,
    }
    assert data["installed_scopes"]["sr3d"]["error"] is None


def test_show_resolves_a_scoped_key_through_the_ancestors_of_its_scope(cli):
    result = cli("show", "sr3d.ResNet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "sr3d.ResNet -> srdet.ResNet: class in srdet::model"
    )


@pytest.mark.parametrize("config", sorted(p.name for p in CONFIGS.glob("*.*")))
def test_every_example_config_checks_clean_and_builds(cli, config):
    path = str(CONFIGS / config)
    checked = cli("check", path)
    built = cli("build", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert built.returncode == 0, built.stderr


def test_smoke_check_of_a_typo_in_an_example_config_exits_1_with_did_you_mean(
    cli_subprocess, write
):
    config = json.loads((CONFIGS / "retinanet.json").read_text(encoding="utf-8"))
    config["model"]["bbox_haed"] = config["model"].pop("bbox_head")
    typo = write("typo.json", json.dumps(config))
    result = cli_subprocess("check", typo)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        "typo.json: 1 problem",
        "1. 'bbox_haed' is not an argument of 'srdet.RetinaNet' "
        "(srdet.models.detectors.RetinaNet)",
        "    at config path: model",
    ]
    assert "did you mean 'bbox_head'?" in result.stdout


def test_build_recursive_builds_a_pipeline_across_three_scopes(cli, write):
    config = write(
        "pipeline.json",
        """
        {"transform": {"type": "Compose", "transforms": [
            {"type": "srdet.LoadImageFromFile"},
            {"type": "sr3d.Resize", "scale": [80, 24]},
            {"type": "Identity"}]}}
        """,
    )
    checked = cli("check", config, "--recursive", "--json")
    built = cli("build", config, "--recursive")
    assert json.loads(checked.stdout)["ok"] is True
    assert (built.returncode, built.stdout) == (
        0,
        "transform: Compose([LoadImageFromFile, Resize, Identity])\n",
    )
