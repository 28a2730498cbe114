"""mmengine's types recognised by what they do, so ``import scopereg`` never imports mmengine.

Two of mmengine's behaviours depend on its own classes: ``build_from_cfg``
accepts its ``Config`` (which is no ``Mapping``) as a config, and it creates a
``ManagerMixin`` class through ``get_instance(**args)``, which stores the
instance by name so that ``get_current_instance()`` finds it later. Both are
recognised here by their protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Protocol, TypeGuard

__all__ = ["ConfigLike", "constructor_of", "is_config_mapping", "is_instance_manager"]

# The classmethods every class built on mmengine's ManagerMixin has.
_MANAGER_METHODS: Final = (
    "get_instance",
    "get_current_instance",
    "check_instance_created",
)


class ConfigLike(Protocol):
    """What a config must offer: the part of the mapping protocol ``dict()`` reads."""

    def keys(self) -> Iterable[Any]:
        """Return the keys."""

    def __getitem__(self, key: Any, /) -> Any:
        """Return the value of ``key``."""


def is_config_mapping(value: object) -> TypeGuard[ConfigLike]:
    """Tell whether ``value`` can be read as a config: a mapping, or one by protocol.

    A ``Mapping`` qualifies, and so does anything ``dict()`` reads as one
    (``keys()`` and ``[]``), such as mmengine's ``Config``.

    Examples:
        >>> class Config:  # mmengine's Config forwards to a dict this way
        ...     def __init__(self, cfg):
        ...         self._cfg = cfg
        ...
        ...     def keys(self):
        ...         return self._cfg.keys()
        ...
        ...     def __getitem__(self, key):
        ...         return self._cfg[key]
        >>> is_config_mapping(Config({"type": "ResNet"})), is_config_mapping([1])
        (True, False)
    """
    if isinstance(value, Mapping):
        return True
    if isinstance(value, str | bytes | list | tuple | type):
        return False
    return callable(getattr(value, "keys", None)) and hasattr(value, "__getitem__")


def is_instance_manager(obj: object) -> bool:
    """Tell whether ``obj`` is a class following mmengine's ``ManagerMixin`` protocol.

    Examples:
        >>> class Visualizer:
        ...     @classmethod
        ...     def get_instance(cls, name, **kwargs): ...
        ...     @classmethod
        ...     def get_current_instance(cls): ...
        ...     @classmethod
        ...     def check_instance_created(cls, name): ...
        >>> is_instance_manager(Visualizer), is_instance_manager(dict)
        (True, False)
    """
    return isinstance(obj, type) and all(
        callable(getattr(obj, method, None)) for method in _MANAGER_METHODS
    )


def constructor_of(obj: Callable[..., Any]) -> Callable[..., Any]:
    """Return what a build calls to create ``obj``: its ``get_instance`` if it has one.

    As in mmengine, a ``ManagerMixin`` class is created through
    ``get_instance(**args)``, so the instance is stored under its ``name``
    and is what ``get_current_instance()`` returns afterwards.

    Examples:
        >>> constructor_of(dict) is dict
        True
    """
    if is_instance_manager(obj):
        factory: Callable[..., Any] = obj.get_instance  # type: ignore[attr-defined]
        return factory
    return obj
