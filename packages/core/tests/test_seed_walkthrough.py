"""The seed notes (registry-notes-ko.txt), cell by cell, running on scopereg.

The notebook imported ``Registry`` and ``build_from_cfg`` from mmengine; here
they come from scopereg and nothing else changes, except that ``Module``
stands in for ``torch.nn.Module``, plain lists stand in for tensors, and the
location ``mmengine.models.activations`` is a tiny fake package written to
``tmp_path``. The custom ``build_activation`` cell, cut short in the notes,
is completed as mmengine's docs complete it: look the type up and build it.
"""

from __future__ import annotations

import importlib
import re
import sys

import pytest

from scopereg import Registry, build_from_cfg
from scopereg.exceptions import NotRegisteredError

LOCATION = "mmengine.models.activations"

FAKE_MMENGINE = {
    "__init__.py": "",
    "models/__init__.py": "",
    "models/activations.py": """
        # The module the seed's ACTIVATION registry names in locations=[...].
        IMPORTED = True
    """,
}


class Module:
    """Stand-in for ``torch.nn.Module``: calling an instance runs ``forward``."""

    def __init__(self):
        pass

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)


@pytest.fixture
def mmengine(fake_package):
    """The fake ``mmengine`` package holding the location (not imported yet)."""
    return fake_package(FAKE_MMENGINE, name="mmengine")


@pytest.fixture
def ACTIVATION(mmengine):  # noqa: N802 - the seed's variable name
    # In [13]
    # 'scope' is the registry's domain; unset, it is the calling package.
    # 'locations' names the modules where the registry's modules are defined.
    ACTIVATION = Registry(  # noqa: N806
        "activation", scope="mmengine", locations=["mmengine.models.activations"]
    )

    # In [14]
    @ACTIVATION.register_module()
    class Sigmoid(Module):
        def __init__(self):
            super().__init__()

        def forward(self, x):
            print("call Sigmoid.forward")
            return x

    @ACTIVATION.register_module()
    class ReLU(Module):
        def __init__(self, inplace=False):
            super().__init__()

        def forward(self, x):
            print("call ReLU.forward")
            return x

    @ACTIVATION.register_module()  # same as @ACTIVATION.register_module(module=Softmax)
    class Softmax(Module):
        def __init__(self):
            super().__init__()

        def forward(self, x):
            print("call Softmax.forward")
            return x

    return ACTIVATION


# -- In [13]: creating the registry ------------------------------------------------------


def test_cell_13_creates_the_registry_with_its_scope_and_location(ACTIVATION):  # noqa: N803
    assert (ACTIVATION.name, ACTIVATION.scope, ACTIVATION.locations) == (
        "activation",
        "mmengine",
        (LOCATION,),
    )


def test_cell_13_does_not_import_the_location_yet(ACTIVATION):  # noqa: N803
    assert LOCATION not in sys.modules


# -- In [14] / In [15]: registering and printing module_dict ------------------------------


def test_cell_14_registers_the_three_activations_in_order(ACTIVATION):  # noqa: N803
    assert list(ACTIVATION.module_dict) == ["Sigmoid", "ReLU", "Softmax"]


def test_cell_15_prints_module_dict_as_names_and_classes(ACTIVATION, capsys):  # noqa: N803
    print(ACTIVATION.module_dict)
    assert re.fullmatch(
        r"\{'Sigmoid': <class '[\w.<>]+\.Sigmoid'>, "
        r"'ReLU': <class '[\w.<>]+\.ReLU'>, "
        r"'Softmax': <class '[\w.<>]+\.Softmax'>\}\n",
        capsys.readouterr().out,
    )


def test_cell_14_register_module_with_module_is_the_same_as_the_decorator(mmengine):
    ACTIVATION = Registry(  # noqa: N806
        "activation", scope="mmengine", locations=["mmengine.models.activations"]
    )

    class Softmax(Module):
        def forward(self, x):
            return x

    assert ACTIVATION.register_module(module=Softmax) is Softmax
    assert ACTIVATION.module_dict == {"Softmax": Softmax}


