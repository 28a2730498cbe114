"""Error messages, and the promise that a failure changes nothing."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from scopereg import DefaultScope, Registry, build_from_cfg
from scopereg.exceptions import (
    InvalidConfigError,
    LocationImportError,
    MissingTypeError,
    NotRegisteredError,
    RegistryError,
    ScopeError,
)


@dataclass
class World:
    """root -> det -> det3d, plus a sibling ``broken`` with a missing location."""

    root: Registry
    det: Registry
    det3d: Registry
    broken: Registry


class RetinaHead:
    def __init__(self, num_classes=80):
        self.num_classes = num_classes


def _fail(**kwargs):
    raise ValueError("constructor failed")


@pytest.fixture
def world(new_scope) -> World:
    root = Registry("model", scope=new_scope("core"))
    det = Registry("model", parent=root, scope=new_scope("det"))
    det3d = Registry("model", parent=root, scope=new_scope("det3d"))
    broken = Registry(
        "model",
        parent=root,
        scope=new_scope("broken"),
        locations=[f"{new_scope('nowhere')}.models"],
    )
    root.register_module(name="Base", module=lambda: "base")
    det.register_module(module=RetinaHead)
    det3d.register_module(name="VoxelNet", module=lambda: "voxel")
    det3d.register_module(name="Failing", module=_fail)
    root.register_module(name="Outer", module=lambda inner: det3d.build(inner))
    return World(root, det, det3d, broken)


# -- messages ------------------------------------------------------------------------------


def test_cfg_that_is_not_a_mapping_is_a_type_error_naming_its_type(world):
    with pytest.raises(
        TypeError, match=r"cfg should be a dict, .*, but got <class 'list'>"
    ):
        world.det.build(["RetinaHead"])


def test_cfg_that_is_a_string_is_a_type_error_naming_its_type(world):
    with pytest.raises(InvalidConfigError, match="but got <class 'str'>: 'RetinaHead'"):
        build_from_cfg("RetinaHead", world.det)


def test_cfg_without_type_is_a_key_error_listing_the_keys_present(world):
    with pytest.raises(
        KeyError, match=r"neither does \(keys present: \['depth', 'stages'\]\)"
    ):
        world.det.build(dict(depth=50, stages=4))


def test_missing_type_error_carries_the_keys_present(world):
    with pytest.raises(MissingTypeError) as info:
        world.det.build(dict(depth=50))
    assert info.value.keys == ("depth",)


def test_missing_type_message_is_not_a_quoted_repr(world):
    with pytest.raises(KeyError) as info:
        world.det.build({})
    assert str(info.value).startswith(
        '`cfg` or `default_args` must contain the key "type"'
    )


def test_unknown_type_is_a_key_error(world):
    with pytest.raises(KeyError):
        world.det3d.build(dict(type="RetinaHed"))


def test_unknown_type_message_names_the_key_and_the_registry(world):
    with pytest.raises(NotRegisteredError) as info:
        world.det3d.build(dict(type="RetinaHed"))
    assert str(info.value).startswith(
        f"RetinaHed is not in the {world.det3d.scope}::model registry. "
    )


def test_unknown_type_message_is_not_a_quoted_repr(world):
    with pytest.raises(NotRegisteredError) as info:
        world.det3d.build(dict(type="RetinaHed"))
    text = str(info.value)
    assert not text.startswith('"')
    assert "\\n" not in text
    assert text.count("\n") >= 2


def test_unknown_type_suggests_a_close_name_from_a_sibling_scope(world):
    with pytest.raises(
        NotRegisteredError, match=f"did you mean '{world.det.scope}.RetinaHead'\\?"
    ):
        world.det3d.build(dict(type="RetinaHed"))


def test_unknown_type_suggests_the_exact_name_registered_in_a_sibling_scope(world):
    with pytest.raises(NotRegisteredError) as info:
        world.det3d.build(dict(type="RetinaHead"))
    assert info.value.suggestions[0] == f"{world.det.scope}.RetinaHead"


def test_unknown_type_suggests_reachable_names_without_a_prefix(world):
    with pytest.raises(NotRegisteredError) as info:
        world.det3d.build(dict(type="VoxelNt"))
    assert info.value.suggestions[0] == "VoxelNet"


def test_unknown_type_message_says_how_to_register(world):
    with pytest.raises(
        NotRegisteredError, match=r"register it with @<REGISTRY>\.register_module\(\)"
    ):
        world.det3d.build(dict(type="Nothing"))


def test_unknown_type_message_shows_the_registries_searched(world):
    with pytest.raises(NotRegisteredError) as info:
        world.det3d.build(dict(type="Nothing"))
    searched = f"searched: {world.det3d.scope}::model -> {world.root.scope}::model"
    assert searched in str(info.value)


def test_unknown_type_error_carries_key_registry_and_suggestions(world):
    with pytest.raises(NotRegisteredError) as info:
        world.det3d.build(dict(type="RetinaHed"))
    assert (info.value.key, info.value.registry) == (
        "RetinaHed",
        f"{world.det3d.scope}::model",
    )
    assert f"{world.det.scope}.RetinaHead" in info.value.suggestions


def test_unknown_type_under_a_default_scope_names_the_redirect(world):
    with DefaultScope(world.det3d.scope), pytest.raises(NotRegisteredError) as info:
        world.root.build(dict(type="Nothing"))
    assert f"is not in the {world.det3d.scope}::model registry" in str(info.value)
    assert (
        f"the default scope {world.det3d.scope!r} redirected this build from "
        f"{world.root.scope}::model"
    ) in str(info.value)


def test_unknown_scope_in_a_key_is_named_in_the_message(world, new_scope):
    scope = new_scope("ghost")
    with pytest.raises(
        NotRegisteredError, match=f"no registry of scope '{scope}' in this tree"
    ):
        world.root.build(dict(type=f"{scope}.Thing"))


def test_unknown_type_error_is_a_registry_error(world):
    with pytest.raises(RegistryError):
        world.root.build(dict(type="Nothing"))


def test_second_registry_of_a_scope_in_a_tree_is_a_scope_error(world):
    with pytest.raises(
        ScopeError, match=f"scope {world.det.scope} exists in model registry"
    ):
        Registry("model", parent=world.det3d, scope=world.det.scope)


def test_scope_error_names_both_places_of_definition(new_scope):
    scope = new_scope()
    root = Registry("model", scope=new_scope("root"))
    first = Registry("model", parent=root, scope=scope)
    first_line = sys._getframe().f_lineno - 1
    with pytest.raises(ScopeError) as info:
        Registry("model", parent=root, scope=scope)
    second_line = sys._getframe().f_lineno - 1
    assert first.scope == scope
    assert f"existing: {scope}::model defined at {__file__}:{first_line}" in str(
        info.value
    )
    assert f"new: {scope}::model defined at {__file__}:{second_line}" in str(info.value)


def test_a_child_reusing_the_root_scope_is_a_scope_error(world):
    with pytest.raises(ScopeError, match="a scope appears once per tree"):
        Registry("model", parent=world.det, scope=world.root.scope)


@pytest.mark.parametrize("scope", ["a.b", "", "pkg.", 7])
def test_invalid_registry_scope_is_a_scope_error(scope):
    with pytest.raises(ScopeError):
        Registry("model", scope=scope)


@pytest.mark.parametrize("name", ["", None, 7])
def test_invalid_registry_name_is_a_type_error(name, new_scope):
    with pytest.raises(TypeError, match="Registry name must be a non-empty str"):
        Registry(name, scope=new_scope())


def test_parent_that_is_not_a_registry_is_a_type_error(new_scope):
    with pytest.raises(TypeError, match="parent should be a Registry or None"):
        Registry("model", parent="MODELS", scope=new_scope())


# -- a failure changes nothing ------------------------------------------------------------


def _register_non_callable(w):
    w.det.register_module(module="RetinaHead")


def _register_bad_name(w):
    w.det.register_module(name=3, module=lambda: 1)


def _register_bad_force(w):
    w.det.register_module(force="yes", module=lambda: 1)


def _register_duplicate(w):
    w.det.register_module(name="RetinaHead", module=lambda: 1)


def _register_dotted_name(w):
    w.det.register_module(name="x.Head", module=lambda: 1)


def _register_new_and_taken(w):
    w.det.register_module(name=["NewHead", "RetinaHead"], module=lambda: 1)


def _register_repeated_name(w):
    w.det.register_module(name=["NewHead", "NewHead"], module=lambda: 1)


def _private_register_duplicate(w):
    w.det._register_module(lambda: 1, ["NewHead", "RetinaHead"], False)


def _second_registry_of_a_scope(w):
    Registry("model", parent=w.det3d, scope=w.det.scope)


def _registry_with_invalid_scope(w):
    Registry("model", parent=w.det, scope="a.b")


def _remove_missing(w):
    w.det.remove("Missing")


def _get_with_non_str_key(w):
    w.det.get(42)


def _build_non_mapping(w):
    w.det.build(["RetinaHead"])


def _build_without_type(w):
    w.det.build(dict(num_classes=3))


def _build_unknown_type(w):
    w.det3d.build(dict(type="RetinaHed"))


def _build_unknown_type_with_scope_key(w):
    w.root.build(dict(type="Nothing", _scope_=w.det3d.scope))


def _build_unknown_type_in_a_default_scope(w):
    with DefaultScope(w.det.scope):
        w.root.build(dict(type="Nothing"))


def _build_invalid_scope_key(w):
    w.root.build(dict(type="Base", _scope_="not.valid"))


def _build_failing_constructor(w):
    w.det3d.build(dict(type="Failing", x=1))


def _build_failing_constructor_after_cached_lookup(w):
    w.det3d.get("Failing")
    w.det3d.build(dict(type="Failing"))


def _build_failing_nested(w):
    w.root.build(dict(type="Outer", inner=dict(type="Failing")))


def _build_bad_default_args(w):
    w.det.build(dict(type="RetinaHead"), default_args=[1])


def _get_through_broken_location(w):
    w.broken.get("Base")


def _build_broken_location_by_scope(w):
    w.root.build(dict(type=f"{w.broken.scope}.Base"))


FAILURES = [
    (_register_non_callable, TypeError),
    (_register_bad_name, TypeError),
    (_register_bad_force, TypeError),
    (_register_duplicate, KeyError),
    (_register_dotted_name, TypeError),
    (_register_new_and_taken, KeyError),
    (_register_repeated_name, TypeError),
    (_private_register_duplicate, KeyError),
    (_second_registry_of_a_scope, ScopeError),
    (_registry_with_invalid_scope, ScopeError),
    (_remove_missing, KeyError),
    (_get_with_non_str_key, TypeError),
    (_build_non_mapping, TypeError),
    (_build_without_type, KeyError),
    (_build_unknown_type, NotRegisteredError),
    (_build_unknown_type_with_scope_key, NotRegisteredError),
    (_build_unknown_type_in_a_default_scope, NotRegisteredError),
    (_build_invalid_scope_key, ScopeError),
    (_build_failing_constructor, ValueError),
    (_build_failing_constructor_after_cached_lookup, ValueError),
    (_build_failing_nested, ValueError),
    (_build_bad_default_args, TypeError),
    (_get_through_broken_location, LocationImportError),
    (_build_broken_location_by_scope, LocationImportError),
]


@pytest.mark.parametrize(
    ("fail", "error"), FAILURES, ids=[fail.__name__.strip("_") for fail, _ in FAILURES]
)
def test_a_failure_leaves_every_registry_and_the_default_scope_unchanged(
    world, snapshot, fail, error
):
    world.det3d.get("VoxelNet")  # a warm cache must survive the failure too
    before = snapshot(world.root)
    with pytest.raises(error):
        fail(world)
    assert snapshot(world.root) == before
    assert world.det3d.get("VoxelNet")() == "voxel"


@pytest.mark.parametrize(
    ("fail", "error"), FAILURES, ids=[fail.__name__.strip("_") for fail, _ in FAILURES]
)
def test_a_failure_inside_a_default_scope_block_keeps_that_scope(
    world, snapshot, fail, error
):
    with DefaultScope(world.det3d.scope):
        before = snapshot(world.root)
        with pytest.raises(error):
            fail(world)
        assert snapshot(world.root) == before


def test_the_snapshot_sees_a_registration(world, snapshot):
    before = snapshot(world.root)
    world.det3d.register_module(name="NewHead", module=lambda: 1)
    assert snapshot(world.root) != before


def test_the_snapshot_sees_a_new_registry(world, snapshot, new_scope):
    before = snapshot(world.root)
    Registry("model", parent=world.det3d, scope=new_scope("leaf"))
    assert snapshot(world.root) != before


def test_the_snapshot_sees_a_default_scope(world, snapshot):
    before = snapshot(world.root)
    with DefaultScope(world.det.scope):
        assert snapshot(world.root) != before
