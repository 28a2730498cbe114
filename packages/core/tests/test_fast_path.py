"""The build fast paths behave exactly like the general path.

``Registry.build`` (inlined) and ``build_from_cfg`` (scopereg._fastbuild) answer
configs whose string type was resolved before from the lookup cache. Most tests
therefore build twice through each entry point: the first build resolves (and
fills the cache), the second takes the fast path, and both must agree with
what the general path does.
"""

from __future__ import annotations

import itertools
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest

from scopereg import (
    DefaultScope,
    DuplicateRegistrationError,
    InvalidConfigError,
    InvalidRegistrationError,
    MissingTypeError,
    NotRegisteredError,
    Registry,
    ScopeError,
    ScopeFallbackWarning,
    build_from_cfg,
)
from scopereg._build import _build_general

_ids = itertools.count()


def unique(prefix: str) -> str:
    """Return a scope name no other test uses (tests run in any order)."""
    return f"fp_{prefix}_{next(_ids)}"


class Thing:
    def __init__(self, v: int = 0, **extra: Any) -> None:
        self.v = v
        self.extra = extra
        self.scope = DefaultScope.get_current_instance()


class Broken:
    def __init__(self, v: int = 0) -> None:
        raise ValueError(f"cannot build with v={v}")


def make_tree() -> tuple[Registry[Any], Registry[Any], Registry[Any]]:
    """Return (root, child, grandchild) registries of fresh scopes."""
    root: Registry[Any] = Registry("model", scope=unique("root"))
    child: Registry[Any] = Registry("model", parent=root, scope=unique("child"))
    grandchild: Registry[Any] = Registry("model", parent=child, scope=unique("gc"))
    return root, child, grandchild


def thing_class(name: str) -> type[Thing]:
    """Return a new subclass of Thing, so two registries hold different types."""
    return type(name, (Thing,), {})


Build = Callable[[Registry[Any], Mapping[str, Any]], Any]

# Each way into a build: the inlined fast path of Registry.build, the fast
# branch of build_from_cfg, and Registry.build delegating to it (default_args).
ENTRY_POINTS: dict[str, Build] = {
    "Registry.build": lambda registry, cfg: registry.build(cfg),
    "build_from_cfg": lambda registry, cfg: build_from_cfg(cfg, registry),
    "default_args": lambda registry, cfg: registry.build(cfg, default_args={}),
}


