"""The build fast paths on unusual inputs: mappings, stale caches, bad configs.

Each test warms the lookup cache first, so the build under test takes the
fast path (``Registry.build`` inlined, or ``build_from_cfg``'s branch); the
result or the error must be the general path's.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest

from scopereg import (
    DefaultScope,
    InvalidConfigError,
    MissingTypeError,
    NotRegisteredError,
    Registry,
    ScopeError,
    build_from_cfg,
)
from scopereg._build import _build_general

_ids = itertools.count()


def unique(prefix: str) -> str:
    """Return a scope name no other test uses (tests run in any order)."""
    return f"fpi_{prefix}_{next(_ids)}"


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
