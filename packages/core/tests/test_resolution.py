"""Resolving keys with ``Registry.get``: bare names, scoped names, the cache."""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scopereg import Registry
from scopereg.exceptions import NotRegisteredError


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


def _register(reg: Registry, name: str) -> type:
    """Register and return a fresh class called ``name`` in ``reg``."""
    cls = type(name, (), {"home": reg.scope})
    reg.register_module(name=name, module=cls)
    return cls


# -- bare names --------------------------------------------------------------


def test_bare_name_resolves_in_its_own_registry(tree):
    x = _register(tree.c, "X")
    assert tree.c.get("X") is x


def test_bare_name_falls_back_to_the_parent(tree):
    base = _register(tree.b, "Base")
    assert tree.c.get("Base") is base


def test_bare_name_falls_back_to_the_root_from_a_grandchild(tree):
    base = _register(tree.a, "Base")
    assert tree.c.get("Base") is base


def test_bare_name_resolves_in_the_nearest_ancestor_first(tree):
    _register(tree.a, "Base")
    nearer = _register(tree.b, "Base")
    assert tree.c.get("Base") is nearer


def test_own_entry_shadows_an_ancestor_entry_of_the_same_name(tree):
    _register(tree.a, "Base")
    own = _register(tree.c, "Base")
    assert tree.c.get("Base") is own


def test_bare_name_is_not_searched_in_children(tree):
    _register(tree.c, "X")
    assert tree.a.get("X") is None


def test_bare_name_is_not_searched_in_siblings(tree):
    _register(tree.d, "X")
    assert tree.b.get("X") is None


# -- scoped names --------------------------------------------------------------


def test_full_scoped_path_resolves_in_grandchild_scope_from_the_root(tree):
    x = _register(tree.c, "X")
    assert tree.a.get(f"{tree.b.scope}.{tree.c.scope}.X") is x


def test_scoped_name_resolves_in_grandchild_scope_from_the_root(tree):
    x = _register(tree.c, "X")
    assert tree.a.get(f"{tree.c.scope}.X") is x


def test_scoped_name_resolves_in_a_cousin_scope(tree):
    x = _register(tree.c, "X")
    assert tree.d.get(f"{tree.c.scope}.X") is x


def test_scoped_name_resolves_in_a_sibling_scope(tree):
    y = _register(tree.d, "Y")
    assert tree.b.get(f"{tree.d.scope}.Y") is y


def test_root_scope_prefix_resolves_in_the_root_from_a_grandchild(tree):
    _register(tree.c, "Base")
    root_base = _register(tree.a, "Base")
    assert tree.c.get(f"{tree.a.scope}.Base") is root_base


def test_path_starting_at_the_root_scope_resolves_from_a_grandchild(tree):
    x = _register(tree.c, "X")
    key = f"{tree.a.scope}.{tree.b.scope}.{tree.c.scope}.X"
    assert tree.c.get(key) is x


def test_own_scope_prefix_means_this_registry(tree):
    _register(tree.a, "X")
    own = _register(tree.c, "X")
    assert tree.c.get(f"{tree.c.scope}.X") is own


def test_own_scope_prefix_falls_back_to_ancestors(tree):
    # Deliberate difference from mmengine, where 'own.Name' searches only the
    # registry itself: scopereg treats 'own.Name' exactly like 'Name'.
    base = _register(tree.a, "Base")
    assert tree.c.get(f"{tree.c.scope}.Base") is base


def test_scoped_hop_falls_back_to_the_ancestors_of_the_target(tree):
    base = _register(tree.b, "Base")
    assert tree.a.get(f"{tree.c.scope}.Base") is base


def test_scoped_hop_from_a_sibling_falls_back_to_the_shared_root(tree):
    base = _register(tree.a, "Base")
    assert tree.d.get(f"{tree.c.scope}.Base") is base


def test_scoped_hop_does_not_search_the_children_of_the_target(tree):
    _register(tree.c, "X")
    assert tree.a.get(f"{tree.b.scope}.X") is None


