"""Each error's first line holds mmengine's sentence for the same error.

Code migrated from mmengine matches its errors with
``pytest.raises(..., match=...)``; those patterns must keep matching. The
expected sentences are mmengine 0.10.7's (``mmengine/registry/*.py``), with
its way of printing a type (``<class 'int'>``); scopereg's own lines (where,
did-you-mean, fix) follow on the next lines.
"""

from __future__ import annotations

import re

import pytest

import scopereg
from scopereg import DefaultScope, Registry, build_from_cfg, build_runner_from_cfg

MMENGINE_DOCS = (
    "https://mmengine.readthedocs.io/en/latest/advanced_tutorials/config.html"
    "#import-the-custom-module"
)


def first_line(error: pytest.ExceptionInfo[BaseException]) -> str:
    return str(error.value).splitlines()[0]


@pytest.fixture
def backbones(new_scope):
    registry = Registry("backbone", scope=new_scope("probe"))

    @registry.register_module()
    class ResNet:
        def __init__(self, depth: int = 50) -> None:
            self.depth = depth

    return registry


# -- register_module -------------------------------------------------------------


def test_force_that_is_not_a_bool_reads_as_in_mmengine(backbones):
    with pytest.raises(
        TypeError, match="force must be a boolean, but got <class 'int'>"
    ):
        backbones.register_module(force=1)


def test_name_of_a_wrong_type_reads_as_in_mmengine(backbones):
    with pytest.raises(
        TypeError,
        match="name must be None, an instance of str, or a sequence of str, "
        "but got <class 'int'>",
    ):
        backbones.register_module(name=7474741)


def test_name_sequence_holding_a_non_str_reads_as_in_mmengine(backbones):
    with pytest.raises(TypeError) as info:
        backbones.register_module(name=("Net", 3), module=dict)
    assert first_line(info).startswith(
        "name must be None, an instance of str, or a sequence of str, "
        "but got <class 'tuple'>"
    )


def test_module_that_is_not_callable_reads_as_in_mmengine(backbones):
    with pytest.raises(
        TypeError, match="module must be Callable, but got <class 'str'>"
    ):
        backbones.register_module(module="string")


def test_taken_name_reads_as_in_mmengine_naming_the_existing_module(backbones):
    class ResNet:
        pass

    existing = backbones.get("ResNet").__module__
    with pytest.raises(
        KeyError, match=f"ResNet is already registered in backbone at {existing}"
    ):
        backbones.register_module(module=ResNet)


def test_taken_name_error_names_the_registry_then_both_definitions(backbones):
    class ResNet:
        pass

    with pytest.raises(KeyError) as info:
        backbones.register_module(module=ResNet)
    lines = str(info.value).splitlines()
    assert lines[0].endswith(f"(registry {backbones.scope}::backbone)")
    assert lines[1].startswith("  existing: ")
    assert lines[-1].startswith("  fix: ")


# -- get ---------------------------------------------------------------------------


def test_get_with_a_key_that_is_not_a_str_reads_as_in_mmengine(backbones):
    with pytest.raises(
        TypeError,
        match=re.escape(
            "The key argument of `Registry.get` must be a str, got <class 'NoneType'>"
        ),
    ):
        backbones.get(None)  # type: ignore[arg-type]


# -- build_from_cfg and Registry.build -------------------------------------------


def test_cfg_that_is_not_a_mapping_reads_as_in_mmengine(backbones):
    with pytest.raises(
        TypeError,
        match="cfg should be a dict, ConfigDict or Config, but got <class 'str'>",
    ):
        build_from_cfg("ResNet", backbones)


def test_cfg_without_type_reads_as_in_mmengine(backbones):
    with pytest.raises(KeyError) as info:
        build_from_cfg(dict(depth=50), backbones, default_args=dict(stages=4))
    assert first_line(info).startswith(
        '`cfg` or `default_args` must contain the key "type", but '
    )


def test_type_that_is_neither_str_nor_callable_reads_as_in_mmengine(backbones):
    with pytest.raises(
        TypeError, match="type must be a str or valid type, but got <class 'int'>"
    ):
        build_from_cfg(dict(type=1000), backbones)


def test_unregistered_type_is_mmengines_whole_sentence_on_the_first_line(backbones):
    with pytest.raises(KeyError) as info:
        backbones.build(dict(type="VGG"))
    assert first_line(info) == (
        f"VGG is not in the {backbones.scope}::backbone registry. Please check "
        "whether the value of `VGG` is correct or it was registered as expected. "
        f"More details can be found at {MMENGINE_DOCS}"
    )


