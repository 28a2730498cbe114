"""The seed notes' registry walkthrough, on real ``nn.Module`` activations.

An activation registry whose ``locations`` module registers Sigmoid, ReLU and
Softmax; building them from configs and running them on a tensor; and the
notes' custom ``build_func``, completed so it returns the module it builds.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

torch = pytest.importorskip(
    "torch", reason="no PyTorch here; `nox -s torch` runs these"
)
nn = torch.nn

from scopereg import Registry  # noqa: E402

ACTIVATIONS_MODULE = '''
"""Activations registered into the package's registry (its ``location``)."""

import torch
from torch import nn

from {package}.registry import ACTIVATION


@ACTIVATION.register_module()
class Sigmoid(nn.Module):
    def forward(self, x):
        return torch.sigmoid(x)


@ACTIVATION.register_module()
class ReLU(nn.Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        return torch.relu_(x) if self.inplace else torch.relu(x)


@ACTIVATION.register_module()  # the same as register_module(module=Softmax)
class Softmax(nn.Module):
    def forward(self, x):
        return torch.softmax(x, dim=-1)
'''

REGISTRY_MODULE = '''
"""The package's registry; no scope given, so the scope is the package name."""

from scopereg import Registry

ACTIVATION = Registry("activation", locations=["{package}.activations"])
'''


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """Write an activation package to tmp_path; yield its registry module."""
    name = f"acts_{uuid.uuid4().hex[:12]}"
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "registry.py").write_text(
        textwrap.dedent(REGISTRY_MODULE).format(package=name)
    )
    (root / "activations.py").write_text(
        textwrap.dedent(ACTIVATIONS_MODULE).format(package=name)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(f"{name}.registry")
    for module in [m for m in sys.modules if m.split(".")[0] == name]:
        del sys.modules[module]


def test_registry_scope_is_the_package_that_creates_it(package: ModuleType) -> None:
    assert package.ACTIVATION.scope == package.__name__.split(".")[0]


def test_first_build_imports_the_location_that_registers_the_modules(
    package: ModuleType,
) -> None:
    registry = package.ACTIVATION
    assert len(registry) == 0

    registry.build({"type": "Sigmoid"})

    activations = sys.modules[f"{registry.scope}.activations"]
    assert registry.module_dict == {
        "Sigmoid": activations.Sigmoid,
        "ReLU": activations.ReLU,
        "Softmax": activations.Softmax,
    }


def test_built_sigmoid_is_a_module_that_runs_on_a_tensor(package: ModuleType) -> None:
    inputs = torch.randn(2)

    activation = package.ACTIVATION.build({"type": "Sigmoid"})

    assert isinstance(activation, nn.Module)
    torch.testing.assert_close(activation(inputs), torch.sigmoid(inputs))


def test_relu_built_with_inplace_true_changes_its_input(package: ModuleType) -> None:
    inputs = torch.tensor([-1.0, 2.0])

    activation = package.ACTIVATION.build({"type": "ReLU", "inplace": True})
    output = activation(inputs)

    assert activation.inplace is True
    assert output is inputs
    assert inputs.tolist() == [0.0, 2.0]


def test_built_softmax_turns_scores_into_probabilities(package: ModuleType) -> None:
    activation = package.ACTIVATION.build({"type": "Softmax"})

    output = activation(torch.tensor([1.0, 2.0, 3.0]))

    torch.testing.assert_close(output.sum(), torch.tensor(1.0))


def test_custom_build_func_checks_the_type_then_builds_the_module() -> None:
    seen: list[str] = []

    def build_activation(
        cfg: Mapping[str, Any], registry: Registry[Any], *args: Any, **kwargs: Any
    ) -> Any:
        cfg_ = dict(cfg)
        act_type = cfg_.pop("type")
        seen.append(act_type)
        # The seed notes stop after the check; a build function must also
        # look the type up and construct it.
        return registry.get(act_type)(*args, **cfg_, **kwargs)

    activation_registry: Registry[Any] = Registry(
        "activation", build_func=build_activation, scope=f"seed_{uuid.uuid4().hex[:8]}"
    )

    @activation_registry.register_module()
    class Tanh(nn.Module):
        def forward(self, x: Any) -> Any:
            return torch.tanh(x)

    inputs = torch.randn(3)
    activation = activation_registry.build({"type": "Tanh"})

    assert seen == ["Tanh"]
    assert type(activation) is Tanh
    torch.testing.assert_close(activation(inputs), torch.tanh(inputs))


def test_registered_function_returns_the_module_it_makes() -> None:
    models: Registry[Any] = Registry("model", scope=f"seed_fn_{uuid.uuid4().hex[:8]}")

    @models.register_module()
    def tiny_mlp(width: int) -> nn.Module:
        return nn.Sequential(nn.Linear(width, width), nn.ReLU())

    mlp = models.build({"type": "tiny_mlp", "width": 4})

    assert mlp(torch.zeros(2, 4)).shape == (2, 4)
