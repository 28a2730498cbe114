"""Hostile keys and configs meet documented limits, never Python's recursion limit.

A key has at most 1000 characters and 32 scope prefixes; a recursive build
walks at most 64 levels of nesting (each dict, list and tuple is a level).
Beyond them ``get``, ``build``, ``explain`` raise a ``RegistryError`` and
``validate`` reports a problem.
"""

from __future__ import annotations

from typing import Any

import pytest

from scopereg import Registry
from scopereg.exceptions import (
    ConfigValueError,
    InvalidConfigError,
    NotRegisteredError,
)

KEY_LENGTH = 1000
SCOPE_PREFIXES = 32
DEPTH = 64


class Leaf:
    def __init__(self, child: Any = None) -> None:
        self.child = child


@pytest.fixture
def registry(new_scope) -> Registry[Any]:
    registry: Registry[Any] = Registry("model", scope=new_scope("bounded"))
    registry.register_module(module=Leaf)
    return registry


def own_prefixes(registry: Registry[Any], count: int) -> str:
    """Return ``count`` prefixes of the registry's own scope: each means 'here'."""
    return f"{registry.scope}." * count


def chain(depth: int) -> dict[str, Any]:
    """Return a config of ``depth`` configs, each the ``child`` of the one above."""
    cfg: dict[str, Any] = {"type": "Leaf"}
    for _ in range(depth - 1):
        cfg = {"type": "Leaf", "child": cfg}
    return cfg


def lists(depth: int) -> dict[str, Any]:
    """Return a config whose ``child`` is lists nested until ``depth`` levels."""
    value: Any = []
    for _ in range(depth - 2):
        value = [value]
    return {"type": "Leaf", "child": value}


# -- keys ---------------------------------------------------------------------


def test_get_of_a_key_with_two_thousand_scope_prefixes_raises_not_registered_error(
    registry,
):
    key = own_prefixes(registry, 2000) + "Leaf"
    with pytest.raises(NotRegisteredError, match="keys have at most 1000 characters"):
        registry.get(key)


def test_build_of_a_key_with_two_thousand_scope_prefixes_raises_not_registered_error(
    registry,
):
    key = own_prefixes(registry, 2000) + "Leaf"
    with pytest.raises(NotRegisteredError, match="too long") as info:
        registry.build({"type": key})
    assert info.value.key == key


def test_explain_of_a_key_with_two_thousand_scope_prefixes_raises_not_registered_error(
    registry,
):
    key = own_prefixes(registry, 2000) + "Leaf"
    with pytest.raises(NotRegisteredError, match="too long"):
        registry.explain(key)


def test_validate_reports_a_key_with_two_thousand_scope_prefixes_without_raising(
    registry,
):
    report = registry.validate({"type": own_prefixes(registry, 2000) + "Leaf"})
    [problem] = report.problems
    assert problem.kind == "not-registered"
    assert "too long" in problem.message


def test_error_of_a_too_long_key_names_the_registry_and_the_fix(registry):
    with pytest.raises(NotRegisteredError) as info:
        registry.get("A" * (KEY_LENGTH + 1))
    message = str(info.value)
    assert f"{registry.scope}::model" in message
    assert "1001 characters" in message
    assert "fix:" in message


def test_a_key_of_the_maximum_length_is_looked_up(registry):
    assert registry.get("A" * KEY_LENGTH) is None


def test_a_key_with_more_scope_prefixes_than_followed_raises_not_registered_error(
    registry,
):
    key = own_prefixes(registry, SCOPE_PREFIXES + 1) + "Leaf"
    assert len(key) <= KEY_LENGTH
    with pytest.raises(NotRegisteredError, match="33 scope prefixes") as info:
        registry.get(key)
    assert "at most 32" in str(info.value)


def test_a_key_with_as_many_scope_prefixes_as_followed_resolves(registry):
    assert registry.get(own_prefixes(registry, SCOPE_PREFIXES) + "Leaf") is Leaf


