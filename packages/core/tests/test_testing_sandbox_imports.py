"""A sandbox undoes what the test did and keeps what imports did; no import breaks."""

from __future__ import annotations

import importlib
import sys
import threading
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from scopereg import Registry, testing
from scopereg.exceptions import DuplicateRegistrationError

WritePackage = Callable[[Mapping[str, str]], str]

# A package whose registry imports its models lazily; IMPORTS counts the runs
# of the models module.
LAZY_PACKAGE = {
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


class Stub:
    pass


def lazy_package(write_package: WritePackage) -> tuple[Registry[Any], list[str], str]:
    name = write_package(LAZY_PACKAGE)
    registry = importlib.import_module(f"{name}.registry").REG
    return registry, sys.modules[name].IMPORTS, name


def scope_package(write_package: WritePackage) -> tuple[Registry[Any], str]:
    """Return a root and the name of a scope package below it, not yet imported."""
    root = Registry("model", scope=f"root_{uuid.uuid4().hex[:12]}")
    holder = write_package({"__init__.py": "ROOT = None"})
    importlib.import_module(holder).ROOT = root
    name = write_package(
        {
            "registry.py": f"""
                from scopereg import Registry
                from {holder} import ROOT
                MODELS = Registry("model", parent=ROOT, scope="__PKG__")
                @MODELS.register_module()
                class Head:
                    pass
            """,
        }
    )
    return root, name


def forget(package: str) -> None:
    for module in [m for m in sys.modules if m.partition(".")[0] == package]:
        del sys.modules[module]


def test_a_restore_leaves_every_module_imported_inside_the_block_in_sys_modules(
    write_package: WritePackage,
) -> None:
    reg, _, name = lazy_package(write_package)
    with testing.snapshot():
        reg.get("Thing")
        imported = sys.modules[f"{name}.models"]

    assert sys.modules[f"{name}.models"] is imported


def test_an_entry_the_block_registers_with_a_class_an_import_made_is_undone(
    write_package: WritePackage,
) -> None:
    reg, _, _ = lazy_package(write_package)
    with testing.snapshot():
        thing = reg.get("Thing")
        reg.register_module(name="Alias", module=thing)

    assert (reg.get("Alias"), reg.get("Thing")) == (None, thing)


def test_an_entry_the_block_removed_comes_back_also_when_an_import_made_it(
    write_package: WritePackage,
) -> None:
    reg, _, _ = lazy_package(write_package)
    with testing.snapshot():
        thing = reg.get("Thing")
        reg.remove("Thing")

    assert reg.get("Thing") is thing


def test_a_module_that_refuses_a_second_import_still_imports_after_the_block(
    write_package: WritePackage,
) -> None:
    # `_native` fails when run twice in one process, as numpy's C core does.
    holder = write_package({"__init__.py": "LOADED = []"})
    name = write_package(
        {
            "__init__.py": """
                from __PKG__ import _native
                def make():
                    return "made"
            """,
            "_native.py": f"""
                import {holder}
                if {holder}.LOADED:
                    raise ImportError("cannot load module more than once per process")
                {holder}.LOADED.append(__name__)
            """,
        }
    )
    importlib.import_module(holder)
    reg = Registry("model", scope=f"native_{uuid.uuid4().hex[:12]}")
    with testing.snapshot():
        package = importlib.import_module(name)
        reg.register_module(name="make", module=package.make)

    assert importlib.import_module(name) is package


def test_from_package_import_module_after_the_block_finds_what_it_registered(
    write_package: WritePackage,
) -> None:
    name = write_package(
        {
            "registry.py": """
                from scopereg import Registry
                REG = Registry("model", scope="__PKG__")
            """,
            "mod.py": """
                from __PKG__.registry import REG
                @REG.register_module()
                class Thing:
                    pass
            """,
        }
    )
    reg = importlib.import_module(f"{name}.registry").REG
    with testing.snapshot():
        importlib.import_module(f"{name}.mod")

    mod = importlib.import_module(name).mod  # from __PKG__ import mod
    assert reg.get("Thing") is mod.Thing


def test_a_forced_stub_registered_before_the_first_lookup_wins_inside_the_block(
    write_package: WritePackage,
) -> None:
    reg, _, _ = lazy_package(write_package)
    with testing.snapshot():
        reg.register_module(name="Thing", module=Stub, force=True)

        assert reg.get("Thing") is Stub


def test_the_real_entry_is_back_after_a_block_that_forced_a_stub(
    write_package: WritePackage,
) -> None:
    reg, imports, name = lazy_package(write_package)
    with testing.snapshot():
        reg.register_module(name="Thing", module=Stub, force=True)
        reg.get("Thing")

    assert reg.get("Thing") is sys.modules[f"{name}.models"].Thing
    assert len(imports) == 1


def test_a_forced_stub_wins_in_every_block(write_package: WritePackage) -> None:
    reg, _, _ = lazy_package(write_package)
    seen = []
    for _ in range(3):
        with testing.snapshot():
            reg.register_module(name="Thing", module=Stub, force=True)
            seen.append(reg.get("Thing"))

    assert seen == [Stub, Stub, Stub]


def test_a_forced_registration_imports_the_locations_first_so_it_replaces_theirs(
    write_package: WritePackage,
) -> None:
    reg, imports, _ = lazy_package(write_package)

    reg.register_module(name="Thing", module=Stub, force=True)

    assert (reg.get("Thing"), len(imports)) == (Stub, 1)


def test_a_location_forcing_over_another_locations_entry_runs_each_once(
    write_package: WritePackage,
) -> None:
    name = write_package(
        {
            "__init__.py": "IMPORTS = []",
            "registry.py": """
                from scopereg import Registry
                REG = Registry(
                    "model", scope="__PKG__", locations=["__PKG__.a", "__PKG__.b"]
                )
            """,
            "a.py": """
                import __PKG__
                from __PKG__.registry import REG
                __PKG__.IMPORTS.append(__name__)
                @REG.register_module()
                class Thing:
                    pass
            """,
            "b.py": """
                import __PKG__
                from __PKG__.registry import REG
                __PKG__.IMPORTS.append(__name__)
                @REG.register_module(name="Thing", force=True)
                class Better:
                    pass
            """,
        }
    )
    reg = importlib.import_module(f"{name}.registry").REG

    assert reg.get("Thing") is sys.modules[f"{name}.b"].Better
    assert [f"{name}.a", f"{name}.b"] == sys.modules[name].IMPORTS


def test_a_stub_forced_into_a_registry_an_import_made_in_the_block_is_undone(
    write_package: WritePackage,
) -> None:
    root, name = scope_package(write_package)
    with testing.snapshot():
        head = root.get(f"{name}.Head")
        root.children[name].register_module(name="Head", module=Stub, force=True)

    assert root.get(f"{name}.Head") is head


def test_what_an_import_made_goes_with_its_module_dropped_inside_the_block(
    write_package: WritePackage,
) -> None:
    reg, imports, name = lazy_package(write_package)
    with testing.snapshot():
        first = reg.get("Thing")
        del sys.modules[f"{name}.models"]

    again = reg.get("Thing")
    assert (len(imports), again is first) == (2, False)


def test_a_module_dropped_after_the_block_registers_again_when_imported_again(
    write_package: WritePackage,
) -> None:
    reg, imports, name = lazy_package(write_package)
    with testing.snapshot():
        first = reg.get("Thing")
    sys.modules.pop(f"{name}.models", None)  # as pytester does after a run

    forgotten = testing.forget_unimported()
    again = reg.get("Thing")

    assert f"{name}.models" in forgotten
    assert (len(imports), again is first) == (2, False)


def test_a_dropped_module_that_forced_over_an_imported_entry_gives_it_back(
    write_package: WritePackage,
) -> None:
    name = write_package(
        {
            "registry.py": """
                from scopereg import Registry
                REG = Registry("model", scope="__PKG__")
            """,
            "first.py": """
                from __PKG__.registry import REG
                @REG.register_module()
                class Thing:
                    pass
            """,
            "second.py": """
                from __PKG__.registry import REG
                @REG.register_module(name="Thing", force=True)
                class Better:
                    pass
            """,
        }
    )
    reg = importlib.import_module(f"{name}.registry").REG
    first = importlib.import_module(f"{name}.first")
    with testing.snapshot():
        importlib.import_module(f"{name}.second")
    del sys.modules[f"{name}.second"]

    testing.forget_unimported()

    assert reg.get("Thing") is first.Thing


def test_a_scope_registry_dropped_from_sys_modules_after_the_block_can_return(
    write_package: WritePackage,
) -> None:
    root, name = scope_package(write_package)
    with testing.snapshot():
        first = root.get(f"{name}.Head")
    forget(name)

    with testing.snapshot():  # a snapshot forgets what left sys.modules
        again = root.get(f"{name}.Head")

    assert again is not None
    assert again is not first


def test_a_block_at_a_modules_top_level_undoes_that_modules_registrations(
    write_package: WritePackage,
) -> None:
    reg, _, _ = lazy_package(write_package)
    holder = write_package({"__init__.py": "REG = None"})
    importlib.import_module(holder).REG = reg
    name = write_package(
        {
            "__init__.py": f"""
                from scopereg import testing
                from {holder} import REG
                with testing.snapshot():
                    REG.register_module(name="Inside", module=dict)
            """,
        }
    )

    importlib.import_module(name)

    assert reg.get("Inside") is None


def test_an_import_that_collides_with_a_stub_registered_without_force_still_fails(
    write_package: WritePackage,
) -> None:
    reg, _, _ = lazy_package(write_package)
    with testing.snapshot():
        reg.register_module(name="Thing", module=Stub)

        with pytest.raises(ImportError) as raised:
            reg.get("Thing")

    assert isinstance(raised.value.__cause__, DuplicateRegistrationError)


def test_threads_importing_and_registering_in_a_block_keep_only_the_imports(
    write_package: WritePackage,
) -> None:
    threads, entries = 8, 50
    reg = Registry("model", scope=f"threads_{uuid.uuid4().hex[:12]}")
    holder = write_package({"__init__.py": "REG = None"})
    importlib.import_module(holder).REG = reg
    body = "\n".join(
        f"@REG.register_module()\nclass Imported{i}:\n    pass" for i in range(entries)
    )
    name = write_package(
        {
            f"m{t}.py": f"from {holder} import REG\n{body.replace('Imported', f'T{t}I')}"
            for t in range(threads)
        }
    )
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            importlib.import_module(f"{name}.m{t}")
            for i in range(entries):
                reg.register_module(name=f"T{t}Body{i}", module=Stub)
        except BaseException as err:  # reported by the assertion below
            errors.append(err)

    with testing.snapshot():
        workers = [
            threading.Thread(target=work, args=(t,), daemon=True)
            for t in range(threads)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert not any(worker.is_alive() for worker in workers)

    assert errors == []
    assert sorted(reg) == sorted(
        f"T{t}I{i}" for t in range(threads) for i in range(entries)
    )
