"""Lookups: how a registry resolves keys, imports locations, follows the scope.

:class:`Lookups` is the half of :class:`~scopereg._core.RegistryCore` that
answers ``get``: the cached lookup, the walk over ancestors and scopes, the
lazy import of ``locations`` and of a scope's registry module, and the
redirect a default scope makes. It works on the state the core owns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scopereg import _context, _discovery, _journal, _source
from scopereg._keys import check_key
from scopereg._messages import label, shown
from scopereg._protocols import is_instance_manager
from scopereg.exceptions import ScopeFallbackWarning

if TYPE_CHECKING:
    from scopereg._entries import EntryDict
    from scopereg._tree import Tree

__all__ = ["Lookups", "locate", "set_miss_resolver"]

# What `get` asks when no registry of the tree has a key. None keeps the closed
# set (the default); the mmengine bridge sets its allowlisted dotted-path
# import here when the user opts in. Never consulted on a cache hit.
_miss_resolver: Callable[[str], Any] | None = None


def set_miss_resolver(resolver: Callable[[str], Any] | None) -> None:
    """Set what ``get`` returns for a key nothing registered (``None``: nothing).

    The answer is never cached, so the build fast branch never serves it:
    every build of such a key takes the general path, which calls ``get``.

    Args:
        resolver: Called with the key; returns an object or ``None``.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", scope="doc_miss")
        >>> set_miss_resolver({"pkg.Thing": complex}.get)
        >>> REG.get("pkg.Thing") is complex
        True
        >>> set_miss_resolver(None)
        >>> REG.get("pkg.Thing") is None
        True
    """
    global _miss_resolver
    _miss_resolver = resolver


class Lookups:
    """Key resolution over a registry's state (mixed into the registry core)."""

    _scope: str
    _name: str
    _cache: dict[str, Any]
    _tree: Tree
    _lineage: tuple[Any, ...]
    _module_dict: EntryDict
    _imported: bool
    _locations: tuple[str, ...]
    _defined_at: str
    _lookups_are_core: bool

    if TYPE_CHECKING:  # defined by the registry core

        @property
        def scope(self) -> str: ...

        @property
        def name(self) -> str: ...

        @property
        def module_dict(self) -> dict[str, Any]: ...

    def get(self, key: str) -> Any:
        """Return the object ``key`` names, or ``None`` if nothing matches.

        ``'Name'`` is looked up here then in the ancestors; ``'scope.Name'``
        in the registry of ``scope`` anywhere in the tree, then its
        ancestors. An unknown scope's registry module is imported once.
        Never imports a dotted path from the key (unlike mmengine), unless
        the mmengine bridge was installed with an allowlist of module
        prefixes (:func:`scopereg.mmengine.install`).

        Args:
            key: A name, optionally prefixed by scopes.

        Returns:
            The registered class or function, or ``None``.

        Raises:
            TypeError: If ``key`` is not a str.
            KeyError: :class:`~scopereg.exceptions.NotRegisteredError` if
                ``key`` has more than 1000 characters or 32 scope prefixes
                (no registered name can match it).
            ImportError: :class:`~scopereg.exceptions.LocationImportError`
                if a location of a registry on the search path fails.

        Examples:
            >>> from scopereg import Registry
            >>> REG = Registry("model", scope="doc_get")
            >>> REG.get("Missing") is None
            True
        """
        try:
            return self._cache[key]
        except KeyError:
            pass
        except TypeError:
            pass
        if not isinstance(key, str):
            raise TypeError(
                f"The key argument of `Registry.get` must be a str, got "
                f"{type(key)}: {shown(key)}"
            )
        check_key(key, self)
        generation = self._tree.generation
        found = self._resolve(key)
        if found is None:
            return None if _miss_resolver is None else _miss_resolver(key)
        # A class overriding a lookup method never fills its cache, so the
        # build fast branch, which reads caches directly, never answers for it.
        # Nor is a ManagerMixin class cached: it is created through its
        # get_instance, which only the general path calls.
        if self._lookups_are_core and not is_instance_manager(found):
            self._tree.remember(self._cache, key, found, generation)
        return found

    def _resolve(self, key: str) -> Any:
        """Resolve ``key`` without the cache (see :meth:`get`)."""
        found = locate(self, key)
        return None if found is None else found[1]

    def registry_of_scope(self, scope: str) -> Any:
        """Return the registry of ``scope`` in this tree, importing it once.

        Args:
            scope: A scope name.

        Returns:
            The registry, or ``None`` if the scope has none in this tree.

        Examples:
            >>> from scopereg import Registry
            >>> root = Registry("doc-model", scope="doc_ros_root")
            >>> child = Registry("doc-model", parent=root, scope="doc_ros_child")
            >>> root.registry_of_scope("doc_ros_child") is child
            True
        """
        target = self._tree.scopes.get(scope)
        if target is None:
            _discovery.import_scope(scope)
            target = self._tree.scopes.get(scope)
        return target

    def import_from_location(self) -> None:
        """Import this registry's ``locations`` unless done already.

        Runs once even when many threads look up at the same time; a failed
        import leaves nothing it registered or created, and is retried on the
        next lookup.

        Raises:
            ImportError: :class:`~scopereg.exceptions.LocationImportError`
                naming the registry and the location, the cause chained.

        Examples:
            >>> from scopereg import Registry
            >>> reg = Registry("doc-json", scope="doc_ifl", locations=["json"])
            >>> reg.import_from_location()  # imports json once
            >>> reg.import_from_location()  # already done: returns at once
        """
        if self._imported:
            return
        # No lock of ours is held while importing: importlib already runs each
        # module once and makes other threads wait until it has finished, and
        # holding a registry lock around that wait deadlocks against a thread
        # that imports a location directly and looks this registry up inside.
        for location in self._locations:
            try:
                _journal.import_module(location)
            except Exception as err:
                from scopereg._failures import location_import_error  # errors only

                raise location_import_error(
                    label(self), self._defined_at, location, err
                ) from err
        # A lookup made from inside a location's own import (in the thread
        # running it) sees the location half done: only a complete one counts.
        self._imported = not any(map(_journal.initializing, self._locations))

    def registry_for_current_scope(self) -> Any:
        """Return the registry a build resolves from under the default scope.

        That is the default scope's registry in this tree, or this registry
        when no default scope is set or the scope has none here. That
        fallback warns on every call, at the user's line: the warnings
        filters decide how often it shows (by default once per line), and
        with warnings as errors every such build raises, the first as the
        later ones.

        Returns:
            The registry to resolve names from.

        Examples:
            >>> from scopereg import DefaultScope, Registry
            >>> root = Registry("doc-model", scope="doc_rcs_root")
            >>> child = Registry("doc-model", parent=root, scope="doc_rcs_child")
            >>> root.registry_for_current_scope() is root
            True
            >>> with DefaultScope("doc_rcs_child"):
            ...     root.registry_for_current_scope() is child
            True
        """
        scope_name = _context.active_scope_name()
        if scope_name is None or scope_name == self._scope:
            return self
        target = self.registry_of_scope(scope_name)
        if target is not None:
            return target
        import warnings

        warnings.warn(
            f"default scope {scope_name!r} has no registry in the "
            f"{self._lineage[-1].name!r} tree; building from {label(self)} instead",
            ScopeFallbackWarning,
            stacklevel=_source.user_stacklevel(),
        )
        return self


