"""scopereg.testing.snapshot: a restore undoes every change to the registries."""

from __future__ import annotations

import gc
import importlib
import sys
import uuid
import weakref
from collections.abc import Callable, Mapping

import pytest

from scopereg import DefaultScope, Registry, init_default_scope, testing

WritePackage = Callable[[Mapping[str, str]], str]


def new_scope(prefix: str = "snap") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def new_root() -> Registry[object]:
    return Registry("model", scope=new_scope())


class Net:
    pass


class OtherNet:
    pass


def test_entries_registered_inside_the_block_are_gone_after_it() -> None:
    reg = new_root()
    reg.register_module(module=Net)

    with testing.snapshot():
        reg.register_module(module=OtherNet)

    assert list(reg) == ["Net"]


def test_a_forced_replacement_is_undone() -> None:
    reg = new_root()
    reg.register_module(name="Net", module=Net)

    with testing.snapshot():
        reg.register_module(name="Net", module=OtherNet, force=True)

    assert reg.get("Net") is Net


def test_a_removed_entry_comes_back() -> None:
    reg = new_root()
    reg.register_module(module=Net)

    with testing.snapshot():
        reg.remove("Net")

    assert reg.get("Net") is Net


def test_a_child_registry_added_inside_the_block_leaves_the_tree() -> None:
    root = new_root()
    scope = new_scope("child")

    with testing.snapshot():
        child = Registry("model", parent=root, scope=scope)
        child.register_module(module=Net)
        assert root.get(f"{scope}.Net") is Net

    assert (dict(root.children), root.get(f"{scope}.Net")) == ({}, None)
    assert root.registry_of_scope(scope) is None


def test_the_scope_of_a_dropped_child_can_be_used_again() -> None:
    root = new_root()
    scope = new_scope("child")
    with testing.snapshot():
        Registry("model", parent=root, scope=scope)

    again = Registry("model", parent=root, scope=scope)

    assert root.children[scope] is again


def test_a_grandchild_added_below_an_existing_child_is_dropped() -> None:
    root = new_root()
    child = Registry("model", parent=root, scope=new_scope("child"))
    scope = new_scope("grandchild")

    with testing.snapshot(root):
        Registry("model", parent=child, scope=scope)

    assert dict(child.children) == {}
    assert root.registry_of_scope(scope) is None
    assert root.registry_of_scope(child.scope) is child


def test_a_lookup_cached_inside_the_block_is_forgotten() -> None:
    root = new_root()
    child = Registry("model", parent=root, scope=new_scope("child"))
    root.register_module(name="Net", module=Net)

    with testing.snapshot():
        child.register_module(name="Net", module=OtherNet)
        assert isinstance(child.build({"type": "Net"}), OtherNet)

    assert isinstance(child.build({"type": "Net"}), Net)


def test_the_build_function_is_restored() -> None:
    reg = new_root()
    original = reg.build_func

    with testing.snapshot():
        reg.build_func = lambda cfg, registry: "built"

    assert reg.build_func is original


def test_the_block_is_restored_when_it_raises() -> None:
    reg = new_root()

    def register_then_fail() -> None:
        with testing.snapshot():
            reg.register_module(module=Net)
            raise RuntimeError("test failed midway")

    with pytest.raises(RuntimeError, match="midway"):
        register_then_fail()

    assert len(reg) == 0


def test_restore_can_be_called_again_and_returns_to_the_same_state() -> None:
    reg = new_root()
    saved = testing.snapshot(reg)
    reg.register_module(module=Net)
    saved.restore()
    reg.register_module(module=OtherNet)

    saved.restore()

    assert len(reg) == 0


def test_snapshot_of_one_registry_leaves_other_registries_alone() -> None:
    kept, other = new_root(), new_root()

    with testing.snapshot(kept):
        kept.register_module(module=Net)
        other.register_module(module=Net)

    assert (len(kept), other.get("Net")) == (0, Net)


def test_snapshot_of_one_registry_leaves_the_default_scope_alone(
    default_scope: Callable[[str | None], object],
) -> None:
    default_scope(None)
    with testing.snapshot(new_root()):
        init_default_scope("snap_kept")

    assert DefaultScope.get_current_instance().scope_name == "snap_kept"


def test_the_process_wide_default_scope_is_restored(
    default_scope: Callable[[str | None], object],
) -> None:
    default_scope("snap_before")

    with testing.snapshot():
        init_default_scope("snap_during")

    assert DefaultScope.get_current_instance().scope_name == "snap_before"


