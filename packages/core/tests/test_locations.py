"""``locations``: imported lazily before the first lookup, once, errors named."""

from __future__ import annotations

import importlib
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from scopereg import Registry
from scopereg.exceptions import LocationImportError

# A package whose registry (in hub.py) lists models.py as its location.
# models.py records each time it runs, can be told to fail or to dawdle.
PACKAGE = {
    "__init__.py": """
        loaded = []
        BROKEN = False
        DELAY = 0.0
    """,
    "hub.py": """
        from scopereg import Registry

        REG = Registry("model", scope="__PKG__", locations=["__PKG__.models"])
    """,
    "models.py": """
        import time

        import __PKG__
        from __PKG__.hub import REG

        if __PKG__.BROKEN:
            raise RuntimeError("the models are broken")
        __PKG__.loaded.append(__name__)
        time.sleep(__PKG__.DELAY)  # widens the window for racing first lookups


        @REG.register_module()
        class Thing:
            pass
    """,
}


@pytest.fixture
def located(fake_package):
    """Import the package's hub and return ``(package module, registry)``."""
    name = fake_package(PACKAGE)
    package = importlib.import_module(name)
    return package, importlib.import_module(f"{name}.hub").REG


def _loaded(package) -> bool:
    return f"{package.__name__}.models" in sys.modules


def test_locations_are_not_imported_when_the_registry_is_created(located):
    package, _ = located
    assert not _loaded(package)
    assert package.loaded == []


def test_locations_are_not_imported_by_registration(located):
    package, reg = located
    reg.register_module(name="Other", module=lambda: None)
    assert not _loaded(package)


def test_locations_are_not_imported_by_len_iteration_or_module_dict(located):
    package, reg = located
    len(reg)
    list(reg)
    dict(reg.module_dict)
    repr(reg)
    assert not _loaded(package)


def test_locations_are_not_imported_by_building_a_class_object(located):
    package, reg = located
    reg.build(dict(type=dict, a=1))
    assert not _loaded(package)


def test_first_lookup_imports_the_locations_and_finds_their_names(located):
    package, reg = located
    thing = reg.get("Thing")
    assert thing is sys.modules[f"{package.__name__}.models"].Thing


def test_membership_test_imports_the_locations(located):
    package, reg = located
    assert "Thing" in reg
    assert package.loaded == [f"{package.__name__}.models"]


def test_build_imports_the_locations(located):
    _, reg = located
    assert type(reg.build(dict(type="Thing"))).__name__ == "Thing"


def test_lookup_of_a_missing_name_imports_the_locations(located):
    package, reg = located
    assert reg.get("Missing") is None
    assert package.loaded == [f"{package.__name__}.models"]


def test_locations_are_imported_exactly_once(located):
    package, reg = located
    reg.get("Thing")
    # Even with the module gone from sys.modules, the registry does not
    # import it again: a second run would register a second Thing class.
    del sys.modules[f"{package.__name__}.models"]
    reg.get("Thing")
    reg.get("Missing")
    assert package.loaded == [f"{package.__name__}.models"]


def test_racing_first_lookups_import_once_and_all_find_the_name(located):
    package, reg = located
    package.DELAY = 0.05
    workers = 16
    barrier = threading.Barrier(workers)

    def lookup(_):
        barrier.wait()
        return reg.get("Thing")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        found = list(pool.map(lookup, range(workers)))
    assert package.loaded == [f"{package.__name__}.models"]
    assert found[0] is not None
    assert found == [found[0]] * workers


def test_a_child_lookup_imports_the_locations_of_its_parent(located, new_scope):
    package, reg = located
    child = Registry("model", parent=reg, scope=new_scope("child"))
    assert child.get("Thing") is not None
    assert _loaded(package)


def test_a_scoped_lookup_imports_the_locations_of_the_target(located, new_scope):
    _, reg = located
    sibling = Registry("model", parent=reg, scope=new_scope("sibling"))
    assert sibling.get(f"{reg.scope}.Thing") is not None


def test_failing_location_raises_location_import_error(located):
    package, reg = located
    package.BROKEN = True
    with pytest.raises(LocationImportError, match="could not import its location"):
        reg.get("Thing")


def test_location_import_error_names_the_registry_and_the_location(located):
    package, reg = located
    package.BROKEN = True
    location = f"{package.__name__}.models"
    with pytest.raises(LocationImportError) as info:
        reg.get("Thing")
    message = str(info.value)
    assert message.startswith(f"{reg.scope}::model could not import its location")
    assert repr(location) in message
    assert "RuntimeError: the models are broken" in message
    assert (info.value.registry, info.value.location) == (
        f"{reg.scope}::model",
        location,
    )


