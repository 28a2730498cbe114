"""mmengine's ManagerMixin classes and Config objects build as in mmengine.

The classes below follow mmengine's protocols without importing mmengine (the
`mmengine` nox session checks the real ones): a ManagerMixin class is created
through ``get_instance(**args)``, so its instance is stored by name; a Config
is no Mapping, but reads as one through ``keys()`` and ``[]``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from scopereg import Registry, build_from_cfg
from scopereg.exceptions import InvalidConfigError


class Manager:
    """A class following mmengine's ManagerMixin protocol."""

    _instance_dict: ClassVar[dict[str, Any]]

    def __init_subclass__(cls) -> None:
        cls._instance_dict = {}

    def __init__(self, name: str, **kwargs: Any) -> None:
        self.instance_name = name
        self.kwargs = kwargs

    @classmethod
    def get_instance(cls, name: str, **kwargs: Any) -> Any:
        if name not in cls._instance_dict:
            cls._instance_dict[name] = cls(name=name, **kwargs)
        return cls._instance_dict[name]

    @classmethod
    def get_current_instance(cls) -> Any:
        if not cls._instance_dict:
            raise RuntimeError("no instance yet")
        return next(reversed(cls._instance_dict.values()))

    @classmethod
    def check_instance_created(cls, name: str) -> bool:
        return name in cls._instance_dict


class Visualizer(Manager):
    pass


class Config:
    """Reads as a mapping the way mmengine's Config does (it is no Mapping)."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        self._cfg = cfg

    def keys(self) -> Any:
        return self._cfg.keys()

    def __getitem__(self, key: str) -> Any:
        return self._cfg[key]

    def __iter__(self) -> Any:
        return iter(self._cfg)

    def __len__(self) -> int:
        return len(self._cfg)


class Point:
    def __init__(self, x: int = 0, y: int = 0) -> None:
        self.x, self.y = x, y


@pytest.fixture
def registry(new_scope):
    reg = Registry("visualizer", scope=new_scope("vis"))
    reg.register_module(module=Visualizer)
    reg.register_module(module=Point)
    return reg


def test_a_manager_class_is_built_through_get_instance(registry):
    built = registry.build(dict(type="Visualizer", name="vis", colour="red"))
    assert Visualizer.get_current_instance() is built
    assert built.kwargs == {"colour": "red"}


def test_a_second_build_of_a_manager_name_returns_the_first_instance(registry):
    first = registry.build(dict(type="Visualizer", name="again"))
    second = registry.build(dict(type="Visualizer", name="again"))
    assert second is first


def test_build_from_cfg_builds_a_manager_class_through_get_instance(registry):
    built = build_from_cfg(dict(type="Visualizer", name="direct"), registry)
    assert Visualizer.check_instance_created("direct")
    assert Visualizer.get_current_instance() is built


def test_a_manager_class_given_as_type_is_built_through_get_instance(registry):
    built = registry.build(dict(type=Visualizer, name="by-class"))
    assert Visualizer.check_instance_created("by-class")
    assert built.instance_name == "by-class"


def test_a_manager_class_nested_in_a_recursive_build_uses_get_instance(registry):
    built = registry.build(
        dict(type="Point", x=dict(type="Visualizer", name="nested")), recursive=True
    )
    assert built.x is Visualizer.get_current_instance()


def test_a_config_object_builds(registry):
    built = registry.build(Config({"type": "Point", "x": 2}))
    assert (built.x, built.y) == (2, 0)


def test_build_from_cfg_takes_a_config_object(registry):
    built = build_from_cfg(Config({"type": "Point", "y": 5}), registry)
    assert built.y == 5


def test_a_config_object_as_default_args_fills_missing_arguments(registry):
    built = registry.build(dict(type="Point"), default_args=Config({"x": 7}))
    assert built.x == 7


def test_a_config_object_is_not_mutated_by_a_build(registry):
    config = Config({"type": "Point", "x": 1, "_scope_": registry.scope})
    registry.build(config)
    assert dict(config._cfg) == {"type": "Point", "x": 1, "_scope_": registry.scope}


@pytest.mark.parametrize("cfg", ["Point", ["Point"], 3])
def test_a_config_that_reads_as_no_mapping_is_refused(registry, cfg):
    with pytest.raises(InvalidConfigError):
        registry.build(cfg)
