"""What the build engine's planner produces: a node per config, a rebuild per container.

:class:`~scopereg._plan.Planner` turns a config into these, and
:func:`~scopereg._plan.execute` builds them, innermost first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scopereg._protocols import constructor_of

if TYPE_CHECKING:
    from scopereg._core import RegistryCore

__all__ = ["Node", "Rebuild"]


class Node:
    """One config to build: the resolved callable and its planned arguments.

    Attributes:
        obj_type: The config's type as written.
        obj: What it resolved to (named in error notes).
        call: What is called with the arguments: ``obj``, unless a build
            function calls something else (the scheduler's
            ``build_iter_from_epoch``, the runner's ``from_cfg``).
        args: The keyword arguments, nested plans not built yet.
        consumed: The keys the build function reads itself (its spec's
            ``consumes``), taken out of ``args``.
        path: The config path, or ``None`` outside recursive builds.
        registry: The registry the build was asked of.
        scope: The config's ``_scope_``, entered while building.
        partial: ``_partial_=True``: return a partial instead of calling.
    """

    __slots__ = (
        "args",
        "call",
        "consumed",
        "obj",
        "obj_type",
        "partial",
        "path",
        "registry",
        "scope",
    )

    def __init__(
        self,
        obj_type: object,
        obj: Callable[..., Any],
        args: dict[str, Any],
        *,
        path: str | None,
        registry: RegistryCore,
        scope: str | None,
        partial: bool,
        consumed: dict[str, Any],
    ) -> None:
        self.obj_type = obj_type
        self.obj = obj
        self.call: Callable[..., Any] = constructor_of(obj)
        self.args = args
        self.consumed = consumed
        self.path = path
        self.registry = registry
        self.scope = scope
        self.partial = partial


class Rebuild:
    """A container holding configs to build: rebuilt with its own type."""

    __slots__ = ("factory", "items", "kind", "pairs", "path")

    def __init__(
        self, container: object, items: list[Any], *, pairs: bool, path: str
    ) -> None:
        kind = type(container)
        self.kind = kind.__name__
        self.factory: Callable[[list[Any]], Any]
        if kind in (dict, list, tuple):
            self.factory = kind
        elif isinstance(container, tuple) and hasattr(kind, "_make"):
            self.factory = kind._make  # a namedtuple takes fields, not one iterable
        elif isinstance(container, dict | list | tuple):
            self.factory = kind
        else:  # a read-only or custom Mapping: the built values go in a dict
            self.factory = dict
        self.items = items
        self.pairs = pairs
        self.path = path
