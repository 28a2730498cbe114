"""The registry core: a registry's state and its registrations.

:class:`RegistryCore` owns everything a registry holds (entries, children,
the lookup cache, the locations flag, its place in the tree) and the
operations on it that every layer above needs: register and remove here;
resolve a key, import locations and pick the registry a default scope
redirects to in :class:`~scopereg._lookup.Lookups`, which it inherits.
The public :class:`scopereg.Registry` adds the mmengine surface on top.
Saving and restoring registries for tests lives in :mod:`scopereg._core_state`,
the one other module that reads this class's state. While an import is
recorded (:mod:`scopereg._recorder`), each registration and each new registry
is reported there, and undone here when its module's import is undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

from scopereg import _context, _recorder, _scope, _source
from scopereg._buildspec import spec_of
from scopereg._children import ChildDict
from scopereg._entries import EntryDict, duplicate_error, not_removable, scope_taken
from scopereg._journal import initializing
from scopereg._keys import check_scope_name
from scopereg._lookup import Lookups
from scopereg._messages import label, wrong_type
from scopereg._recorder import importing as _importing
from scopereg._recorder import listening as _listening
from scopereg._tree import Tree, all_registries
from scopereg.exceptions import ArgumentAssertionError

__all__ = [
    "FALLBACK_SCOPE",
    "RegistryCore",
    "defined_at",
    "in_tree",
    "lineage",
    "register_core_file",
    "same_tree",
    "tree_registries",
]

FALLBACK_SCOPE: Final = "__main__"
_dict_setdefault: Final = dict.setdefault  # bypasses EntryDict's invalidating override
_dict_setitem: Final = dict.__setitem__

# The methods a build's general path calls on a registry: a subclass that
# overrides one of them never gets the build fast branch, which bypasses them.
_LOOKUP_METHODS: Final = (
    "get",
    "_resolve",
    "registry_of_scope",
    "registry_for_current_scope",
    "import_from_location",
)
_CORE_FILES: list[str] = [__file__]


def register_core_file(path: str) -> None:
    """Treat frames of ``path`` as the registry's own when inferring a scope."""
    _CORE_FILES.append(path)


