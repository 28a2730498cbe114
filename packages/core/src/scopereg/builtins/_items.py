"""Turn a sequence of configs-or-callables into callables, for the builtins."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from scopereg._registry import Registry

__all__ = ["build_callables", "describe"]


def describe(obj: object) -> str:
    """Return a short name for ``obj``: its class or function name.

    Args:
        obj: Any object.

    Returns:
        ``obj.__name__`` for classes and functions, else its class name.
    """
    name = getattr(obj, "__name__", None)
    return name if isinstance(name, str) else type(obj).__name__


def build_callables(
    items: Iterable[Mapping[str, Any] | Callable[..., Any]],
    registry: Registry[Any],
    what: str,
) -> list[Callable[..., Any]]:
    """Build every mapping in ``items`` with ``registry``; keep callables as is.

    Args:
        items: Configs (mappings with ``'type'``) or ready-made callables.
        registry: The registry the configs are built from.
        what: What an item is called in error messages, e.g. ``'transform'``.

    Returns:
        One callable per item, in order.

    Raises:
        TypeError: If ``items`` is a str or mapping, if an item is neither a
            mapping nor callable, or if a config builds something that is
            not callable.
    """
    if isinstance(items, (str, bytes, Mapping)):
        raise TypeError(
            f"{what}s must be a sequence of configs or callables, but got "
            f"{type(items).__name__}; wrap a single {what} in a list"
        )
    built: list[Callable[..., Any]] = []
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            obj = registry.build(item)
            if not callable(obj):
                raise TypeError(
                    f"{what} #{index} ({item.get('type')!r}) built a "
                    f"{type(obj).__name__}, which is not callable"
                )
            built.append(obj)
        elif callable(item):
            built.append(item)
        else:
            raise TypeError(
                f"{what} #{index} must be a config mapping or a callable, but got "
                f"{type(item).__name__}: {item!r:.60}"
            )
    return built
