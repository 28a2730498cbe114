"""The libraries compared, behind one small adapter each.

scopereg and mmengine build the same registry trees through their public
APIs; fvcore has flat registries only. A library that is not installed is
reported, and the rows that need it show ``n/a``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any


@dataclass
class Library:
    """One library under test.

    Attributes:
        name: The name used in the tables.
        distribution: The distribution it is installed as.
        module: Its registry module, or ``None`` if it failed to import.
        problem: Why it is unavailable, or ``None``.
    """

    name: str
    distribution: str
    module: Any = None
    problem: str | None = None

    @property
    def version(self) -> str:
        """The installed version, or a note that it is missing."""
        try:
            return version(self.distribution)
        except PackageNotFoundError:
            return "not installed"


def load(name: str, distribution: str, module: str) -> Library:
    """Import ``module`` and wrap it, recording an import failure instead."""
    library = Library(name, distribution)
    try:
        library.module = importlib.import_module(module)
    except Exception as error:  # any failure just removes its rows
        library.problem = f"{type(error).__name__}: {error}"
    return library


def load_all() -> dict[str, Library]:
    """Return scopereg, mmengine-lite and fvcore, as far as they import."""
    return {
        "scopereg": load("scopereg", "scopereg", "scopereg"),
        "mmengine": load("mmengine", "mmengine-lite", "mmengine.registry"),
        "fvcore": load("fvcore", "fvcore", "fvcore.common.registry"),
    }


class Y:
    """The trivial class every build constructs."""

    def __init__(self, v: int = 0) -> None:
        self.v = v


class Y2:
    """The same, registered under the same name in another scope."""

    def __init__(self, v: int = 0) -> None:
        self.v = v


def make_y(v: int = 0) -> Y:
    """Return a new Y: the function type of the function-type build row."""
    return Y(v)


# The four forms of `get`, in table order.
FORMS = {
    "local": "local name",
    "ancestor": "ancestor fallback",
    "sibling": "`scope.Name` of a sibling",
    "depth3": "depth-3 scoped name",
}


@dataclass
class Tree:
    """A registry tree of one shape, in one library.

    The root has ``siblings`` children ``s0 ...``. Under ``s0`` hangs a chain
    down to the ``leaf`` at ``depth`` below the root. One more branch of the
    root, ``x1 -> x2 -> x3``, makes ``'x1.x2.x3.Name'`` a depth-3 scoped name.
    The root, the leaf, the last sibling and ``x3`` hold ``entries`` names
    each (the other siblings one each).

    Attributes:
        root: The root registry.
        leaf: Where the lookups start.
        last: The last sibling.
        keys: A key per form of :data:`FORMS`, all resolving to :class:`Y`.
        registries: Every registry of the tree, kept alive.
    """

    root: Any
    leaf: Any
    last: Any
    keys: dict[str, str]
    registries: list[Any] = field(default_factory=list)


Make = Callable[[str, Any], Any]
Register = Callable[[Any, str, Any], None]


def build_tree(
    make: Make, register: Register, entries: int, siblings: int, depth: int
) -> Tree:
    """Build the tree described in :class:`Tree` with a library's adapter.

    Args:
        make: ``make(scope, parent)`` creates a registry.
        register: ``register(registry, name, obj)`` adds an entry.
        entries: Names in each of the four main registries.
        siblings: Children of the root.
        depth: Distance from the root to the leaf (at least 1).

    Returns:
        The tree.
    """
    root = make("root", None)
    sibs = [make(f"s{index}", root) for index in range(siblings)]
    leaf = sibs[0]
    chain = [leaf]
    for level in range(1, depth):
        leaf = make(f"c{level}", leaf)
        chain.append(leaf)
    last = sibs[-1]
    x1 = make("x1", root)
    x2 = make("x2", x1)
    x3 = make("x3", x2)
    for registry, prefix in ((root, "R"), (leaf, "L"), (last, "S"), (x3, "X")):
        for index in range(entries):
            register(registry, f"{prefix}{index}", Y)
    for index, registry in enumerate(sibs[1:-1]):
        register(registry, f"only{index}", Y)
    mid = entries // 2
    keys = {
        "local": f"L{mid}",
        "ancestor": f"R{mid}",
        "sibling": f"s{siblings - 1}.S{mid}",
        "depth3": f"x1.x2.x3.X{mid}",
    }
    return Tree(root, leaf, last, keys, [root, *sibs, *chain, x1, x2, x3])


def scopereg_adapter(module: Any) -> tuple[Make, Register]:
    """Return ``make`` and ``register`` for scopereg."""

    def make(scope: str, parent: Any) -> Any:
        return module.Registry("bench", parent=parent, scope=scope)

    def register(registry: Any, name: str, obj: Any) -> None:
        registry.register_module(name=name, module=obj)

    return make, register


def mmengine_adapter(module: Any) -> tuple[Make, Register]:
    """Return ``make`` and ``register`` for mmengine."""

    def make(scope: str, parent: Any) -> Any:
        return module.Registry("bench", parent=parent, scope=scope)

    def register(registry: Any, name: str, obj: Any) -> None:
        registry.register_module(name=name, module=obj)

    return make, register


ADAPTERS = {"scopereg": scopereg_adapter, "mmengine": mmengine_adapter}


def tree_for(library: Library, entries: int, siblings: int, depth: int) -> Tree | None:
    """Build a tree in ``library``, or return ``None`` if it is unavailable."""
    if library.module is None:
        return None
    make, register = ADAPTERS[library.name](library.module)
    tree = build_tree(make, register, entries, siblings, depth)
    for key in tree.keys.values():
        if tree.leaf.get(key) is not Y:
            raise RuntimeError(f"{library.name}: {key!r} does not resolve")
    return tree


def flat_fvcore(library: Library, entries: int) -> Any:
    """Return an fvcore registry of ``entries`` names ``L0 ...``, or ``None``."""
    if library.module is None:
        return None
    registry = library.module.Registry("bench")
    for index in range(entries):
        registry._do_register(f"L{index}", Y)  # register() takes __name__ only
    return registry
