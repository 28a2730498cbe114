"""The build stack: notes on errors escaping nested builds."""

from __future__ import annotations

import uuid

import pytest

from scopereg import Registry
from scopereg.exceptions import NotRegisteredError


def _scope(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


class Exploding:
    def __init__(self, **kwargs):
        raise ValueError("constructor failed")


@pytest.fixture
def registry() -> Registry:
    registry = Registry("model", scope=_scope("stack"))
    registry.register_module(module=Exploding)

    @registry.register_module()
    def wrapper(inner):
        return registry.build(inner)

    return registry


def test_constructor_error_keeps_its_type_and_message(registry):
    with pytest.raises(ValueError, match="constructor failed") as info:
        registry.build(dict(type="Exploding"))
    assert (type(info.value), str(info.value)) == (ValueError, "constructor failed")


def test_constructor_error_note_names_type_package_and_registry(registry):
    with pytest.raises(ValueError, match="constructor failed") as info:
        registry.build(dict(type="Exploding"))
    assert info.value.__notes__ == [
        f"while building 'Exploding' ({__name__}.Exploding) from "
        f"{registry.scope}::model"
    ]


def test_nested_builds_note_the_chain_of_enclosing_types_innermost_first(registry):
    cfg = dict(type="wrapper", inner=dict(type="wrapper", inner=dict(type="Exploding")))
    with pytest.raises(ValueError, match="constructor failed") as info:
        registry.build(cfg)
    assert [note.split(" (")[0] for note in info.value.__notes__] == [
        "while building 'Exploding'",
        "while building 'wrapper'",
        "while building 'wrapper'",
    ]


def test_not_registered_error_inside_a_nested_build_notes_the_enclosing_type(
    registry,
):
    with pytest.raises(NotRegisteredError) as info:
        registry.build(dict(type="wrapper", inner=dict(type="Missing")))
    assert [note.split(" (")[0] for note in info.value.__notes__] == [
        "while building 'wrapper'"
    ]


def test_general_path_notes_the_constructor_error_too(registry):
    with pytest.raises(ValueError, match="constructor failed") as info:
        registry.build(dict(type="Exploding"), default_args=dict(x=1))
    assert info.value.__notes__[0].startswith("while building 'Exploding'")


def test_recursive_build_notes_carry_config_paths(registry):
    cfg = dict(type="wrapper", inner=dict(type="Exploding", n=dict(type="wrapper")))
    cfg["inner"]["n"] = {"type": "Exploding"}
    with pytest.raises(ValueError, match="constructor failed") as info:
        registry.build(dict(type="wrapper", inner=[cfg]), recursive=True)
    assert [
        note.rpartition(" at config path ")[2] for note in info.value.__notes__
    ] == [
        "inner[0].inner.n",
        "inner[0].inner",
        "inner[0]",
        "<root>",
    ]


def test_recursive_build_not_registered_error_notes_its_enclosing_types(registry):
    with pytest.raises(NotRegisteredError) as info:
        registry.build(
            dict(type="wrapper", inner=dict(type="wrapper", inner=dict(type="Nope"))),
            recursive=True,
        )
    assert info.value.config_path == "inner.inner"
    assert [note.split(" (")[0] for note in info.value.__notes__] == [
        "while building 'wrapper'",
        "while building 'wrapper'",
    ]


def test_registry_error_from_a_constructor_gets_the_config_path_of_its_node(registry):
    @registry.register_module()
    def builds_inside(kind):
        return registry.build(dict(type=kind))

    with pytest.raises(NotRegisteredError) as info:
        registry.build(
            dict(type="wrapper", inner=dict(type="builds_inside", kind="X")),
            recursive=True,
        )
    assert info.value.config_path == "inner"
    assert "  at config path: inner\n" in str(info.value)
