"""Trees that share a root name (scopereg's ``model`` and mmengine's, on the
mmengine bridge) are told apart by a scope: ``scope::name`` or a config's
``default_scope`` picks the tree that has that scope."""

from __future__ import annotations

import json

import pytest

from scopereg import Registry


@pytest.fixture
def other_model_tree(registry_sandbox):
    """A second tree whose root is also named 'model', with a child scope."""
    root = Registry("model", scope="othertree")
    child = Registry("model", parent=root, scope="otherkid")

    @child.register_module()
    class Widget:
        def __init__(self, size=1):
            self.size = size

    return root, child


def test_tree_of_scope_and_name_finds_the_tree_that_has_the_scope(
    cli, other_model_tree
):
    result = cli("tree", "otherkid::model")
    assert result.returncode == 0, result.stderr
    assert "otherkid::model" in result.stdout
    assert "srdet" not in result.stdout


def test_list_of_a_scope_in_the_second_tree_lists_its_names(cli, other_model_tree):
    result = cli("list", "otherkid::model")
    assert result.returncode == 0, result.stderr
    assert "otherkid.Widget" in result.stdout


def test_a_bare_tree_name_still_means_scoperegs_own_tree(cli, other_model_tree):
    result = cli("tree", "model")
    assert result.returncode == 0, result.stderr
    assert "scopereg::model" in result.stdout
    assert "otherkid" not in result.stdout


def test_check_builds_a_section_in_the_tree_of_the_configs_default_scope(
    cli, write, other_model_tree
):
    write(
        "cfg.json",
        json.dumps({"default_scope": "otherkid", "model": {"type": "Widget"}}),
    )
    result = cli("check", "cfg.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "othertree::model" in result.stdout
