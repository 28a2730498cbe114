"""The shared state of one registry tree: its scope index and cache bookkeeping.

Every registry of a tree holds the same :class:`Tree`. The scope index makes
``'scope.Name'`` an O(1) dictionary hop at any depth; the generation counter
and the list of non-empty caches let one registration invalidate every cache
of the tree without touching the registries that have none.
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scopereg._core import RegistryCore

__all__ = ["Tree", "alive_registries", "all_registries"]

# Every registry alive in the process, for snapshots, pickling and the
# "did you mean" search across trees.
all_registries: weakref.WeakSet[RegistryCore] = weakref.WeakSet()


def alive_registries() -> list[RegistryCore]:
    """Return every registry alive now, also while other threads create some."""
    while True:
        try:
            return list(all_registries)
        except RuntimeError:  # "Set changed size during iteration": try again
            continue


def _after_fork_in_child() -> None:
    """Give every tree of the forked child a free lock.

    A thread that held one when another thread forked does not exist in the
    child, where the copied lock would stay held forever.
    """
    for tree in list(_trees):
        tree.lock = threading.RLock()


class Tree:
    """Scope index, lock and cache bookkeeping shared by one registry tree.

    Attributes:
        scopes: Every registry of the tree, by scope.
        fast: For each scope, its registry's lookup cache and the default
            scope frame its ``_scope_`` enters (see :mod:`scopereg._context`).
        lock: Serialises registration and cache invalidation in the tree.
        generation: Bumped by every change that can alter a lookup's answer.
    """

    __slots__ = (
        "__weakref__",
        "_cached",
        "fast",
        "generation",
        "lock",
        "scopes",
    )

    def __init__(self) -> None:
        self.scopes: dict[str, RegistryCore] = {}
        # For the build fast branch, by scope: the registry's lookup cache and
        # the frame its `_scope_` enters (one hop instead of three).
        self.fast: dict[str, tuple[dict[str, Any], Any]] = {}
        self.lock = threading.RLock()
        self.generation = 0
        self._cached: list[dict[str, object]] = []
        _trees.add(self)

    def index(self, registry: RegistryCore, cache: dict[str, Any], frame: Any) -> None:
        """Index ``registry`` under its scope; call with ``lock`` held."""
        self.scopes[registry.scope] = registry
        self.fast[registry.scope] = (cache, frame)

    def unindex(self, scope: str) -> None:
        """Drop the registry of ``scope`` from the index; call with ``lock`` held."""
        del self.scopes[scope]
        del self.fast[scope]

    def invalidate(self) -> None:
        """Forget every cached lookup of the tree; call with ``lock`` held."""
        self.generation += 1
        if self._cached:  # nothing to clear while a tree is being filled
            for cache in self._cached:
                cache.clear()
            self._cached.clear()

    def remember(
        self, cache: dict[str, object], key: str, value: object, generation: int
    ) -> None:
        """Cache ``value`` for ``key`` unless the tree changed since ``generation``.

        Args:
            cache: The cache of the registry that resolved ``key``.
            key: The key as asked.
            value: What it resolved to.
            generation: :attr:`generation` read before resolving began.
        """
        with self.lock:
            if generation != self.generation:
                return
            if not cache:
                self._cached.append(cache)
            cache[key] = value


# Every tree alive in the process, for the fork handler.
_trees: weakref.WeakSet[Tree] = weakref.WeakSet()
if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
