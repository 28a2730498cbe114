"""The parameter-scheduler build function: mmengine's epoch/iteration rules."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import scopereg
from scopereg import DefaultScope, Registry
from scopereg.exceptions import (
    ConfigValueError,
    InvalidConfigError,
    MissingTypeError,
    NotRegisteredError,
)


class StepLR:
    """A scheduler in mmengine's shape: epoch based, convertible to iterations."""

    def __init__(self, step: int, begin: int = 0, by_epoch: bool = True) -> None:
        self.step = step
        self.begin = begin
        self.by_epoch = by_epoch

    @classmethod
    def build_iter_from_epoch(
        cls, step: int, begin: int = 0, by_epoch: bool = True, epoch_length: int = 1
    ) -> StepLR:
        assert by_epoch, "only epoch-based schedulers are converted"
        return cls(step * epoch_length, begin * epoch_length, by_epoch=False)


class Constant:
    """A scheduler without build_iter_from_epoch."""

    def __init__(self, value: float = 1.0) -> None:
        self.value = value


def scheduler_registry(**kwargs: Any) -> Registry[Any]:
    """A registry with the root PARAM_SCHEDULERS's build function."""
    registry: Registry[Any] = Registry(
        "parameter scheduler",
        build_func=scopereg.PARAM_SCHEDULERS.build_func,
        scope=f"sched_{uuid.uuid4().hex[:12]}",
        **kwargs,
    )
    registry.register_module(module=StepLR)
    registry.register_module(module=Constant)
    return registry


def test_epoch_length_is_dropped_from_an_ordinary_scheduler_build() -> None:
    registry = scheduler_registry()

    scheduler = registry.build({"type": "StepLR", "step": 3, "epoch_length": 100})

    assert vars(scheduler) == {"step": 3, "begin": 0, "by_epoch": True}


def test_convert_to_iter_based_builds_through_build_iter_from_epoch() -> None:
    registry = scheduler_registry()
    cfg = {
        "type": "StepLR",
        "step": 3,
        "begin": 1,
        "epoch_length": 100,
        "convert_to_iter_based": True,
    }

    scheduler = registry.build(cfg)

    assert vars(scheduler) == {"step": 300, "begin": 100, "by_epoch": False}


def test_epoch_length_for_the_conversion_may_come_from_default_args() -> None:
    registry = scheduler_registry()
    cfg = {"type": "StepLR", "step": 2, "convert_to_iter_based": True}

    scheduler = registry.build(cfg, default_args={"epoch_length": 10})

    assert scheduler.step == 20


def test_false_convert_to_iter_based_builds_the_epoch_based_scheduler() -> None:
    registry = scheduler_registry()
    cfg = {
        "type": "StepLR",
        "step": 3,
        "epoch_length": 10,
        "convert_to_iter_based": False,
    }

    scheduler = registry.build(cfg)

    assert (scheduler.step, scheduler.by_epoch) == (3, True)


def test_conversion_without_epoch_length_is_refused_with_the_fix() -> None:
    registry = scheduler_registry()
    cfg = {"type": "StepLR", "step": 3, "convert_to_iter_based": True}

    with pytest.raises(
        ConfigValueError, match=r"'StepLR'.*gives no epoch_length"
    ) as info:
        registry.build(cfg)

    assert "pass epoch_length in the config or in default_args" in str(info.value)


def test_conversion_of_an_iteration_based_scheduler_is_refused() -> None:
    registry = scheduler_registry()
    cfg = {
        "type": "StepLR",
        "step": 3,
        "by_epoch": False,
        "epoch_length": 10,
        "convert_to_iter_based": True,
    }

    with pytest.raises(ConfigValueError, match=r"says by_epoch=False"):
        registry.build(cfg)


def test_conversion_of_a_class_without_build_iter_from_epoch_is_refused() -> None:
    registry = scheduler_registry()
    cfg = {"type": "Constant", "epoch_length": 10, "convert_to_iter_based": True}

    with pytest.raises(
        InvalidConfigError, match=r"'Constant'.*no build_iter_from_epoch"
    ):
        registry.build(cfg)


def test_conversion_resolves_the_type_in_the_scope_given_by_scope_key() -> None:
    registry = scheduler_registry()
    child = Registry(
        "parameter scheduler",
        parent=registry,
        scope=f"sched_child_{uuid.uuid4().hex[:12]}",
    )

    @child.register_module(name="StepLR")
    class ChildStepLR(StepLR):
        pass

    cfg = {
        "type": "StepLR",
        "step": 1,
        "epoch_length": 5,
        "convert_to_iter_based": True,
        "_scope_": child.scope,
    }

    assert type(registry.build(cfg)) is ChildStepLR


def test_conversion_of_an_unknown_type_raises_not_registered() -> None:
    registry = scheduler_registry()
    cfg = {
        "type": "StepLr",
        "step": 1,
        "epoch_length": 5,
        "convert_to_iter_based": True,
    }

    with pytest.raises(NotRegisteredError, match=r"StepLr is not in the "):
        registry.build(cfg)


def test_scheduler_config_without_type_raises_missing_type() -> None:
    registry = scheduler_registry()

    with pytest.raises(MissingTypeError, match='must contain the key "type"'):
        registry.build({"step": 1, "epoch_length": 5})


def test_error_raised_by_build_iter_from_epoch_gets_a_build_note() -> None:
    registry = scheduler_registry()
    cfg = {
        "type": "StepLR",
        "step": 1,
        "epoch_length": 5,
        "convert_to_iter_based": True,
    }

    with pytest.raises(TypeError, match=r"unexpected keyword argument 'gamma'") as info:
        registry.build({**cfg, "gamma": 0.1})

    assert any("while building 'StepLR'" in note for note in info.value.__notes__)


def test_scheduler_build_leaves_config_and_default_args_unchanged() -> None:
    registry = scheduler_registry()
    cfg = {
        "type": "StepLR",
        "step": 3,
        "convert_to_iter_based": True,
        "_scope_": registry.scope,
    }
    default_args = {"epoch_length": 10}

    registry.build(cfg, default_args=default_args)

    assert cfg == {
        "type": "StepLR",
        "step": 3,
        "convert_to_iter_based": True,
        "_scope_": registry.scope,
    }
    assert default_args == {"epoch_length": 10}


def test_failed_conversion_restores_the_default_scope() -> None:
    registry = scheduler_registry()
    cfg = {"type": "Constant", "convert_to_iter_based": True, "epoch_length": 1}

    with DefaultScope(registry.scope) as outer:
        with pytest.raises(InvalidConfigError):
            registry.build({**cfg, "_scope_": registry.scope})
        assert DefaultScope.get_current_instance() is outer
