"""Where mmengine asserts an argument, scopereg's error is also an AssertionError.

Tests written for mmengine catch these with ``pytest.raises(AssertionError)``
or ``except AssertionError``; code written for scopereg catches the scopereg
class and the builtin it always was (``ScopeError``/``ValueError``,
``TypeError``, ``InvalidConfigError``, ``ConfigValueError``). Both must keep
working, and unlike a bare ``assert`` the check survives ``python -O``.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import scopereg
from scopereg import (
    DefaultScope,
    Registry,
    build_runner_from_cfg,
    exceptions,
    init_default_scope,
)
from scopereg.exceptions import (
    ArgumentAssertionError,
    ConfigAssertionError,
    ConfigValueAssertionError,
    ConfigValueError,
    InvalidConfigError,
    RegistryError,
    ScopeAssertionError,
    ScopeError,
)


class StepLR:
    """A scheduler in mmengine's shape: convertible to iterations."""

    def __init__(self, by_epoch: bool = True) -> None:
        self.by_epoch = by_epoch

    @classmethod
    def build_iter_from_epoch(cls, **kwargs: Any) -> StepLR:
        return cls(by_epoch=False)


def schedulers(scope: str) -> Registry[Any]:
    registry: Registry[Any] = Registry(
        "parameter scheduler",
        build_func=scopereg.PARAM_SCHEDULERS.build_func,
        scope=scope,
    )
    registry.register_module(module=StepLR)
    return registry


def second_child(scope: str) -> None:
    cats = Registry("cat", scope=f"{scope}_root")
    Registry("kitten", parent=cats, scope=scope)
    Registry("kitten", parent=cats, scope=scope)


# Each call mmengine answers with AssertionError, and the scopereg class and
# builtin it raises (both are checked, with the AssertionError).
CASES: dict[str, tuple[Callable[[str], object], type[Exception], type[Exception]]] = {
    "Registry(scope=1)": (
        lambda scope: Registry("cat", scope=1),  # type: ignore[arg-type]
        ScopeError,
        ValueError,
    ),
    "Registry(parent='cat')": (
        lambda scope: Registry("cat", parent="cat", scope=scope),  # type: ignore[arg-type]
        RegistryError,
        TypeError,
    ),
    "a second child of one scope": (second_child, ScopeError, ValueError),
    "_add_child('cat')": (
        lambda scope: Registry("cat", scope=scope)._add_child("cat"),  # type: ignore[arg-type]
        RegistryError,
        TypeError,
    ),
    "_add_child of another parent's child": (
        lambda scope: Registry("cat", scope=scope)._add_child(
            Registry(
                "kitten", parent=Registry("cat", scope=f"{scope}_b"), scope=f"{scope}_c"
            )
        ),
        ScopeError,
        ValueError,
    ),
    "DefaultScope(scope_name=1)": (
        lambda scope: DefaultScope("task", scope_name=1),  # type: ignore[arg-type]
        ScopeError,
        ValueError,
    ),
    "DefaultScope.get_instance(1, ...)": (
        lambda scope: DefaultScope.get_instance(1, scope_name=scope),  # type: ignore[arg-type]
        ScopeError,
        ValueError,
    ),
    "DefaultScope.get_instance('', ...)": (
        lambda scope: DefaultScope.get_instance("", scope_name=scope),
        ScopeError,
        ValueError,
    ),
    "_scope_=1": (
        lambda scope: schedulers(scope).build(dict(type="StepLR", _scope_=1)),
        ScopeError,
        ValueError,
    ),
    "init_default_scope(1)": (
        lambda scope: init_default_scope(1),  # type: ignore[arg-type]
        ScopeError,
        ValueError,
    ),
    "runner cfg not a mapping": (
        lambda scope: build_runner_from_cfg(
            "Runner",  # type: ignore[arg-type]
            Registry("runner", scope=scope),
        ),
        InvalidConfigError,
        TypeError,
    ),
    "runner registry not a registry": (
        lambda scope: build_runner_from_cfg({}, "RUNNERS"),  # type: ignore[arg-type]
        InvalidConfigError,
        TypeError,
    ),
    "scheduler cfg not a mapping": (
        lambda scope: schedulers(scope).build("StepLR"),
        InvalidConfigError,
        TypeError,
    ),
    "conversion without epoch_length": (
        lambda scope: schedulers(scope).build(
            dict(type="StepLR", convert_to_iter_based=True)
        ),
        ConfigValueError,
        ValueError,
    ),
    "conversion of by_epoch=False": (
        lambda scope: schedulers(scope).build(
            dict(
                type="StepLR",
                convert_to_iter_based=True,
                epoch_length=10,
                by_epoch=False,
            )
        ),
        ConfigValueError,
        ValueError,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_what_mmengine_asserts_is_caught_as_an_assertion_error(case, new_scope):
    call, _, _ = CASES[case]
    with pytest.raises(AssertionError):
        call(new_scope("asserts"))


@pytest.mark.parametrize("case", CASES)
def test_what_mmengine_asserts_stays_the_scopereg_error_it_was(case, new_scope):
    call, scopereg_class, builtin = CASES[case]
    with pytest.raises(scopereg_class) as info:
        call(new_scope("asserts"))
    assert isinstance(info.value, builtin)
    assert isinstance(info.value, RegistryError)


@pytest.mark.parametrize(
    ("cls", "bases"),
    [
        (ScopeAssertionError, (ScopeError, ValueError, AssertionError)),
        (ArgumentAssertionError, (RegistryError, TypeError, AssertionError)),
        (ConfigAssertionError, (InvalidConfigError, TypeError, AssertionError)),
        (ConfigValueAssertionError, (ConfigValueError, ValueError, AssertionError)),
    ],
)
def test_assertion_error_classes_are_public_with_both_bases(cls, bases):
    assert getattr(exceptions, cls.__name__) is cls
    assert getattr(scopereg, cls.__name__) is cls
    assert all(issubclass(cls, base) for base in bases)


def test_an_assertion_error_keeps_its_class_and_attributes_through_pickle():
    with pytest.raises(ScopeAssertionError) as info:
        DefaultScope("task", scope_name=7)  # type: ignore[arg-type]
    clone = pickle.loads(pickle.dumps(info.value))
    assert (type(clone), clone.scope, str(clone)) == (
        ScopeAssertionError,
        None,
        str(info.value),
    )


def test_a_refused_second_child_scope_leaves_the_first_child_in_place(new_scope):
    cats = Registry("cat", scope=new_scope("cats"))
    scope = new_scope("kitten")
    kittens = Registry("kitten", parent=cats, scope=scope)
    with pytest.raises(AssertionError):
        Registry("kitten", parent=cats, scope=scope)
    assert dict(cats.children) == {scope: kittens}
    assert cats.registry_of_scope(scope) is kittens


def test_the_checks_mmengine_asserts_still_run_under_python_dash_o():
    code = (
        "from scopereg import Registry\n"
        "try:\n"
        "    Registry('cat', scope=1)\n"
        "except AssertionError as err:\n"
        "    print(type(err).__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-O", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "ScopeAssertionError\n"
