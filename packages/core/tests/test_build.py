"""Building objects: ``Registry.build``, ``build_from_cfg`` and build functions."""

from __future__ import annotations

import traceback
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest

from scopereg import DefaultScope, Registry, build_from_cfg, build_runner_from_cfg
from scopereg.exceptions import InvalidConfigError, NotRegisteredError, ScopeError


class FrozenConfig(Mapping[str, Any]):
    """A read-only Mapping that is not a dict and has no ``copy`` method."""

    def __init__(self, **items: Any) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class ResNet:
    def __init__(self, depth, stages=4):
        self.depth = depth
        self.stages = stages


@pytest.fixture
def models(new_scope) -> Registry:
    reg = Registry("model", scope=new_scope("models"))
    reg.register_module(module=ResNet)
    return reg


def _current() -> str | None:
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name


# -- types -------------------------------------------------------------------------------


def test_string_type_builds_the_registered_class_with_the_other_keys(models):
    net = models.build(dict(type="ResNet", depth=50))
    assert (type(net), net.depth, net.stages) == (ResNet, 50, 4)


def test_registered_function_is_called_and_its_result_returned(models):
    calls = []

    @models.register_module()
    def resnet50(stages=4):
        calls.append(stages)
        return ("resnet", 50, stages)

    assert models.build(dict(type="resnet50", stages=3)) == ("resnet", 50, 3)
    assert calls == [3]


def test_class_object_as_type_is_built_without_registration(new_scope):
    reg = Registry("model", scope=new_scope())
    net = reg.build(dict(type=ResNet, depth=18))
    assert (type(net), net.depth) == (ResNet, 18)


def test_function_object_as_type_is_called_without_registration(new_scope):
    reg = Registry("model", scope=new_scope())

    def make(depth):
        return depth * 2

    assert reg.build(dict(type=make, depth=21)) == 42


@pytest.mark.parametrize("bad_type", [42, None, 3.5, ["ResNet"]])
def test_type_that_is_neither_str_nor_callable_is_a_type_error(models, bad_type):
    with pytest.raises(InvalidConfigError, match="type must be a str or valid type"):
        models.build(dict(type=bad_type))


def test_build_from_cfg_builds_like_registry_build(models):
    net = build_from_cfg(dict(type="ResNet", depth=101), models)
    assert net.depth == 101


def test_repeated_builds_give_new_objects(models):
    cfg = dict(type="ResNet", depth=50)
    assert models.build(cfg) is not models.build(cfg)


# -- default_args ------------------------------------------------------------------------


def test_default_args_fill_missing_keys(models):
    net = models.build(dict(type="ResNet"), default_args=dict(depth=34, stages=2))
    assert (net.depth, net.stages) == (34, 2)


def test_cfg_wins_over_default_args(models):
    net = models.build(dict(type="ResNet", depth=50), default_args=dict(depth=34))
    assert net.depth == 50


def test_default_args_can_supply_the_type(models):
    net = build_from_cfg(dict(depth=50), models, default_args=dict(type="ResNet"))
    assert type(net) is ResNet


def test_default_args_passed_positionally_to_build_is_a_type_error(models):
    # As in mmengine: build passes registry= by keyword, so the second
    # positional argument of build_from_cfg is taken twice.
    with pytest.raises(TypeError, match="multiple values for argument 'registry'"):
        models.build(dict(type="ResNet"), dict(depth=50))


def test_default_args_that_are_not_a_mapping_are_a_type_error(models):
    with pytest.raises(
        InvalidConfigError,
        match="default_args should be a dict, ConfigDict, Config or None, but got <class 'int'>",
    ):
        build_from_cfg(dict(type="ResNet"), models, default_args=1)


def test_registry_that_is_not_a_registry_is_a_type_error():
    with pytest.raises(
        InvalidConfigError,
        match=r"registry must be a mmengine\.Registry object, but got <class 'str'>",
    ):
        build_from_cfg(dict(type="ResNet"), "models")


# -- inputs are never mutated, any Mapping works -------------------------------------


def test_cfg_is_not_mutated_by_a_build(models):
    cfg = dict(type="ResNet", depth=50)
    models.build(cfg)
    models.build(cfg)  # the second build takes the cached fast path
    assert cfg == dict(type="ResNet", depth=50)


def test_cfg_with_scope_is_not_mutated_by_a_build(models):
    cfg = dict(type="ResNet", depth=50, _scope_=models.scope)
    models.build(cfg)
    assert cfg == dict(type="ResNet", depth=50, _scope_=models.scope)


def test_default_args_are_not_mutated_by_a_build(models):
    default_args = dict(type="ResNet", depth=50, _scope_=models.scope)
    build_from_cfg(dict(stages=2), models, default_args=default_args)
    assert default_args == dict(type="ResNet", depth=50, _scope_=models.scope)


def test_mapping_proxy_cfg_is_accepted(models):
    net = models.build(MappingProxyType(dict(type="ResNet", depth=50)))
    assert net.depth == 50