def test_instances_made_by_get_instance_are_forgotten(
    default_scope: Callable[[str | None], object],
) -> None:
    name = new_scope("instance")

    with testing.snapshot():
        DefaultScope.get_instance(name, scope_name="snap_made")

    assert not DefaultScope.check_instance_created(name)
    assert DefaultScope.get_current_instance() is None


def test_a_scope_block_left_open_is_closed_by_the_restore(
    default_scope: Callable[[str | None], object],
) -> None:
    with testing.snapshot():
        DefaultScope("snap_left_open").__enter__()

    assert DefaultScope.get_current_instance() is None


def test_snapshot_refuses_what_is_not_a_registry() -> None:
    with pytest.raises(TypeError, match="snapshot\\(\\) takes registries"):
        testing.snapshot("MODELS")  # type: ignore[arg-type]


def test_what_a_location_imported_inside_the_block_registered_stays_after_it(
    write_package: WritePackage,
) -> None:
    # IMPORTS counts the runs of the location module.
    name = write_package(
        {
            "__init__.py": "IMPORTS = []",
            "registry.py": """
                from scopereg import Registry
                REG = Registry("model", scope="__PKG__", locations=["__PKG__.models"])
            """,
            "models.py": """
                import __PKG__
                from __PKG__.registry import REG
                __PKG__.IMPORTS.append(__name__)
                @REG.register_module()
                class Thing:
                    pass
            """,
        }
    )
    reg = importlib.import_module(f"{name}.registry").REG
    imports = sys.modules[name].IMPORTS
    with testing.snapshot():
        first = reg.get("Thing")

    assert first is not None
    assert (reg.get("Thing"), len(imports)) == (first, 1)
    assert f"{name}.models" in sys.modules


def test_a_scope_registry_imported_inside_the_block_stays_in_the_tree_after_it(
    write_package: WritePackage,
) -> None:
    root = new_root()
    # The scope package finds the root in a package the test imports first.
    holder = write_package({"__init__.py": "ROOT = None"})
    importlib.import_module(holder).ROOT = root
    name = write_package(
        {
            "registry.py": """
                from scopereg import Registry
                from HOLDER import ROOT
                MODELS = Registry("model", parent=ROOT, scope="__PKG__")
                @MODELS.register_module()
                class Head:
                    pass
            """.replace("HOLDER", holder),
        }
    )
    with testing.snapshot():
        first = root.get(f"{name}.Head")

    assert first is not None
    assert root.get(f"{name}.Head") is first
    assert root.children[name] is sys.modules[f"{name}.registry"].MODELS


def test_modules_that_registered_nothing_stay_imported(
    write_package: WritePackage,
) -> None:
    name = write_package({"plain.py": "VALUE = 1\n"})

    with testing.snapshot():
        importlib.import_module(f"{name}.plain")

    assert f"{name}.plain" in sys.modules


def test_the_snapshot_lists_the_registries_it_restores() -> None:
    root = new_root()
    child = Registry("model", parent=root, scope=new_scope("child"))

    assert testing.snapshot(root).registries == [root, child]


def test_a_child_dropped_by_one_restore_stays_dropped_after_the_next() -> None:
    root = new_root()
    scope = new_scope("child")
    with testing.snapshot():
        # Still referenced after the block, so the next snapshot saves it.
        dropped = Registry("model", parent=root, scope=scope)

    with testing.snapshot():
        pass

    assert root.registry_of_scope(scope) is not dropped
    assert root.registry_of_scope(scope) is None


def test_a_snapshot_keeps_no_registry_alive_that_nothing_else_refers_to() -> None:
    root = new_root()
    Registry("model", parent=root, scope=new_scope("child"))
    dead = weakref.ref(root)
    saved = testing.snapshot()

    del root
    gc.collect()

    assert dead() is None
    saved.restore()


def _unreferenced_tree_whose_entry_refers_to_it() -> weakref.ref[Registry[object]]:
    """Make a tree that only its own cycles keep alive; return its root, weakly."""
    root = new_root()
    child = Registry("model", parent=root, scope=new_scope("child"))
    root.register_module(name="Outer", module=lambda cfg: child.build(cfg))
    return weakref.ref(root)


def test_a_snapshot_keeps_no_tree_alive_whose_entries_refer_to_it() -> None:
    # Taken before the collector ran, the snapshot saves the dead tree too;
    # its saved entries must not make the tree reachable again.
    gc.disable()  # so that the tree is still there when the snapshot is taken
    try:
        dead = _unreferenced_tree_whose_entry_refers_to_it()
        saved = testing.snapshot()
    finally:
        gc.enable()

    gc.collect()

    assert dead() is None
    saved.restore()
