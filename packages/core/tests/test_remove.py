"""Registry.remove: an entry leaves the registry and every cached lookup."""

from __future__ import annotations

import uuid

import pytest

from scopereg import DefaultScope, Registry
from scopereg.exceptions import NotRegisteredError


def new_registry(parent: Registry[object] | None = None) -> Registry[object]:
    return Registry("model", parent=parent, scope=f"rm_{uuid.uuid4().hex[:12]}")


class Net:
    pass


class ParentNet:
    pass


def test_remove_returns_the_object_and_the_name_resolves_no_more() -> None:
    reg = new_registry()
    reg.register_module(module=Net)

    assert reg.remove("Net") is Net
    assert (reg.get("Net"), len(reg)) == (None, 0)


def test_a_lookup_cached_before_the_removal_is_forgotten() -> None:
    reg = new_registry()
    reg.register_module(module=Net)
    assert reg.get("Net") is Net

    reg.remove("Net")

    assert reg.get("Net") is None


def test_a_build_after_the_removal_fails_as_not_registered() -> None:
    reg = new_registry()
    reg.register_module(module=Net)
    reg.build({"type": "Net"})

    reg.remove("Net")

    with pytest.raises(NotRegisteredError, match="Net is not in the "):
        reg.build({"type": "Net"})


def test_a_scoped_lookup_from_the_root_is_forgotten_too() -> None:
    root = new_registry()
    child = new_registry(parent=root)
    child.register_module(module=Net)
    assert root.get(f"{child.scope}.Net") is Net

    child.remove("Net")

    assert root.get(f"{child.scope}.Net") is None


def test_a_build_under_the_default_scope_after_the_removal_falls_back_to_the_parent() -> (
    None
):
    root = new_registry()
    child = new_registry(parent=root)
    root.register_module(name="Net", module=ParentNet)
    child.register_module(name="Net", module=Net)
    with DefaultScope(child.scope):
        assert isinstance(root.build({"type": "Net"}), Net)

        child.remove("Net")

        assert isinstance(root.build({"type": "Net"}), ParentNet)


def test_removing_one_alias_keeps_the_others() -> None:
    reg = new_registry()
    reg.register_module(name=["Net", "Alias"], module=Net)

    reg.remove("Alias")

    assert (reg.get("Net"), reg.get("Alias")) == (Net, None)


def test_a_removed_name_can_be_registered_again() -> None:
    reg = new_registry()
    reg.register_module(name="Net", module=Net)
    reg.remove("Net")

    reg.register_module(name="Net", module=ParentNet)

    assert reg.get("Net") is ParentNet


def test_removing_a_missing_name_suggests_a_close_one_and_changes_nothing() -> None:
    reg = new_registry()
    reg.register_module(module=Net)

    with pytest.raises(
        NotRegisteredError, match=r"cannot remove 'Nte'.*\n.*did you mean 'Net'"
    ):
        reg.remove("Nte")
    assert list(reg) == ["Net"]


def test_removing_a_name_of_the_parent_from_the_child_points_to_the_parent() -> None:
    root = new_registry()
    child = new_registry(parent=root)
    root.register_module(module=Net)

    with pytest.raises(NotRegisteredError, match=f"registered in {root.scope}::model"):
        child.remove("Net")
    assert root.get("Net") is Net


def test_removing_a_name_that_is_not_a_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="remove\\(\\) takes a registered name"):
        new_registry().remove(["Net"])  # type: ignore[arg-type]