def test_prefixes_alternating_between_two_scopes_are_followed_up_to_the_limit(
    new_scope,
):
    root: Registry[Any] = Registry("model", scope=new_scope("ping"))
    child: Registry[Any] = Registry("model", parent=root, scope=new_scope("pong"))
    child.register_module(module=Leaf)
    hops = f"{child.scope}.{root.scope}." * (SCOPE_PREFIXES // 2 - 1)
    assert root.get(f"{hops}{child.scope}.Leaf") is Leaf
    with pytest.raises(NotRegisteredError, match="scope prefixes"):
        root.get(f"{hops}{child.scope}.{root.scope}.{child.scope}.Leaf")


def test_a_refused_key_is_refused_again_and_the_registry_still_resolves(registry):
    key = own_prefixes(registry, 2000) + "Leaf"
    for _ in range(2):
        with pytest.raises(NotRegisteredError, match="too long"):
            registry.get(key)
    assert registry.get("Leaf") is Leaf
    assert registry.build({"type": "Leaf"}).child is None


def test_a_refused_key_changes_no_registry_and_no_scope(registry, snapshot):
    before = snapshot(registry)
    with pytest.raises(NotRegisteredError):
        registry.build({"type": own_prefixes(registry, 2000) + "Leaf"})
    assert snapshot(registry) == before


def test_a_too_long_key_in_a_nested_config_names_its_config_path(registry):
    cfg = {"type": "Leaf", "child": {"type": "B" * (KEY_LENGTH + 1)}}
    with pytest.raises(NotRegisteredError, match="too long") as info:
        registry.build(cfg, recursive=True)
    assert info.value.config_path == "child"


# -- nesting ------------------------------------------------------------------


def test_recursive_build_two_hundred_levels_deep_raises_config_value_error(registry):
    with pytest.raises(ConfigValueError, match="more than 64 levels deep") as info:
        registry.build(chain(200), recursive=True)
    assert info.value.config_path == ".".join(["child"] * DEPTH)


def test_depth_error_carries_one_note_per_enclosing_build_at_most(registry):
    with pytest.raises(ConfigValueError) as info:
        registry.build(chain(200), recursive=True)
    assert len(info.value.__notes__) == DEPTH


def test_recursive_build_at_the_depth_limit_builds(registry):
    built = registry.build(chain(DEPTH), recursive=True)
    depth = 0
    while built is not None:
        built, depth = built.child, depth + 1
    assert depth == DEPTH


def test_lists_nested_past_the_depth_limit_raise_config_value_error(registry):
    registry.build(lists(DEPTH), recursive=True)
    with pytest.raises(ConfigValueError, match="more than 64 levels deep"):
        registry.build(lists(DEPTH + 1), recursive=True)


def test_lists_nested_a_hundred_thousand_deep_raise_config_value_error(registry):
    with pytest.raises(ConfigValueError, match="levels deep"):
        registry.build(lists(100_000), recursive=True)


def test_non_recursive_build_passes_a_deep_value_through_unwalked(registry):
    deep = lists(1000)["child"]
    assert registry.build({"type": "Leaf", "child": deep}).child is deep


def test_validate_reports_a_config_two_hundred_levels_deep_without_raising(
    registry,
):
    report = registry.validate(chain(200), recursive=True)
    [problem] = report.problems
    assert problem.kind == "invalid-config"
    assert problem.config_path == ".".join(["child"] * DEPTH)
    assert "more than 64 levels deep" in problem.message


def test_validate_accepts_a_config_at_the_depth_limit(registry):
    assert registry.validate(chain(DEPTH), recursive=True).ok


def test_a_too_deep_config_changes_no_registry_and_no_scope(registry, snapshot):
    before = snapshot(registry)
    with pytest.raises(ConfigValueError):
        registry.build(chain(200), recursive=True)
    assert snapshot(registry) == before


def test_a_type_nested_a_hundred_thousand_deep_raises_invalid_config_error(
    registry,
):
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(InvalidConfigError, match="type must be a str"):
        registry.build({"type": deep})