# -- In [16]: _register_module -----------------------------------------------------------


def test_cell_16_private_register_module_uses_the_class_name(ACTIVATION):  # noqa: N803
    class GELU(Module):
        pass

    ACTIVATION._register_module(module=GELU, module_name=None, force=False)
    assert ACTIVATION.get("GELU") is GELU


def test_cell_16_private_register_module_takes_a_list_of_names(ACTIVATION):  # noqa: N803
    class GELU(Module):
        pass

    ACTIVATION._register_module(GELU, ["GELU", "GeLU"])
    assert ACTIVATION.get("GeLU") is ACTIVATION.get("GELU") is GELU


def test_cell_16_non_callable_module_is_a_type_error(ACTIVATION):  # noqa: N803
    with pytest.raises(TypeError, match="module must be Callable"):
        ACTIVATION._register_module("GELU")


def test_cell_16_taken_name_without_force_is_a_key_error(ACTIVATION):  # noqa: N803
    class Sigmoid(Module):
        pass

    with pytest.raises(
        KeyError,
        match=r"Sigmoid is already registered in activation at .* "
        r"\(registry mmengine::activation\)",
    ):
        ACTIVATION._register_module(Sigmoid)


def test_cell_16_taken_name_with_force_is_replaced(ACTIVATION):  # noqa: N803
    class Sigmoid(Module):
        pass

    ACTIVATION._register_module(Sigmoid, force=True)
    assert ACTIVATION.get("Sigmoid") is Sigmoid


# -- NOTE: way 1, a module implemented in the location is imported automatically ----------


def test_note_a_module_defined_in_the_location_is_imported_and_built(fake_package):
    fake_package(
        {
            "__init__.py": "",
            "registry.py": """
                from scopereg import Registry

                ACTIVATION = Registry(
                    "activation",
                    scope="mmengine",
                    locations=["mmengine.models.activations"],
                )
            """,
            "models/__init__.py": "",
            "models/activations.py": """
                from mmengine.registry import ACTIVATION


                @ACTIVATION.register_module()
                class GELU:
                    def __call__(self, x):
                        return x
            """,
        },
        name="mmengine",
    )
    ACTIVATION = importlib.import_module("mmengine.registry").ACTIVATION  # noqa: N806
    assert LOCATION not in sys.modules
    activation = ACTIVATION.build(dict(type="GELU"))
    assert type(activation) is sys.modules[LOCATION].GELU


# -- In [None]: building from configs ---------------------------------------------------------


def test_build_sigmoid_and_call_it(ACTIVATION, capsys):  # noqa: N803
    input = [0.5, -1.0]  # torch.randn(2)

    act_cfg = dict(type="Sigmoid")
    activation = ACTIVATION.build(act_cfg)
    output = activation(input)
    print(output)  # call Sigmoid.forward

    assert capsys.readouterr().out == "call Sigmoid.forward\n[0.5, -1.0]\n"
    assert type(activation) is ACTIVATION.get("Sigmoid")


def test_build_relu_with_inplace_and_call_it(ACTIVATION, capsys):  # noqa: N803
    input = [0.5, -1.0]

    act_cfg = dict(type="ReLU", inplace=True)
    activation = ACTIVATION.build(act_cfg)
    output = activation(input)
    print(output)  # call ReLU.forward

    assert capsys.readouterr().out == "call ReLU.forward\n[0.5, -1.0]\n"


def test_first_build_imports_the_location(ACTIVATION):  # noqa: N803
    ACTIVATION.build(dict(type="Sigmoid"))
    assert sys.modules[LOCATION].IMPORTED is True


def test_build_does_not_change_the_config(ACTIVATION):  # noqa: N803
    act_cfg = dict(type="ReLU", inplace=True)
    ACTIVATION.build(act_cfg)
    assert act_cfg == dict(type="ReLU", inplace=True)


