"""Recursive building: registry.build(cfg, recursive=True)."""

from __future__ import annotations

import copy
import functools
import uuid
from collections import OrderedDict, defaultdict, namedtuple
from types import MappingProxyType
from typing import Any, ClassVar

import pytest

from scopereg import DefaultScope, Registry, build_from_cfg
from scopereg.exceptions import InvalidConfigError, NotRegisteredError, ScopeError


def _scope(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


class Box:
    """Records what it was built with, and the order of construction."""

    built: ClassVar[list[str]] = []

    def __init__(self, name: str = "", **kwargs: Any) -> None:
        self.name = name
        self.kwargs = kwargs
        Box.built.append(name)


@pytest.fixture
def registry() -> Registry:
    registry = Registry("model", scope=_scope("rec"))
    registry.register_module(module=Box)
    Box.built = []
    return registry


def test_nested_config_is_built_and_passed_as_an_object(registry):
    net = registry.build(
        dict(type="Box", backbone=dict(type="Box", name="bb")), recursive=True
    )
    assert isinstance(net.kwargs["backbone"], Box)
    assert net.kwargs["backbone"].name == "bb"


def test_configs_in_lists_are_built_and_the_list_stays_a_list(registry):
    net = registry.build(
        dict(type="Box", stages=[dict(type="Box", name="a"), 3]), recursive=True
    )
    stages = net.kwargs["stages"]
    assert type(stages) is list
    assert [type(stages[0]), stages[1]] == [Box, 3]


def test_configs_in_tuples_are_built_and_the_tuple_stays_a_tuple(registry):
    net = registry.build(dict(type="Box", pair=(dict(type="Box"), "x")), recursive=True)
    assert type(net.kwargs["pair"]) is tuple
    assert isinstance(net.kwargs["pair"][0], Box)


def test_a_namedtuple_of_configs_stays_that_namedtuple(registry):
    Pair = namedtuple("Pair", "left right")
    net = registry.build(
        dict(type="Box", pair=Pair(dict(type="Box", name="l"), 2)), recursive=True
    )
    assert type(net.kwargs["pair"]) is Pair
    assert (net.kwargs["pair"].left.name, net.kwargs["pair"].right) == ("l", 2)


def test_a_dict_subclass_of_configs_keeps_its_type_and_order(registry):
    heads = OrderedDict(b=dict(type="Box", name="b"), a=dict(type="Box", name="a"))
    net = registry.build(dict(type="Box", heads=heads), recursive=True)
    assert type(net.kwargs["heads"]) is OrderedDict
    assert [head.name for head in net.kwargs["heads"].values()] == ["b", "a"]


def test_configs_in_a_plain_dict_value_are_built_in_place(registry):
    net = registry.build(
        dict(type="Box", heads=dict(cls=dict(type="Box", name="c"), n=1)),
        recursive=True,
    )
    assert net.kwargs["heads"]["cls"].name == "c"
    assert net.kwargs["heads"]["n"] == 1


def test_a_read_only_mapping_of_configs_becomes_a_dict(registry):
    heads = MappingProxyType({"cls": dict(type="Box")})
    net = registry.build(dict(type="Box", heads=heads), recursive=True)
    assert type(net.kwargs["heads"]) is dict


def test_containers_without_configs_are_passed_as_the_same_object(registry):
    data = {"sizes": [1, 2], "name": "x"}
    net = registry.build(dict(type="Box", data=data), recursive=True)
    assert net.kwargs["data"] is data


def test_build_is_depth_first_innermost_first(registry):
    registry.build(
        dict(
            type="Box",
            name="root",
            a=dict(type="Box", name="a", inner=dict(type="Box", name="a.inner")),
            b=[dict(type="Box", name="b0")],
        ),
        recursive=True,
    )
    assert Box.built == ["a.inner", "a", "b0", "root"]


def test_every_type_resolves_before_anything_is_constructed(registry):
    with pytest.raises(NotRegisteredError):
        registry.build(
            dict(type="Box", a=dict(type="Box"), b=dict(type="Bxo")), recursive=True
        )
    assert Box.built == []


def test_unknown_nested_type_error_names_its_config_path(registry):
    cfg = dict(
        type="Box",
        backbone=dict(type="Box", stages=[dict(type="Box")] * 2 + [dict(type="Bx")]),
    )
    with pytest.raises(NotRegisteredError) as info:
        registry.build(cfg, recursive=True)
    assert info.value.config_path == "backbone.stages[2]"
    assert str(info.value).splitlines()[1] == "  at config path: backbone.stages[2]"
    assert info.value.suggestions == ("Box",)


def test_unknown_top_level_type_error_names_the_root_path(registry):
    with pytest.raises(NotRegisteredError, match="at config path: <root>") as info:
        registry.build(dict(type="Bx"), recursive=True)
    assert info.value.config_path == ""


def test_a_key_that_is_not_an_identifier_is_quoted_in_the_path(registry):
    with pytest.raises(NotRegisteredError) as info:
        registry.build(
            dict(type="Box", x={"odd key": dict(type="Nope")}), recursive=True
        )
    assert info.value.config_path == "x['odd key']"


def test_a_bad_type_value_in_a_nested_config_names_its_path(registry):
    with pytest.raises(InvalidConfigError, match="type must be a str") as info:
        registry.build(dict(type="Box", head=dict(type=None)), recursive=True)
    assert info.value.config_path == "head"


def test_a_nested_config_with_a_non_str_key_names_its_path(registry):
    with pytest.raises(InvalidConfigError, match="config keys must be str") as info:
        registry.build(dict(type="Box", head={"type": "Box", 1: 2}), recursive=True)
    assert info.value.config_path == "head"


def test_a_bad_nested_scope_names_its_path(registry):
    with pytest.raises(ScopeError, match="at config path: head") as info:
        registry.build(
            dict(type="Box", head=dict(type="Box", _scope_="a.b")), recursive=True
        )
    assert info.value.config_path == "head"


def test_scoped_names_resolve_across_the_tree(registry):
    child = Registry("model", parent=registry, scope=_scope("child"))
    child.register_module(name="Head", module=Box)
    net = registry.build(
        dict(type="Box", head=dict(type=f"{child.scope}.Head", name="h")),
        recursive=True,
    )
    assert net.kwargs["head"].name == "h"


def test_nested_scope_applies_to_its_subtree_only(registry):
    child = Registry("model", parent=registry, scope=_scope("child"))
    seen = []
    registry.register_module(
        name="Probe", module=lambda **kw: seen.append(kw) or "root"
    )
    child.register_module(name="Probe", module=lambda **kw: "child")
    net = registry.build(
        dict(
            type="Box",
            inside=dict(type="Box", _scope_=child.scope, probe=dict(type="Probe")),
            outside=dict(type="Probe"),
        ),
        recursive=True,
    )
    assert (net.kwargs["inside"].kwargs["probe"], net.kwargs["outside"]) == (
        "child",
        "root",
    )


def test_constructors_run_inside_their_configs_scope(registry):
    child = Registry("model", parent=registry, scope=_scope("child"))
    seen = []
    child.register_module(
        name="Spy", module=lambda: seen.append(DefaultScope.get_current_instance())
    )
    registry.build(
        dict(type="Box", spy=dict(type="Spy", _scope_=child.scope)), recursive=True
    )
    assert seen[0].scope_name == child.scope
    assert DefaultScope.get_current_instance() is None


def test_partial_config_gives_a_functools_partial(registry):
    net = registry.build(
        dict(type="Box", factory=dict(type="Box", name="later", _partial_=True)),
        recursive=True,
    )
    factory = net.kwargs["factory"]
    assert isinstance(factory, functools.partial)
    assert factory(size=3).kwargs == {"size": 3}


def test_partial_config_gets_its_nested_configs_built(registry):
    factory = registry.build(
        dict(type="Box", _partial_=True, inner=dict(type="Box", name="in")),
        recursive=True,
    )
    assert factory.keywords["inner"].name == "in"


def test_partial_must_be_a_bool(registry):
    with pytest.raises(InvalidConfigError, match="_partial_ must be True or False"):
        registry.build(dict(type="Box", _partial_="yes"), recursive=True)


def test_non_recursive_build_passes_nested_configs_through(registry):
    inner = dict(type="Box")
    net = registry.build(dict(type="Box", inner=inner, _partial_=True))
    assert net.kwargs == {"inner": inner, "_partial_": True}


def test_build_from_cfg_builds_recursively_too(registry):
    net = build_from_cfg(
        dict(type="Box", inner=dict(type="Box", name="x")), registry, recursive=True
    )
    assert net.kwargs["inner"].name == "x"


def test_default_args_apply_to_the_top_level_config_only(registry):
    net = registry.build(
        dict(type="Box", inner=dict(type="Box")),
        default_args=dict(name="top"),
        recursive=True,
    )
    assert (net.name, net.kwargs["inner"].name) == ("top", "")


def test_recursive_build_never_mutates_the_config(registry):
    cfg = dict(
        type="Box",
        _scope_=registry.scope,
        stages=[dict(type="Box", _partial_=True)],
        heads=(dict(type="Box"),),
    )
    before = copy.deepcopy(cfg)
    registry.build(cfg, recursive=True)
    assert cfg == before


def test_a_config_that_contains_itself_is_refused(registry):
    cfg: dict[str, Any] = dict(type="Box")
    cfg["loop"] = [cfg]
    with pytest.raises(
        InvalidConfigError, match=r"the config contains itself at loop\[0\]"
    ):
        registry.build(cfg, recursive=True)


def test_the_same_config_twice_is_built_twice(registry):
    shared = dict(type="Box", name="s")
    net = registry.build(dict(type="Box", a=shared, b=[shared]), recursive=True)
    assert net.kwargs["a"] is not net.kwargs["b"][0]


def test_a_failed_recursive_build_leaves_the_default_scope_as_it_was(registry):
    child = Registry("model", parent=registry, scope=_scope("child"))
    cfg = dict(
        type="Box",
        inner=dict(type="Box", _scope_=child.scope, bad=dict(type=int, x="z")),
    )
    with DefaultScope(registry.scope) as scope:
        with pytest.raises(TypeError):
            registry.build(cfg, recursive=True)
        assert DefaultScope.get_current_instance() is scope


def test_a_custom_build_func_receives_the_recursive_flag():
    calls = []
    registry = Registry(
        "model", scope=_scope("custom"), build_func=lambda cfg, **kw: calls.append(kw)
    )
    registry.build(dict(type="X"), recursive=True)
    assert calls == [{"recursive": True, "registry": registry}]


def test_a_container_that_cannot_be_rebuilt_names_its_path(registry):
    heads = defaultdict(list, cls=dict(type="Box"))
    with pytest.raises(
        InvalidConfigError, match="cannot rebuild the defaultdict"
    ) as info:
        registry.build(dict(type="Box", heads=heads), recursive=True)
    assert info.value.config_path == "heads"
