"""A location or a scope's registry module that fails to import leaves nothing.

What its failed modules registered is undone and the registries they created
leave their trees; what modules that stay imported registered is kept, since
importing again does not run them again. The retry after the fix works.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Mapping

import pytest

from scopereg import Registry
from scopereg.exceptions import LocationImportError, NotRegisteredError, ScopeError

WritePackage = Callable[[Mapping[str, str]], str]
JOIN_TIMEOUT = 10.0

# hub.py holds the registry; models.py is its location and fails while
# flag.BROKEN[0] is true. Sources given to `located` replace models.py.
FLAG = "BROKEN = [True]\n"
HUB = """
    from scopereg import Registry

    REG = Registry("model", scope="__PKG__", locations=["__PKG__.models"])
"""


def located(
    write_package: WritePackage, models: str, **more: str
) -> tuple[str, Registry]:
    """Write a package whose registry's location is ``models``; return it and REG."""
    name = write_package({"flag.py": FLAG, "hub.py": HUB, "models.py": models, **more})
    return name, importlib.import_module(f"{name}.hub").REG


def fix(name: str) -> None:
    """Make the package's failing module import from now on."""
    importlib.import_module(f"{name}.flag").BROKEN[0] = False


REGISTERS_THEN_FAILS = """
    from __PKG__.flag import BROKEN
    from __PKG__.hub import REG


    @REG.register_module()
    class Thing:
        pass


    if BROKEN[0]:
        raise RuntimeError("models is broken")
"""


def test_a_failed_location_leaves_no_entry_it_registered(write_package):
    _name, reg = located(write_package, REGISTERS_THEN_FAILS)

    with pytest.raises(LocationImportError):
        reg.get("Thing")

    assert "Thing" not in reg.module_dict


def test_a_failed_location_that_replaced_an_entry_with_force_puts_it_back(
    write_package,
):
    _name, reg = located(
        write_package,
        """
        from __PKG__.flag import BROKEN
        from __PKG__.hub import REG

        REG.register_module(name="Thing", module=lambda: "replacement", force=True)
        raise RuntimeError("models is broken")
        """,
    )

    def original():
        return "original"

    reg.register_module(name="Thing", module=original)
    with pytest.raises(LocationImportError):
        reg.get("Thing")

    assert reg.module_dict["Thing"] is original


def test_a_failed_location_leaves_no_registry_it_created(write_package):
    name, reg = located(
        write_package,
        """
        from __PKG__.hub import REG
        from scopereg import Registry

        CHILD = Registry("model", parent=REG, scope="__PKG___child")
        raise RuntimeError("models is broken")
        """,
    )

    with pytest.raises(LocationImportError):
        reg.get("Thing")

    assert dict(reg.children) == {}
    assert reg.registry_of_scope(f"{name}_child") is None


def test_a_registry_created_again_after_a_failed_location_does_not_clash(
    write_package,
):
    name, reg = located(
        write_package,
        """
        from __PKG__.flag import BROKEN
        from __PKG__.hub import REG
        from scopereg import Registry

        CHILD = Registry("model", parent=REG, scope="__PKG___child")
        if BROKEN[0]:
            raise RuntimeError("models is broken")
        """,
    )
    with pytest.raises(LocationImportError):
        reg.get("Thing")
    fix(name)

    reg.get("Thing")

    assert reg.children[f"{name}_child"] is sys.modules[f"{name}.models"].CHILD


def test_a_module_a_failed_location_imported_keeps_its_entries(write_package):
    # helper.py imported fine and stays in sys.modules: importing the
    # location again will not run it again, so what it registered must stay.
    name, reg = located(
        write_package,
        """
        from __PKG__ import helper
        from __PKG__.flag import BROKEN

        if BROKEN[0]:
            raise RuntimeError("models is broken")
        """,
        **{
            "helper.py": """
                from __PKG__.hub import REG


                @REG.register_module()
                class Helped:
                    pass
            """
        },
    )

    with pytest.raises(LocationImportError):
        reg.get("Helped")

    assert reg.module_dict["Helped"] is sys.modules[f"{name}.helper"].Helped


def test_a_location_retried_after_the_fix_finds_what_its_helper_registered(
    write_package,
):
    name, reg = located(
        write_package,
        """
        from __PKG__ import helper
        from __PKG__.flag import BROKEN
        from __PKG__.hub import REG

        if BROKEN[0]:
            raise RuntimeError("models is broken")


        @REG.register_module()
        class Own:
            pass
        """,
        **{
            "helper.py": """
                from __PKG__.hub import REG


                @REG.register_module()
                class Helped:
                    pass
            """
        },
    )
    with pytest.raises(LocationImportError):
        reg.get("Own")
    fix(name)

    assert reg.get("Own") is sys.modules[f"{name}.models"].Own
    assert reg.get("Helped") is sys.modules[f"{name}.helper"].Helped


