"""A JSON Schema (draft 2020-12) of the configs the registry trees accept.

Every registered name becomes an object schema under ``$defs``: ``type``
fixed to the keys that reach it (``'srdet.ResNet'``, and the bare
``'ResNet'``), its keyword arguments with the types and defaults of its
signature, unknown keys refused. A parameter that takes a mapping accepts a
nested config: one whose ``type`` is a registered key is checked against
that name's schema; a ``type`` one edit away from a registered name (any
case) is refused as a typo; any other mapping is plain data. A bare name
registered in several scopes is accepted with any of their arguments.

Types read from annotations: ``int``, ``float``, ``str``, ``bool``,
``None``, ``list[...]``/``Sequence[...]``, ``tuple[...]``, ``Literal``,
unions and ``Optional``, mappings (nested configs), ``os.PathLike``;
anything else (``Any``, classes, callables) is left open.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from scopereg._argcheck import accepted_names
from scopereg._cli import registries
from scopereg._cli.schema_types import annotation_schema, hints_of, json_default
from scopereg._registry import Registry
from scopereg._source import source_of

__all__ = ["SCHEMA_DIALECT", "tree_schema"]

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
NEAR_MISS: Final = "#/$defs/near-miss"


class _Entry(typing.NamedTuple):
    """One registered name: where, under which name, and its definition id."""

    registry: Registry[Any]
    name: str
    obj: Any

    @property
    def ref(self) -> str:
        return f"{self.registry.name}:{self.registry.scope}.{self.name}"


def _label(registry: Registry[Any]) -> str:
    return f"{registry.scope}::{registry.name}"


def _visible(registry: Registry[Any]) -> dict[str, _Entry]:
    """Map each bare name a lookup from ``registry`` finds to its entry."""
    found: dict[str, _Entry] = {}
    holder: Registry[Any] | None = registry
    while holder is not None:
        for name, obj in sorted(holder.module_dict.items()):
            found.setdefault(name, _Entry(holder, name, obj))
        holder = holder.parent
    return found


def _resolved_from(registry: Registry[Any]) -> dict[str, list[_Entry]]:
    """Map each key that resolves from ``registry`` to the one entry it finds.

    Bare names through the registry and its ancestors; ``'scope.Name'``
    through the registry of that scope in the tree and its ancestors.
    """
    keys = {name: [entry] for name, entry in _visible(registry).items()}
    for reg, _ in registries.walk(registry.root):
        for name, entry in _visible(reg).items():
            keys.setdefault(f"{reg.scope}.{name}", [entry])
    return keys


def _anywhere(roots: Sequence[Registry[Any]]) -> dict[str, list[_Entry]]:
    """Map each key to every entry it may mean somewhere in ``roots``' trees."""
    keys: dict[str, list[_Entry]] = {}
    for root in roots:
        for reg, _ in registries.walk(root):
            for key, entries in _resolved_from(reg).items():
                known = keys.setdefault(key, [])
                known += [e for e in entries if all(k.ref != e.ref for k in known)]
    return keys


def _object_schema(entry: _Entry, keys: list[str]) -> dict[str, Any]:
    """Return the schema of a config of one registered name."""
    import inspect

    source = source_of(entry.obj)
    doc = (inspect.getdoc(entry.obj) or "").strip().splitlines()
    schema: dict[str, Any] = {
        "type": "object",
        "title": f"{entry.registry.scope}.{entry.name}",
        "description": " ".join(
            part
            for part in (
                doc[0] if doc else "",
                f"({entry.registry.scope}::"
                f"{entry.registry.name}, {source.module}.{source.qualname})",
            )
            if part
        ),
        "properties": {"type": {"enum": keys}, "_scope_": {"type": "string"}},
        "required": ["type"],
    }
    try:
        obj = entry.obj
        init = typing.cast("Any", obj).__init__ if isinstance(obj, type) else obj
        parameters = list(inspect.signature(entry.obj).parameters.values())
    except (TypeError, ValueError):
        return schema  # no signature to read: every key allowed
    hints = hints_of(init)
    open_keys = False
    for parameter in parameters:
        if parameter.kind is parameter.VAR_KEYWORD:
            open_keys = True
            continue
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.POSITIONAL_ONLY):
            continue
        prop = annotation_schema(
            hints.get(parameter.name, typing.Any),
            f"#/$defs/nested:{_label(entry.registry)}",
        )
        if parameter.default is parameter.empty:
            schema["required"].append(parameter.name)
        else:
            ok, default = json_default(parameter.default)
            if ok:
                prop["default"] = default
        schema["properties"][parameter.name] = prop
    if open_keys:
        forwarded = accepted_names(entry.obj)
        for name in forwarded or ():
            schema["properties"].setdefault(name, {})
        open_keys = forwarded is None
    if not open_keys:
        schema["additionalProperties"] = False
    return schema