# -- In [None]: a custom build function ---------------------------------------------------------


def build_activation(cfg, registry, *args, **kwargs):
    cfg_ = cfg.copy()
    act_type = cfg_.pop("type")
    print(f"build activation: {act_type}")
    # the notes stop here; mmengine's docs go on to build the object:
    act_cls = registry.get(act_type)
    return act_cls(*args, **kwargs, **cfg_)


@pytest.fixture
def custom_activation(mmengine):
    ACTIVATION = Registry(  # noqa: N806
        "activation",
        build_func=build_activation,
        scope="mmengine",
        locations=["mmengine.models.activations"],
    )

    @ACTIVATION.register_module()
    class Tanh(Module):
        def __init__(self):
            super().__init__()

        def forward(self, x):
            print("call Tanh.forward")
            return x

    return ACTIVATION


def test_custom_build_func_builds_tanh_and_prints_each_step(custom_activation, capsys):
    ACTIVATION = custom_activation  # noqa: N806
    input = [0.5, -1.0]

    act_cfg = dict(type="Tanh")
    activation = ACTIVATION.build(act_cfg)
    output = activation(input)
    # build activation: Tanh
    # call Tanh.forward
    print(output)

    assert capsys.readouterr().out == (
        "build activation: Tanh\ncall Tanh.forward\n[0.5, -1.0]\n"
    )


def test_custom_build_func_is_the_registrys_build_func(custom_activation):
    assert custom_activation.build_func is build_activation


def test_custom_build_func_does_not_change_the_config(custom_activation, capsys):
    act_cfg = dict(type="Tanh")
    custom_activation.build(act_cfg)
    assert act_cfg == dict(type="Tanh")


# -- In [None]: build_from_cfg usage example ----------------------------------------------------


@pytest.fixture
def MODELS():  # noqa: N802 - the seed's variable name
    MODELS = Registry("models")  # noqa: N806

    @MODELS.register_module()  # registers the class ResNet
    class ResNet:
        def __init__(self, depth, stages=4):
            self.depth = depth
            self.stages = stages

    return MODELS


def test_usage_registry_without_scope_gets_the_calling_package_as_scope(MODELS):  # noqa: N803
    assert MODELS.scope == __name__.partition(".")[0]


def test_usage_build_without_the_required_depth_is_a_type_error_naming_resnet(
    MODELS,  # noqa: N803
):
    with pytest.raises(TypeError, match="depth") as info:
        MODELS.build(dict(type="ResNet"))
    assert any("'ResNet'" in note for note in info.value.__notes__)
    assert f"from {MODELS.scope}::models" in info.value.__notes__[0]


def test_usage_build_from_cfg_with_depth_returns_an_instance(MODELS):  # noqa: N803
    cfg = dict(type="ResNet", depth=50)
    model = build_from_cfg(cfg, MODELS)
    assert (type(model), model.depth, model.stages) == (
        MODELS.get("ResNet"),
        50,
        4,
    )


def test_usage_registry_build_with_depth_returns_an_instance(MODELS):  # noqa: N803
    cfg = dict(type="ResNet", depth=50)
    resnet = MODELS.build(cfg)
    assert resnet.depth == 50


def test_usage_registered_function_is_called_and_its_result_returned(MODELS):  # noqa: N803
    calls = []

    # Returns an instantiated object
    @MODELS.register_module()
    def resnet50():  # registers the function resnet50
        calls.append("resnet50")

    # Return a result of the calling function
    resnet = MODELS.build(dict(type="resnet50"))
    assert (resnet, calls) == (None, ["resnet50"])


def test_usage_the_commented_out_typo_reset50_suggests_resnet50(MODELS):  # noqa: N803
    @MODELS.register_module()
    def resnet50():
        pass

    with pytest.raises(NotRegisteredError, match="did you mean 'resnet50'"):
        build_from_cfg(dict(type="reset50"), MODELS)
