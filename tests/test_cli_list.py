"""``scopereg list``: names of a tree with scope, kind and definition site."""

from __future__ import annotations

import json
from pathlib import Path


def _rows(stdout):
    return [line.split() for line in stdout.splitlines()[1:]]


def test_list_prints_key_scope_kind_and_file_line_under_a_header(cli, fake_scopes):
    result = cli("list", "cli3d::model")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == [
        "KEY",
        "SCOPE",
        "KIND",
        "DEFINED",
        "AT",
    ]
    assert ["cli3d.Detector", "cli3d", "class", "site/cli3d/registry.py:19"] in _rows(
        result.stdout
    )


def test_list_json_gives_name_scope_kind_file_and_line_of_each_entry(cli, fake_scopes):
    result = cli("list", "model", "cli*.YoloHead", "--json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)
    assert {k: entry[k] for k in ("name", "key", "scope", "registry", "kind")} == {
        "name": "YoloHead",
        "key": "clidet.YoloHead",
        "scope": "clidet",
        "registry": "clidet::model",
        "kind": "class",
    }
    source = Path(entry["file"]).read_text(encoding="utf-8").splitlines()
    # A decorated definition starts at its first decorator, as in tracebacks.
    assert source[entry["line"] - 1 : entry["line"] + 1] == [
        "@MODELS.register_module()",
        "class YoloHead:",
    ]


def test_list_pattern_is_a_shell_wildcard_on_the_scoped_key(cli, fake_scopes):
    result = cli("list", "model", "clidet.*e", "--json")
    keys = [entry["key"] for entry in json.loads(result.stdout)]
    assert keys == ["clidet.Backbone"]


def test_list_pattern_matches_the_bare_name_in_every_scope(cli, fake_scopes):
    result = cli("list", "clidet::model", "Backbone", "--json")
    keys = [entry["key"] for entry in json.loads(result.stdout)]
    assert keys == ["clidet.Backbone", "cli3d.Backbone"]


def test_list_json_names_the_ancestors_an_entry_overrides(cli, fake_scopes):
    result = cli("list", "model", "cli3d.Backbone", "--json")
    [entry] = json.loads(result.stdout)
    assert entry["overrides"] == ["clidet::model", "scopereg::model"]


def test_list_text_marks_an_override_of_the_nearest_ancestor(cli, fake_scopes):
    result = cli("list", "model", "cli3d.Backbone")
    assert result.stdout.rstrip().endswith("(overrides clidet::model)")


def test_list_reports_registered_functions_as_functions(cli, fake_scopes):
    result = cli("list", "model", "*make_neck", "--json")
    [entry] = json.loads(result.stdout)
    assert (entry["kind"], entry["qualname"]) == ("function", "make_neck")


def test_list_of_a_registry_leaves_out_its_ancestors(cli, fake_scopes):
    result = cli("list", "cli3d::model", "--json")
    assert {entry["scope"] for entry in json.loads(result.stdout)} == {"cli3d"}


def test_list_pattern_that_matches_nothing_exits_1_with_did_you_mean(cli, fake_scopes):
    result = cli("list", "model", "YoloHaed")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no name in scopereg::model or below matches 'YoloHaed'" in result.stderr
    assert "did you mean 'clidet.YoloHead'" in result.stderr


def test_list_pattern_that_matches_nothing_prints_an_empty_json_list(cli, fake_scopes):
    result = cli("list", "model", "Nothing*", "--json")
    assert (result.returncode, json.loads(result.stdout)) == (1, [])


def test_list_without_a_registry_is_a_usage_error(cli):
    result = cli("list")
    assert result.returncode == 2
    assert "the following arguments are required: REGISTRY" in result.stderr
