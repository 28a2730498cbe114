"""LocationImportError: a registry's location failed to import."""

from __future__ import annotations

import sys
import uuid

import pytest

from scopereg import Registry
from scopereg.exceptions import LocationImportError


def _name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def test_missing_dependency_names_the_package_to_install(write_package):
    missing = _name("torchvisionish")
    name = write_package({"__init__.py": "", "models.py": f"import {missing}\n"})
    registry = Registry("model", scope=_name("det"), locations=[f"{name}.models"])
    with pytest.raises(LocationImportError) as info:
        registry.get("Anything")
    assert str(info.value).splitlines()[0] == (
        f"{registry.scope}::model could not import its location '{name}.models': "
        f"ModuleNotFoundError: No module named '{missing}'"
    )
    assert (
        f"fix: install the package that provides '{missing}' (imported by "
        f"'{name}.models'), or remove '{name}.models' from locations=[...]"
    ) in str(info.value)


def test_failed_location_names_the_line_that_failed(write_package):
    name = write_package(
        {"__init__.py": "", "models.py": "x = 1\nraise ValueError('no')\n"}
    )
    registry = Registry("model", scope=_name("det"), locations=[f"{name}.models"])
    with pytest.raises(
        LocationImportError, match=r"the import failed at .*models\.py:2"
    ):
        registry.get("Anything")


def test_syntax_error_in_a_location_names_its_file_and_line(write_package):
    name = write_package({"__init__.py": "", "models.py": "x = 1\ndef (:\n"})
    registry = Registry("model", scope=_name("det"), locations=[f"{name}.models"])
    with pytest.raises(
        LocationImportError, match=r"the import failed at .*models\.py:2"
    ):
        registry.get("Anything")


def test_misspelt_location_says_the_module_does_not_exist():
    missing = _name("nowhere")
    registry = Registry("model", scope=_name("det"), locations=[f"{missing}.models"])
    with pytest.raises(
        LocationImportError,
        match=f"fix: there is no module '{missing}': correct '{missing}.models' in",
    ):
        registry.get("Anything")


def test_location_error_names_where_the_registry_was_defined():
    registry = Registry("model", scope=_name("det"), locations=[_name("nowhere")])
    with pytest.raises(
        LocationImportError, match=f"registry defined at {__file__}:"
    ) as info:
        registry.get("Anything")
    assert (info.value.registry, info.value.location) == (
        f"{registry.scope}::model",
        registry.locations[0],
    )


def test_location_error_chains_the_original_exception(write_package):
    name = write_package({"__init__.py": "", "models.py": "raise KeyError('inner')\n"})
    registry = Registry("model", scope=_name("det"), locations=[f"{name}.models"])
    with pytest.raises(LocationImportError) as info:
        registry.get("Anything")
    assert isinstance(info.value.__cause__, KeyError)


def test_build_through_a_failed_location_raises_the_location_error(write_package):
    name = write_package({"__init__.py": "", "models.py": "raise ValueError('no')\n"})
    registry = Registry("model", scope=_name("det"), locations=[f"{name}.models"])
    with pytest.raises(LocationImportError):
        registry.build(dict(type="Anything"))


def test_fixed_location_imports_on_the_next_lookup(write_package, tmp_path):
    name = write_package({"__init__.py": "", "models.py": "raise ValueError('no')\n"})
    registry = Registry("model", scope=_name("det"), locations=[f"{name}.models"])
    with pytest.raises(LocationImportError):
        registry.get("Anything")
    sys.modules.pop(f"{name}.models", None)
    (tmp_path / name / "models.py").write_text("FIXED = True\n")
    assert registry.get("Anything") is None


def test_location_that_does_not_exist_points_at_no_file():
    registry = Registry("model", scope=_name("det"), locations=[_name("nowhere")])
    with pytest.raises(LocationImportError) as info:
        registry.get("Anything")
    assert "the import failed at" not in str(info.value)


def test_location_error_shows_the_first_line_of_a_multi_line_cause(write_package):
    name = write_package(
        {"__init__.py": "", "models.py": "raise ValueError('first\\n  second')\n"}
    )
    registry = Registry("model", scope=_name("det"), locations=[f"{name}.models"])
    with pytest.raises(LocationImportError) as info:
        registry.get("Anything")
    assert str(info.value).splitlines()[0].endswith("ValueError: first")
    assert "second" not in str(info.value)