def _dispatch(keys: Mapping[str, list[_Entry]]) -> list[dict[str, Any]]:
    """Return ``if type is K then its schema`` for every key ``K``."""
    rules = []
    for key, entries in keys.items():
        refs = [{"$ref": f"#/$defs/{entry.ref}"} for entry in entries]
        rules.append(
            {
                "if": {"properties": {"type": {"const": key}}, "required": ["type"]},
                "then": refs[0] if len(refs) == 1 else {"anyOf": refs},
            }
        )
    return rules


def _letters(text: str) -> str:
    """Return a regex matching ``text`` in any case."""
    return "".join(
        f"[{c.upper()}{c.lower()}]"
        if c.isalpha() and c.upper() != c.lower()
        else re.escape(c)
        for c in text
    )


def _near_names(names: Iterator[str]) -> str:
    """Return a regex of every string one edit from a name (any case, any scope)."""
    variants: set[str] = set()
    for name in names:
        if len(name) < 3:
            continue
        for i in range(len(name) + 1):
            variants.add(_letters(name[:i]) + "." + _letters(name[i:]))  # insert
            if i < len(name):
                variants.add(_letters(name[:i]) + "." + _letters(name[i + 1 :]))
                if len(name) > 3:
                    variants.add(_letters(name[:i] + name[i + 1 :]))  # delete
            if i < len(name) - 1:
                swapped = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
                variants.add(_letters(swapped))
    return r"^(?:\w+\.)*(?:" + "|".join(sorted(variants)) + r")$"


def _nested_keys(
    registry: Registry[Any],
    forest: Sequence[Registry[Any]],
    anywhere: Mapping[str, list[_Entry]],
) -> dict[str, list[_Entry]]:
    """Map each key to what a class of ``registry`` building it would find.

    As ``scopereg check`` decides: the registry itself first, then the
    registries of its scope in other trees, then any tree (every candidate).
    """
    keys = dict(anywhere)
    same_scope = [
        reg
        for root in forest
        if root is not registry.root
        for reg, _ in registries.walk(root)
        if reg.scope == registry.scope
    ]
    for reg in [*reversed(same_scope), registry]:
        keys.update(_resolved_from(reg))
    return keys


def _typed(keys: Mapping[str, list[_Entry]], near: bool) -> dict[str, Any]:
    """Return a config schema: ``type`` among ``keys``, then that name's schema."""
    known: dict[str, Any] = {"enum": sorted(keys)}
    typo = {"not": {"$ref": NEAR_MISS}}
    return {
        "type": "object",
        "properties": {"type": known if not near else {"anyOf": [known, typo]}},
        "allOf": _dispatch(keys),
    }


def tree_schema(
    roots: Sequence[Registry[Any]], forest: Sequence[Registry[Any]]
) -> dict[str, Any]:
    """Return the JSON Schema of config files with sections of ``roots``' trees.

    Args:
        roots: The trees whose sections (``model``, ``MODELS``, ...) the
            file may have.
        forest: Every tree a nested config may come from.

    Returns:
        The schema, as JSON-ready data.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("doc-schema", scope="doc_schema")
        >>> @REG.register_module()
        ... def head(num_classes: int, score: float = 0.5):
        ...     return num_classes
        >>> schema = tree_schema([REG], [REG])
        >>> schema["properties"]["doc-schema"]["else"]
        {'$ref': '#/$defs/tree:doc_schema::doc-schema'}
        >>> config = schema["$defs"]["doc-schema:doc_schema.head"]
        >>> config["properties"]["score"], config["required"]
        ({'type': 'number', 'default': 0.5}, ['type', 'num_classes'])
    """
    anywhere = _anywhere(forest)
    near = _near_names(iter({key.rpartition(".")[2] for key in anywhere}))
    defs: dict[str, Any] = {"near-miss": {"type": "string", "pattern": near}}
    for root in forest:
        for reg, _ in registries.walk(root):
            for name, obj in sorted(reg.module_dict.items()):
                entry = _Entry(reg, name, obj)
                reaching = sorted(
                    k
                    for k, es in anywhere.items()
                    if any(e.ref == entry.ref for e in es)
                )
                defs[entry.ref] = _object_schema(entry, reaching)
            nested = _typed(_nested_keys(reg, forest, anywhere), near=True)
            defs[f"nested:{_label(reg)}"] = nested
        section_keys = _anywhere([root])
        section_keys.update(_resolved_from(root))
        defs[f"tree:{_label(root)}"] = {
            **_typed(section_keys, near=False),
            "required": ["type"],
        }
    sections: dict[str, Any] = {
        "default_scope": {"type": ["string", "null"]},
        "_base_": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
            ]
        },
    }
    for root in roots:
        config = {"$ref": f"#/$defs/tree:{_label(root)}"}
        section = {"if": {"type": "array"}, "then": {"items": config}, "else": config}
        for name in filter(None, (root.name, registries.variable_of(root))):
            sections.setdefault(name, section)  # the CLI's first tree of a name
    names = ", ".join(repr(root.name) for root in roots)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"scopereg configs of the {names} tree{'s' if len(roots) > 1 else ''}",
        "type": "object",
        "properties": sections,
        "$defs": defs,
    }
