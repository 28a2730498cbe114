"""The registry trees as the CLI sees them: loaded, ordered, found by name.

Before answering, the CLI imports every installed scope's registry module
and every registry's ``locations``, so trees and entry counts are complete.
A tree is named by its root registry's name (``'model'``) or by the variable
that holds the root in :mod:`scopereg` (``'MODELS'``), in any case; one
registry of a tree by ``scope::name`` (``'srdet::model'``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from scopereg import _discovery, _root
from scopereg._cli.outcome import UsageError
from scopereg._messages import compose, did_you_mean
from scopereg._registry import Registry
from scopereg._tree import all_registries

__all__ = [
    "TreeInfo",
    "find_registry",
    "load_everything",
    "load_subtree",
    "tree_named",
    "trees",
    "variable_of",
    "walk",
]


class TreeInfo(NamedTuple):
    """One registry tree.

    Attributes:
        root: The root registry.
        variable: The name of the root in :mod:`scopereg` (``'MODELS'``), or
            ``None`` for a tree that an installed package roots itself.
    """

    root: Registry[Any]
    variable: str | None

    @property
    def names(self) -> frozenset[str]:
        """Every normalised name the tree answers to."""
        names = {normalise(self.root.name)}
        if self.variable is not None:
            names.add(normalise(self.variable))
        return frozenset(names)


def normalise(text: str) -> str:
    """Fold case and separators: ``'Data Sampler'`` and ``'data-sampler'`` match.

    Examples:
        >>> normalise("DATA_SAMPLERS"), normalise("data sampler")
        ('data_samplers', 'data_sampler')
    """
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def load_everything() -> list[str]:
    """Import every installed scope and every registry's locations.

    Returns:
        One line per import that failed; the rest is loaded regardless.
    """
    problems = [
        f"scope {scope!r}: importing {_discovery.scope_module_name(scope)!r} "
        f"failed: {type(error).__name__}: {error}"
        for scope, error in _discovery.load_installed_scopes().items()
        if error is not None
    ]
    done: set[int] = set()
    while True:  # a location may create registries with locations of their own
        pending = [reg for reg in list(all_registries) if id(reg) not in done]
        if not pending:
            return problems
        for registry in pending:
            done.add(id(registry))
            try:
                registry.import_from_location()
            except ImportError as error:
                problems.append(str(error).splitlines()[0])


def trees() -> list[TreeInfo]:
    """Return every tree: scopereg's roots in definition order, then the rest.

    Returns:
        One :class:`TreeInfo` per root registry alive in the process.
    """
    core = [
        TreeInfo(value, variable)
        for variable, value in vars(_root).items()
        if isinstance(value, Registry) and value.parent is None
    ]
    known = {id(info.root) for info in core}
    others = sorted(
        {
            id(reg.root): reg.root
            for reg in list(all_registries)
            if id(reg.root) not in known
        }.values(),
        key=lambda root: (root.name, root.scope),
    )
    return core + [TreeInfo(root, None) for root in others]


def variable_of(registry: Registry[Any]) -> str | None:
    """Return the name of ``registry`` in :mod:`scopereg` if it is a core root.

    Examples:
        >>> variable_of(_root.MODELS)
        'MODELS'
    """
    return next((i.variable for i in trees() if i.root is registry), None)


def walk(
    registry: Registry[Any], depth: int = 0
) -> Iterator[tuple[Registry[Any], int]]:
    """Yield ``registry`` and its descendants with their depth, children by scope.

    Args:
        registry: Where to start (depth ``depth``).
        depth: The depth of ``registry`` (0 for a root).

    Yields:
        ``(registry, depth)`` pairs, depth-first, pre-order.
    """
    yield registry, depth
    for scope in sorted(registry.children):
        yield from walk(registry.children[scope], depth + 1)


def _unknown(what: str, text: str, choices: list[str]) -> UsageError:
    """Build the error for a registry name that matches nothing."""
    import difflib

    # Several trees may share a root name (a test's own registries beside
    # scopereg's): each name is offered once.
    unique = list(dict.fromkeys(choices))
    close = difflib.get_close_matches(text, unique, n=3, cutoff=0.5)
    return UsageError(
        compose(
            f"no {what} is named {text!r}",
            [f"known: {', '.join(unique)}"],
            [
                did_you_mean(close),
                "fix: `scopereg tree --all` lists every tree and scope",
            ],
        )
    )


def tree_named(text: str, scope: str | None = None) -> TreeInfo | None:
    """Return the tree named ``text`` (``'model'``, ``'MODELS'``), or ``None``.

    Several trees may share a name: scopereg's ``model`` tree and, with the
    mmengine bridge, mmengine's. ``scope`` picks the one that has it.

    Args:
        text: A root registry's name or its variable in :mod:`scopereg`.
        scope: Prefer the tree with a registry of this scope (imported as
            a lookup would), e.g. a config's ``default_scope``.

    Returns:
        The first tree answering to the name that has ``scope``, else the
        first answering to the name, scopereg's own first.
    """
    wanted = normalise(text)
    named = [info for info in trees() if wanted in info.names]
    if scope is not None:
        for info in named:
            if info.root.registry_of_scope(scope) is not None:
                return info
    return named[0] if named else None


def find_registry(text: str) -> Registry[Any]:
    """Return the registry ``text`` names: a tree's root, or ``scope::name``.

    Args:
        text: ``'model'``, ``'MODELS'``, or ``'srdet::model'``.

    Returns:
        The registry.

    Raises:
        UsageError: If no tree or scope matches, with close names.
    """
    scope, sep, name = text.rpartition("::")
    info = tree_named(name, scope or None)
    if info is None:
        choices = [info.root.name for info in trees()]
        raise _unknown("registry tree", name, choices)
    if not sep:
        return info.root
    found = info.root.registry_of_scope(scope)
    if found is None:
        choices = [f"{reg.scope}::{reg.name}" for reg, _ in walk(info.root)]
        raise _unknown(f"registry in the {info.root.name!r} tree", text, choices)
    load_subtree(found)
    return found


def load_subtree(registry: Registry[Any]) -> None:
    """Import the locations of ``registry`` and of every registry below it.

    A scope found through the ``{scope}.registry`` fallback joins its tree
    only when a key or a registry name first names it, after
    :func:`load_everything` ran; its entries count from then on.

    Raises:
        ImportError: :class:`~scopereg.exceptions.LocationImportError` for a
            location that fails.
    """
    for reg, _ in walk(registry):
        reg.import_from_location()
