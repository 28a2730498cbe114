"""The exception classes: what they subclass, carry and print."""

from __future__ import annotations

import pickle
import uuid

import pytest

import scopereg
from scopereg import Registry
from scopereg.exceptions import (
    ConfigError,
    DuplicateRegistrationError,
    InvalidConfigError,
    InvalidRegistrationError,
    LocationImportError,
    MissingTypeError,
    NotRegisteredError,
    RegistryError,
    ScopeError,
    ValidationError,
)


def _scope(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (NotRegisteredError, KeyError),
        (DuplicateRegistrationError, KeyError),
        (MissingTypeError, KeyError),
        (InvalidConfigError, TypeError),
        (InvalidRegistrationError, TypeError),
        (ScopeError, ValueError),
        (ValidationError, ValueError),
        (LocationImportError, ImportError),
    ],
)
def test_each_error_is_a_registry_error_and_the_builtin_users_catch(error, builtin):
    assert issubclass(error, RegistryError)
    assert issubclass(error, builtin)


def test_config_errors_share_the_config_error_base():
    assert all(
        issubclass(cls, ConfigError)
        for cls in (InvalidConfigError, MissingTypeError, ValidationError)
    )


def test_every_exception_class_is_exported_from_the_package():
    for name in scopereg.exceptions.__all__:
        assert getattr(scopereg, name) is getattr(scopereg.exceptions, name)


def test_key_error_subclass_prints_its_message_without_quotes():
    error = NotRegisteredError(
        "'A' is not registered\n  fix: x", key="A", registry="s::m"
    )
    assert str(error) == "'A' is not registered\n  fix: x"


def test_not_registered_error_carries_key_registry_and_suggestions():
    registry = Registry("model", scope=_scope("exc"))
    registry.register_module(name="ResNet", module=dict)
    with pytest.raises(NotRegisteredError) as info:
        registry.build(dict(type="ResNte"))
    error = info.value
    assert (error.key, error.registry) == ("ResNte", f"{registry.scope}::model")
    assert error.suggestions == ("ResNet",)
    assert error.config_path is None


def test_duplicate_registration_error_names_both_definition_sites():
    registry = Registry("model", scope=_scope("exc"))
    registry.register_module(name="A", module=dict)
    with pytest.raises(DuplicateRegistrationError) as info:
        registry.register_module(name="A", module=list)
    assert "existing: dict" in str(info.value)
    assert "new:      list" in str(info.value)
    assert (info.value.key, info.value.registry) == ("A", f"{registry.scope}::model")


def test_missing_type_error_lists_the_keys_the_config_had():
    registry = Registry("model", scope=_scope("exc"))
    with pytest.raises(MissingTypeError, match=r"neither does \(keys present") as info:
        registry.build(dict(depth=50))
    assert info.value.keys == ("depth",)


def test_scope_error_carries_the_bad_scope():
    registry = Registry("model", scope=_scope("exc"))
    registry.register_module(name="A", module=dict)
    with pytest.raises(ScopeError, match="is not a valid scope name") as info:
        registry.build(dict(type="A", _scope_="not.a.scope"))
    assert info.value.scope == "not.a.scope"


def test_message_reads_what_then_where_then_fix():
    registry = Registry("model", scope=_scope("exc"))
    registry.register_module(name="ResNet", module=dict)
    with pytest.raises(NotRegisteredError) as info:
        registry.build(dict(type="ResNte"))
    what, *rest = str(info.value).splitlines()
    assert what.startswith(f"ResNte is not in the {registry.scope}::model registry. ")
    assert rest[0].startswith("  searched: ")
    assert rest[-1].startswith("  fix: ")


def test_error_pickles_with_its_attributes():
    error = NotRegisteredError(
        "msg", key="A", registry="s::m", suggestions=["B"], config_path="model"
    )
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.key, clone.suggestions, clone.config_path, str(clone)) == (
        "A",
        ("B",),
        "model",
        "msg",
    )


def test_raised_not_registered_error_pickles_with_its_explanation():
    registry = Registry("model", scope=_scope("exc"))
    with pytest.raises(NotRegisteredError) as info:
        registry.build(dict(type="Missing"))
    clone = pickle.loads(pickle.dumps(info.value))
    assert clone.explanation == info.value.explanation
    assert str(clone) == str(info.value)


def test_validation_error_carries_every_problem():
    registry = Registry("model", scope=_scope("exc"))
    report = registry.validate(dict(type="A", child=dict(type="B")), recursive=True)
    with pytest.raises(ValidationError, match="2 problems in the config") as info:
        report.raise_if_problems()
    assert info.value.problems == report.problems


def test_report_classes_of_the_package_are_those_explain_and_validate_return():
    registry = Registry("model", scope=_scope("exc"))
    explanation = registry.explain("Missing")
    report = registry.validate(dict(type="Missing"))

    assert (
        type(explanation),
        type(report),
        [type(problem) for problem in report.problems],
    ) == (
        scopereg.Explanation,
        scopereg.ValidationReport,
        [scopereg.ConfigProblem],
    )


# What only error paths, explain() and validate() need; `import scopereg` must
# not load it. The scopereg modules are checked to exist, so that a renamed
# module cannot make the test pass by not being there at all.
ERROR_PATH_MODULES = [
    "difflib",
    "inspect",
    "scopereg._diagnose",
    "scopereg._explain",
    "scopereg._suggest",
    "scopereg._validate",
]


def test_importing_scopereg_loads_no_error_path_module():
    import subprocess
    import sys

    code = (
        "import importlib.util, sys, scopereg\n"
        f"names = {ERROR_PATH_MODULES!r}\n"
        "print(sorted(m for m in names if m in sys.modules))\n"
        "print(sorted(m for m in names if importlib.util.find_spec(m) is None))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines() == ["[]", "[]"]