def test_location_import_error_chains_the_original_error(located):
    package, reg = located
    package.BROKEN = True
    with pytest.raises(LocationImportError) as info:
        reg.get("Thing")
    assert isinstance(info.value.__cause__, RuntimeError)
    assert str(info.value.__cause__) == "the models are broken"


def test_location_import_error_is_an_import_error(located):
    package, reg = located
    package.BROKEN = True
    with pytest.raises(ImportError):
        reg.build(dict(type="Thing"))


def test_failing_location_is_retried_on_the_next_lookup(located):
    package, reg = located
    package.BROKEN = True
    with pytest.raises(LocationImportError):
        reg.get("Thing")
    package.BROKEN = False
    assert reg.get("Thing") is not None
    assert package.loaded == [f"{package.__name__}.models"]


def test_failing_location_fails_every_lookup_until_fixed(located):
    package, reg = located
    package.BROKEN = True
    for _ in range(3):
        with pytest.raises(LocationImportError):
            reg.get("Thing")


def test_missing_location_module_chains_module_not_found(new_scope):
    missing = f"{new_scope('nowhere')}.models"
    reg = Registry("model", scope=new_scope(), locations=[missing])
    with pytest.raises(LocationImportError, match=repr(missing)) as info:
        reg.get("Thing")
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_all_locations_are_imported_in_order(fake_package, new_scope):
    name = fake_package(
        {
            "__init__.py": "ORDER = []",
            "first.py": "import __PKG__\n__PKG__.ORDER.append('first')",
            "second.py": "import __PKG__\n__PKG__.ORDER.append('second')",
        }
    )
    reg = Registry(
        "model", scope=new_scope(), locations=[f"{name}.second", f"{name}.first"]
    )
    reg.get("Anything")
    assert importlib.import_module(name).ORDER == ["second", "first"]


def test_location_that_looks_up_its_own_registry_while_importing_does_not_recurse(
    fake_package,
):
    name = fake_package(
        {
            "__init__.py": "seen = []",
            "hub.py": """
                from scopereg import Registry

                REG = Registry("model", scope="__PKG__", locations=["__PKG__.models"])
            """,
            "models.py": """
                import __PKG__
                from __PKG__.hub import REG


                @REG.register_module()
                class Thing:
                    pass


                __PKG__.seen.append(REG.get("Thing"))
            """,
        }
    )
    reg = importlib.import_module(f"{name}.hub").REG
    thing = reg.get("Thing")
    assert importlib.import_module(name).seen == [thing]


def test_locations_property_lists_the_modules(new_scope):
    reg = Registry("model", scope=new_scope(), locations=["a.models", "a.heads"])
    assert reg.locations == ("a.models", "a.heads")


@pytest.mark.parametrize("locations", ["pkg.models", [1], [None]])
def test_locations_that_are_not_module_names_are_a_type_error(new_scope, locations):
    with pytest.raises(TypeError, match="locations must be a sequence of module"):
        Registry("model", scope=new_scope(), locations=locations)


def test_locations_given_as_an_iterator_are_all_kept(new_scope):
    modules = ["a.models", "a.heads"]
    reg = Registry("model", scope=new_scope(), locations=iter(modules))
    assert reg.locations == ("a.models", "a.heads")


def test_a_failed_build_loads_sibling_locations_to_suggest_their_names(
    located, new_scope
):
    package, reg = located
    sibling = Registry("model", parent=reg, scope=new_scope("sibling"))
    with pytest.raises(KeyError, match="did you mean 'Thing'") as info:
        sibling.build(dict(type="Thin"))
    assert info.value.suggestions == ("Thing",)
    assert _loaded(package)


def test_location_that_failed_after_registering_succeeds_when_retried(fake_package):
    name = fake_package(
        {
            "__init__.py": "BROKEN = True",
            "hub.py": """
                from scopereg import Registry

                REG = Registry("model", scope="__PKG__", locations=["__PKG__.models"])
            """,
            "models.py": """
                import __PKG__
                from __PKG__.hub import REG


                @REG.register_module()
                class Thing:
                    pass


                if __PKG__.BROKEN:
                    raise RuntimeError("fails after registering Thing")
            """,
        }
    )
    reg = importlib.import_module(f"{name}.hub").REG
    with pytest.raises(LocationImportError):
        reg.get("Thing")
    importlib.import_module(name).BROKEN = False
    assert reg.get("Thing") is sys.modules[f"{name}.models"].Thing
