"""``scopereg build``: build a config file's sections and print the results."""

from __future__ import annotations

import json
from typing import Any

import pytest

import scopereg


def test_build_prints_each_section_built_in_the_tree_its_key_names(
    cli, fake_scopes, write
):
    config = write(
        "config.json",
        """
        {"model": {"type": "clidet.YoloHead", "num_classes": 3},
         "transform": [{"type": "clidet.Flip", "prob": 1.0}],
         "work_dir": "runs/1"}
        """,
    )
    result = cli("build", config)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "model: YoloHead(num_classes=3)",
        "transform[0]: Flip(prob=1.0)",
    ]


def test_build_key_builds_only_that_section(cli, fake_scopes, write):
    config = write(
        "config.json",
        '{"model": {"type": "clidet.YoloHead"}, "transform": {"type": "Nope"}}',
    )
    result = cli("build", config, "--key", "model")
    assert (result.returncode, result.stdout) == (
        0,
        "model: YoloHead(num_classes=80)\n",
    )


def test_build_dotted_key_picks_a_nested_section_and_its_last_part_the_tree(
    cli, fake_scopes, write
):
    config = write("config.toml", '[train.model]\ntype = "clidet.YoloHead"\n')
    result = cli("build", config, "--key", "train.model")
    assert result.stdout == "train.model: YoloHead(num_classes=80)\n"


def test_build_registry_option_overrides_the_tree_the_key_names(
    cli, fake_scopes, write
):
    config = write("config.json", '{"transform": {"type": "cli3d.Backbone"}}')
    result = cli("build", config, "--registry", "model")
    assert result.stdout == "transform: cli3d.Backbone(voxels=16)\n"


def test_build_resolves_bare_names_in_the_config_default_scope(cli, fake_scopes, write):
    config = write(
        "config.json", '{"default_scope": "cli3d", "model": {"type": "Backbone"}}'
    )
    result = cli("build", config)
    assert result.stdout == "model: cli3d.Backbone(voxels=16)\n"


def test_build_of_a_whole_file_object_needs_a_registry(cli, fake_scopes, write):
    config = write("config.json", '{"type": "clidet.YoloHead", "num_classes": 2}')
    refused = cli("build", config)
    built = cli("build", config, "--registry", "MODELS")
    assert refused.returncode == 2
    assert "cannot tell which registry builds the config" in refused.stderr
    assert "fix: name one with --registry" in refused.stderr
    assert (built.returncode, built.stdout) == (0, "YoloHead(num_classes=2)\n")


def test_build_of_a_config_naming_no_registry_exits_2(cli, write):
    config = write("config.json", '{"work_dir": "runs", "seed": 1}')
    result = cli("build", config)
    assert result.returncode == 2
    assert "no top-level key of the config names a registry" in result.stderr
    assert "keys: work_dir, seed" in result.stderr


def test_build_of_an_unregistered_type_exits_1_with_section_and_did_you_mean(
    cli, fake_scopes, write
):
    config = write("config.json", '{"model": {"type": "clidet.YoloHaed"}}')
    result = cli("build", config)
    assert (result.returncode, result.stdout) == (1, "")
    assert "model: clidet.YoloHaed is not in the scopereg::model registry" in (
        result.stderr
    )
    assert "did you mean 'clidet.YoloHead'" in result.stderr


def test_build_constructor_error_exits_1_with_its_traceback_and_build_note(
    cli, fake_scopes, write
):
    config = write(
        "config.json", '{"model": {"type": "clidet.YoloHead", "num_clases": 3}}'
    )
    result = cli("build", config)
    assert result.returncode == 1
    assert "model: building raised:" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "TypeError: YoloHead.__init__() got an unexpected keyword argument" in (
        result.stderr
    )
    assert "while building 'clidet.YoloHead'" in result.stderr


def test_build_goes_on_after_a_failed_section_and_still_exits_1(
    cli, fake_scopes, write
):
    config = write(
        "config.json",
        '{"model": {"type": "Nope"}, "transform": {"type": "clidet.Flip"}}',
    )
    result = cli("build", config)
    assert (result.returncode, result.stdout) == (1, "transform: Flip(prob=0.5)\n")


def test_build_builds_nested_configs_first_across_three_scopes(cli, fake_scopes, write):
    config = write(
        "config.yaml",
        """
        model:
          type: cli3d.Detector
          backbone: {type: Backbone, depth: 101}
          head: {type: clidet.YoloHead, num_classes: 3}
        """,
    )
    result = cli("build", config, "--recursive")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "model: Detector(core.Backbone(depth=101), YoloHead(num_classes=3))\n"
    )


def test_build_without_recursive_passes_nested_configs_as_dicts(
    cli, fake_scopes, write
):
    config = write(
        "config.json",
        '{"model": {"type": "cli3d.Detector", "backbone": {"type": "nms"},'
        ' "head": null}}',
    )
    result = cli("build", config)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "model: Detector({'type': 'nms'}, None)\n"


def test_build_recursive_error_names_the_nested_config_path(cli, fake_scopes, write):
    config = write(
        "config.json",
        '{"model": {"type": "cli3d.Detector", "backbone": {"type": "Backbon"},'
        ' "head": null}}',
    )
    result = cli("build", config, "--recursive")
    assert (result.returncode, result.stdout) == (1, "")
    assert "Backbon is not in the scopereg::model registry" in result.stderr
    assert "at config path: model.backbone" in result.stderr
    assert "did you mean 'Backbone'" in result.stderr


# The CLI's build is one more entry point into the engine: it must give what
# Registry.build gives, object and error alike, recursive or not.
CONFIGS = {
    "success": {"type": "clidet.YoloHead", "num_classes": 3},
    "lookup error": {"type": "clidet.YoloHaed", "num_classes": 3},
    "constructor error": {"type": "clidet.YoloHead", "num_clases": 3},
}
RECURSIVE = pytest.mark.parametrize("recursive", [False, True], ids=["plain", "rec"])


def run_build(cli: Any, write: Any, outcome: str, recursive: bool) -> Any:
    config = write("config.json", json.dumps({"model": CONFIGS[outcome]}))
    return cli("build", config, *(["--recursive"] if recursive else []))


@RECURSIVE
def test_build_prints_the_object_registry_build_gives(
    cli, fake_scopes, write, recursive
):
    result = run_build(cli, write, "success", recursive)
    built = scopereg.MODELS.build(dict(CONFIGS["success"]), recursive=recursive)
    assert (result.returncode, result.stdout) == (0, f"model: {built!r}\n")


@RECURSIVE
def test_build_prints_the_lookup_error_registry_build_raises(
    cli, fake_scopes, write, recursive
):
    result = run_build(cli, write, "lookup error", recursive)
    with pytest.raises(scopereg.NotRegisteredError) as raised:
        scopereg.MODELS.build(dict(CONFIGS["lookup error"]), recursive=recursive)
    assert result.returncode == 1
    assert str(raised.value).splitlines()[0] in result.stderr


@RECURSIVE
def test_build_prints_the_constructor_error_and_notes_registry_build_raises(
    cli, fake_scopes, write, recursive
):
    result = run_build(cli, write, "constructor error", recursive)
    with pytest.raises(TypeError) as raised:
        scopereg.MODELS.build(dict(CONFIGS["constructor error"]), recursive=recursive)
    assert result.returncode == 1
    assert str(raised.value) in result.stderr
    for note in raised.value.__notes__:
        # A recursive build from the CLI names the section's path, not <root>.
        assert note.replace("config path <root>", "config path model") in result.stderr
