"""Why a key resolves or not: search path, scope state, failed imports, close names.

:func:`explain` answers :meth:`Registry.explain`, and every
:class:`~scopereg.exceptions.NotRegisteredError` is written from its answer
(see :mod:`scopereg._diagnose`), so the error and the explanation never
disagree. Nothing here runs on a successful lookup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from scopereg import _discovery, _remote_main
from scopereg._core import RegistryCore, lineage, same_tree, tree_registries
from scopereg._explain_load import (
    Failure,
    load_installed_scopes,
    load_locations,
    location_failure,
)
from scopereg._messages import (
    compose,
    did_you_mean,
    label,
    not_in_registry,
    qualified_name,
)
from scopereg._scope import current_scope_name
from scopereg._source import source_of
from scopereg._suggest import suggest
from scopereg._tree import alive_registries
from scopereg.exceptions import LocationImportError

if TYPE_CHECKING:
    pass

__all__ = ["Explanation", "explain"]


class Explanation(NamedTuple):
    """What resolving one key from one registry does, step by step.

    ``str()`` gives the report as text; for a key that does not resolve it
    is the message of the :class:`~scopereg.exceptions.NotRegisteredError`
    a build would raise.

    Attributes:
        key: The key as asked.
        registry: Where resolution started, as ``scope::name``.
        found: The object the key resolves to, or ``None``.
        defined_at: ``file:line`` of ``found``, or ``None``.
        search_path: The registries consulted, in order, as ``scope::name``.
        redirected_from: The registry a build was called on when the
            default scope sent the lookup to ``registry``, else ``None``.
        scope_status: For a key with a scope prefix that has no registry in
            the tree: whether that scope is declared by an installed
            package, importable, or no scope at all.
        import_errors: Every failed import met on the way (locations of
            the tree's registries, the scope's registry module).
        suggestions: Keys close to ``key`` that resolve from ``registry``.
        other_scopes: Registries of this tree, off the search path, that
            have the exact name.
        other_trees: Registries of other trees that have the exact name.
        hints: How to fix it, most likely first.
        default_scope_status: When a default scope is in force that has no
            registry in this tree (a misspelt ``DefaultScope``, ``_scope_``
            or ``default_scope``): that, naming it; else ``None``.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", scope="doc_explain")
        >>> _ = REG.register_module(module=complex)
        >>> print(REG.explain("complx"))
        complx is not in the doc_explain::model registry. Please check whether the value of `complx` is correct or it was registered as expected. More details can be found at https://mmengine.readthedocs.io/en/latest/advanced_tutorials/config.html#import-the-custom-module
          searched: doc_explain::model
          fix: did you mean 'complex'?
          fix: register it with @<REGISTRY>.register_module() in the module that defines it, where <REGISTRY> is doc_explain::model or one of its ancestors, and make sure that module is imported (add it to the registry's locations=[...])
    """

    key: str
    registry: str
    found: Any
    defined_at: str | None
    search_path: tuple[str, ...]
    redirected_from: str | None
    scope_status: str | None
    import_errors: tuple[str, ...]
    suggestions: tuple[str, ...]
    other_scopes: tuple[str, ...]
    other_trees: tuple[str, ...]
    hints: tuple[str, ...]
    default_scope_status: str | None = None

    def __str__(self) -> str:
        """Render the report: what, where, then the fixes."""
        if self.found is not None:
            what = f"{self.key!r} resolves in {self.registry} to {qualified_name(self.found)}"
        else:
            what = not_in_registry(self.key, self.registry)  # mmengine's words
        where = [f"searched: {' -> '.join(self.search_path)}"]
        if self.defined_at is not None:
            where.append(f"defined at {self.defined_at}")
        if self.redirected_from is not None:
            scope = self.registry.partition("::")[0]
            where.append(
                f"the default scope {scope!r} redirected this build from "
                f"{self.redirected_from}"
            )
        for line in (self.default_scope_status, self.scope_status, *self.import_errors):
            if line:
                where.append(line)
        name = self.key.rpartition(".")[2]
        if self.other_scopes:
            where.append(
                f"{name!r} is registered in {', '.join(self.other_scopes)}, which "
                "this search does not reach"
            )
        if self.other_trees:
            where.append(
                f"{name!r} is registered in {', '.join(self.other_trees)}, in "
                "another registry tree"
            )
        return compose(what, where, (f"fix: {hint}" for hint in self.hints))


def _consulted(key: str, registry: RegistryCore) -> tuple[list[RegistryCore], str]:
    """Return the registries ``key`` is looked up in and the scope missing, if any."""
    while True:  # one hop per scope prefix, as the lookup walks them
        scope, dot, key = key.partition(".")
        if not dot:
            return list(lineage(registry)), ""
        if scope != registry.scope:
            target = tree_registries(registry).get(scope)
            if target is None:
                return [], scope
            registry = target


def _scope_state(scope: str, registry: RegistryCore) -> tuple[str, str]:
    """Say why ``scope`` has no registry in the tree, and how to fix that."""
    tree = repr(registry.root.name)
    module = _discovery.scope_module_name(scope)
    error = _discovery.scope_import_error(scope)
    known = ", ".join(repr(s) for s in sorted(tree_registries(registry)))
    if error is not None:
        return (
            f"scope {scope!r}: importing {module!r} failed: "
            f"{type(error).__name__}: {error}",
            f"make {module!r} importable (the error is chained below)",
        )
    if scope in _discovery.declared_scope_modules():
        return (
            f"scope {scope!r} is declared by an installed package, but {module!r} "
            f"adds no registry to the {tree} tree",
            f"add a Registry({registry.root.name!r}, parent=..., scope={scope!r}) "
            f"to {module!r}",
        )
    status = (
        f"scope {scope!r} is unknown: no installed package declares it and "
        f"{module!r} does not exist"
    )
    if _is_module(scope):
        return (
            f"{status}; {scope!r} is a Python module, but config strings never "
            "import or call code: they reach registered names only",
            "register what you want to build and use its registered name",
        )
    return (
        status,
        f"check the spelling (scopes of the {tree} tree: {known}), or install the "
        f"package of scope {scope!r}",
    )


def _default_scope_state(registry: RegistryCore) -> tuple[str | None, str | None]:
    """Say that the default scope in force has no registry in the tree, and the fix."""
    import difflib

    name = current_scope_name()
    scopes = sorted(tree_registries(registry))
    if name is None or name in scopes:
        return None, None
    tree = repr(registry.root.name)
    status = (
        f"the default scope {name!r} has no registry in the {tree} tree, so the "
        f"lookup started at {label(registry)}"
    )
    close = difflib.get_close_matches(name, scopes, n=3)
    where = "(DefaultScope, _scope_ or the config's default_scope)"
    if close:
        return status, f"{did_you_mean(close)[:-1]} as the default scope {where}?"
    known = ", ".join(repr(scope) for scope in scopes)
    return status, f"use a default scope the {tree} tree has {where}: {known}"


def _is_module(name: str) -> bool:
    """Tell whether ``name`` is an importable top-level module (never imports it)."""
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _elsewhere(name: str, registry: RegistryCore) -> list[RegistryCore]:
    """Return the registries of related trees that have ``name``.

    Related trees share a scope with this one: the same packages fill them
    (``srdet::transform`` beside ``srdet::model``). Unrelated registries
    that merely have the same name stay out of the message.
    """
    scopes = tree_registries(registry).keys()
    others = [
        reg
        for reg in alive_registries()
        if not same_tree(reg, registry)
        and not tree_registries(reg).keys().isdisjoint(scopes)
    ]
    load_locations(others)  # their failures concern other trees: not reported here
    return [reg for reg in others if name in reg.module_dict]


def explain(
    key: str, registry: RegistryCore, origin: RegistryCore | None = None
) -> tuple[Explanation, BaseException | None]:
    """Explain how ``key`` resolves from ``registry``, loading the whole tree.

    Loading is what lookups do lazily anyway, done for every name at once so
    that suggestions cover them all: the registry module of every installed
    scope, and the locations of this tree and of related trees.

    Args:
        key: The key as asked.
        registry: Where resolution starts.
        origin: The registry a build was called on, if the default scope
            redirected the lookup to ``registry``.

    Returns:
        The explanation, and the import error to chain as the cause of a
        :class:`~scopereg.exceptions.NotRegisteredError` (or ``None``).
    """
    failures = load_installed_scopes()
    failures[:0] = load_locations(list(tree_registries(registry).values()))
    try:
        found = registry.get(key)
    except LocationImportError as error:
        found = None
        failure = location_failure(error)
        failures = [failure, *(f for f in failures if f.text != failure.text)]
    consulted, missing_scope = _consulted(key, registry)
    path = [label(reg) for reg in consulted] or [
        f"{missing_scope}::? (no registry of scope {missing_scope!r} in this tree)"
    ]
    status = hint = None
    cause = failures[0].error if failures else None
    if missing_scope:
        status, hint = _scope_state(missing_scope, registry)
        cause = _discovery.scope_import_error(missing_scope) or cause
    name = key.rpartition(".")[2]
    other_scopes: tuple[str, ...] = ()
    other_trees: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    if found is None:
        suggestions = tuple(suggest(key, registry))
        other_scopes = tuple(
            label(reg)
            for reg in tree_registries(registry).values()
            if reg not in consulted and name in reg.module_dict
        )
        other_trees = tuple(label(reg) for reg in _elsewhere(name, registry))
    nearest = consulted[0] if consulted else registry  # where a new name belongs
    hints = _hints(nearest, suggestions, other_scopes, other_trees, failures, hint)
    sent = None if found is not None else _remote_main.note(registry)
    if sent is not None:  # the sender's script defined it, most likely
        status = sent[0] if status is None else f"{status}; {sent[0]}"
        hints = (sent[1], *hints)
    default_status, default_hint = _default_scope_state(registry)
    if default_hint is not None:  # after the name's own did-you-mean
        hints = (
            (*hints[:1], default_hint, *hints[1:])
            if suggestions
            else (default_hint, *hints)
        )
    explanation = Explanation(
        key=key,
        registry=label(registry),
        found=found,
        defined_at=None if found is None else source_of(found).location,
        search_path=tuple(path),
        redirected_from=None if origin is None or origin is registry else label(origin),
        scope_status=status,
        import_errors=tuple(failure.text for failure in failures),
        suggestions=suggestions,
        other_scopes=other_scopes,
        other_trees=other_trees,
        hints=() if found is not None else hints,
        default_scope_status=None if found is not None else default_status,
    )
    return explanation, cause


def _hints(
    registry: RegistryCore,
    suggestions: tuple[str, ...],
    other_scopes: tuple[str, ...],
    other_trees: tuple[str, ...],
    failures: list[Failure],
    scope_hint: str | None,
) -> tuple[str, ...]:
    """Order the fixes: the likeliest (a typo) first, the generic one last."""
    hints = [did_you_mean(suggestions)] if suggestions else []
    if other_scopes:
        scope = other_scopes[0].partition("::")[0]
        hints.append(
            f"or build inside scope {scope!r}: _scope_={scope!r} in the config, "
            f"or `with DefaultScope({scope!r}):`"
        )
    if other_trees:
        hints.append(
            f"build it with the registry that holds it ({other_trees[0]}), not "
            f"{label(registry)}"
        )
    hints.extend(failure.hint for failure in failures)
    if scope_hint:
        hints.append(scope_hint)
    else:
        hints.append(
            "register it with @<REGISTRY>.register_module() in the module that "
            f"defines it, where <REGISTRY> is {label(registry)} or one of its "
            "ancestors, and make sure that module is imported (add it to the "
            "registry's locations=[...])"
        )
    return tuple(hints)