class RegistryCore(Lookups):
    """A registry's state and the operations on it (see :class:`scopereg.Registry`).

    Args:
        name: What the registry holds, e.g. ``'model'``.
        build_func: The build function, or ``None`` to inherit.
        parent: The registry this one falls back to.
        scope: The scope; inferred when omitted.
        locations: Modules imported before the first lookup, once.
        default_build: The build function of a root without one.
    """

    _build_func: Callable[..., Any]
    _fast: bool

    def __init__(
        self,
        name: str,
        build_func: Callable[..., Any] | None,
        parent: RegistryCore | None,
        scope: str | None,
        locations: Sequence[str],
        default_build: Callable[..., Any],
    ) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"Registry name must be a non-empty str, but got {name!r}")
        if parent is not None and not isinstance(parent, RegistryCore):
            raise ArgumentAssertionError(  # mmengine asserts this
                wrong_type(
                    "parent",
                    "a Registry or None",
                    parent,
                    "fix: pass the parent registry, e.g. parent=MODELS",
                    verb="should be",
                )
            )
        if build_func is not None and not callable(build_func):
            raise TypeError(f"build_func must be callable, but got {build_func!r}")
        if not isinstance(locations, str):
            locations = tuple(locations)  # an iterator would be used up below
        if isinstance(locations, str) or not all(
            isinstance(loc, str) for loc in locations
        ):
            raise TypeError(
                f"locations must be a sequence of module names, but got {locations!r}"
            )
        frame = _source.outside_frame(tuple(_CORE_FILES), RegistryCore)
        if scope is None:
            scope = _source.top_level_package(frame) or FALLBACK_SCOPE
        self._scope = check_scope_name(scope)
        # What a `_scope_` naming this registry makes the default, as the
        # frame the build fast branch enters (one per registry, shared).
        self._scope_frame = _context.token_frame(
            self._scope, _scope.scope_for_name(self._scope)
        )
        self._name = name
        self._defined_at = _source.caller_site(frame)
        self._locations = tuple(locations)
        self._imported = not self._locations
        self._children = ChildDict(self)
        self._cache: dict[str, Any] = {}
        self._saved: dict[object, Any] = {}  # snapshots' copies (_core_state.Saved)
        self._parent = parent
        self._tree: Tree = parent._tree if parent is not None else Tree()
        self._module_dict: EntryDict = EntryDict(self._tree)
        self._lineage: tuple[RegistryCore, ...] = (
            (self, *parent._lineage) if parent is not None else (self,)
        )
        # The fast branch bypasses the lookup methods: a class overriding any
        # of them (mmengine users override get) always builds generally.
        cls = type(self)
        self._lookups_are_core = all(
            getattr(cls, method) is getattr(RegistryCore, method)
            for method in _LOOKUP_METHODS
        )
        self.build_func = build_func or (
            parent._build_func if parent is not None else default_build
        )
        self._join_tree()
        all_registries.add(self)

    def _join_tree(self) -> None:
        """Add this registry to its tree's index, refusing a second scope."""
        tree = self._tree
        with tree.lock:
            existing = tree.scopes.get(self._scope)
            if existing is not None:
                raise scope_taken(
                    self._scope,
                    self._lineage[-1].name,
                    (label(existing), existing._defined_at),
                    (label(self), self._defined_at),
                )
            tree.index(self, self._cache, self._scope_frame)
            if self._parent is not None:
                dict.__setitem__(self._parent._children, self._scope, self)
            tree.invalidate()
            if _importing or _listening:  # an import's: undone with it
                _recorder.created(self, self._imported, self._build_func)

    # -- properties -------------------------------------------------------

    @property
    def name(self) -> str:
        """What the registry holds, e.g. ``'model'``."""
        return self._name

    @property
    def scope(self) -> str:
        """The scope of this registry, e.g. ``'srdet'``."""
        return self._scope

    @property
    def module_dict(self) -> dict[str, Any]:
        """The live mapping of names to registered objects.

        Writing to it (as mmengine users do in tests) invalidates lookups.
        """
        return self._module_dict

    @property
    def children(self) -> dict[str, Any]:
        """The direct children by scope: a live dict, as mmengine's (popping detaches)."""
        return self._children

    @property
    def parent(self) -> Any:
        """The parent registry, or ``None`` for a root."""
        return self._parent

    @property
    def root(self) -> Any:
        """The root of this registry's tree."""
        return self._lineage[-1]

    @property
    def locations(self) -> tuple[str, ...]:
        """The modules imported before the first lookup."""
        return self._locations

    @property
    def build_func(self) -> Callable[..., Any]:
        """The function :meth:`build` delegates to."""
        return self._build_func

    @build_func.setter
    def build_func(self, func: Callable[..., Any]) -> None:
        if not callable(func):
            raise TypeError(f"build_func must be callable, but got {func!r}")
        self._build_func = func
        # The fast branch answers only where it is provably what the build
        # function would do: it builds mappings as build_from_cfg does, and
        # no lookup method is overridden.
        self._fast = self._lookups_are_core and spec_of(func).like_build_from_cfg

    # -- dunder -------------------------------------------------------------

    def __len__(self) -> int:
        """Return the number of names registered here (ancestors excluded)."""
        return len(self._module_dict)

    def __contains__(self, key: object) -> bool:
        """Tell whether ``key`` resolves from this registry (as :meth:`get`)."""
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        """Iterate over the names registered here, in registration order."""
        return iter(list(self._module_dict))

    def __repr__(self) -> str:
        """Render a plain-text table of the registered names and objects."""
        rows = sorted((name, repr(obj)) for name, obj in self._module_dict.items())
        title = f"Registry of {self._name} (scope {self._scope!r}, {len(rows)} names)"
        width = max([len("Names"), *(len(name) for name, _ in rows)])
        lines = [title, f"{'Names':<{width}}  Objects", f"{'-' * width}  -------"]
        lines.extend(f"{name:<{width}}  {obj}" for name, obj in rows)
        return "\n".join(lines)

    # -- registration --------------------------------------------------------

    def _add(self, module: Any, names: tuple[str, ...], force: bool) -> None:
        """Register ``module`` under checked ``names``: all of them or none."""
        # This runs once per entry of every registry at import time, hence
        # acquire/release (half the cost of `with`) and one dict operation
        # for the common single name.
        if force and not self._imported and not any(map(initializing, self._locations)):
            # The forced entry replaces what the locations register, so they
            # are imported first: imported after it, they would collide with
            # it. Not from inside a location's own import (it is under way).
            self.import_from_location()
        recording = _importing or _listening
        replaced: tuple[Any, ...] = ()
        tree = self._tree
        entries = self._module_dict
        tree.lock.acquire()
        try:
            if recording:  # what the change replaces, to undo it
                replaced = tuple(map(entries.get, names))
            if force or len(names) != 1:
                if not force:
                    for entry_name in names:
                        existing = entries.get(entry_name)
                        if existing is not None and existing is not module:
                            raise duplicate_error(self, entry_name, existing, module)
                for entry_name in names:
                    _dict_setitem(entries, entry_name, module)
            else:
                existing = _dict_setdefault(entries, names[0], module)
                if existing is not module:
                    if existing is not None:
                        raise duplicate_error(self, names[0], existing, module)
                    _dict_setitem(entries, names[0], module)
            tree.invalidate()
            if recording:  # an import's: undone with it
                _recorder.registered(self, names, module, replaced)
        finally:
            tree.lock.release()

    def _unregister(
        self, names: tuple[str, ...], new: Any, replaced: tuple[Any, ...]
    ) -> None:
        """Undo registering ``new`` as ``names``: put back what they replaced.

        A name registered anew since (no longer mapping to ``new``) stays.
        The next lookup imports the locations again (the undone module may
        be one of them).
        """
        tree = self._tree
        entries = self._module_dict
        with tree.lock:
            for name, old in zip(names, replaced, strict=True):
                if old is new or entries.get(name) is not new:
                    continue
                if old is None:
                    dict.pop(entries, name)
                else:
                    _dict_setitem(entries, name, old)
            self._imported = not self._locations
            tree.invalidate()

    def _leave_tree(self) -> None:
        """Undo creating this registry: it leaves its tree and the live set."""
        tree = self._tree
        parent = self._parent
        with tree.lock:
            if tree.scopes.get(self._scope) is self:
                tree.unindex(self._scope)
            if parent is not None and parent._children.get(self._scope) is self:
                dict.pop(parent._children, self._scope)
            tree.invalidate()
        all_registries.discard(self)

    def _remove(self, name: str) -> Any:
        """Remove the entry ``name`` of this registry and return it."""
        with self._tree.lock:
            if name not in self._module_dict:
                owner = next(
                    (reg for reg in self._lineage[1:] if name in reg._module_dict),
                    None,
                )
                raise not_removable(self, name, owner)
            obj = dict.pop(self._module_dict, name)
            self._tree.invalidate()
            return obj


def lineage(registry: RegistryCore) -> tuple[RegistryCore, ...]:
    """Return ``registry`` and its ancestors, nearest first."""
    return registry._lineage


def tree_registries(registry: RegistryCore) -> dict[str, RegistryCore]:
    """Return every registry of ``registry``'s tree, by scope (a copy)."""
    return dict(registry._tree.scopes)


def defined_at(registry: RegistryCore) -> str:
    """Return ``file:line`` where ``registry`` was created."""
    return registry._defined_at


def same_tree(first: RegistryCore, second: RegistryCore) -> bool:
    """Tell whether two registries belong to one tree."""
    return first._tree is second._tree


def in_tree(registry: RegistryCore) -> bool:
    """Tell whether ``registry`` is still indexed by its tree (a sandbox drops some)."""
    return registry._tree.scopes.get(registry._scope) is registry
