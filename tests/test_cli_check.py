"""``scopereg check``: every problem of a config, nothing built, exit 0/1/2."""

from __future__ import annotations

import json

TYPO = """
    model = dict(
        type="cli3d.Detector",
        backbone=dict(type="clidet.Backbone", dept=50),
        head=dict(type="clidet.YoloHaed", num_classes=3),
    )
"""


def test_check_of_a_clean_config_exits_0_and_says_what_it_checked(
    cli, fake_scopes, write
):
    config = write(
        "config.json",
        '{"model": {"type": "cli3d.Detector", "backbone": {"type": "Backbone"},'
        ' "head": {"type": "clidet.YoloHead"}}, "transform": {"type": "clidet.Flip"}}',
    )
    result = cli("check", config, "--recursive")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == (
        "config.json: no problems; checked model (scopereg::model), "
        "transform (scopereg::transform)\n"
    )


def test_check_of_a_typo_exits_1_with_config_path_and_did_you_mean(
    cli, fake_scopes, write
):
    config = write("config.py", TYPO)
    result = cli("check", config, "--recursive")
    assert result.returncode == 1
    assert "clidet.YoloHaed is not in the scopereg::model registry" in result.stdout
    assert "at config path: model.head" in result.stdout
    assert "did you mean 'clidet.YoloHead'" in result.stdout


def test_check_reports_every_problem_at_once_numbered_in_config_order(
    cli, fake_scopes, write
):
    config = write("config.py", TYPO)
    result = cli("check", config, "--recursive")
    lines = result.stdout.splitlines()
    assert lines[0] == "config.py: 2 problems"
    assert lines[1] == (
        "1. 'dept' is not an argument of 'clidet.Backbone' (clidet.registry.Backbone)"
    )
    assert [line[:3] for line in lines if line[:1].isdigit()] == ["1. ", "2. "]
    assert "did you mean 'depth'?" in result.stdout


def test_check_json_lists_the_checked_sections_and_each_problem(
    cli, fake_scopes, write
):
    config = write("config.py", TYPO)
    result = cli("check", config, "--recursive", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert (data["config"], data["ok"]) == ("config.py", False)
    assert data["checked"] == [{"config_path": "model", "registry": "scopereg::model"}]
    assert [
        (p["config_path"], p["kind"], p["registry"], p["suggestions"][0])
        for p in data["problems"]
    ] == [
        ("model.backbone", "unknown-argument", "scopereg::model", "depth"),
        ("model.head", "not-registered", "scopereg::model", "clidet.YoloHead"),
    ]
    assert data["problems"][1]["message"].startswith(
        "clidet.YoloHaed is not in the scopereg::model registry. "
    )


def test_check_json_of_a_clean_config_has_no_problems(cli, fake_scopes, write):
    config = write("config.toml", '[model]\ntype = "clidet.YoloHead"\n')
    result = cli("check", config, "--json")
    data = json.loads(result.stdout)
    assert (result.returncode, data["ok"], data["problems"]) == (0, True, [])


def test_check_constructs_nothing(cli, fake_scopes, write, tmp_path):
    config = write(
        "config.json", '{"model": {"type": "clidet.Marker", "path": "built.txt"}}'
    )
    checked = cli("check", config)
    assert checked.returncode == 0, checked.stdout
    assert not (tmp_path / "built.txt").exists()
    built = cli("build", config)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "built.txt").exists()


def test_check_reports_a_missing_required_argument(cli, fake_scopes, write):
    config = write("config.json", '{"model": {"type": "clidet.Marker"}}')
    result = cli("check", config, "--json")
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["config_path"], problem["kind"]) == ("model", "missing-argument")
    assert "needs the argument 'path'" in problem["message"]


def test_check_resolves_bare_names_in_the_config_default_scope(cli, fake_scopes, write):
    config = write(
        "config.json",
        '{"default_scope": "cli3d", "model": {"type": "Detector",'
        ' "backbone": {"type": "Backbone"}, "head": {"type": "YoloHead"}}}',
    )
    result = cli("check", config, "--recursive")
    assert result.returncode == 0, result.stdout


def test_check_reports_an_invalid_default_scope_as_a_problem(cli, fake_scopes, write):
    config = write(
        "config.json",
        '{"default_scope": "not.a.scope", "model": {"type": "clidet.Flip"}}',
    )
    result = cli("check", config, "--json")
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["config_path"], problem["kind"]) == (
        "default_scope",
        "invalid-scope",
    )


def test_check_key_checks_only_that_section(cli, fake_scopes, write):
    config = write(
        "config.json",
        '{"model": {"type": "clidet.YoloHead"}, "transform": {"type": "Nope"}}',
    )
    result = cli("check", config, "--key", "model")
    assert (result.returncode, result.stdout) == (
        0,
        "config.json: no problems; checked model (scopereg::model)\n",
    )


def test_check_of_an_unreadable_config_exits_2(cli, write):
    config = write("config.toml", "[model\n")
    result = cli("check", config)
    assert (result.returncode, result.stdout) == (2, "")
    assert "scopereg check: error: cannot read config 'config.toml'" in result.stderr


def test_smoke_check_with_an_unknown_registry_exits_2(cli_subprocess, write):
    config = write("config.json", '{"type": "A"}')
    result = cli_subprocess("check", config, "--registry", "modles")
    assert result.returncode == 2
    assert "did you mean 'model'?" in result.stderr


def test_check_without_recursive_leaves_nested_configs_to_their_class(
    cli, fake_scopes, write
):
    config = write(
        "config.json",
        '{"model": {"type": "cli3d.Detector", "backbone": {"type": "nms"},'
        ' "head": null}}',
    )
    shallow = cli("check", config)
    deep = cli("check", config, "--recursive")
    assert shallow.returncode == 0, shallow.stdout
    assert deep.returncode == 1
    assert "nms is not in the " in deep.stdout
