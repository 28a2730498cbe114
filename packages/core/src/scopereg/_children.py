"""A registry's children: mmengine's mutable ``children`` dict, kept in step with the tree.

mmengine's ``Registry.children`` is a plain dict, and mmengine's code and
tests detach a child by popping it (``OPTIMIZERS.children.pop('mmdet')``)
so that a later registry can take its scope. Here ``children`` is a real
``dict`` too, and every change made through it also updates the tree's scope
index: a popped child and its descendants are no longer reachable by scope
(``'scope.Name'``, ``_scope_``, default scopes), and their scopes are free
again. Putting a popped child back under its parent brings it back. Like
:mod:`scopereg._core_state`, this module reads :class:`RegistryCore`'s state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scopereg._messages import label
from scopereg.exceptions import ScopeError

if TYPE_CHECKING:
    from scopereg._core import RegistryCore

__all__ = ["ChildDict"]


class ChildDict(dict[str, Any]):
    """The direct children of one registry, by scope.

    Args:
        owner: The registry whose children these are.
    """

    __slots__ = ("_owner",)

    def __init__(self, owner: RegistryCore) -> None:
        super().__init__()
        self._owner = owner

    def __setitem__(self, scope: str, child: Any) -> None:
        """Put a popped child back: it and its subtree rejoin the tree's index.

        Raises:
            ScopeError: If ``child`` was not created under this registry with
                that scope, or its scope (or a descendant's) is taken now.
        """
        owner = self._owner
        if getattr(child, "_parent", None) is not owner or child.scope != scope:
            raise ScopeError(
                f"children of {label(owner)} can only take back a registry created "
                f"under it, by its own scope; got {scope!r}: {child!r:.60}",
                scope=scope if isinstance(scope, str) else None,
            )
        if dict.get(self, scope) is child:
            return
        tree = owner._tree
        with tree.lock:
            subtree = list(_subtree(child))
            for registry in subtree:
                taken = tree.scopes.get(registry.scope)
                if taken is not None and taken is not registry:
                    raise ScopeError(
                        f"cannot put {label(child)} back under {label(owner)}: "
                        f"scope {registry.scope!r} now belongs to {label(taken)}",
                        scope=registry.scope,
                    )
            for registry in subtree:
                tree.index(registry, registry._cache, registry._scope_frame)
            dict.__setitem__(self, scope, child)
            tree.invalidate()

    def __delitem__(self, scope: str) -> None:
        """Detach a child: its subtree leaves the tree's scope index."""
        self.pop(scope)

    def pop(self, scope: str, *default: Any) -> Any:
        """Detach the child of ``scope`` and return it (or ``default``)."""
        with self._owner._tree.lock:
            if scope not in self:
                return dict.pop(self, scope, *default)
            child = dict.pop(self, scope)
            self._detach(child)
            return child

    def popitem(self) -> tuple[str, Any]:
        """Detach the newest child and return ``(scope, child)``."""
        with self._owner._tree.lock:
            scope, child = dict.popitem(self)
            self._detach(child)
            return scope, child

    def clear(self) -> None:
        """Detach every child."""
        with self._owner._tree.lock:
            children = list(self.values())
            dict.clear(self)
            for child in children:
                self._detach(child)

    def setdefault(self, scope: str, child: Any = None) -> Any:
        """Return the child of ``scope``, putting ``child`` back if there is none."""
        if scope not in self:
            self[scope] = child
        return self[scope]

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Put several popped children back (see ``__setitem__``)."""
        for scope, child in dict(*args, **kwargs).items():
            self[scope] = child

    def __ior__(self, other: Any) -> ChildDict:  # type: ignore[override,misc]
        """Put several popped children back (``|=``)."""
        self.update(other)
        return self

    def _detach(self, child: RegistryCore) -> None:
        """Drop ``child`` and its descendants from the index (tree lock held)."""
        tree = self._owner._tree
        for registry in _subtree(child):
            if tree.scopes.get(registry.scope) is registry:
                tree.unindex(registry.scope)
        tree.invalidate()


def _subtree(top: RegistryCore) -> list[RegistryCore]:
    """Return ``top`` and every registry below it, parents before children."""
    found = [top]
    for registry in found:  # grows while it is walked: breadth first
        found.extend(dict.values(registry._children))
    return found
