"""Looking at registries: properties, dunders, module_dict, summaries."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

import pytest

import scopereg
from scopereg import (
    DefaultScope,
    Registry,
    count_registered_modules,
    traverse_registry_tree,
)
from scopereg.exceptions import NotRegisteredError, ScopeError, ScopeFallbackWarning


@dataclass
class Tree:
    """root (a) -> b -> c, plus d, a second child of the root."""

    a: Registry
    b: Registry
    c: Registry
    d: Registry


@pytest.fixture
def tree(new_scope) -> Tree:
    a = Registry("model", scope=new_scope("a"))
    b = Registry("model", parent=a, scope=new_scope("b"))
    c = Registry("model", parent=b, scope=new_scope("c"))
    d = Registry("model", parent=a, scope=new_scope("d"))
    return Tree(a, b, c, d)


def _component(name: str, module: str) -> type:
    """Return a class called ``name`` that claims to live in ``module``."""
    return type(name, (), {"__module__": module})


# -- properties -------------------------------------------------------------------


def test_name_and_scope_are_what_was_given(new_scope):
    scope = new_scope()
    reg = Registry("data sampler", scope=scope)
    assert (reg.name, reg.scope) == ("data sampler", scope)


def test_parent_is_none_for_a_root_and_the_parent_for_a_child(tree):
    assert (tree.a.parent, tree.b.parent, tree.c.parent) == (None, tree.a, tree.b)


def test_root_is_the_top_of_the_tree_from_every_registry(tree):
    assert {tree.a.root, tree.b.root, tree.c.root, tree.d.root} == {tree.a}


def test_get_root_registry_is_the_root(tree):
    assert tree.c._get_root_registry() is tree.a


def test_children_maps_scopes_to_direct_children_in_creation_order(tree):
    assert dict(tree.a.children) == {tree.b.scope: tree.b, tree.d.scope: tree.d}
    assert dict(tree.b.children) == {tree.c.scope: tree.c}
    assert dict(tree.c.children) == {}


def test_module_dict_is_live(new_scope):
    reg = Registry("model", scope=new_scope())
    view = reg.module_dict
    reg.register_module(name="Later", module=dict)
    assert view == {"Later": dict}


def test_module_dict_is_a_dict(new_scope):
    assert isinstance(Registry("model", scope=new_scope()).module_dict, dict)


def test_build_func_property_is_the_function_build_calls(new_scope):
    def build_func(cfg, registry):
        return "custom"

    reg = Registry("model", build_func=build_func, scope=new_scope())
    assert reg.build_func is build_func
    assert reg.build(dict(type="X")) == "custom"


def test_search_child_finds_a_descendant_at_any_depth(tree):
    assert tree.a._search_child(tree.c.scope) is tree.c


def test_search_child_does_not_find_a_registry_outside_the_subtree(tree):
    assert tree.b._search_child(tree.d.scope) is None


def test_add_child_accepts_an_existing_child(tree):
    tree.a._add_child(tree.b)
    assert dict(tree.a.children)[tree.b.scope] is tree.b


def test_add_child_refuses_a_registry_of_another_parent(tree):
    with pytest.raises(ScopeError, match="is not a child of"):
        tree.a._add_child(tree.c)


# -- len, in, iteration, repr -----------------------------------------------------------


def test_len_counts_own_entries_only(tree):
    tree.a.register_module(name="Base", module=dict)
    tree.b.register_module(name="Head", module=list)
    assert (len(tree.a), len(tree.b), len(tree.c)) == (1, 1, 0)


def test_len_counts_each_alias(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name=["A", "B", "C"], module=dict)
    assert len(reg) == 3


def test_in_is_true_for_an_own_name(tree):
    tree.c.register_module(name="X", module=dict)
    assert "X" in tree.c


def test_in_is_true_for_an_ancestor_name(tree):
    tree.a.register_module(name="Base", module=dict)
    assert "Base" in tree.c


def test_in_is_false_for_a_childs_name(tree):
    tree.c.register_module(name="X", module=dict)
    assert "X" not in tree.a


def test_in_is_true_for_a_scoped_key(tree):
    tree.c.register_module(name="X", module=dict)
    assert f"{tree.c.scope}.X" in tree.d


def test_in_is_false_for_non_str_keys(tree):
    tree.a.register_module(name="Base", module=dict)
    assert 1 not in tree.a
    assert None not in tree.a


def test_iteration_yields_own_names_in_registration_order(new_scope):
    reg = Registry("model", scope=new_scope())
    for name in ["Zeta", "Alpha", "Mid"]:
        reg.register_module(name=name, module=dict)
    assert list(reg) == ["Zeta", "Alpha", "Mid"]


def test_iteration_survives_registration_during_the_loop(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name="A", module=dict)
    for name in reg:
        reg.register_module(name=f"{name}2", module=dict)
    assert list(reg) == ["A", "A2"]


def test_repr_is_a_table_of_sorted_names_and_objects(new_scope):
    scope = new_scope()
    reg = Registry("model", scope=scope)
    reg.register_module(name="Zeta", module=dict)
    reg.register_module(name="Alpha", module=list)
    assert repr(reg).splitlines() == [
        f"Registry of model (scope {scope!r}, 2 names)",
        "Names  Objects",
        "-----  -------",
        "Alpha  <class 'list'>",
        "Zeta   <class 'dict'>",
    ]


def test_repr_of_an_empty_registry_has_the_header_only(new_scope):
    scope = new_scope()
    assert repr(Registry("model", scope=scope)).splitlines() == [
        f"Registry of model (scope {scope!r}, 0 names)",
        "Names  Objects",
        "-----  -------",
    ]


# -- module_dict edits by hand ----------------------------------------------------------


class Old:
    pass


class New:
    pass


EDITS = {
    "setitem": lambda d: d.__setitem__("Net", New),
    "update": lambda d: d.update(Net=New),
    "ior": lambda d: d.__ior__({"Net": New}),
    "delitem": lambda d: d.__delitem__("Net"),
    "pop": lambda d: d.pop("Net"),
    "popitem": lambda d: d.popitem(),
    "clear": lambda d: d.clear(),
}
EXPECTED = {"setitem": New, "update": New, "ior": New}


@pytest.mark.parametrize("edit", list(EDITS))
def test_editing_module_dict_by_hand_invalidates_cached_lookups(tree, edit):
    tree.a.register_module(name="Net", module=Old)
    assert tree.c.get("Net") is Old  # cached now, in a descendant
    EDITS[edit](tree.a.module_dict)
    assert tree.c.get("Net") is EXPECTED.get(edit)


def test_setdefault_on_module_dict_makes_a_new_name_resolvable(tree):
    assert tree.c.get("Net") is None
    tree.a.module_dict.setdefault("Net", New)
    assert tree.c.get("Net") is New


def test_module_dict_edit_is_seen_by_the_next_build(tree):
    tree.a.register_module(name="Net", module=Old)
    tree.a.build(dict(type="Net"))
    tree.a.module_dict["Net"] = New
    assert type(tree.a.build(dict(type="Net"))) is New


# -- remove ---------------------------------------------------------------------------------


def test_remove_returns_the_registered_object(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name="Net", module=Old)
    assert reg.remove("Net") is Old


def test_remove_makes_a_cached_name_unresolvable(tree):
    tree.a.register_module(name="Net", module=Old)
    assert tree.c.get("Net") is Old
    tree.a.remove("Net")
    assert tree.c.get("Net") is None


def test_remove_keeps_other_aliases_of_the_object(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name=["Net", "Alias"], module=Old)
    reg.remove("Net")
    assert reg.module_dict == {"Alias": Old}


def test_remove_of_a_missing_name_is_not_registered_and_counts_the_names(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name="Net", module=Old)
    with pytest.raises(NotRegisteredError, match=r"1 names are registered here"):
        reg.remove("Missing")


def test_remove_does_not_reach_into_ancestors(tree):
    tree.a.register_module(name="Net", module=Old)
    with pytest.raises(KeyError, match="cannot remove 'Net'"):
        tree.c.remove("Net")
    assert tree.a.get("Net") is Old


def test_a_removed_name_can_be_registered_again(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name="Net", module=Old)
    reg.remove("Net")
    reg.register_module(name="Net", module=New)
    assert reg.get("Net") is New


# -- split_scope_key and infer_scope ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ResNet", (None, "ResNet")),
        ("srdet.RetinaHead", ("srdet", "RetinaHead")),
        ("sr3d.srdet.ResNet", ("sr3d", "srdet.ResNet")),
        (".C", ("", "C")),
        ("C.", ("C", "")),
        ("", (None, "")),
    ],
)
def test_split_scope_key_splits_at_the_first_dot(key, expected):
    assert Registry.split_scope_key(key) == expected


def test_infer_scope_is_the_top_level_package_of_the_caller():
    assert Registry.infer_scope() == __name__.partition(".")[0]


def test_registry_without_scope_gets_the_callers_top_level_package():
    # A root of its own tree, so the inferred scope clashes with nothing.
    assert Registry("model").scope == __name__.partition(".")[0]


# -- switch_scope_and_registry -------------------------------------------------------------


def _current() -> str | None:
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name


def test_switch_scope_and_registry_yields_the_registry_of_the_scope(tree):
    with tree.a.switch_scope_and_registry(tree.c.scope) as registry:
        assert registry is tree.c


def test_switch_scope_and_registry_sets_the_default_scope_inside(tree):
    with tree.d.switch_scope_and_registry(tree.c.scope):
        assert _current() == tree.c.scope


def test_switch_scope_and_registry_restores_the_default_scope(tree):
    with tree.d.switch_scope_and_registry(tree.c.scope):
        pass
    assert _current() is None


def test_switch_scope_and_registry_restores_the_default_scope_on_errors(tree):
    with pytest.raises(LookupError), tree.d.switch_scope_and_registry(tree.c.scope):
        raise LookupError
    assert _current() is None


def test_switch_scope_and_registry_none_without_default_scope_yields_itself(tree):
    with tree.b.switch_scope_and_registry(None) as registry:
        assert registry is tree.b
        assert _current() is None


def test_switch_scope_and_registry_none_keeps_the_current_default_scope(tree):
    with DefaultScope(tree.d.scope), tree.b.switch_scope_and_registry(None) as reg:
        assert reg is tree.d


def test_switch_scope_and_registry_to_an_unknown_scope_yields_itself(tree, new_scope):
    with (
        pytest.warns(ScopeFallbackWarning, match="has no registry"),
        tree.b.switch_scope_and_registry(new_scope("ghost")) as registry,
    ):
        assert registry is tree.b


# -- traverse_registry_tree and count_registered_modules ---------------------------------------


@pytest.fixture
def summarised(tree):
    tree.a.register_module(module=_component("Base", "pkgx.core.base"))
    tree.b.register_module(module=_component("Head", "pkgx.models.heads"))
    tree.b.register_module(
        name=["Neck", "FPN"], module=_component("Neck", "pkgx.models.necks")
    )
    tree.c.register_module(module=_component("Voxel", "pkgy.models.voxel"))
    tree.d.register_module(name="dumps", module=json.dumps)
    return tree


def test_traverse_registry_tree_lists_every_registry_depth_first(summarised):
    t = summarised
    assert traverse_registry_tree(t.a, verbose=False) == [
        {"num_modules": 1, "scope": t.a.scope, "pkgx/core": ["Base"]},
        {"num_modules": 3, "scope": t.b.scope, "pkgx/models": ["Head", "Neck", "FPN"]},
        {"num_modules": 1, "scope": t.c.scope, "pkgy/models": ["Voxel"]},
        {"num_modules": 1, "scope": t.d.scope, "": ["dumps"]},
    ]


def test_traverse_registry_tree_gives_the_same_result_from_any_node(summarised):
    t = summarised
    expected = traverse_registry_tree(t.a, verbose=False)
    for node in (t.b, t.c, t.d):
        assert traverse_registry_tree(node, verbose=False) == expected


def test_traverse_registry_tree_logs_one_line_per_registry_when_verbose(
    summarised, caplog
):
    with caplog.at_level(logging.INFO, logger="scopereg"):
        traverse_registry_tree(summarised.c)
    assert caplog.messages == [
        f"Find {n} modules in {reg.scope}'s 'model' registry"
        for n, reg in [
            (1, summarised.a),
            (3, summarised.b),
            (1, summarised.c),
            (1, summarised.d),
        ]
    ]


def test_traverse_registry_tree_of_an_empty_root_is_one_entry(new_scope):
    reg = Registry("model", scope=new_scope())
    assert traverse_registry_tree(reg, verbose=False) == [
        {"num_modules": 0, "scope": reg.scope}
    ]


ROOT_VARIABLES = sorted(
    name
    for name in scopereg.__all__
    if name.isupper() and isinstance(getattr(scopereg, name), Registry)
)


def test_count_registered_modules_covers_every_root_registry():
    result = count_registered_modules(verbose=False)
    assert set(result) == {"scan_date", "registries"}
    assert sorted(result["registries"]) == ROOT_VARIABLES
    assert len(ROOT_VARIABLES) == 23


def test_count_registered_modules_gives_tree_summaries():
    registries = count_registered_modules(verbose=False)["registries"]
    for variable, summaries in registries.items():
        root = getattr(scopereg, variable)
        assert summaries == traverse_registry_tree(root, verbose=False)
        assert summaries[0]["scope"] == root.scope == "scopereg"


def test_count_registered_modules_dates_the_scan():
    scan_date = count_registered_modules(verbose=False)["scan_date"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", scan_date)


def test_count_registered_modules_writes_the_json_file_to_save_path(tmp_path):
    result = count_registered_modules(save_path=str(tmp_path), verbose=False)
    written = tmp_path / "modules_statistic_results.json"
    assert json.loads(written.read_text(encoding="utf-8")) == result


def test_count_registered_modules_logs_the_saved_path_when_verbose(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="scopereg"):
        count_registered_modules(save_path=str(tmp_path))
    assert caplog.messages[-1] == (
        f"Result has been saved to {tmp_path / 'modules_statistic_results.json'}"
    )
