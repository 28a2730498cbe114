"""The root model registry's build function, and that scopereg stays torch-free.

With PyTorch installed a list config becomes an ``nn.Sequential`` (tested in
tests/torch); these tests hold whether or not PyTorch is installed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from typing import Any

import pytest

import scopereg
from scopereg import Registry
from scopereg.exceptions import InvalidConfigError, OptionalDependencyError


class Head:
    def __init__(self, classes: int = 80) -> None:
        self.classes = classes


def model_registry() -> Registry[Any]:
    """A registry with the root MODELS's build function, as its children have."""
    registry: Registry[Any] = Registry(
        "model",
        build_func=scopereg.MODELS.build_func,
        scope=f"models_{uuid.uuid4().hex[:12]}",
    )
    registry.register_module(module=Head)
    return registry


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter and return what it printed."""
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


@pytest.fixture
def without_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import torch`` fail in this test as if PyTorch were not installed."""
    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.delitem(sys.modules, "scopereg.torch", raising=False)


def test_import_scopereg_imports_no_torch() -> None:
    printed = run_python(
        """
        import sys
        import scopereg
        print(sorted(name for name in sys.modules if name.split(".")[0] == "torch"))
        """
    )

    assert printed == "[]"


def test_child_of_models_builds_a_mapping_without_importing_torch() -> None:
    printed = run_python(
        """
        import sys
        from scopereg import MODELS, Registry

        CHILD = Registry("model", parent=MODELS, scope="torchless_pkg")
        CHILD.register_module(module=complex)
        built = CHILD.build(dict(type="complex", real=2))
        print(built, "torch" in sys.modules)
        """
    )

    assert printed == "(2+0j) False"


def test_model_build_function_builds_a_mapping_like_build_from_cfg() -> None:
    registry = model_registry()

    head = registry.build({"type": "Head"}, default_args={"classes": 3})

    assert (type(head), head.classes) == (Head, 3)


def test_model_build_function_refuses_a_non_config_like_build_from_cfg() -> None:
    registry = model_registry()

    with pytest.raises(
        InvalidConfigError, match=r"cfg should be a dict, ConfigDict or Config"
    ):
        registry.build("Head")  # type: ignore[arg-type]


@pytest.mark.usefixtures("without_torch")
def test_list_config_without_torch_raises_an_error_naming_the_extra() -> None:
    registry = model_registry()

    with pytest.raises(
        OptionalDependencyError, match=r"list of 2 configs.*PyTorch is not installed"
    ) as info:
        registry.build([{"type": "Head"}, {"type": "Head"}])

    assert "pip install 'scopereg[torch]'" in str(info.value)
    assert (info.value.name, info.value.extra) == ("torch", "torch")


@pytest.mark.usefixtures("without_torch")
def test_list_config_without_torch_is_an_import_error() -> None:
    registry = model_registry()

    with pytest.raises(ImportError, match=r"nn\.Sequential"):
        registry.build([{"type": "Head"}])


@pytest.mark.usefixtures("without_torch")
def test_scopereg_torch_without_torch_raises_an_error_naming_the_extra() -> None:
    with pytest.raises(
        OptionalDependencyError, match=r"scopereg\.torch needs PyTorch"
    ) as info:
        import scopereg.torch  # noqa: F401

    assert "pip install 'scopereg[torch]'" in str(info.value)
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_scopereg_declares_the_torch_extra() -> None:
    from importlib.metadata import metadata

    requirements = metadata("scopereg").get_all("Requires-Dist") or []

    assert "torch; extra == 'torch'" in requirements


def test_model_registry_builds_nested_configs_recursively(new_scope):
    reg = Registry("model", build_func=scopereg.MODELS.build_func, scope=new_scope())

    @reg.register_module()
    class Part:
        def __init__(self, size=1):
            self.size = size

    @reg.register_module()
    class Whole:
        def __init__(self, part):
            self.part = part

    built = reg.build(
        dict(type="Whole", part=dict(type="Part", size=4)), recursive=True
    )
    assert built.part.size == 4


def test_model_registry_refuses_a_list_config_with_recursive(new_scope):
    reg = Registry("model", build_func=scopereg.MODELS.build_func, scope=new_scope())
    with pytest.raises(TypeError, match="recursive builds take one mapping"):
        reg.build([dict(type="Part")], recursive=True)
