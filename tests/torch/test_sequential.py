"""A list of model configs becomes an ``nn.Sequential`` (mmengine's model rule)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from typing import Any

import pytest

torch = pytest.importorskip(
    "torch", reason="no PyTorch here; `nox -s torch` runs these"
)
nn = torch.nn

import scopereg  # noqa: E402
from scopereg import Registry  # noqa: E402
from scopereg.exceptions import InvalidConfigError, NotRegisteredError  # noqa: E402
from scopereg.torch import build_model_from_cfg  # noqa: E402


class Scale(nn.Module):
    def __init__(self, factor: float = 2.0) -> None:
        super().__init__()
        self.factor = factor

    def forward(self, x: Any) -> Any:
        return x * self.factor


class Shift(nn.Module):
    def __init__(self, offset: float = 1.0) -> None:
        super().__init__()
        self.offset = offset

    def forward(self, x: Any) -> Any:
        return x + self.offset


def layers(build_func: Any = None) -> Registry[Any]:
    """A registry with the root MODELS's build function unless told otherwise."""
    registry: Registry[Any] = Registry(
        "model",
        build_func=build_func or scopereg.MODELS.build_func,
        scope=f"layers_{uuid.uuid4().hex[:12]}",
    )
    for module in (Scale, Shift, nn.Linear):
        registry.register_module(module=module)
    registry.register_module(name="count", module=lambda: 3)
    return registry


def test_list_config_becomes_an_nn_sequential_of_the_built_modules() -> None:
    model = layers().build([{"type": "Scale"}, {"type": "Shift", "offset": 5.0}])

    assert type(model) is nn.Sequential
    assert [type(m) for m in model] == [Scale, Shift]
    assert model[1].offset == 5.0


def test_sequential_applies_the_items_in_list_order() -> None:
    model = layers().build([{"type": "Shift"}, {"type": "Scale", "factor": 3.0}])

    assert model(torch.tensor([1.0])).tolist() == [6.0]


def test_build_model_from_cfg_builds_a_list_on_any_registry() -> None:
    registry = layers(build_func=build_model_from_cfg)

    model = registry.build([{"type": "Linear", "in_features": 2, "out_features": 3}])

    assert model(torch.zeros(1, 2)).shape == (1, 3)


def test_default_args_reach_every_item_of_a_list() -> None:
    model = layers().build(
        [{"type": "Scale"}, {"type": "Scale", "factor": 5.0}],
        default_args={"factor": 10.0},
    )

    assert [m.factor for m in model] == [10.0, 5.0]


def test_item_with_scope_key_resolves_in_that_scope() -> None:
    registry = layers()
    child = Registry("model", parent=registry, scope=f"{registry.scope}_child")

    @child.register_module(name="Scale")
    class ChildScale(Scale):
        pass

    model = registry.build(
        [{"type": "Scale"}, {"type": "Scale", "_scope_": child.scope}]
    )

    assert [type(m) for m in model] == [Scale, ChildScale]


def test_tuple_config_also_becomes_an_nn_sequential() -> None:
    model = layers().build(({"type": "Scale"},))

    assert type(model) is nn.Sequential


def test_empty_list_config_becomes_an_empty_sequential() -> None:
    model = layers().build([])

    assert type(model) is nn.Sequential
    assert len(model) == 0


def test_mapping_config_builds_the_module_itself() -> None:
    model = layers().build({"type": "Scale"})

    assert type(model) is Scale


def test_item_that_builds_no_module_is_refused_with_its_index() -> None:
    with pytest.raises(
        InvalidConfigError,
        match=r"item \[1\] of the list config \('count'\) built int 3, not a torch",
    ) as info:
        layers().build([{"type": "Scale"}, {"type": "count"}])

    assert info.value.config_path == "[1]"


def test_unknown_type_in_an_item_is_reported_with_the_item_index() -> None:
    registry = layers()

    with pytest.raises(NotRegisteredError, match=r"Shfit is not in the ") as info:
        registry.build([{"type": "Scale"}, {"type": "Shfit"}])

    assert f"in item [1] of the list config built by {registry.scope}::model" in (
        info.value.__notes__
    )


def test_item_that_is_no_mapping_is_reported_with_the_item_index() -> None:
    with pytest.raises(
        InvalidConfigError, match=r"cfg should be a dict, ConfigDict or Config"
    ) as info:
        layers().build([{"type": "Scale"}, "Shift"])

    assert any("item [1]" in note for note in info.value.__notes__)


def test_scopereg_torch_offers_the_scheduler_build_function_of_the_root() -> None:
    from scopereg.torch import build_scheduler_from_cfg

    assert scopereg.PARAM_SCHEDULERS.build_func is build_scheduler_from_cfg


def test_child_of_the_models_root_builds_a_list_into_a_sequential() -> None:
    # A fresh interpreter, so the child registry joins the real MODELS tree
    # without staying in this test process.
    code = """
        from torch import nn
        from scopereg import MODELS, Registry

        CHILD = Registry("model", parent=MODELS, scope="torch_user_pkg")
        CHILD.register_module(module=nn.Tanh)
        CHILD.register_module(module=nn.Identity)
        print(CHILD.build([dict(type="Tanh"), dict(type="Identity")]))
    """
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == [
        "Sequential(",
        "(0):",
        "Tanh()",
        "(1):",
        "Identity()",
        ")",
    ]
