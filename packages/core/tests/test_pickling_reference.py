"""A Registry pickles by reference: in the same process it is the same object."""

from __future__ import annotations

import copy
import pickle
import uuid

import pytest

from scopereg import Registry, testing
from scopereg._pickling import locate_registry
from scopereg.exceptions import ScopeError

OTHER_PROCESS = -1  # a pid no process has: resolve as a worker process would


def new_scope(prefix: str = "pick") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def test_a_root_registry_unpickles_to_the_same_object() -> None:
    reg = Registry("model", scope=new_scope())

    assert pickle.loads(pickle.dumps(reg)) is reg


def test_a_grandchild_registry_unpickles_to_the_same_object() -> None:
    root = Registry("model", scope=new_scope())
    child = Registry("model", parent=root, scope=new_scope())
    grandchild = Registry("model", parent=child, scope=new_scope())

    assert pickle.loads(pickle.dumps(grandchild)) is grandchild


def test_deep_copying_a_config_keeps_the_registry_itself() -> None:
    reg = Registry("model", scope=new_scope())
    cfg = {"type": "Net", "registry": reg, "nested": [{"registry": reg}]}

    copied = copy.deepcopy(cfg)

    assert copied["registry"] is reg
    assert copied["nested"][0]["registry"] is reg


def test_a_registry_resolves_by_its_place_in_another_process() -> None:
    root = Registry("model", scope=new_scope())
    child = Registry("model", parent=root, scope=new_scope())

    found = locate_registry((child.scope, root.scope), "model", OTHER_PROCESS, 0)

    assert found is child


def test_a_registry_dropped_by_a_sandbox_is_not_found_in_another_process() -> None:
    root = Registry("model", scope=new_scope())
    scope = new_scope()
    with testing.snapshot(root):
        Registry("model", parent=root, scope=scope)
    kept = Registry("model", parent=root, scope=scope)

    found = locate_registry((scope, root.scope), "model", OTHER_PROCESS, 0)

    assert found is kept


def test_two_registries_with_one_scope_and_name_are_refused_in_another_process() -> (
    None
):
    scope = new_scope()
    first = Registry("model", scope=scope)
    second = Registry("model", scope=scope)

    with pytest.raises(ScopeError, match="2 registries in this process have that"):
        locate_registry((scope,), "model", OTHER_PROCESS, 0)
    assert pickle.loads(pickle.dumps(second)) is second
    assert pickle.loads(pickle.dumps(first)) is first


def test_an_unknown_registry_fails_to_unpickle_naming_the_module_tried() -> None:
    scope = new_scope()

    with pytest.raises(ScopeError, match=f"no such registry.*\\n.*'{scope}.registry'"):
        locate_registry((scope,), "model", OTHER_PROCESS, 0)


def test_a_registry_of_a_script_scope_that_is_gone_fails_with_a_scope_error() -> None:
    with pytest.raises(ScopeError, match="cannot unpickle registry __main__::gone"):
        locate_registry(("__main__",), "gone", OTHER_PROCESS, 0)


def test_a_key_naming_the_main_script_scope_is_simply_not_found() -> None:
    reg = Registry("model", scope=new_scope())

    assert reg.get("__main__.Net") is None
