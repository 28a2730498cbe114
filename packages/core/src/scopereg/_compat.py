"""mmengine's private registry methods that its own code and tests call.

mmengine's ``Registry.__init__`` calls ``parent._add_child(self)``, and its
tests and downstream code call ``_search_child`` and ``_get_root_registry``;
:class:`scopereg.Registry` keeps them with mmengine's names through this
mixin.
"""

from __future__ import annotations

from typing import Any

from scopereg._core import RegistryCore
from scopereg._messages import label, wrong_type
from scopereg.exceptions import ArgumentAssertionError, ScopeAssertionError

__all__ = ["MmenginePrivate"]


class MmenginePrivate(RegistryCore):
    """``_add_child``, ``_search_child`` and ``_get_root_registry``, as in mmengine."""

    def _add_child(self, registry: Any) -> None:
        """Check that ``registry`` is this registry's child, or put it back (mmengine).

        Children join their parent's tree when constructed with ``parent=``;
        one popped from :attr:`children` can be put back; re-parenting an
        existing registry is not supported.

        Raises:
            TypeError: An :class:`~scopereg.exceptions.ArgumentAssertionError`
                (also an ``AssertionError``, as mmengine asserts) if
                ``registry`` is not a registry.
            ValueError: A :class:`~scopereg.exceptions.ScopeAssertionError`
                (also an ``AssertionError``) if it is another registry's child.
        """
        if not isinstance(registry, RegistryCore):  # mmengine asserts both checks
            raise ArgumentAssertionError(
                wrong_type(
                    "registry",
                    "a Registry",
                    registry,
                    "fix: pass a child registry created with parent=<this registry>",
                    verb="should be",
                )
            )
        if registry._parent is self:
            self.children[registry.scope] = registry
            return
        raise ScopeAssertionError(
            f"{label(registry)} is not a child of {label(self)}; create it "
            f"with Registry(..., parent=<this registry>)",
            scope=registry.scope,
        )

    def _search_child(self, scope: str) -> Any | None:
        """Return the registry of ``scope`` in this registry's subtree."""
        target = self._tree.scopes.get(scope)
        if target is not None and self in target._lineage:
            return target
        return None

    def _get_root_registry(self) -> Any:
        """Return the root registry (mmengine name of :attr:`root`)."""
        return self.root
