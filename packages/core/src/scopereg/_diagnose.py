"""Why a key did not resolve: the search path, scope state and close names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scopereg import _discovery
from scopereg._messages import compose, did_you_mean, label, suggest
from scopereg.exceptions import NotRegisteredError

if TYPE_CHECKING:
    from scopereg._registry import Registry


def search_path(key: str, registry: Registry[Any]) -> list[str]:
    """Return the registries ``key`` is looked up in, as ``scope::name``.

    Args:
        key: The key as asked.
        registry: Where the lookup starts.

    Returns:
        One label per registry consulted, in order; a missing scope shows as
        ``scope::? (no registry in this tree)``.
    """
    scope, dot, rest = key.partition(".")
    if not dot:
        return [label(reg) for reg in registry._lineage]
    if scope == registry.scope:
        return search_path(rest, registry)
    target = registry._tree.scopes.get(scope)
    if target is None:
        return [f"{scope}::? (no registry of scope {scope!r} in this tree)"]
    return search_path(rest, target)


def _scope_problems(key: str, registry: Registry[Any]) -> list[str]:
    """Explain an unknown or broken scope named by ``key``'s prefix."""
    scope, dot, _ = key.partition(".")
    if not dot or scope == registry.scope or scope in registry._tree.scopes:
        return []
    error = _discovery.scope_import_error(scope)
    module = _discovery.scope_module_name(scope)
    if error is not None:
        return [f"importing {module!r} failed: {type(error).__name__}: {error}"]
    if scope in _discovery.declared_scope_modules():
        return [f"scope {scope!r} is installed, but {module!r} adds no registry here"]
    return [
        f"no installed package declares scope {scope!r} and {module!r} does not exist"
    ]


def _load_tree(registry: Registry[Any]) -> None:
    """Import every location of the tree so suggestions see every name."""
    for reg in list(registry._tree.scopes.values()):
        try:
            reg.import_from_location()
        except ImportError:
            continue  # the failing location is reported where it is searched


def not_registered(
    key: str,
    registry: Registry[Any],
    origin: Registry[Any] | None = None,
    config_path: str | None = None,
) -> NotRegisteredError:
    """Build the error for a ``key`` that resolves to nothing.

    Args:
        key: The key as asked.
        registry: The registry it was resolved from.
        origin: The registry ``build`` was called on, when a default scope
            redirected the lookup elsewhere.
        config_path: Where in a nested config the key was met.

    Returns:
        The error, ready to raise.
    """
    _load_tree(registry)
    suggestions = suggest(key, registry)
    where = [f"searched: {' -> '.join(search_path(key, registry))}"]
    if origin is not None and origin is not registry:
        where.append(
            f"the default scope {registry.scope!r} redirected this build from "
            f"{label(origin)}"
        )
    if config_path:
        where.insert(0, f"at config path: {config_path}")
    where.extend(_scope_problems(key, registry))
    fix = [did_you_mean(suggestions)]
    fix.append(
        "fix: register it with @<REGISTRY>.register_module() in the module that "
        "defines it, and make sure that module is imported (add it to the "
        "registry's locations=[...])"
    )
    return NotRegisteredError(
        compose(f"{key!r} is not registered in {label(registry)}", where, fix),
        key=key,
        registry=label(registry),
        suggestions=suggestions,
        config_path=config_path,
    )
