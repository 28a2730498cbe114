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
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from scopereg import (
    DefaultScope,
    InvalidConfigError,
    Registry,
    ScopeFallbackWarning,
    build_from_cfg,
)

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