def test_a_module_that_failed_inside_a_location_that_went_on_leaves_no_entry(
    write_package,
):
    # optional.py registers, then fails; the location catches the error and
    # imports fine. optional.py is not in sys.modules, so its entry must go:
    # importing it again would register a second class under the same name.
    name, reg = located(
        write_package,
        """
        try:
            from __PKG__ import optional
        except RuntimeError:
            pass
        """,
        **{
            "optional.py": """
                from __PKG__.hub import REG


                @REG.register_module()
                class Optional:
                    pass


                raise RuntimeError("optional part is broken")
            """
        },
    )

    assert reg.get("Optional") is None
    with pytest.raises(RuntimeError, match="optional part is broken"):
        importlib.import_module(f"{name}.optional")  # no clash with a leftover


def test_a_registration_another_thread_makes_during_a_failing_location_stays(
    write_package,
):
    name, reg = located(
        write_package,
        """
        from __PKG__ import gate

        gate.entered.set()
        gate.release.wait(10)
        raise RuntimeError("models is broken")
        """,
        **{
            "gate.py": """
                import threading

                entered = threading.Event()
                release = threading.Event()
            """
        },
    )
    gate = importlib.import_module(f"{name}.gate")
    errors: list[BaseException] = []

    def look_up() -> None:
        try:
            reg.get("Thing")
        except LocationImportError as err:
            errors.append(err)

    def other():
        return "other"

    thread = threading.Thread(target=look_up, daemon=True)
    thread.start()
    assert gate.entered.wait(JOIN_TIMEOUT)
    reg.register_module(name="Other", module=other)
    gate.release.set()
    thread.join(JOIN_TIMEOUT)

    assert not thread.is_alive()
    assert len(errors) == 1
    assert reg.module_dict["Other"] is other


# A root the scope packages below hang their registries under.
ROOT_HOLDER = {"__init__.py": "ROOT = None\n"}

SCOPE_MODULE = {
    "flag.py": FLAG,
    "registry.py": """
        from __HOLDER__ import ROOT
        from __PKG__.flag import BROKEN
        from scopereg import Registry

        MODELS = Registry("model", parent=ROOT, scope="__PKG__")


        @MODELS.register_module()
        class Thing:
            pass


        ROOT.register_module(name="__PKG___in_root", module=Thing)
        if BROKEN[0]:
            raise RuntimeError("registry module is broken")
    """,
}


@pytest.fixture
def scoped(write_package, new_scope) -> tuple[Registry, str]:
    """A root registry and a scope package whose registry module fails."""
    root = Registry("model", scope=new_scope("root"))
    holder = write_package(ROOT_HOLDER)
    importlib.import_module(holder).ROOT = root
    files = {
        path: source.replace("__HOLDER__", holder)
        for path, source in SCOPE_MODULE.items()
    }
    return root, write_package(files)


def test_a_failed_scope_module_leaves_no_registry_in_the_tree(scoped):
    root, name = scoped

    assert root.get(f"{name}.Thing") is None

    assert name not in root.children
    assert root.registry_of_scope(name) is None


def test_a_failed_scope_module_leaves_no_entry_it_registered_elsewhere(scoped):
    root, name = scoped

    root.get(f"{name}.Thing")

    assert f"{name}_in_root" not in root.module_dict


def test_a_build_in_a_failed_scope_chains_the_import_error(scoped):
    root, name = scoped

    with pytest.raises(NotRegisteredError) as info:
        root.build(dict(type=f"{name}.Thing"))

    assert f"importing '{name}.registry' failed: RuntimeError" in str(info.value)
    assert isinstance(info.value.__cause__, RuntimeError)


def test_a_failed_scope_module_imported_again_after_the_fix_joins_the_tree(scoped):
    root, name = scoped
    root.get(f"{name}.Thing")
    fix(name)

    module = importlib.import_module(f"{name}.registry")

    assert root.children[name] is module.MODELS
    assert root.get(f"{name}.Thing") is module.Thing


def test_the_registry_a_failed_scope_module_made_does_not_count_as_its_scope(
    scoped,
):
    # The half-made registry is gone: a registry of that scope can be made.
    root, name = scoped
    root.get(f"{name}.Thing")

    again = Registry("model", parent=root, scope=name)

    assert root.registry_of_scope(name) is again


def test_a_second_registry_of_a_scope_is_still_refused(scoped):
    root, name = scoped
    fix(name)
    root.get(f"{name}.Thing")

    with pytest.raises(ScopeError, match="already has a registry"):
        Registry("model", parent=root, scope=name)
