"""What the CLI says about one registered name: key, kind, definition site.

``list`` prints one :class:`Entry` per line (or as JSON); ``show`` adds the
signature, the docstring's first line and the scopes that override it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from scopereg._registry import Registry
from scopereg._source import source_of

__all__ = ["Entry", "entries_of", "kind_of", "overriders", "overrides"]


class Entry(NamedTuple):
    """One name registered in one registry.

    Attributes:
        registry: Where it is registered.
        name: The name it is registered under.
        obj: The registered class or function.
    """

    registry: Registry[Any]
    name: str
    obj: Any

    @property
    def key(self) -> str:
        """The key that reaches it from the root: ``'srdet.RetinaHead'``."""
        if self.registry.parent is None:
            return self.name
        return f"{self.registry.scope}.{self.name}"

    @property
    def label(self) -> str:
        """The registry as ``scope::name``."""
        return f"{self.registry.scope}::{self.registry.name}"

    def as_json(self) -> dict[str, Any]:
        """Return the entry as a JSON-ready dict (the ``list --json`` shape)."""
        source = source_of(self.obj)
        return {
            "name": self.name,
            "key": self.key,
            "scope": self.registry.scope,
            "registry": self.label,
            "kind": kind_of(self.obj),
            "module": source.module,
            "qualname": source.qualname,
            "file": source.file,
            "line": source.line,
            "overrides": [f"{r.scope}::{r.name}" for r in overrides(self)],
        }


def entries_of(registry: Registry[Any]) -> list[Entry]:
    """Return the names registered in ``registry`` itself, sorted.

    Examples:
        >>> REG = Registry("model", scope="doc_cli_entries")
        >>> _ = REG.register_module(module=dict)
        >>> [entry.key for entry in entries_of(REG)]
        ['dict']
    """
    return [
        Entry(registry, name, obj) for name, obj in sorted(registry.module_dict.items())
    ]


def kind_of(obj: object) -> str:
    """Say what a registered object is: class, function, partial or callable.

    Examples:
        >>> kind_of(dict), kind_of(kind_of), kind_of(len)
        ('class', 'function', 'function')
    """
    import functools
    import types

    if isinstance(obj, type):
        return "class"
    if isinstance(obj, functools.partial):
        return "partial"
    function_types = (types.FunctionType, types.BuiltinFunctionType, types.MethodType)
    return "function" if isinstance(obj, function_types) else "callable"


def overrides(entry: Entry) -> list[Registry[Any]]:
    """Return the ancestors whose entry of the same name ``entry`` hides.

    Examples:
        >>> ROOT = Registry("model", scope="doc_cli_over")
        >>> CHILD = Registry("model", parent=ROOT, scope="doc_cli_over_child")
        >>> _ = ROOT.register_module(module=dict)
        >>> _ = CHILD.register_module(module=dict)
        >>> [r.scope for r in overrides(Entry(CHILD, "dict", dict))]
        ['doc_cli_over']
    """
    found, parent = [], entry.registry.parent
    while parent is not None:
        if entry.name in parent.module_dict:
            found.append(parent)
        parent = parent.parent
    return found


def overriders(entry: Entry) -> list[Registry[Any]]:
    """Return the descendants that register the same name, depth-first."""
    found = []
    pending = [entry.registry.children[s] for s in sorted(entry.registry.children)]
    while pending:
        registry = pending.pop(0)
        if entry.name in registry.module_dict:
            found.append(registry)
        pending[:0] = [registry.children[s] for s in sorted(registry.children)]
    return found