@pytest.fixture(params=ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
def build(request: pytest.FixtureRequest) -> Build:
    entry_point: Build = request.param
    return entry_point


def build_twice(
    build: Build, registry: Registry[Any], cfg: Mapping[str, Any]
) -> tuple[Any, Any]:
    """Build ``cfg`` cold then warm (the warm build is the fast path)."""
    return build(registry, cfg), build(registry, cfg)


def raised_by(call: Callable[[], object]) -> BaseException:
    """Return the exception ``call()`` raises; fail the test if it returns."""
    try:
        call()
    except Exception as error:
        return error
    pytest.fail("expected the call to raise")


def general_error(cfg: Any, registry: Registry[Any]) -> BaseException:
    """Return the exception the general build path raises for ``cfg``."""
    return raised_by(lambda: _build_general(cfg, registry, None))


def assert_same_error(first: BaseException, second: BaseException) -> None:
    assert type(first) is type(second)
    assert str(first) == str(second)
    assert getattr(first, "__notes__", None) == getattr(second, "__notes__", None)
    assert type(first.__cause__) is type(second.__cause__)
    assert type(first.__context__) is type(second.__context__)


# -- plain builds ---------------------------------------------------------------


def test_warm_build_returns_a_new_object_each_time(build: Build) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    first, second = build_twice(build, root, {"type": "Thing", "v": 3})
    assert first is not second
    assert (first.v, second.v) == (3, 3)


def test_warm_build_of_a_function_type_returns_what_it_returns(build: Build) -> None:
    root, _, _ = make_tree()

    @root.register_module()
    def pair(a: int, b: int = 2) -> tuple[int, int]:
        return (a, b)

    assert build_twice(build, root, {"type": "pair", "a": 1}) == ((1, 2), (1, 2))


def test_warm_build_resolves_an_ancestor_name_from_a_grandchild(build: Build) -> None:
    root, _, grandchild = make_tree()
    root.register_module(module=Thing)
    first, second = build_twice(build, grandchild, {"type": "Thing", "v": 1})
    assert type(first) is type(second) is Thing


def test_warm_build_never_mutates_the_config(build: Build) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    cfg = {"type": "Thing", "v": 1, "_scope_": root.scope}
    build_twice(build, root, cfg)
    assert cfg == {"type": "Thing", "v": 1, "_scope_": root.scope}


def test_warm_build_with_positional_args_calls_the_build_func() -> None:
    calls: list[tuple[Any, ...]] = []

    def build_func(cfg: Any, *args: Any, registry: Any) -> str:
        calls.append(args)
        return "custom"

    registry: Registry[Any] = Registry(
        "model", build_func=build_func, scope=unique("p")
    )
    registry.register_module(module=Thing)
    assert registry.build({"type": "Thing"}, 1, 2) == "custom"
    assert calls == [(1, 2)]


def test_custom_build_func_is_called_for_a_cached_type() -> None:
    registry: Registry[Any] = Registry(
        "model",
        build_func=lambda cfg, registry: ("custom", cfg["type"]),
        scope=unique("c"),
    )
    registry.register_module(module=Thing)
    assert registry.get("Thing") is Thing
    assert (registry.build({"type": "Thing"}), registry.build({"type": "Thing"})) == (
        ("custom", "Thing"),
        ("custom", "Thing"),
    )


def test_child_without_build_func_uses_its_parents_custom_one_when_warm() -> None:
    root: Registry[Any] = Registry(
        "model", build_func=lambda cfg, registry: "custom", scope=unique("r")
    )
    child: Registry[Any] = Registry("model", parent=root, scope=unique("c"))
    child.register_module(module=Thing)
    assert (child.build({"type": "Thing"}), child.build({"type": "Thing"})) == (
        "custom",
        "custom",
    )


# -- default scope and _scope_ -----------------------------------------------------


def test_warm_build_under_default_scope_uses_that_scopes_registry(build: Build) -> None:
    root, child, _ = make_tree()
    root.register_module(module=thing_class("Thing"), name="Thing")
    child_thing = child.register_module(module=thing_class("Thing"), name="Thing")
    build(root, {"type": "Thing"})  # cache the root's answer first
    with DefaultScope(child.scope):
        first, second = build_twice(build, root, {"type": "Thing"})
    assert type(first) is type(second) is child_thing


def test_warm_build_after_default_scope_block_uses_the_registry_again(
    build: Build,
) -> None:
    root, child, _ = make_tree()
    root_thing = root.register_module(module=thing_class("Thing"), name="Thing")
    child.register_module(module=thing_class("Thing"), name="Thing")
    with DefaultScope(child.scope):
        build_twice(build, root, {"type": "Thing"})
    assert type(build(root, {"type": "Thing"})) is root_thing


def test_default_scope_without_registry_in_tree_warms_with_one_warning(
    build: Build,
) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    other = Registry("model", scope=unique("elsewhere"))
    with (
        DefaultScope(other.scope),
        pytest.warns(ScopeFallbackWarning, match="no registry"),
    ):
        first = build(root, {"type": "Thing"})
    with DefaultScope(other.scope), warnings.catch_warnings():
        warnings.simplefilter("error")
        second = build(root, {"type": "Thing"})
    assert type(first) is type(second) is Thing


def test_warm_build_with_scope_key_uses_that_scopes_registry(build: Build) -> None:
    root, child, _ = make_tree()
    root.register_module(module=thing_class("Thing"), name="Thing")
    child_thing = child.register_module(module=thing_class("Thing"), name="Thing")
    build(root, {"type": "Thing"})
    first, second = build_twice(build, root, {"type": "Thing", "_scope_": child.scope})
    assert type(first) is type(second) is child_thing


def test_scope_key_is_the_default_scope_inside_the_constructor(build: Build) -> None:
    root, child, _ = make_tree()
    child.register_module(module=Thing)
    first, second = build_twice(build, root, {"type": "Thing", "_scope_": child.scope})
    assert first.scope.scope_name == second.scope.scope_name == child.scope


def test_scope_key_is_restored_after_the_build(build: Build) -> None:
    root, child, _ = make_tree()
    child.register_module(module=Thing)
    with DefaultScope(root.scope) as outer:
        build_twice(build, root, {"type": "Thing", "_scope_": child.scope})
        assert DefaultScope.get_current_instance() is outer
    assert DefaultScope.get_current_instance() is None


def test_scope_key_is_restored_after_a_constructor_error(build: Build) -> None:
    root, child, _ = make_tree()
    child.register_module(module=Broken)
    cfg = {"type": "Broken", "_scope_": child.scope}
    for _ in range(2):
        with pytest.raises(ValueError, match="cannot build"):
            build(root, cfg)
    assert DefaultScope.get_current_instance() is None


def test_scope_key_applies_to_nested_builds(build: Build) -> None:
    root, child, _ = make_tree()
    child_leaf = child.register_module(module=thing_class("Leaf"), name="Leaf")
    root.register_module(module=thing_class("Leaf"), name="Leaf")

    @root.register_module()
    class Outer:
        def __init__(self, inner: dict[str, Any]) -> None:
            self.inner = build(root, inner)

    cfg = {"type": "Outer", "_scope_": child.scope, "inner": {"type": "Leaf"}}
    first, second = build_twice(build, root, cfg)
    assert type(first.inner) is type(second.inner) is child_leaf


def test_scope_key_of_the_registrys_own_scope_builds_from_it(build: Build) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    _, second = build_twice(build, root, {"type": "Thing", "_scope_": root.scope})
    assert second.scope.scope_name == root.scope


def test_scope_key_without_registry_in_tree_falls_back_with_a_warning(
    build: Build,
) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    other = Registry("model", scope=unique("elsewhere"))
    cfg = {"type": "Thing", "_scope_": other.scope}
    with pytest.warns(ScopeFallbackWarning, match="no registry"):
        first = build(root, cfg)
    second = build(root, cfg)
    assert type(first) is type(second) is Thing


def test_scope_key_none_means_no_scope_change(build: Build) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    first, second = build_twice(build, root, {"type": "Thing", "_scope_": None})
    assert first.scope is second.scope is None


def test_default_scope_of_another_thread_does_not_reach_a_warm_build(
    build: Build,
) -> None:
    root, child, _ = make_tree()
    root_thing = root.register_module(module=thing_class("Thing"), name="Thing")
    child.register_module(module=thing_class("Thing"), name="Thing")
    entered, release = threading.Event(), threading.Event()

    def hold_scope() -> None:
        with DefaultScope(child.scope):
            build(root, {"type": "Thing"})
            entered.set()
            release.wait(timeout=10)

    worker = threading.Thread(target=hold_scope)
    worker.start()
    try:
        assert entered.wait(timeout=10)
        assert type(build(root, {"type": "Thing"})) is root_thing
    finally:
        release.set()
        worker.join()


# -- default_args and build_from_cfg ------------------------------------------------


def test_default_args_fill_missing_keys_on_a_warm_build() -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    cfg = {"type": "Thing", "v": 1}
    for _ in range(2):
        built = root.build(cfg, default_args={"v": 9, "w": 2})
        assert (built.v, built.extra) == (1, {"w": 2})


def test_default_args_may_supply_the_type_and_the_scope() -> None:
    root, child, _ = make_tree()
    child.register_module(module=Thing)
    defaults = {"type": "Thing", "_scope_": child.scope}
    for _ in range(2):
        built = build_from_cfg({"v": 4}, root, defaults)
        assert (built.v, built.scope.scope_name) == (4, child.scope)


def test_build_from_cfg_warm_matches_registry_build() -> None:
    root, child, _ = make_tree()
    child.register_module(module=Thing)
    with DefaultScope(child.scope):
        first = build_from_cfg({"type": "Thing", "v": 2}, root)
        second = build_from_cfg({"type": "Thing", "v": 2}, root)
    assert (type(first), second.v) == (Thing, 2)


def test_default_args_that_are_not_a_mapping_are_refused_when_warm() -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    root.build({"type": "Thing"})
    with pytest.raises(InvalidConfigError, match="default_args must be a mapping"):
        root.build({"type": "Thing"}, default_args=[])


# -- mappings other than dict -------------------------------------------------------


class FrozenConfig(Mapping[str, Any]):
    def __init__(self, **items: Any) -> None:
        self._items = items

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class ConfigDict(dict[str, Any]):
    def copy(self) -> ConfigDict:
        raise AssertionError("the build must not depend on an overridden copy()")


@pytest.mark.parametrize(
    "make",
    [OrderedDict, MappingProxyType, ConfigDict, lambda d: FrozenConfig(**d)],
    ids=["OrderedDict", "MappingProxyType", "dict-subclass", "custom-Mapping"],
)
def test_warm_build_accepts_any_mapping(make: Any, build: Build) -> None:
    root, child, _ = make_tree()
    child.register_module(module=Thing)
    for cfg in ({"type": "Thing", "v": 5}, {"type": "Thing", "_scope_": child.scope}):
        with DefaultScope(child.scope):
            first, second = build_twice(build, root, make(cfg))
        assert type(first) is type(second) is Thing
        assert first.v == second.v == cfg.get("v", 0)


# -- cache invalidation ----------------------------------------------------------


def test_warm_build_sees_a_forced_re_registration(build: Build) -> None:
    root, _, _ = make_tree()
    root.register_module(module=thing_class("Old"), name="Thing")
    build(root, {"type": "Thing"})
    new = root.register_module(module=thing_class("New"), name="Thing", force=True)
    assert type(build(root, {"type": "Thing"})) is new


def test_warm_build_sees_a_removal(build: Build) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    build(root, {"type": "Thing"})
    root.remove("Thing")
    with pytest.raises(NotRegisteredError, match="'Thing'"):
        build(root, {"type": "Thing"})


def test_warm_build_sees_a_module_dict_edit(build: Build) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    build(root, {"type": "Thing"})
    new = thing_class("Edited")
    root.module_dict["Thing"] = new
    assert type(build(root, {"type": "Thing"})) is new


def test_warm_build_sees_a_child_shadowing_an_ancestor_name(build: Build) -> None:
    root, child, grandchild = make_tree()
    root.register_module(module=Thing, name="Thing")
    build(grandchild, {"type": "Thing"})
    shadow = child.register_module(module=thing_class("Shadow"), name="Thing")
    assert type(build(grandchild, {"type": "Thing"})) is shadow


def test_warm_scope_key_build_sees_a_re_registration_in_that_scope(
    build: Build,
) -> None:
    root, child, _ = make_tree()
    child.register_module(module=thing_class("Old"), name="Thing")
    cfg = {"type": "Thing", "_scope_": child.scope}
    build(root, cfg)
    new = child.register_module(module=thing_class("New"), name="Thing", force=True)
    assert type(build(root, cfg)) is new


# -- errors are those of the general path ---------------------------------------


def test_constructor_error_keeps_type_and_gets_the_general_paths_note(
    build: Build,
) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Broken)
    cfg = {"type": "Broken", "v": 7}
    expected = general_error(cfg, root)  # also warms the cache
    with pytest.raises(ValueError, match="v=7") as info:
        build(root, cfg)
    assert info.value.__notes__ == expected.__notes__


