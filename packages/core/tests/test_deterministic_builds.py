"""The first build and every later identical build behave the same.

The first build of a config takes the engine's general path, later ones the
cached fast branch of ``Registry.build``: a constructor that leaves a scope
open, and warnings turned into errors, must not tell them apart.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from scopereg import DefaultScope, Registry, build_from_cfg
from scopereg.exceptions import ScopeFallbackWarning

BUILDS = 3


class LeavesScopeOpen:
    """Enters a default scope in its constructor and never leaves it."""

    def __init__(self, scope: str = "leaked") -> None:
        DefaultScope(scope).__enter__()
        self.scope = scope


class Plain:
    def __init__(self, child: Any = None) -> None:
        self.child = child


@pytest.fixture
def tree(new_scope) -> tuple[Registry[Any], Registry[Any]]:
    root: Registry[Any] = Registry("model", scope=new_scope("root"))
    child: Registry[Any] = Registry("model", parent=root, scope=new_scope("child"))
    child.register_module(module=LeavesScopeOpen)
    root.register_module(module=Plain)
    return root, child


def test_builds_with_scope_key_of_a_constructor_leaving_a_scope_open_all_return(
    tree,
):
    root, child = tree
    cfg = {"type": "LeavesScopeOpen", "_scope_": child.scope}
    built = [root.build(cfg) for _ in range(BUILDS)]
    assert [type(obj) for obj in built] == [LeavesScopeOpen] * BUILDS


def test_builds_with_scope_key_restore_the_scope_a_constructor_left_open(tree):
    root, child = tree
    cfg = {"type": "LeavesScopeOpen", "_scope_": child.scope}
    seen = []
    with DefaultScope(root.scope) as outer:
        for _ in range(BUILDS):
            root.build(cfg)
            seen.append(DefaultScope.get_current_instance())
    assert seen == [outer] * BUILDS
    assert DefaultScope.get_current_instance() is None


def test_build_from_cfg_with_scope_key_restores_the_scope_a_constructor_left_open(
    tree,
):
    root, child = tree
    cfg = {"type": "LeavesScopeOpen", "_scope_": child.scope}
    for _ in range(BUILDS):
        build_from_cfg(cfg, root)
        assert DefaultScope.get_current_instance() is None


def test_nested_scope_key_restores_the_scope_a_nested_constructor_left_open(tree):
    root, child = tree
    cfg = {
        "type": "Plain",
        "child": {"type": "LeavesScopeOpen", "_scope_": child.scope},
    }
    for _ in range(BUILDS):
        assert type(root.build(cfg, recursive=True).child) is LeavesScopeOpen
        assert DefaultScope.get_current_instance() is None


def test_fallback_warning_raises_on_every_identical_build_when_warnings_are_errors(
    tree, new_scope
):
    root, _ = tree
    outcomes = []
    with DefaultScope(new_scope("elsewhere")), warnings.catch_warnings():
        warnings.simplefilter("error", ScopeFallbackWarning)
        for _ in range(BUILDS):
            try:
                root.build({"type": "Plain"})
            except ScopeFallbackWarning:
                outcomes.append("warning raised")
            else:
                outcomes.append("built")
    assert outcomes == ["warning raised"] * BUILDS


def test_fallback_warning_is_issued_by_every_build_and_filtered_by_the_filters(
    tree, new_scope
):
    root, child = tree
    with (
        DefaultScope(new_scope("elsewhere")),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always", ScopeFallbackWarning)
        for registry in (root, child, root):
            registry.build({"type": "Plain"})
    assert [w.category for w in caught] == [ScopeFallbackWarning] * BUILDS


def test_fallback_warning_repeats_in_validation(tree, new_scope):
    root, _ = tree
    with DefaultScope(new_scope("elsewhere")):
        for _ in range(BUILDS):
            with pytest.warns(ScopeFallbackWarning, match="has no registry"):
                assert root.validate({"type": "Plain"}).ok


def test_fallback_warning_under_the_default_filter_shows_once_per_line(tree, new_scope):
    root, _ = tree
    with (
        DefaultScope(new_scope("elsewhere")),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("default", ScopeFallbackWarning)
        for _ in range(BUILDS):
            root.build({"type": "Plain"})
    assert [w.category for w in caught] == [ScopeFallbackWarning]
