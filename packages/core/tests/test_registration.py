"""Registering classes and functions: every form mmengine accepts, and the checks."""

from __future__ import annotations

import functools
import inspect

import pytest

from scopereg import Registry
from scopereg.exceptions import DuplicateRegistrationError, InvalidRegistrationError


def _location(obj: object) -> str:
    """Return ``file:line`` where ``obj`` is defined, as error messages print it."""
    if inspect.isclass(obj):
        return f"{inspect.getsourcefile(obj)}:{inspect.getsourcelines(obj)[1]}"
    code = obj.__code__  # type: ignore[attr-defined]
    return f"{code.co_filename}:{code.co_firstlineno}"


def test_decorator_registers_the_class_under_its_name(new_scope):
    reg = Registry("model", scope=new_scope())

    @reg.register_module()
    class ResNet:
        pass

    assert reg.module_dict == {"ResNet": ResNet}


def test_decorator_returns_the_class_unchanged(new_scope):
    reg = Registry("model", scope=new_scope())

    class ResNet:
        pass

    assert reg.register_module()(ResNet) is ResNet


def test_decorator_with_a_name_registers_under_that_name(new_scope):
    reg = Registry("model", scope=new_scope())

    @reg.register_module(name="Backbone")
    class ResNet:
        pass

    assert reg.module_dict == {"Backbone": ResNet}


def test_call_form_with_module_registers_and_returns_it(new_scope):
    reg = Registry("model", scope=new_scope())

    def resnet50():
        return "net"

    assert reg.register_module(module=resnet50) is resnet50
    assert reg.get("resnet50") is resnet50


def test_positional_form_name_force_module_registers(new_scope):
    reg = Registry("model", scope=new_scope())

    def build_net():
        return "net"

    assert reg.register_module("net", False, build_net) is build_net
    assert reg.module_dict == {"net": build_net}


def test_name_list_registers_every_alias(new_scope):
    reg = Registry("transform", scope=new_scope())

    @reg.register_module(name=["Flip", "HFlip"])
    def flip(x):
        return x[::-1]

    assert reg.module_dict == {"Flip": flip, "HFlip": flip}


def test_name_tuple_registers_every_alias(new_scope):
    reg = Registry("transform", scope=new_scope())

    @reg.register_module(name=("Flip", "HFlip"))
    def flip(x):
        return x[::-1]

    assert list(reg) == ["Flip", "HFlip"]


def test_empty_name_list_registers_nothing_and_returns_the_object(new_scope):
    reg = Registry("transform", scope=new_scope())

    def flip(x):
        return x

    assert reg.register_module(name=[], module=flip) is flip
    assert len(reg) == 0


def test_force_replaces_an_existing_entry(new_scope):
    reg = Registry("model", scope=new_scope())

    @reg.register_module(name="Net")
    class Old:
        pass

    @reg.register_module(name="Net", force=True)
    class New:
        pass

    assert reg.get("Net") is New


def test_private_register_module_takes_module_name_and_force(new_scope):
    reg = Registry("model", scope=new_scope())

    class Old:
        pass

    class New:
        pass

    reg._register_module(Old, "Net")
    reg._register_module(module=New, module_name="Net", force=True)
    assert reg.get("Net") is New


def test_private_register_module_defaults_to_the_dunder_name(new_scope):
    reg = Registry("model", scope=new_scope())

    class ResNet:
        pass

    reg._register_module(ResNet)
    assert list(reg) == ["ResNet"]


def test_lambdas_partials_and_callable_instances_can_be_registered(new_scope):
    reg = Registry("function", scope=new_scope())

    class Adder:
        def __call__(self, a, b):
            return a + b

    reg.register_module(name="lam", module=lambda: 1)
    reg.register_module(name="part", module=functools.partial(int, "7"))
    reg.register_module(name="inst", module=Adder())
    assert reg.build(dict(type="part")) == 7
    assert reg.build(dict(type="inst", a=1, b=2)) == 3


def test_non_callable_module_is_a_type_error(new_scope):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(
        TypeError, match="module must be Callable, but got <class 'str'>"
    ):
        reg.register_module(module="ResNet")


def test_non_callable_module_through_the_decorator_is_a_type_error(new_scope):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(InvalidRegistrationError, match="must be Callable"):
        reg.register_module()(42)


def test_object_without_a_name_needs_an_explicit_name(new_scope):
    reg = Registry("function", scope=new_scope())
    with pytest.raises(TypeError, match="has no __name__"):
        reg.register_module(module=functools.partial(int, "7"))


@pytest.mark.parametrize("name", [1, 3.5, {"A": 1}])
def test_name_of_a_wrong_type_is_a_type_error(new_scope, name):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(TypeError, match="name must be None, an instance of str"):
        reg.register_module(name=name)