def test_constructor_error_under_scope_key_gets_the_general_paths_note(
    build: Build,
) -> None:
    root, child, _ = make_tree()
    child.register_module(module=Broken)
    cfg = {"type": "Broken", "_scope_": child.scope}
    expected = general_error(cfg, root)  # also warms the cache
    with pytest.raises(ValueError, match="v=0") as info:
        build(root, cfg)
    assert info.value.__notes__ == expected.__notes__


@pytest.mark.parametrize("scoped", [False, True, None], ids=["plain", "scope", "None"])
def test_failing_constructor_runs_once_per_build(build: Build, scoped: Any) -> None:
    root, child, _ = make_tree()
    calls: list[int] = []

    @child.register_module()
    def fail(v: int = 0) -> None:
        calls.append(v)
        raise ValueError("fail")

    cfg: dict[str, Any] = {"type": "fail"}
    if scoped is not False:
        cfg["_scope_"] = child.scope if scoped else None
    for attempt in range(2):
        with DefaultScope(child.scope), pytest.raises(ValueError, match="fail"):
            build(root, cfg)
        assert len(calls) == attempt + 1


BAD_CONFIGS = {
    "non-str-key": lambda scope: {"type": "Thing", 1: 2},
    "non-str-key-with-scope": lambda scope: {"type": "Thing", "_scope_": scope, 1: 2},
    "missing-type": lambda scope: {"v": 1},
    "unknown-type": lambda scope: {"type": "Missing"},
    "unknown-type-with-scope": lambda scope: {"type": "Missing", "_scope_": scope},
    "unhashable-type": lambda scope: {"type": ["Thing"]},
    "non-callable-type": lambda scope: {"type": 3},
    "invalid-scope": lambda scope: {"type": "Thing", "_scope_": "not a scope"},
    "unhashable-scope": lambda scope: {"type": "Thing", "_scope_": ["unhashable"]},
    "not-a-mapping": lambda scope: ["type", "Thing"],
}