def test_unregistered_type_error_goes_on_with_the_search_and_the_fixes(backbones):
    with pytest.raises(KeyError) as info:
        build_from_cfg(dict(type="ResNte"), backbones)
    lines = str(info.value).splitlines()
    assert lines[1] == f"  searched: {backbones.scope}::backbone"
    assert "  fix: did you mean 'ResNet'?" in lines


def test_unregistered_type_names_the_registry_the_default_scope_chose(
    backbones, new_scope
):
    child = Registry("backbone", parent=backbones, scope=new_scope("child"))
    with DefaultScope(child.scope), pytest.raises(KeyError) as info:
        backbones.build(dict(type="VGG"))
    assert first_line(info).startswith(f"VGG is not in the {child.scope}::backbone ")


def test_registry_that_is_not_a_registry_reads_as_in_mmengine():
    with pytest.raises(
        TypeError,
        match=re.escape(
            "registry must be a mmengine.Registry object, but got <class 'str'>"
        ),
    ):
        build_from_cfg(dict(type="ResNet"), "BACKBONES")


def test_default_args_of_a_wrong_type_read_as_in_mmengine(backbones):
    with pytest.raises(
        TypeError,
        match="default_args should be a dict, ConfigDict, Config or None, "
        "but got <class 'int'>",
    ):
        build_from_cfg(dict(type="ResNet"), backbones, default_args=1)


# -- the tree and the default scope ---------------------------------------------


def test_second_child_of_a_scope_reads_as_in_mmengine(new_scope):
    cats = Registry("cat", scope=new_scope("cats"))
    kittens = new_scope("kitten")
    Registry("kitten", parent=cats, scope=kittens)
    with pytest.raises(AssertionError, match=f"scope {kittens} exists in cat registry"):
        Registry("kitten", parent=cats, scope=kittens)


def test_scope_name_that_is_not_a_str_reads_as_in_mmengine():
    with pytest.raises(
        AssertionError, match="scope_name should be a string, but got 1"
    ):
        DefaultScope.get_instance("mm-messages", scope_name=1)  # type: ignore[arg-type]


def test_default_scope_name_that_is_not_a_str_reads_as_in_mmengine():
    with pytest.raises(
        AssertionError, match=r"name argument must be an non-empty string\."
    ):
        DefaultScope(3)  # type: ignore[arg-type]


def test_parent_that_is_not_a_registry_names_its_type_as_mmengine_prints_it():
    with pytest.raises(AssertionError) as info:
        Registry("little_cat", parent="cat", scope="little_cat")  # type: ignore[arg-type]
    assert first_line(info) == (
        "parent should be a Registry or None, but got <class 'str'>: 'cat'"
    )


# -- the runner and scheduler build functions ------------------------------------


def test_runner_cfg_that_is_not_a_mapping_reads_as_in_mmengine(new_scope):
    runners = Registry("runner", scope=new_scope("runners"))
    with pytest.raises(
        AssertionError,
        match="cfg should be a dict, ConfigDict or Config, but got <class 'str'>",
    ):
        build_runner_from_cfg("Runner", runners)  # type: ignore[arg-type]


def test_iter_based_conversion_without_epoch_length_reads_as_in_mmengine(new_scope):
    schedulers = Registry(
        "parameter scheduler",
        build_func=scopereg.PARAM_SCHEDULERS.build_func,
        scope=new_scope("sched"),
    )

    @schedulers.register_module()
    class StepLR:
        @classmethod
        def build_iter_from_epoch(cls, **kwargs: object) -> StepLR:
            return cls()

    with pytest.raises(
        AssertionError,
        match="Only epoch-based parameter scheduler can be converted to "
        "iter-based, and `epoch_length` should be set",
    ):
        schedulers.build(dict(type="StepLR", convert_to_iter_based=True))


def test_instance_name_that_is_not_a_str_reads_as_in_mmengine():
    with pytest.raises(AssertionError, match="type of name should be str, but got"):
        DefaultScope.get_instance(1, scope_name="srdet")  # type: ignore[arg-type]


def test_new_arguments_for_a_known_instance_warn_as_in_mmengine(new_scope):
    name = new_scope("known")
    DefaultScope.get_instance(name, scope_name=new_scope())
    with pytest.warns(
        UserWarning,
        match=f"instance named of {name} has been created, the method "
        "`get_instance` should not accept any other arguments",
    ):
        DefaultScope.get_instance(name, scope_name=new_scope())


def test_runner_registry_that_is_not_a_registry_reads_as_in_mmengine():
    with pytest.raises(
        AssertionError,
        match=re.escape("registry should be a mmengine.Registry object"),
    ):
        build_runner_from_cfg({}, "RUNNERS")  # type: ignore[arg-type]