def test_mapping_proxy_default_args_are_accepted(models):
    net = models.build(
        dict(type="ResNet"), default_args=MappingProxyType(dict(depth=50))
    )
    assert net.depth == 50


@pytest.mark.parametrize("make", [FrozenConfig, OrderedDict], ids=["Mapping", "OD"])
def test_non_dict_mappings_are_accepted_as_cfg(models, make):
    cfg = make(type="ResNet", depth=50)
    models.get("ResNet")  # warm the cache so the fast path is tried too
    assert models.build(cfg).depth == 50
    assert models.build(cfg).depth == 50


def test_custom_mapping_cfg_is_not_mutated(models):
    cfg = FrozenConfig(type="ResNet", depth=50, _scope_=models.scope)
    models.build(cfg)
    assert dict(cfg) == dict(type="ResNet", depth=50, _scope_=models.scope)


def test_non_str_keys_in_cfg_are_a_type_error(models):
    with pytest.raises(InvalidConfigError, match="config keys must be str"):
        models.build({"type": "ResNet", 1: 2})


def test_non_str_keys_in_cfg_are_a_type_error_after_a_cached_lookup(models):
    models.build(dict(type="ResNet", depth=1))
    with pytest.raises(InvalidConfigError, match="config keys must be str") as info:
        models.build({"type": "ResNet", 1: 2})
    assert not hasattr(info.value, "__notes__")  # nothing was being built


# -- _scope_ ------------------------------------------------------------------------------


@pytest.fixture
def scoped(new_scope):
    """A root and a child, each registering a ``Probe`` reporting its home."""
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    for reg in (root, child):

        def probe(home=reg.scope, **kwargs):
            return home, _current(), kwargs

        reg.register_module(name="Probe", module=probe)
    return root, child


def test_scope_key_in_cfg_resolves_the_type_in_that_scope(scoped):
    root, child = scoped
    home, _, _ = root.build(dict(type="Probe", _scope_=child.scope))
    assert home == child.scope


def test_scope_key_in_cfg_is_the_default_scope_during_the_build(scoped):
    root, child = scoped
    _, during, _ = root.build(dict(type="Probe", _scope_=child.scope))
    assert during == child.scope


def test_scope_key_is_not_passed_to_the_constructor(scoped):
    root, child = scoped
    _, _, kwargs = root.build(dict(type="Probe", _scope_=child.scope, x=1))
    assert kwargs == {"x": 1}


def test_scope_key_is_restored_after_the_build(scoped):
    root, child = scoped
    root.build(dict(type="Probe", _scope_=child.scope))
    assert _current() is None


def test_scope_key_is_restored_after_a_failed_build(scoped):
    root, child = scoped
    with pytest.raises(NotRegisteredError):
        root.build(dict(type="Missing", _scope_=child.scope))
    assert _current() is None


def test_scope_key_in_default_args_is_honoured(scoped):
    root, child = scoped
    home, during, kwargs = build_from_cfg(
        dict(type="Probe"), root, default_args=dict(_scope_=child.scope)
    )
    assert (home, during, kwargs) == (child.scope, child.scope, {})


def test_scope_key_in_cfg_wins_over_default_args(scoped):
    root, child = scoped
    home, _, _ = build_from_cfg(
        dict(type="Probe", _scope_=root.scope),
        child,
        default_args=dict(_scope_=child.scope),
    )
    assert home == root.scope


def test_builds_nested_in_a_constructor_see_the_scope_key(scoped):
    root, child = scoped

    @root.register_module()
    def detector():
        return root.build(dict(type="Probe"))

    home, during, _ = root.build(dict(type="detector", _scope_=child.scope))
    assert (home, during) == (child.scope, child.scope)


@pytest.mark.parametrize("scope", ["a.b", "", 7])
def test_invalid_scope_key_is_a_scope_error(scoped, scope):
    root, _ = scoped
    with pytest.raises(ScopeError, match="_scope_"):
        root.build(dict(type="Probe", _scope_=scope))


# -- constructor exceptions -----------------------------------------------------------------


class Exploding:
    error: Exception | None = None

    def __init__(self, **kwargs):
        Exploding.error = ValueError(f"bad arguments {sorted(kwargs)}")
        raise Exploding.error


@pytest.fixture
def exploding(new_scope) -> Registry:
    reg = Registry("model", scope=new_scope("boom"))
    reg.register_module(module=Exploding)
    return reg


def test_constructor_exception_keeps_its_type_and_identity(exploding):
    with pytest.raises(ValueError, match=r"bad arguments \['x'\]") as info:
        exploding.build(dict(type="Exploding", x=1))
    assert type(info.value) is ValueError
    assert info.value is Exploding.error


def test_constructor_exception_keeps_the_constructor_in_its_traceback(exploding):
    with pytest.raises(ValueError, match="bad arguments") as info:
        exploding.build(dict(type="Exploding"))
    frames = traceback.extract_tb(info.value.__traceback__)
    assert frames[-1].name == "__init__"
    assert "raise Exploding.error" in frames[-1].line


