"""``--cfg-options key.path=value`` (and ``--set``) on ``check`` and ``build``."""

from __future__ import annotations

import json

import pytest

CONFIG = (
    '{"model": {"type": "cli3d.Detector", "backbone": {"type": "clidet.Backbone",'
    ' "depth": 50}, "head": {"type": "clidet.YoloHead"}}, "pipeline": [{"p": 1}]}'
)


@pytest.fixture
def config(write):
    return write("config.json", CONFIG)


def test_override_changes_a_nested_value_before_the_build(cli, fake_scopes, config):
    result = cli(
        "build", config, "--recursive", "--cfg-options", "model.backbone.depth=101"
    )
    assert result.returncode == 0, result.stderr
    assert "clidet.Backbone(depth=101)" in result.stdout


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("+model.head.num_classes=3", "YoloHead(num_classes=3)"),
        ("+model.head.num_classes=(3)", "YoloHead(num_classes=3)"),
        (
            "model.head={'type': 'clidet.YoloHead', 'num_classes': 7}",
            "YoloHead(num_classes=7)",
        ),
        ("model.head.type=clidet.YoloHead", "YoloHead(num_classes=80)"),
    ],
)
def test_override_values_are_python_literals_or_text(
    cli, fake_scopes, config, text, shown
):
    result = cli("build", config, "--recursive", "--set", text)
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout


def test_several_overrides_apply_in_order(cli, fake_scopes, config):
    result = cli(
        "build",
        config,
        "--recursive",
        "--cfg-options",
        "model.backbone.depth=18",
        "model.backbone.depth=34",
    )
    assert "depth=34" in result.stdout


def test_override_indexes_lists(cli, fake_scopes, config):
    result = cli(
        "check", config, "--key", "model", "--set", "pipeline[0].p=[1, 2]", "--json"
    )
    assert json.loads(result.stdout)["ok"] is True


def test_override_of_a_missing_key_exits_2_with_did_you_mean(cli, config):
    result = cli("check", config, "--cfg-options", "model.backbone.dept=101")
    assert result.returncode == 2
    assert result.stderr == (
        "scopereg check: error: --cfg-options 'model.backbone.dept=101': "
        "'config.json' has no key 'dept' at model.backbone; fix: did you mean "
        "'depth'? (to add a new key, write +model.backbone.dept=101)\n"
    )


def test_plus_adds_a_new_key(cli, fake_scopes, config):
    result = cli("build", config, "--recursive", "--set", "+model.backbone.stages=2")
    assert result.returncode == 0, result.stderr


def test_override_without_equals_exits_2(cli, config):
    result = cli("build", config, "--cfg-options", "model.backbone.depth")
    assert result.returncode == 2
    assert "expected key.path=value" in result.stderr


def test_override_past_the_end_of_a_list_exits_2(cli, config):
    result = cli("build", config, "--set", "pipeline.3.p=1")
    assert result.returncode == 2
    assert "the list at pipeline in 'config.json' has 1 items" in result.stderr


def test_problem_caused_by_an_override_names_it_in_check(cli, fake_scopes, config):
    result = cli("check", config, "--set", "+model.backbone.dpth=3")
    assert result.returncode == 1
    assert "'dpth' is not an argument of 'clidet.Backbone'" in result.stdout
    assert "set by --cfg-options +model.backbone.dpth=3" in result.stdout


def test_build_error_caused_by_an_override_names_it(cli, fake_scopes, config):
    result = cli("build", config, "--recursive", "--set", "model.head.type=Nope")
    assert result.returncode == 1
    assert "Nope is not in the " in result.stderr
    assert "set by --cfg-options model.head.type=Nope" in result.stderr


def test_constructor_error_caused_by_an_override_names_it(cli, fake_scopes, config):
    result = cli("build", config, "--recursive", "--set", "+model.head.classes=3")
    assert result.returncode == 1
    assert "TypeError" in result.stderr
    assert "set by --cfg-options +model.head.classes=3" in result.stderr
