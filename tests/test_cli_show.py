"""``scopereg show``: definition site, signature, doc line, overriding scopes."""

from __future__ import annotations

import json


def _fields(stdout):
    """Return ``{field: [values]}`` of show's indented ``field  value`` lines."""
    fields = {}
    for line in stdout.splitlines()[1:]:
        field, _, value = line.strip().partition("  ")
        fields.setdefault(field, []).append(value.strip())
    return fields


def test_show_prints_definition_site_signature_and_first_doc_line(cli, fake_scopes):
    result = cli("show", "clidet.Backbone")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "clidet.Backbone: class in clidet::model"
    fields = _fields(result.stdout)
    assert fields["defined at"] == ["site/clidet/registry.py:11"]
    assert fields["object"] == ["clidet.registry.Backbone"]
    assert fields["signature"] == ["Backbone(depth=50, stages=4)"]
    assert fields["doc"] == ["A 2D backbone."]


def test_show_names_the_scopes_that_override_the_name(cli, fake_scopes):
    result = cli("show", "Backbone", "--registry", "model")
    fields = _fields(result.stdout)
    assert fields["overridden in"] == [
        "clidet::model (site/clidet/registry.py:11)",
        "cli3d::model (site/cli3d/registry.py:8)",
    ]


def test_show_names_the_ancestors_the_entry_overrides(cli, fake_scopes):
    result = cli("show", "clidet.Backbone")
    assert _fields(result.stdout)["overrides"] == [
        "scopereg::model (site/clicore/registry.py:5)"
    ]


def test_show_with_a_registry_resolves_as_a_build_in_that_scope_would(cli, fake_scopes):
    result = cli("show", "Backbone", "--registry", "cli3d::model")
    assert result.stdout.splitlines()[0] == (
        "Backbone -> cli3d.Backbone: class in cli3d::model"
    )


def test_show_finds_a_bare_name_registered_only_below_the_roots(cli, fake_scopes):
    result = cli("show", "Flip")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Flip -> clidet.Flip: class in clidet::transform"
    )


def test_show_json_adds_signature_doc_and_overriders_to_the_list_shape(
    cli, fake_scopes
):
    result = cli("show", "make_neck", "--json")
    [entry] = json.loads(result.stdout)
    assert entry["kind"] == "function"
    assert entry["signature"] == "make_neck(channels=256)"
    assert (entry["doc"], entry["overridden_in"]) == (None, [])


def test_show_of_an_unknown_key_exits_1_with_did_you_mean(cli, fake_scopes):
    result = cli("show", "YoloHaed")
    assert result.returncode == 1
    assert "'YoloHaed' is not registered in any tree" in result.stderr
    assert "did you mean 'clidet.YoloHead'" in result.stderr


def test_show_of_an_unknown_key_in_a_registry_names_the_search_path(cli, fake_scopes):
    result = cli("show", "Detectr", "--registry", "cli3d::model")
    assert result.returncode == 1
    assert "Detectr is not in the cli3d::model registry" in result.stderr
    assert "searched: cli3d::model -> clidet::model -> scopereg::model" in (
        result.stderr
    )
    assert "did you mean 'Detector'?" in result.stderr