@pytest.mark.parametrize("make_cfg", BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_warm_build_raises_the_general_paths_error(build: Build, make_cfg: Any) -> None:
    root, child, _ = make_tree()
    root.register_module(module=Thing)
    child.register_module(module=Thing)
    root.build({"type": "Thing"})
    root.build({"type": "Thing", "_scope_": child.scope})
    cfg = make_cfg(child.scope)
    expected = general_error(cfg, root)
    assert_same_error(raised_by(lambda: build(root, cfg)), expected)


def test_missing_type_error_names_the_keys_present() -> None:
    root, _, _ = make_tree()
    with pytest.raises(MissingTypeError, match=r"keys present: \['v'\]"):
        root.build({"v": 1})


def test_invalid_scope_key_is_refused_on_a_warm_registry(build: Build) -> None:
    root, _, _ = make_tree()
    root.register_module(module=Thing)
    build(root, {"type": "Thing"})
    with pytest.raises(ScopeError, match="not a valid scope name"):
        build(root, {"type": "Thing", "_scope_": "a.b"})


def test_failed_warm_build_leaves_the_default_scope_unchanged(build: Build) -> None:
    root, child, _ = make_tree()
    child.register_module(module=Thing)
    build(root, {"type": "Thing", "_scope_": child.scope})
    with pytest.raises(InvalidConfigError):
        build(root, {"type": "Thing", "_scope_": child.scope, 1: 2})
    assert DefaultScope.get_current_instance() is None


# -- registration (its fast path) ------------------------------------------------


def test_registering_an_object_again_under_its_name_changes_nothing() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.register_module(module=Thing)
    registry.register_module(module=Thing)
    assert dict(registry.module_dict) == {"Thing": Thing}


def test_a_taken_name_is_refused_and_keeps_its_entry() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.register_module(module=Thing)
    with pytest.raises(
        DuplicateRegistrationError, match="'Thing' is already registered"
    ):
        registry.register_module(module=thing_class("Thing"))
    assert registry.get("Thing") is Thing


def test_several_names_register_all_or_none() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.register_module(module=Thing, name="B")
    with pytest.raises(DuplicateRegistrationError, match="'B'"):
        registry.register_module(module=Broken, name=["A", "B"])
    assert dict(registry.module_dict) == {"B": Thing}


def test_force_replaces_an_entry_and_the_cached_lookup() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.register_module(module=Thing)
    assert registry.get("Thing") is Thing
    new = registry.register_module(module=thing_class("Thing"), force=True)
    assert registry.get("Thing") is new


def test_a_name_set_to_none_by_hand_can_be_registered() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.module_dict["Thing"] = None
    registry.register_module(module=Thing)
    assert registry.get("Thing") is Thing


def test_an_object_whose_name_has_a_dot_is_refused() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    dotted = thing_class("Thing")
    dotted.__name__ = "pkg.Thing"
    with pytest.raises(
        InvalidRegistrationError, match=r"'pkg\.Thing': a name must be non-empty"
    ):
        registry.register_module(module=dotted)
    assert len(registry) == 0


def test_concurrent_registrations_of_one_name_keep_exactly_one() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    candidates = [thing_class("Thing") for _ in range(8)]
    start = threading.Barrier(len(candidates))
    outcomes: list[str] = []

    def register(candidate: type[Thing]) -> None:
        start.wait(timeout=10)
        try:
            registry.register_module(module=candidate)
        except DuplicateRegistrationError:
            outcomes.append("refused")
        else:
            outcomes.append("registered")

    workers = [threading.Thread(target=register, args=(c,)) for c in candidates]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["refused"] * 7 + ["registered"]
    assert registry.get("Thing") in candidates