def locate(registry: Lookups, key: str) -> tuple[Any, Any] | None:
    """Return the registry that ``key`` resolves in from ``registry``, and the object.

    The one walk behind :meth:`Lookups.get`, also used where the registry
    holding the object matters (``scopereg show``, ``scopereg check``):
    ``'Name'`` in ``registry`` then its ancestors, ``'scope.Name'`` in that
    scope's registry of the tree (imported once), locations imported on the
    way.

    Args:
        registry: Where the lookup starts.
        key: A name, optionally prefixed by scopes.

    Returns:
        ``(holder, obj)``, or ``None`` if nothing matches.

    Examples:
        >>> from scopereg import Registry
        >>> root = Registry("doc-model", scope="doc_locate_root")
        >>> child = Registry("doc-model", parent=root, scope="doc_locate_child")
        >>> _ = root.register_module(module=complex)
        >>> holder, obj = locate(child, "complex")
        >>> holder is root, obj is complex
        (True, True)
    """
    while True:  # one hop per scope prefix, never recursion
        scope, dot, rest = key.partition(".")
        if not dot:
            for holder in registry._lineage:
                if not holder._imported:
                    holder.import_from_location()
                found = holder._module_dict.get(key)
                if found is not None:
                    return holder, found
            return None
        key = rest
        if scope == registry._scope:
            continue
        target = registry.registry_of_scope(scope)
        if target is None:
            return None
        if not target._lookups_are_core:  # its class resolves its own way
            obj = target._resolve(rest)
            return None if obj is None else (target, obj)
        registry = target
