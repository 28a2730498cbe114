"""A Registry pickles by reference: in the same process it is the same object."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import uuid

import pytest

from scopereg import Registry, testing
from scopereg.exceptions import ScopeError


def new_scope(prefix: str = "pick") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


# Prints the pickle of a registry made, in a fresh interpreter, at the scopes
# given as arguments (root first; none: one root with the inferred scope).
PICKLE_ELSEWHERE = """
import pickle, sys
from scopereg import Registry
name, scopes = sys.argv[1], sys.argv[2:]
registry = None if scopes else Registry(name)
for scope in scopes:
    registry = Registry(name, parent=registry, scope=scope)
sys.stdout.buffer.write(pickle.dumps(registry))
"""


def pickled_in_another_process(*scopes: str, name: str = "model") -> bytes:
    """Return a registry pickled by another process, at ``scopes`` (root first)."""
    completed = subprocess.run(
        [sys.executable, "-c", PICKLE_ELSEWHERE, name, *scopes],
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    return completed.stdout


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

    found = pickle.loads(pickled_in_another_process(root.scope, child.scope))

    assert found is child


def test_a_registry_dropped_by_a_sandbox_is_not_found_in_another_process() -> None:
    root = Registry("model", scope=new_scope())
    scope = new_scope()
    with testing.snapshot(root):
        # Still referenced, so still alive: only its leaving the tree hides it.
        dropped = Registry("model", parent=root, scope=scope)
    kept = Registry("model", parent=root, scope=scope)

    found = pickle.loads(pickled_in_another_process(root.scope, scope))

    assert found is kept
    assert found is not dropped


def test_two_registries_with_one_scope_and_name_are_refused_in_another_process() -> (
    None
):
    scope = new_scope()
    first = Registry("model", scope=scope)
    second = Registry("model", scope=scope)
    pickled = pickled_in_another_process(scope)

    with pytest.raises(ScopeError, match="2 registries in this process have that"):
        pickle.loads(pickled)
    assert pickle.loads(pickle.dumps(second)) is second
    assert pickle.loads(pickle.dumps(first)) is first


def test_an_unknown_registry_fails_to_unpickle_naming_the_module_tried() -> None:
    scope = new_scope()
    pickled = pickled_in_another_process(scope)

    with pytest.raises(ScopeError, match=f"no such registry.*\\n.*'{scope}.registry'"):
        pickle.loads(pickled)


def test_a_registry_of_a_script_scope_that_is_gone_fails_with_a_scope_error() -> None:
    name = new_scope("gone")
    pickled = pickled_in_another_process(name=name)

    with pytest.raises(ScopeError, match=f"cannot unpickle registry __main__::{name}"):
        pickle.loads(pickled)


def test_a_key_naming_the_main_script_scope_is_simply_not_found() -> None:
    reg = Registry("model", scope=new_scope())

    assert reg.get("__main__.Net") is None
