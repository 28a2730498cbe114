"""How ``scopereg schema`` turns a signature's annotations and defaults into JSON Schema.

``int``, ``float``, ``str``, ``bool`` and ``None``; ``list[...]``,
``Sequence[...]`` and ``tuple[...]`` (fixed length as ``prefixItems``);
``Literal``; unions and ``Optional`` (callables dropped: JSON cannot hold
one); mappings are nested configs; ``os.PathLike`` is a string. Anything
else is left open (``{}``).
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

__all__ = ["annotation_schema", "hints_of", "json_default"]

_OPEN: Final[dict[str, Any]] = {}
_SCALARS: Final[dict[object, dict[str, Any]]] = {
    int: {"type": "integer"},
    float: {"type": "number"},
    str: {"type": "string"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    bytes: {"type": "string"},
}
_MAPPINGS: Final = (dict, Mapping, typing.MutableMapping, typing.Dict)  # noqa: UP006
_SEQUENCES: Final = (list, tuple, Sequence, typing.MutableSequence, set, frozenset)


def annotation_schema(annotation: object, nested_ref: str) -> dict[str, Any]:
    """Return the schema of values an annotation admits (open when unsure).

    A mapping is a nested config, checked by the schema at ``nested_ref``.

    Examples:
        >>> annotation_schema(int | None, "#/$defs/nested")
        {'anyOf': [{'type': 'integer'}, {'type': 'null'}]}
        >>> annotation_schema(dict[str, int], "#/$defs/nested")
        {'$ref': '#/$defs/nested'}
    """
    if annotation in _SCALARS:
        return dict(_SCALARS[annotation])
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Literal:
        return {"enum": list(arguments)}
    if origin in (typing.Union, types.UnionType):
        members = [
            annotation_schema(a, nested_ref)
            for a in arguments
            if not _is_callable_type(a)
        ]
        nested = {"$ref": nested_ref}
        others = [m for m in members if m != nested]
        rest = {} if not others or _OPEN in others else _any_of(others)
        if nested in members:
            # JSON holds no built objects, so with `Mapping | Any` an object
            # is still a config; if/then keeps an editor's errors precise.
            chosen: dict[str, Any] = {"if": {"type": "object"}, "then": nested}
            return {**chosen, "else": rest} if rest else chosen
        return rest
    if annotation in _MAPPINGS or origin in _MAPPINGS:
        return {"$ref": nested_ref}
    if origin is tuple and arguments and arguments[-1] is not Ellipsis:
        items = [annotation_schema(a, nested_ref) for a in arguments]
        return {
            "type": "array",
            "prefixItems": items,
            "minItems": len(items),
            "maxItems": len(items),
        }
    if annotation in _SEQUENCES or origin in _SEQUENCES:
        schema: dict[str, Any] = {"type": "array"}
        item = annotation_schema(arguments[0], nested_ref) if arguments else {}
        if item:
            schema["items"] = item
        return schema
    if os.PathLike in (annotation, origin):
        return {"type": "string"}
    return {}


def _any_of(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a schema admitting any of ``schemas``."""
    return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}


def _is_callable_type(annotation: object) -> bool:
    """Tell whether an annotation names a callable, which JSON cannot hold."""
    import collections.abc

    target = typing.get_origin(annotation) or annotation
    return target in (collections.abc.Callable, typing.Callable)


def hints_of(function: Callable[..., Any]) -> dict[str, Any]:
    """Return a callable's evaluated annotations; ``{}`` where they do not evaluate.

    Examples:
        >>> def f(depth: "int") -> None: ...
        >>> hints_of(f)["depth"]
        <class 'int'>
    """
    try:
        return typing.get_type_hints(function)
    except Exception:  # names imported only under TYPE_CHECKING, and the like
        return {}


def json_default(value: object) -> tuple[bool, Any]:
    """Return ``(True, value as JSON)`` if a default is plain data, else ``(False, None)``.

    Examples:
        >>> json_default((1, 2)), json_default(object)
        ((True, [1, 2]), (False, None))
    """
    if value is None or isinstance(value, bool | int | float | str):
        return True, value
    if isinstance(value, list | tuple):
        items = [json_default(item) for item in value]
        if all(ok for ok, _ in items):
            return True, [item for _, item in items]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        pairs = {k: json_default(v) for k, v in value.items()}
        if all(ok for ok, _ in pairs.values()):
            return True, {k: v for k, (_, v) in pairs.items()}
    return False, None
