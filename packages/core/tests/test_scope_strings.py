"""Scope names are any string mmengine accepts, except what makes 'scope.Name' ambiguous.

mmengine takes any ``str`` as a scope (``'my-pkg'``, ``'scope-not-found'``);
scopereg refuses only a scope holding a ``.`` (which splits keys) and the empty
string, with an error that says why.
"""

from __future__ import annotations

import uuid
import warnings

import pytest

from scopereg import DefaultScope, Registry, init_default_scope
from scopereg.exceptions import ScopeError, ScopeFallbackWarning


def _odd_scope(stem: str = "my-pkg") -> str:
    """Return a unique scope that is no Python identifier."""
    return f"{stem}-{uuid.uuid4().hex[:8]}"


class Thing:
    def __init__(self, value: int = 0) -> None:
        self.value = value


def test_a_registry_scope_may_be_a_dashed_name():
    scope = _odd_scope()
    registry = Registry("model", scope=scope)
    assert registry.scope == scope


def test_a_scoped_key_reaches_a_dashed_scope_child():
    root = Registry("model", scope=_odd_scope("root"))
    child_scope = _odd_scope("child")
    child = Registry("model", parent=root, scope=child_scope)
    child.register_module(module=Thing)
    assert root.get(f"{child_scope}.Thing") is Thing


def test_a_config_scope_may_be_a_dashed_name():
    root = Registry("model", scope=_odd_scope("root"))
    child_scope = _odd_scope("child")
    child = Registry("model", parent=root, scope=child_scope)
    child.register_module(module=Thing)
    built = root.build({"type": "Thing", "_scope_": child_scope, "value": 3})
    assert isinstance(built, Thing)
    assert built.value == 3


def test_a_default_scope_may_be_a_dashed_name():
    scope = _odd_scope()
    with DefaultScope("runner", scope_name=scope):
        assert DefaultScope.get_current_instance().scope_name == scope


def test_a_dashed_default_scope_with_no_registry_falls_back_with_a_warning():
    registry = Registry("model", scope=_odd_scope("root"))
    registry.register_module(module=Thing)
    missing = _odd_scope("scope-not-found")
    with (
        DefaultScope("runner", scope_name=missing),
        pytest.warns(ScopeFallbackWarning, match=missing),
    ):
        assert isinstance(registry.build({"type": "Thing"}), Thing)


def test_switch_scope_and_registry_takes_a_dashed_scope():
    root = Registry("model", scope=_odd_scope("root"))
    other = _odd_scope("other-pkg")
    child = Registry("model", parent=root, scope=other)
    with root.switch_scope_and_registry(other) as found:
        assert found is child


def test_init_default_scope_takes_a_dashed_name():
    scope = _odd_scope()
    init_default_scope(scope)
    assert DefaultScope.get_current_instance().scope_name == scope


def test_a_dashed_scope_is_never_imported_as_a_module():
    registry = Registry("model", scope=_odd_scope("root"))
    registry.register_module(module=Thing)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScopeFallbackWarning)
        built = registry.build({"type": "Thing", "_scope_": "__import__('os')"})
    assert isinstance(built, Thing)


@pytest.mark.parametrize("scope", ["a.b", "", ".", "pkg."])
def test_a_registry_scope_with_a_dot_or_empty_is_refused(scope):
    with pytest.raises(ScopeError, match="cannot be a scope"):
        Registry("model", scope=scope)


@pytest.mark.parametrize("scope", ["a.b", ""])
def test_a_default_scope_with_a_dot_or_empty_is_refused(scope):
    with pytest.raises(ScopeError, match="cannot be a scope"):
        DefaultScope("runner", scope_name=scope)


def test_a_config_scope_with_a_dot_says_the_dot_separates_scope_and_name():
    registry = Registry("model", scope=_odd_scope("root"))
    registry.register_module(module=Thing)
    with pytest.raises(ScopeError, match=r"'\.' separates a scope from a name"):
        registry.build({"type": "Thing", "_scope_": "os.system"})


def test_a_refused_scope_leaves_the_default_scope_unchanged():
    with pytest.raises(ScopeError):
        init_default_scope("a.b")
    assert DefaultScope.get_current_instance() is None
