"""``scopereg show``: one name's definition site, signature, doc, and overrides.

``KEY`` resolves as a config's ``type`` would (``'srdet.RetinaHead'``, or a
bare name through the registry and its ancestors), from every tree's root,
or from the registry that ``--registry`` names (``--registry sr3d::model``
answers "which ResNet wins in sr3d?"). A bare name that no root reaches is
looked for in every registry, so ``show RetinaHead`` finds srdet's.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scopereg._cli import registries
from scopereg._cli.entries import Entry, kind_of, overriders, overrides
from scopereg._cli.outcome import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    display_path,
    print_json,
    shorten,
    warn,
)
from scopereg._lookup import locate
from scopereg._messages import compose, did_you_mean
from scopereg._registry import Registry
from scopereg._source import source_of

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Add the ``show`` subcommand to ``commands`` (argparse subparsers)."""
    parser = commands.add_parser(
        "show",
        help="show where a name is defined, its signature, and who overrides it",
        description=(
            "Show what KEY resolves to: definition site, signature, the first "
            "line of its docstring, and which scopes override the name."
        ),
    )
    parser.add_argument(
        "key", metavar="KEY", help="a name or key, e.g. 'ResNet', 'srdet.RetinaHead'"
    )
    parser.add_argument(
        "--registry",
        metavar="R",
        help="resolve from this tree ('model') or registry ('sr3d::model')",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def resolve(start: Registry[Any], key: str) -> Entry | None:
    """Find the registry and name ``key`` resolves to from ``start``.

    The resolver of :meth:`Registry.get` itself (:func:`scopereg._lookup.
    locate`), so ``show`` agrees with ``build``: a scope found through the
    ``{scope}.registry`` fallback and its locations are imported on the way.

    Args:
        start: The registry the lookup starts from.
        key: ``'Name'`` or ``'scope.Name'`` (scopes may nest).

    Returns:
        The entry, or ``None`` if nothing matches.
    """
    found = locate(start, key)
    if found is None:
        return None
    holder, obj = found
    return Entry(holder, key.rpartition(".")[2], obj)


def _find(key: str, registry: str | None) -> list[Entry]:
    """Return every entry ``key`` names, from ``registry`` or from every root."""
    if registry is not None:
        found = resolve(registries.find_registry(registry), key)
        return [] if found is None else [found]
    roots = [info.root for info in registries.trees()]
    entries = [entry for root in roots if (entry := resolve(root, key)) is not None]
    if entries or "." in key:
        return entries
    return [
        Entry(reg, key, reg.module_dict[key])
        for root in roots
        for reg, _ in registries.walk(root)
        if key in reg.module_dict
    ]


class _Annotation:
    """An annotation kept as source text, shown without quotes."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _signature(entry: Entry) -> str:
    """Return ``Name(arg: int = 3, ...)``, or say why it is not available.

    String annotations (``from __future__ import annotations``) are shown as
    written, not quoted; a class's ``-> None`` is left out.
    """
    import inspect

    try:
        signature = inspect.signature(entry.obj)
    except (TypeError, ValueError):
        return "(not available for this object)"
    parameters = [
        p.replace(annotation=_Annotation(p.annotation))
        if isinstance(p.annotation, str)
        else p
        for p in signature.parameters.values()
    ]
    returns = signature.return_annotation
    if isinstance(entry.obj, type):
        returns = inspect.Signature.empty
    elif isinstance(returns, str):
        returns = _Annotation(returns)
    shown = signature.replace(parameters=parameters, return_annotation=returns)
    return f"{entry.name}{shown}"


def _doc(obj: Any) -> str | None:
    """Return the first line of ``obj``'s own docstring, if it has one."""
    import functools

    while isinstance(obj, functools.partial):
        obj = obj.func
    doc = obj.__doc__ if isinstance(getattr(obj, "__doc__", None), str) else None
    lines = [line.strip() for line in (doc or "").strip().splitlines()]
    return lines[0] if lines and lines[0] else None


def _site(registry: Registry[Any], name: str) -> str:
    """Return ``scope::name (file:line)`` of ``name`` in ``registry``."""
    source = source_of(registry.module_dict[name])
    where = display_path(source.file)
    if source.line is not None:
        where += f":{source.line}"
    return f"{registry.scope}::{registry.name} ({where})"


def _details(entry: Entry) -> dict[str, Any]:
    """Describe ``entry`` for JSON: the ``list`` shape plus show's fields."""
    return {
        **entry.as_json(),
        "signature": _signature(entry),
        "doc": _doc(entry.obj),
        "overridden_in": [f"{r.scope}::{r.name}" for r in overriders(entry)],
    }


def _text(entry: Entry, key: str) -> str:
    """Describe ``entry`` for people; ``key`` is what was asked for."""
    source = source_of(entry.obj)
    where = display_path(source.file)
    if source.line is not None:
        where += f":{source.line}"
    rows = [
        ("defined at", where),
        ("object", f"{source.module}.{source.qualname}"),
        ("signature", _signature(entry)),
        ("doc", _doc(entry.obj) or "(no docstring)"),
    ]
    rows += [("overrides", _site(reg, entry.name)) for reg in overrides(entry)]
    rows += [("overridden in", _site(reg, entry.name)) for reg in overriders(entry)]
    asked = f"{key} -> " if key != entry.key else ""
    title = f"{asked}{entry.key}: {kind_of(entry.obj)} in {entry.label}"
    return "\n".join([title, *(f"  {field:<14} {value}" for field, value in rows)])


def _not_found(key: str, registry: str | None) -> str:
    """Explain that ``key`` resolves nowhere, with close keys."""
    if registry is not None:
        return str(registries.find_registry(registry).explain(key))
    close: list[str] = []
    for info in registries.trees():
        close += [s for s in info.root.explain(key).suggestions if s not in close]
    return compose(
        f"{key!r} is not registered in any tree",
        fix=[
            did_you_mean(close[:3]),
            "fix: `scopereg list <REGISTRY> '*Name*'` searches with wildcards",
        ],
    )


def run(args: argparse.Namespace) -> int:
    """Show each entry ``args.key`` names; exit 1 when there is none."""
    if not all(args.key.split(".")):
        raise UsageError(
            f"KEY {shorten(args.key)} is not a key: its names must not be empty; "
            "fix: give Name or scope.Name, e.g. srdet.RetinaHead"
        )
    for problem in registries.load_everything():
        warn(problem)
    found = _find(args.key, args.registry)
    if args.json:
        print_json([_details(entry) for entry in found])
    elif found:
        print("\n\n".join(_text(entry, args.key) for entry in found))
    if found:
        return EXIT_OK
    print(_not_found(args.key, args.registry), file=sys.stderr)
    return EXIT_PROBLEMS
