"""``scopereg check`` by default: every nested config, where its class builds it.

The example configs check clean; each single-typo variant of them exits 1
naming the typo, the fix and the config path. Nested ``type``s that name
nothing registered nor close (``test_cfg.nms``) are notes, not problems.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples" / "configs"

TYPOS = json.loads(
    (Path(__file__).parent / "data" / "example_typos.json").read_text(encoding="utf-8")
)["typos"]


@pytest.mark.parametrize(
    "name", ["retinanet.json", "pointpillars.toml", "kitti_pipeline.json"]
)
def test_example_config_checks_clean_by_default(cli, name):
    result = cli("check", str(EXAMPLES / name))
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


@pytest.mark.parametrize("typo", TYPOS, ids=lambda typo: typo["new"])
def test_single_typo_in_an_example_config_is_caught_with_fix_and_path(cli, write, typo):
    text = (EXAMPLES / typo["example"]).read_text(encoding="utf-8")
    assert typo["old"] in text
    suffix = Path(typo["example"]).suffix
    config = write(f"typo{suffix}", text.replace(typo["old"], typo["new"], 1))
    result = cli("check", config)
    assert result.returncode == 1, result.stdout
    paths = [
        line.split(": ", 1)[1]
        for line in result.stdout.splitlines()
        if line.strip().startswith("at config path:")
    ]
    assert paths
    assert set(paths) == {typo["path"]}  # the typo's path, nothing else
    for word in typo["check"]:
        assert word in result.stdout


def test_nested_plain_data_type_is_a_note_in_verbose_output(cli):
    result = cli("check", str(EXAMPLES / "retinanet.json"), "--verbose")
    assert result.returncode == 0
    assert (
        "note: 'nms' at model.test_cfg.nms is not registered, nor close to a "
        "registered name, in any tree: left to 'srdet.RetinaNet' as plain data"
    ) in result.stdout


def test_clean_check_counts_the_notes_it_does_not_print(cli):
    result = cli("check", str(EXAMPLES / "retinanet.json"))
    assert result.stdout.splitlines()[1] == (
        "note: 2 nested types registered nowhere taken as plain data; "
        "--verbose lists them"
    )


def test_nested_plain_data_type_is_a_note_in_json_output(cli):
    result = cli("check", str(EXAMPLES / "retinanet.json"), "--json")
    notes = json.loads(result.stdout)["notes"]
    assert {(n["config_path"], n["kind"]) for n in notes} == {
        ("model.test_cfg.nms", "plain-data"),
        ("model.bbox_head.anchor_generator", "plain-data"),
    }


def test_nested_config_resolves_in_the_registry_that_holds_its_enclosing_type(
    cli, fake_scopes, write
):
    # cli3d.Detector lives in cli3d::model, where the bare 'Backbone' is
    # cli3d's (voxels=...), not clidet's or the root's (depth=...).
    config = write(
        "config.json",
        '{"model": {"type": "cli3d.Detector", "backbone": {"type": "Backbone",'
        ' "depth": 50}, "head": null}}',
    )
    result = cli("check", config)
    assert result.returncode == 1
    assert "'depth' is not an argument of 'Backbone'" in result.stdout
    assert "its arguments: voxels" in result.stdout


def test_nested_config_resolves_in_another_tree_of_the_enclosing_scope(
    cli, fake_scopes, write
):
    # A model whose argument is a transform config: clidet's Flip lives in
    # the transform tree of the same scope.
    config = write(
        "config.json",
        '{"model": {"type": "clidet.Marker", "path": {"type": "Flip",'
        ' "prob": 0.5, "p": 1}}}',
    )
    result = cli("check", config)
    assert result.returncode == 1
    assert "'p' is not an argument of 'Flip'" in result.stdout
    assert "at config path: model.path\n" in result.stdout


def test_nested_configs_are_checked_three_levels_down(cli, fake_scopes, write):
    config = write(
        "config.json",
        '{"model": {"type": "cli3d.Detector", "head": null, "backbone": '
        '{"type": "clidet.Marker", "path": {"x": [{"type": "clidet.YoloHead",'
        ' "num_classe": 3}]}}}}',
    )
    result = cli("check", config)
    assert result.returncode == 1
    assert "at config path: model.backbone.path.x[0]\n" in result.stdout
    assert "did you mean 'num_classes'?" in result.stdout


def test_recursive_check_keeps_its_strict_meaning(cli, fake_scopes, write):
    config = write(
        "config.json",
        '{"model": {"type": "cli3d.Detector", "backbone": {"type": "nms"},'
        ' "head": null}}',
    )
    assert cli("check", config).returncode == 0
    deep = cli("check", config, "--recursive")
    assert deep.returncode == 1
    assert "nms is not in the " in deep.stdout