def test_scoped_name_of_a_scope_outside_the_tree_is_none(tree, new_scope):
    other = Registry("model", scope=new_scope("other"))
    _register(other, "X")
    assert tree.a.get(f"{other.scope}.X") is None


def test_the_same_scope_can_have_a_registry_in_each_of_two_trees(new_scope):
    scope = new_scope()
    models = Registry("model", scope=scope)
    datasets = Registry("dataset", scope=scope)
    net = _register(models, "Thing")
    data = _register(datasets, "Thing")
    assert (models.get("Thing"), datasets.get("Thing")) == (net, data)


# -- misses and odd keys -----------------------------------------------------------


def test_get_returns_none_for_an_unregistered_name(tree):
    assert tree.c.get("Missing") is None


@pytest.mark.parametrize("key", ["", ".", ".X", "X.", "a..X"])
def test_get_returns_none_for_malformed_keys(tree, key):
    _register(tree.a, "X")
    assert tree.a.get(key) is None


@pytest.mark.parametrize("key", [1, None, ("X",), b"X"])
def test_get_with_a_non_str_key_is_a_type_error(tree, key):
    with pytest.raises(TypeError, match="must be a str"):
        tree.a.get(key)


@pytest.mark.parametrize(
    "key",
    ["os.system", "json", "subprocess.run", "collections.OrderedDict", "builtins.eval"],
)
def test_get_never_imports_or_returns_a_dotted_path(tree, key):
    assert tree.a.get(key) is None


@pytest.mark.parametrize("key", ["os.system", "subprocess.run", "builtins.eval"])
def test_build_of_a_dotted_path_raises_not_registered(tree, key):
    with pytest.raises(NotRegisteredError, match=f"{key} is not in the "):
        tree.a.build(dict(type=key, args="true"))


def test_a_module_name_is_not_in_a_registry(tree):
    assert "json" not in tree.a


def test_a_stdlib_package_named_as_scope_is_not_imported(tree):
    # 'xmlrpc' is a package without a 'registry' submodule: looking it up as a
    # scope must not run its __init__.
    before = "xmlrpc" in sys.modules
    assert tree.a.get("xmlrpc.client.ServerProxy") is None
    assert ("xmlrpc" in sys.modules) == before


# -- the cache ---------------------------------------------------------------------


def test_repeated_lookups_return_the_same_object(tree):
    x = _register(tree.c, "X")
    assert tree.a.get(f"{tree.c.scope}.X") is tree.a.get(f"{tree.c.scope}.X") is x


def test_registration_after_a_cached_lookup_changes_the_answer(tree):
    root_base = _register(tree.a, "Base")
    assert tree.c.get("Base") is root_base
    own = _register(tree.c, "Base")
    assert tree.c.get("Base") is own


def test_registration_in_an_ancestor_invalidates_a_cached_scoped_lookup(tree):
    root_base = _register(tree.a, "Base")
    key = f"{tree.c.scope}.Base"
    assert tree.d.get(key) is root_base
    nearer = _register(tree.b, "Base")
    assert tree.d.get(key) is nearer


def test_a_new_registry_in_the_tree_makes_its_scope_resolvable(tree, new_scope):
    scope = new_scope("late")
    assert tree.a.get(f"{scope}.X") is None
    late = Registry("model", parent=tree.d, scope=scope)
    x = _register(late, "X")
    assert tree.a.get(f"{scope}.X") is x


# -- properties --------------------------------------------------------------------

_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,20}", fullmatch=True)


@settings(max_examples=50, database=None, deadline=None)
@given(name=_names)
def test_any_valid_name_registered_in_a_grandchild_resolves_by_scope(name):
    tag = uuid.uuid4().hex[:12]
    a = Registry("model", scope=f"a_{tag}")
    b = Registry("model", parent=a, scope=f"b_{tag}")
    c = Registry("model", parent=b, scope=f"c_{tag}")
    obj = _register(c, name)
    assert a.get(f"{c.scope}.{name}") is obj
    assert a.get(f"{b.scope}.{c.scope}.{name}") is obj
    assert c.get(name) is c.get(f"{c.scope}.{name}") is obj
