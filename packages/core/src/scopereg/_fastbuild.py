"""The fast branches of a build: configs whose type was resolved before.

A build whose string ``type`` is already in the lookup cache of the registry
it resolves from needs no validation: the cache holds only names that
resolved, and :meth:`dict.copy` accepts only dicts (subclasses included). So
these branches copy the config, pick the cached callable, set the default
scope when ``_scope_`` asks for it, and call. Anything else (a cache miss, a
mapping that is not a dict, a ``type`` that is a class, ``default_args`` that
are not a dict, an error before the call) returns :data:`MISS`, and the
caller takes the general path, which validates everything and raises the
documented errors. That way every error comes from one place.

:meth:`Registry.build` inlines the same steps for configs without extra
arguments, since a call layer costs a third of a direct construction; keep
the two in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

# A module reference, not a name: _build imports this module while it loads.
from scopereg import _build, _scope

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from scopereg._registry import Registry

__all__ = [
    "MISS",
    "build_cached",
    "build_from_cache",
    "build_in_scope",
    "keywords_failed",
]

MISS: Final[Any] = object()
"""Returned when a fast branch cannot build the config; take the general path."""

# The unbound dict methods raise TypeError for anything but a dict (or a
# subclass), which is how the fast branches tell a dict from other mappings.
_dict_copy: Final = cast("Callable[[object], dict[str, Any]]", dict.copy)
_dict_items: Final = cast("Callable[[object], Iterable[tuple[str, Any]]]", dict.items)
_local_get: Final = _scope._local.get
_local_set: Final = _scope._local.set
_local_reset: Final = _scope._local.reset


def keywords_failed(error: BaseException, config: dict[Any, Any]) -> bool:
    """Tell whether ``error`` is Python refusing a non-str keyword name.

    ``obj(**config)`` raises ``TypeError`` before any code of ``obj`` runs if
    a key is not a str. The general path reports such a config with its own
    :class:`~scopereg.exceptions.InvalidConfigError`, so the fast branches
    hand it over instead of raising. Called on error paths only.
    """
    return isinstance(error, TypeError) and not all(
        isinstance(key, str) for key in config
    )


def build_in_scope(registry: Registry[Any], config: dict[str, Any]) -> Any:
    """Build ``config`` with its ``_scope_`` as the default scope.

    Args:
        registry: The registry the build was asked of.
        config: A private copy of the config, defaults merged; ``type`` and
            ``_scope_`` are popped from it.

    Returns:
        The built object, or :data:`MISS` if the general path must build it.
    """
    try:
        key = config.pop("type")
    except KeyError:
        return MISS
    scope_name = config.pop("_scope_")
    if scope_name is None:  # `_scope_=None` changes nothing
        return build_cached(registry, config, key)
    try:
        target = registry._tree.scopes[scope_name]
        obj = target._cache[key]
    except Exception:  # unknown scope or type, unhashable values: general path
        return MISS
    token = _local_set((target._default_scope, _local_get()))
    try:
        return obj(**config)
    except Exception as error:
        if keywords_failed(error, config):
            return MISS
        _build.annotate_build_error(error, key, obj, registry)
        raise
    finally:
        _local_reset(token)


def build_cached(registry: Registry[Any], config: dict[str, Any], key: Any) -> Any:
    """Build ``config`` (``type`` removed) under the default scope in force.

    Args:
        registry: The registry the build was asked of.
        config: The keyword arguments.
        key: The config's ``type``.

    Returns:
        The built object, or :data:`MISS` if the general path must build it.
    """
    scope = _local_get()[0]
    try:
        if scope is None:
            obj = registry._cache[key]
        else:
            obj = registry._tree.scopes[scope._scope_name]._cache[key]
    except Exception:  # not cached, or the scope has no registry in this tree
        return MISS
    try:
        return obj(**config)
    except Exception as error:
        if keywords_failed(error, config):
            return MISS
        _build.annotate_build_error(error, key, obj, registry)
        raise


def build_from_cache(
    cfg: Mapping[str, Any],
    registry: Registry[Any],
    default_args: Mapping[str, Any] | None,
) -> Any:
    """Build as :func:`~scopereg.build_from_cfg` does, from cached lookups only.

    Args:
        cfg: The config.
        registry: Where string types resolve.
        default_args: Keyword arguments used where ``cfg`` has none.

    Returns:
        The built object, or :data:`MISS` if the general path must build it.
    """
    try:
        config = _dict_copy(cfg)
        if default_args is not None:
            for name, value in _dict_items(default_args):
                config.setdefault(name, value)
    except TypeError:  # not dicts: the general path checks other mappings
        return MISS
    # Outside the try blocks: an error of the constructor must propagate, and
    # never send the config to the general path to be built a second time.
    if "_scope_" in config:
        return build_in_scope(registry, config)
    try:
        key = config.pop("type")
    except KeyError:
        return MISS
    return build_cached(registry, config, key)