def test_name_list_with_a_non_str_item_is_a_type_error(new_scope):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(
        TypeError,
        match=r"but got <class 'list'>: \['A', 1\]\n  the name 1 in it is a <class 'int'>",
    ):
        reg.register_module(name=["A", 1])


@pytest.mark.parametrize("force", [1, 0, "yes", None])
def test_force_that_is_not_a_bool_is_a_type_error(new_scope, force):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(TypeError, match="force must be a bool"):
        reg.register_module(force=force)


def test_duplicate_name_without_force_is_a_key_error(new_scope):
    reg = Registry("model", scope=new_scope())

    @reg.register_module(name="Net")
    def first():
        return 1

    def second():
        return 2

    with pytest.raises(KeyError, match="Net is already registered in model at "):
        reg.register_module(name="Net", module=second)


def test_duplicate_error_names_the_registry_as_scope_and_name(new_scope):
    scope = new_scope()
    reg = Registry("model", scope=scope)
    reg.register_module(name="Net", module=lambda: 1)
    with pytest.raises(
        DuplicateRegistrationError, match=f"\\(registry {scope}::model\\)"
    ):
        reg.register_module(name="Net", module=lambda: 2)


def test_duplicate_error_names_both_function_definitions_as_file_and_line(
    new_scope,
):
    reg = Registry("model", scope=new_scope())

    def first():
        return 1

    def second():
        return 2

    reg.register_module(name="Net", module=first)
    with pytest.raises(DuplicateRegistrationError) as info:
        reg.register_module(name="Net", module=second)
    assert f"existing: {first.__qualname__} defined at {_location(first)}" in str(
        info.value
    )
    assert f"new:      {second.__qualname__} defined at {_location(second)}" in str(
        info.value
    )
    assert (info.value.existing, info.value.incoming) == (
        _location(first),
        _location(second),
    )


def test_duplicate_error_names_both_class_definitions_as_file_and_line(new_scope):
    reg = Registry("model", scope=new_scope())

    class First:
        pass

    class Second:
        pass

    reg.register_module(name="Net", module=First)
    with pytest.raises(DuplicateRegistrationError) as info:
        reg.register_module(name="Net", module=Second)
    assert _location(First) in str(info.value)
    assert _location(Second) in str(info.value)


def test_duplicate_error_message_is_not_a_quoted_repr(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name="Net", module=lambda: 1)
    with pytest.raises(KeyError) as info:
        reg.register_module(name="Net", module=lambda: 2)
    assert str(info.value).startswith("Net is already registered")
    assert "\n  existing: " in str(info.value)


def test_registering_the_identical_object_twice_is_accepted(new_scope):
    # Deliberate difference from mmengine, which raises: registering the very
    # same object again (e.g. from two code paths) is harmless, so it is allowed.
    reg = Registry("model", scope=new_scope())

    class ResNet:
        pass

    reg.register_module(module=ResNet)
    reg.register_module(module=ResNet)
    assert reg.module_dict == {"ResNet": ResNet}


@pytest.mark.parametrize("name", ["det.Head", "Head.", ".Head"])
def test_name_with_a_dot_is_refused(new_scope, name):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(InvalidRegistrationError, match=r"contain no '\.'"):
        reg.register_module(name=name, module=lambda: 1)
    assert len(reg) == 0


def test_empty_name_is_refused(new_scope):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(InvalidRegistrationError, match="must be non-empty"):
        reg.register_module(name="", module=lambda: 1)


def test_name_given_twice_in_one_list_is_refused_and_nothing_registered(new_scope):
    reg = Registry("model", scope=new_scope())
    with pytest.raises(InvalidRegistrationError, match="'d' is given twice"):
        reg.register_module(name=["d", "d"], module=lambda: 1)
    assert len(reg) == 0


def test_multi_name_registration_is_atomic_when_a_name_is_taken(new_scope):
    reg = Registry("model", scope=new_scope())
    reg.register_module(name="taken", module=lambda: 1)
    with pytest.raises(DuplicateRegistrationError, match="taken is already registered"):
        reg.register_module(name=["new", "taken"], module=lambda: 2)
    assert "new" not in reg.module_dict
    assert list(reg) == ["taken"]


def test_same_name_in_a_child_shadows_the_parent_without_force(new_scope):
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    root.register_module(name="Net", module=lambda: "root")
    child.register_module(name="Net", module=lambda: "child")
    assert child.build(dict(type="Net")) == "child"
    assert root.build(dict(type="Net")) == "root"


def test_register_module_used_without_parentheses_is_a_type_error(new_scope):
    reg = Registry("model", scope=new_scope())

    with pytest.raises(TypeError, match="name must be None, an instance of str"):

        @reg.register_module  # the parentheses are missing
        class ResNet:
            pass
