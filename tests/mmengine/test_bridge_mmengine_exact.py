"""What mmengine users observe stays mmengine's, through mmengine's own names.

Written from mmengine's documented behaviour: the exception a bad argument
raises (and the first words of its message, which tests written against
mmengine match on), ``ManagerMixin`` classes built through ``get_instance``,
``Config`` objects as configs, any scope string, ``DefaultScope``'s instance
store, and ``Registry.children`` as a mutable dict.
"""

from __future__ import annotations

import pytest

pytest.importorskip("torch", reason="nox -s mmengine installs torch")
pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

import uuid

from mmengine.config import Config, ConfigDict
from mmengine.registry import (
    VISUALIZERS,
    DefaultScope,
    Registry,
    build_from_cfg,
)
from mmengine.utils import ManagerMixin
from mmengine.visualization import Visualizer

from scopereg import testing


@pytest.fixture
def toys(registry_sandbox):
    """A parentless registry of a scope of its own, holding class Toy."""
    registry = Registry("toy", scope=f"exact_{uuid.uuid4().hex[:8]}")

    @registry.register_module()
    class Toy:
        def __init__(self, size=1):
            self.size = size

    return registry


@pytest.fixture
def clean_scopes():
    """Leave DefaultScope's instances as they were before the test."""
    with testing.snapshot():
        yield


# --- ManagerMixin classes and Config objects --------------------------------------


def test_a_visualizer_built_from_its_registry_is_the_current_instance(clean_scopes):
    name = f"vis-{uuid.uuid4().hex[:8]}"
    built = VISUALIZERS.build(dict(type="Visualizer", name=name))
    assert Visualizer.get_current_instance() is built
    assert Visualizer.get_instance(name) is built


def test_a_manager_mixin_subclass_is_created_through_get_instance(toys):
    @toys.register_module()
    class Tracker(ManagerMixin):
        def __init__(self, name, rate=1):
            super().__init__(name)
            self.rate = rate

    built = toys.build(dict(type="Tracker", name="t1", rate=3))
    assert Tracker.get_instance("t1") is built


def test_an_mmengine_config_object_builds(toys):
    assert toys.build(Config(dict(type="Toy", size=4))).size == 4


def test_a_config_dict_builds_through_build_from_cfg(toys):
    assert build_from_cfg(ConfigDict(type="Toy", size=5), toys).size == 5


# --- scope strings and DefaultScope's instance store -------------------------------


def test_a_scope_with_a_dash_is_accepted(registry_sandbox):
    assert Registry("thing", scope="my-pkg").scope == "my-pkg"


def test_get_instance_with_an_unknown_scope_name_is_accepted(clean_scopes):
    scope = DefaultScope.get_instance(
        f"exact-{uuid.uuid4().hex[:8]}", scope_name="scope-not-found"
    )
    assert scope.scope_name == "scope-not-found"


def test_get_instance_without_scope_name_is_a_type_error(clean_scopes):
    with pytest.raises(TypeError):
        DefaultScope.get_instance(f"exact-{uuid.uuid4().hex[:8]}")


def test_clearing_the_instance_dict_leaves_no_current_default_scope(clean_scopes):
    DefaultScope.get_instance(f"exact-{uuid.uuid4().hex[:8]}", scope_name="mmengine")
    DefaultScope._instance_dict.clear()
    assert DefaultScope.get_current_instance() is None


def test_popping_a_child_removes_its_scope_from_the_tree(registry_sandbox):
    root = Registry("thing", scope="exact_root")
    child = Registry("thing", parent=root, scope="exact_child")
    child.register_module(name="Part", module=dict)
    assert root.children.pop("exact_child") is child
    assert root.get("exact_child.Part") is None


# --- the exceptions (and first words) of bad arguments -----------------------------


def test_a_parent_that_is_no_registry_raises_an_assertion_error():
    with pytest.raises(AssertionError):
        Registry("thing", parent="cat")


def test_a_scope_that_is_no_string_raises_an_assertion_error():
    with pytest.raises(AssertionError):
        Registry("thing", scope=1)


def test_a_force_that_is_no_bool_names_mmengines_words(toys):
    with pytest.raises(
        TypeError, match="force must be a boolean, but got <class 'int'>"
    ):
        toys.register_module(force=1)


def test_a_duplicate_name_names_mmengines_words(toys):
    with pytest.raises(KeyError, match="Toy is already registered in toy at"):
        toys.register_module(name="Toy", module=dict)


def test_an_unregistered_type_names_mmengines_words(toys):
    with pytest.raises(KeyError, match=f"VGG is not in the {toys.scope}::toy registry"):
        toys.build(dict(type="VGG"))


def test_a_string_config_names_mmengines_words(toys):
    with pytest.raises(TypeError, match="cfg should be a dict, ConfigDict or Config"):
        build_from_cfg("Toy", toys)


def test_a_config_without_type_names_mmengines_words(toys):
    with pytest.raises(KeyError, match='must contain the key "type"'):
        build_from_cfg(dict(size=2), toys)


def test_a_type_that_is_neither_str_nor_class_names_mmengines_words(toys):
    with pytest.raises(TypeError, match="type must be a str or valid type"):
        build_from_cfg(dict(type=1000), toys)
