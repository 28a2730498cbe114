"""``scopereg tree``: every tree, each registry's scope, depth and entry count."""

from __future__ import annotations

import json
import re

from scopereg import Registry


def test_tree_shows_each_registry_with_scope_depth_and_entry_count(cli, fake_scopes):
    result = cli("tree")
    assert result.returncode == 0, result.stderr
    assert "model tree (scopereg.MODELS)" in result.stdout
    assert re.search(r"[├└]── clidet::model\s+depth 1\s+4 entries", result.stdout)
    assert re.search(r"└── cli3d::model\s+depth 2\s+2 entries", result.stdout)


def test_tree_accepts_a_registry_name_or_its_variable_in_any_case(cli, fake_scopes):
    by_name = cli("tree", "model")
    by_variable = cli("tree", "MODELS")
    by_plural = cli("tree", "models")
    assert by_name.returncode == by_variable.returncode == by_plural.returncode == 0
    assert by_name.stdout == by_variable.stdout == by_plural.stdout
    assert "clidet::transform" not in by_name.stdout


def test_tree_of_scope_and_name_shows_that_subtree(cli, fake_scopes):
    result = cli("tree", "clidet::model")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split() == [
        "clidet::model",
        "depth",
        "1",
        "4",
        "entries",
    ]
    assert "scopereg::model" not in result.stdout


def test_tree_summarises_empty_trees_unless_all_is_given(cli, fake_scopes):
    short = cli("tree")
    full = cli("tree", "--all")
    assert "scopereg::hook" not in short.stdout
    assert "more trees hold nothing yet" in short.stdout
    assert re.search(r"scopereg::hook\s+depth 0\s+0 entries", full.stdout)


def test_smoke_tree_json_describes_every_tree_and_registry(cli_subprocess, fake_site):
    result = cli_subprocess("tree", "--json", site=fake_site)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["installed_scopes"]["cli3d"] == {
        "module": "cli3d.registry",
        "error": None,
    }
    trees = {tree["tree"]: tree for tree in data["trees"]}
    assert "hook" in trees  # empty trees are included in JSON
    by_scope = {reg["scope"]: reg for reg in trees["model"]["registries"]}
    assert by_scope["cli3d"] == {
        "label": "cli3d::model",
        "scope": "cli3d",
        "name": "model",
        "parent": "clidet",
        "depth": 2,
        "entries": 2,
        "locations": [],
    }


def test_tree_mermaid_is_a_flowchart_with_one_subgraph_and_one_edge_per_link(
    cli, fake_scopes
):
    result = cli("tree", "model", "--format", "mermaid")
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[0] == "flowchart TD"
    assert lines[1] == 'subgraph t0["model tree (scopereg.MODELS)"]'
    nodes = dict(re.findall(r'^\s*(t0r\d+)\["([^"]*)"\]$', result.stdout, re.M))
    by_label = {label.split("<br/>")[0]: node for node, label in nodes.items()}
    assert nodes[by_label["cli3d::model"]] == "cli3d::model<br/>depth 2, 2 entries"
    edges = re.findall(r"^\s*(t0r\d+) --> (t0r\d+)$", result.stdout, re.M)
    assert (by_label["clidet::model"], by_label["cli3d::model"]) in edges
    assert (by_label["scopereg::model"], by_label["clidet::model"]) in edges
    assert len(edges) == len(nodes) - 1
    assert lines[-1] == "end"


def test_tree_dot_is_a_digraph_with_a_cluster_per_tree(cli, fake_scopes):
    result = cli("tree", "model", "--format", "dot")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("digraph scopereg {\n")
    assert "subgraph cluster_t0 {" in result.stdout
    assert '[label="cli3d::model\\ndepth 2, 2 entries"];' in result.stdout
    assert re.search(r"t0r\d+ -> t0r\d+;", result.stdout)
    assert result.stdout.rstrip().endswith("}")


def test_smoke_tree_of_an_unknown_registry_exits_2_with_did_you_mean(cli_subprocess):
    result = cli_subprocess("tree", "modle")
    assert result.returncode == 2
    assert "no registry tree is named 'modle'" in result.stderr
    assert "did you mean 'model'?" in result.stderr


def test_tree_json_and_a_diagram_format_together_are_a_usage_error(cli):
    result = cli("tree", "--json", "--format", "mermaid")
    assert result.returncode == 2
    assert "--json and --format" in result.stderr


def test_smoke_tree_warns_about_a_scope_that_fails_to_import_and_shows_the_rest(
    cli_subprocess, broken_site
):
    result = cli_subprocess("tree", "model", site=broken_site)
    assert result.returncode == 0
    assert (
        "warning: scope 'clibroken': importing 'clibroken.registry' failed: "
        "RuntimeError: clibroken fails on purpose" in result.stderr
    )
    assert "cli3d::model" in result.stdout


def test_unknown_tree_suggests_each_root_name_once_when_trees_share_it(cli):
    others = [Registry("model", scope=f"shared_name_{n}") for n in range(3)]
    result = cli("tree", "modle")
    assert result.returncode == 2
    assert "did you mean 'model'?" in result.stderr
    assert "'model' or 'model'" not in result.stderr
    assert len(others) == 3  # alive during the call
