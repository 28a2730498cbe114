"""Pickling registries (by reference), default scopes and errors (by value)."""

from __future__ import annotations

import copy
import gc
import pickle

import pytest

import scopereg
from scopereg import DefaultScope, Registry
from scopereg.exceptions import (
    ConfigError,
    DuplicateRegistrationError,
    InvalidConfigError,
    InvalidRegistrationError,
    LocationImportError,
    MissingTypeError,
    NotRegisteredError,
    RegistryError,
    ScopeError,
)


def _roundtrip(obj):
    return pickle.loads(pickle.dumps(obj))


def test_a_root_registry_unpickles_as_the_same_object(new_scope):
    reg = Registry("model", scope=new_scope())
    assert _roundtrip(reg) is reg


def test_a_grandchild_registry_unpickles_as_the_same_object(new_scope):
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    grandchild = Registry("model", parent=child, scope=new_scope("grandchild"))
    assert _roundtrip(grandchild) is grandchild


def test_registries_inside_a_structure_unpickle_as_the_same_objects(new_scope):
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    restored = _roundtrip({"registries": [root, child], "cfg": dict(type="X")})
    assert restored["registries"][0] is root
    assert restored["registries"][1] is child


def test_of_two_trees_with_the_same_lineage_the_pickled_one_comes_back(new_scope):
    scope = new_scope()
    first = Registry("model", scope=scope)
    second = Registry("model", scope=scope)
    assert (_roundtrip(first), _roundtrip(second)) == (first, second)


def test_a_root_registry_of_scopereg_unpickles_as_the_same_object():
    assert _roundtrip(scopereg.MODELS) is scopereg.MODELS


def test_a_registry_that_no_longer_exists_cannot_be_unpickled(new_scope):
    data = pickle.dumps(Registry("model", scope=new_scope("gone")))
    gc.collect()
    with pytest.raises(ScopeError, match="cannot unpickle registry"):
        pickle.loads(data)


def test_a_default_scope_pickles_by_value(new_scope):
    scope = DefaultScope("runner", scope_name=new_scope())
    restored = _roundtrip(scope)
    assert (restored.instance_name, restored.scope_name) == ("runner", scope.scope_name)


ERRORS = [
    NotRegisteredError(
        "'X' is not registered in s::model\n  did you mean 'Y'?",
        key="X",
        registry="s::model",
        suggestions=["Y"],
        config_path="model.backbone",
    ),
    DuplicateRegistrationError(
        "'X' is already registered",
        key="X",
        registry="s::model",
        existing="a.py:1",
        incoming="b.py:2",
    ),
    InvalidRegistrationError("module must be Callable"),
    ScopeError("scope 's' already has a registry", scope="s"),
    ConfigError("bad config", config_path="model"),
    InvalidConfigError("cfg must be a mapping", config_path="model.neck"),
    MissingTypeError("no 'type' key", keys=["depth"], config_path="model"),
    LocationImportError("could not import", registry="s::model", location="s.models"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: type(error).__name__)
def test_every_error_survives_pickling_with_its_type_message_and_attributes(error):
    restored = _roundtrip(error)
    assert type(restored) is type(error)
    assert str(restored) == str(error)
    assert vars(restored) == vars(error)


def test_a_pickled_error_keeps_its_notes():
    error = NotRegisteredError("missing", key="X", registry="s::model")
    error.add_note("while building 'Outer'")
    assert _roundtrip(error).__notes__ == ["while building 'Outer'"]


def test_a_raised_not_registered_error_survives_pickling(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name="ResNet", module=dict)
    with pytest.raises(NotRegisteredError) as info:
        reg.build(dict(type="ResNt"))
    restored = _roundtrip(info.value)
    assert (restored.key, restored.suggestions, str(restored)) == (
        "ResNt",
        ("ResNet",),
        str(info.value),
    )
    assert isinstance(restored, KeyError)
    assert isinstance(restored, RegistryError)


def test_deepcopy_of_a_config_holding_a_registry_keeps_the_registry(new_scope):
    reg = Registry("model", scope=new_scope())
    cfg = {"type": "Head", "registry": reg, "args": [1, 2]}
    copied = copy.deepcopy(cfg)
    assert copied["registry"] is reg
    assert copied["args"] is not cfg["args"]