def test_constructor_exception_carries_a_note_naming_type_and_registry(exploding):
    with pytest.raises(ValueError, match="bad arguments") as info:
        exploding.build(dict(type="Exploding"))
    (note,) = info.value.__notes__
    assert f"while building 'Exploding' ({__name__}.Exploding)" in note
    assert f"from {exploding.scope}::model" in note


def test_constructor_exception_after_a_cached_lookup_carries_the_same_note(
    exploding,
):
    assert exploding.get("Exploding") is Exploding
    with pytest.raises(ValueError, match="bad arguments") as info:
        exploding.build(dict(type="Exploding"))
    (note,) = info.value.__notes__
    assert f"'Exploding' ({__name__}.Exploding) from {exploding.scope}::model" in note


def test_constructor_exception_of_a_class_type_names_the_class(new_scope):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(ValueError, match="bad arguments") as info:
        reg.build(dict(type=Exploding))
    assert f"while building '{__name__}.Exploding'" in info.value.__notes__[0]


def test_missing_required_argument_is_a_type_error_naming_the_class(models):
    with pytest.raises(TypeError, match="depth") as info:
        models.build(dict(type="ResNet"))
    assert "while building 'ResNet'" in info.value.__notes__[0]


def test_nested_builds_add_one_note_per_level(new_scope):
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    child.register_module(module=Exploding)

    @root.register_module()
    def detector(backbone):
        return child.build(backbone)

    with pytest.raises(ValueError, match="bad arguments") as info:
        root.build(dict(type="detector", backbone=dict(type="Exploding")))
    assert [note.split(" (")[0] for note in info.value.__notes__] == [
        "while building 'Exploding'",
        "while building 'detector'",
    ]
    assert f"from {child.scope}::model" in info.value.__notes__[0]
    assert f"from {root.scope}::model" in info.value.__notes__[1]


# -- build functions -----------------------------------------------------------------------


def test_custom_build_func_receives_cfg_args_kwargs_and_registry(new_scope):
    seen = []

    def build_func(cfg, *args, registry, **kwargs):
        seen.append((cfg, args, registry, kwargs))
        return "built"

    reg = Registry("model", build_func=build_func, scope=new_scope())
    cfg = dict(type="Anything")
    assert reg.build(cfg, 1, 2, extra=3) == "built"
    assert seen == [(cfg, (1, 2), reg, {"extra": 3})]


def test_child_inherits_the_build_func_of_its_parent(new_scope):
    def build_func(cfg, registry):
        return ("custom", registry.scope)

    root = Registry("model", build_func=build_func, scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    assert child.build_func is build_func
    assert child.build(dict(type="X")) == ("custom", child.scope)


def test_child_build_func_overrides_the_inherited_one(new_scope):
    def parent_build(cfg, registry):
        return "parent"

    def child_build(cfg, registry):
        return "child"

    root = Registry("model", build_func=parent_build, scope=new_scope("root"))
    child = Registry(
        "model", build_func=child_build, parent=root, scope=new_scope("child")
    )
    assert child.build(dict(type="X")) == "child"


def test_child_keeps_the_build_func_its_parent_had_at_creation(new_scope):
    # mmengine copies the parent's build_func at construction time.
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    root.build_func = lambda cfg, registry: "replaced"
    assert child.build_func is build_from_cfg


def test_build_func_that_is_not_callable_is_a_type_error(new_scope):
    with pytest.raises(TypeError, match="build_func must be callable"):
        Registry("model", build_func="build", scope=new_scope())


def test_default_build_func_is_build_from_cfg(new_scope):
    assert Registry("model", scope=new_scope()).build_func is build_from_cfg


# -- build_runner_from_cfg ------------------------------------------------------------


@pytest.fixture
def runners(new_scope) -> Registry:
    reg = Registry("runner", build_func=build_runner_from_cfg, scope=new_scope())

    @reg.register_module()
    class Runner:
        @classmethod
        def from_cfg(cls, cfg):
            return ("Runner", dict(cfg), _current())

    @reg.register_module()
    class FastRunner:
        @classmethod
        def from_cfg(cls, cfg):
            return ("FastRunner", dict(cfg), _current())

    return reg


def test_runner_type_defaults_to_runner(runners):
    assert runners.build(dict(work_dir="w"))[:2] == ("Runner", {"work_dir": "w"})


def test_runner_type_selects_the_runner_and_stays_in_the_cfg(runners):
    name, cfg, _ = runners.build(dict(runner_type="FastRunner"))
    assert (name, cfg) == ("FastRunner", {"runner_type": "FastRunner"})


def test_runner_scope_key_switches_the_default_scope_while_building(runners):
    name, cfg, during = runners.build(dict(_scope_=runners.scope))
    assert (name, cfg, during) == ("Runner", {}, runners.scope)
    assert _current() is None


def test_runner_class_without_from_cfg_is_a_type_error(runners):
    with pytest.raises(TypeError, match="has no from_cfg method"):
        runners.build(dict(runner_type=ResNet))


def test_unknown_runner_type_raises_not_registered(runners):
    with pytest.raises(NotRegisteredError, match="SlowRunner is not in the "):
        runners.build(dict(runner_type="SlowRunner"))
