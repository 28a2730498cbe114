"""``Registry.children`` is a live dict, as mmengine's; popping a child detaches it.

mmengine's code and tests free a scope with ``PARENT.children.pop(scope)``
and then create a registry of that scope again.
"""

from __future__ import annotations

import warnings

import pytest

from scopereg import Registry, testing
from scopereg.exceptions import ScopeError, ScopeFallbackWarning


class Thing:
    pass


class Other:
    pass


@pytest.fixture
def family(new_scope):
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    grandchild = Registry("model", parent=child, scope=new_scope("grand"))
    child.register_module(module=Thing)
    grandchild.register_module(module=Other)
    return root, child, grandchild


def test_children_is_a_dict_of_the_direct_children(family):
    root, child, _ = family
    assert isinstance(root.children, dict)
    assert root.children == {child.scope: child}


def test_popping_a_child_returns_it(family):
    root, child, _ = family
    assert root.children.pop(child.scope) is child
    assert root.children == {}


def test_a_popped_child_is_no_longer_reached_by_scope(family):
    root, child, _ = family
    root.children.pop(child.scope)
    assert root.get(f"{child.scope}.Thing") is None


def test_a_popped_childs_descendants_are_no_longer_reached_by_scope(family):
    root, child, grandchild = family
    root.children.pop(child.scope)
    assert root.get(f"{grandchild.scope}.Other") is None


def test_a_popped_child_scope_as_config_scope_falls_back(family):
    root, child, _ = family
    root.register_module(module=Other)
    root.children.pop(child.scope)
    with pytest.warns(ScopeFallbackWarning, match=child.scope):
        built = root.build({"type": "Other", "_scope_": child.scope})
    assert isinstance(built, Other)


def test_a_popped_child_scope_can_be_taken_by_a_new_registry(family):
    root, child, _ = family
    root.children.pop(child.scope)
    again = Registry("model", parent=root, scope=child.scope)
    assert root.children[child.scope] is again
    assert root.get(f"{child.scope}.Thing") is None


def test_a_popped_child_still_falls_back_to_its_parent(family):
    root, child, _ = family
    root.register_module(module=Other)
    root.children.pop(child.scope)
    assert child.get("Other") is Other


def test_deleting_a_child_detaches_it(family):
    root, child, _ = family
    del root.children[child.scope]
    assert root.get(f"{child.scope}.Thing") is None


def test_clearing_children_detaches_them_all(family):
    root, child, grandchild = family
    root.children.clear()
    assert root.get(f"{child.scope}.Thing") is None
    assert root.get(f"{grandchild.scope}.Other") is None


def test_a_popped_child_put_back_is_reached_again(family):
    root, child, grandchild = family
    popped = root.children.pop(child.scope)
    root.children[child.scope] = popped
    assert root.get(f"{grandchild.scope}.Other") is Other


def test_add_child_puts_a_popped_child_back(family):
    root, child, _ = family
    root.children.pop(child.scope)
    root._add_child(child)
    assert root.get(f"{child.scope}.Thing") is Thing


def test_a_popped_child_cannot_come_back_once_its_scope_is_taken(family):
    root, child, _ = family
    root.children.pop(child.scope)
    again = Registry("model", parent=root, scope=child.scope)
    with pytest.raises(ScopeError, match="now belongs to"):
        root.children[child.scope] = child
    assert root.children[child.scope] is again


def test_a_registry_from_elsewhere_cannot_be_made_a_child(family, new_scope):
    root, _, _ = family
    stranger = Registry("model", scope=new_scope("stranger"))
    with pytest.raises(ScopeError, match="can only take back a registry created"):
        root.children[stranger.scope] = stranger
    assert stranger.scope not in root.children


def test_a_snapshot_puts_back_a_child_popped_inside_it(family):
    root, child, grandchild = family
    with testing.snapshot():
        root.children.pop(child.scope)
        assert root.get(f"{grandchild.scope}.Other") is None
    assert root.children[child.scope] is child
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert root.get(f"{grandchild.scope}.Other") is Other
