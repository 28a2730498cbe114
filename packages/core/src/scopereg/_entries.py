"""A registry's entries: the name checks and the dict that keeps caches honest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from scopereg._messages import compose, did_you_mean, label, shown, wrong_type
from scopereg._source import source_of
from scopereg.exceptions import (
    DuplicateRegistrationError,
    InvalidRegistrationError,
    NotRegisteredError,
    ScopeAssertionError,
)

if TYPE_CHECKING:
    from scopereg._messages import Labelled
    from scopereg._tree import Tree

__all__ = [
    "EntryDict",
    "check_names",
    "duplicate_error",
    "not_removable",
    "registrable",
    "scope_taken",
]


class EntryDict(dict[str, Any]):
    """The name-to-object dict of one registry.

    It is a real ``dict`` (mmengine's ``module_dict`` is one, and tests edit
    it by hand); every mutating method also invalidates the lookup caches
    of the tree, so such edits are seen by the next lookup.
    """

    __slots__ = ("_tree",)

    def __init__(self, tree: Tree) -> None:
        super().__init__()
        self._tree = tree

    def _changed(self) -> None:
        with self._tree.lock:
            self._tree.invalidate()

    def __setitem__(self, key: str, value: Any) -> None:
        """Set an entry and invalidate lookups."""
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        """Delete an entry and invalidate lookups."""
        super().__delitem__(key)
        self._changed()

    def pop(self, key: str, *default: Any) -> Any:
        """Remove an entry, returning it, and invalidate lookups."""
        value = super().pop(key, *default)
        self._changed()
        return value

    def popitem(self) -> tuple[str, Any]:
        """Remove the last entry and invalidate lookups."""
        item = super().popitem()
        self._changed()
        return item

    def clear(self) -> None:
        """Remove every entry and invalidate lookups."""
        super().clear()
        self._changed()

    def setdefault(self, key: str, default: Any = None) -> Any:
        """Insert ``key`` if missing and invalidate lookups."""
        value = super().setdefault(key, default)
        self._changed()
        return value

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Add entries and invalidate lookups."""
        super().update(*args, **kwargs)
        self._changed()

    def __ior__(self, other: Any) -> EntryDict:  # type: ignore[override,misc]
        """Merge entries in place and invalidate lookups."""
        self.update(other)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as a plain dict: the tree is not part of the value."""
        return (dict, (dict(self),))


def check_names(name: object) -> tuple[str, ...] | None:
    """Validate ``register_module``'s ``name`` argument.

    Args:
        name: ``None``, a str, or a sequence of str.

    Returns:
        The names as a tuple, or ``None`` to use the object's ``__name__``.

    Raises:
        InvalidRegistrationError: For any other type, an empty name, a name
            with a dot (it would read as ``scope.name``), or repeats.
    """
    if name is None:
        return None
    if isinstance(name, str) and name and "." not in name:
        return (name,)  # the common case, answered without the loop below
    names: Iterable[object]
    if isinstance(name, str):
        names = (name,)
    elif isinstance(name, Sequence):
        names = tuple(name)
    else:
        raise InvalidRegistrationError(_name_type_error(name))
    checked: list[str] = []
    for item in names:
        if not isinstance(item, str):
            raise InvalidRegistrationError(_name_type_error(name, item))
        if not item or "." in item:
            raise InvalidRegistrationError(
                f"cannot register under {item!r}: a name must be non-empty and "
                "contain no '.', which separates a scope from a name "
                "('srdet.RetinaHead')\n  fix: drop the dot or register in the "
                "registry of that scope"
            )
        if item in checked:
            raise InvalidRegistrationError(f"the name {item!r} is given twice")
        checked.append(item)
    return tuple(checked)


def _name_type_error(name: object, item: object = None) -> str:
    """Return mmengine's message for a ``name=`` that is not str(s), then ours."""
    what = "None, an instance of str, or a sequence of str"
    fix = "fix: pass name='Name' or name=['Name', 'Alias']"
    if item is None:
        return wrong_type("name", what, name, fix)
    return compose(
        f"name must be {what}, but got {type(name)}: {shown(name)}",
        [f"the name {shown(item)} in it is a {type(item)}"],
        [fix],
    )


def registrable(module: object, names: tuple[str, ...] | None) -> tuple[str, ...]:
    """Return the names to register ``module`` under: ``names``, else its own.

    Args:
        module: What is being registered.
        names: Names checked by :func:`check_names`, or ``None``.

    Raises:
        InvalidRegistrationError: If ``module`` is not callable, or no names
            are given and it has no usable ``__name__``.
    """
    if not callable(module):
        raise InvalidRegistrationError(
            wrong_type(
                "module", "Callable", module, "fix: register a class or a function"
            )
        )
    if names is not None:
        return names
    default = getattr(module, "__name__", None)
    if not isinstance(default, str):
        raise InvalidRegistrationError(
            f"{module!r} has no __name__ to register it under\n"
            "  fix: pass name='...' to register_module"
        )
    if default and "." not in default:  # check_names' answer, without its loop
        return (default,)
    return check_names(default) or ()


def scope_taken(
    scope: str, tree: str, existing: tuple[str, str], new: tuple[str, str]
) -> ScopeAssertionError:
    """Build the error for a second registry of ``scope`` in one tree.

    mmengine asserts a new child's scope is not its parent's child already;
    the error is an ``AssertionError`` too, and its first line mmengine's.

    Args:
        scope: The scope.
        tree: The name of the tree's root.
        existing: ``(scope::name, file:line)`` of the registry that has it.
        new: The same for the registry being created.
    """
    return ScopeAssertionError(
        compose(
            f"scope {scope} exists in {tree} registry: the {tree!r} tree already "
            f"has a registry of scope {scope!r}",
            [
                f"existing: {existing[0]} defined at {existing[1]}",
                f"new: {new[0]} defined at {new[1]}",
            ],
            [
                "fix: a scope appears once per tree; give the new registry "
                "another scope=, or reuse the existing one"
            ],
        ),
        scope=scope,
    )


def not_removable(
    registry: Labelled, name: str, owner: Labelled | None
) -> NotRegisteredError:
    """Build the error for removing a name ``registry`` does not hold.

    Args:
        registry: The registry asked to remove it.
        name: The name.
        owner: The ancestor that holds it, if any.
    """
    if owner is not None:
        fix = f"fix: it is registered in {label(owner)}; remove it there"
    else:
        import difflib

        names = list(registry.module_dict)
        close = difflib.get_close_matches(name, names, n=3)
        fix = did_you_mean(close) or (
            f"{len(names)} names are registered here; list(registry) shows them"
        )
    return NotRegisteredError(
        compose(
            f"cannot remove {name!r}: it is not registered in {label(registry)}",
            fix=[fix],
        ),
        key=name,
        registry=label(registry),
    )


def duplicate_error(
    registry: Labelled, name: str, existing: object, incoming: object
) -> DuplicateRegistrationError:
    """Build the error for registering ``incoming`` under a taken ``name``."""
    old = source_of(existing)
    new = source_of(incoming)
    module = getattr(existing, "__module__", None)
    return DuplicateRegistrationError(
        compose(
            # mmengine's words, then the registry as scope::name
            f"{name} is already registered in {registry.name} at {module} "
            f"(registry {label(registry)})",
            [
                f"existing: {old.qualname} defined at {old.location}",
                f"new:      {new.qualname} defined at {new.location}",
            ],
            [
                "fix: register the new one under another name, pass force=True "
                "to replace the existing entry, or register it in your own "
                "package's child registry"
            ],
        ),
        key=name,
        registry=label(registry),
        existing=old.location,
        incoming=new.location,
    )
