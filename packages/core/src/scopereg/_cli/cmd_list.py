"""``scopereg list``: the names of one tree, where each is defined, and its kind.

A ``PATTERN`` is a shell-style wildcard (:func:`fnmatch.fnmatchcase`, so
case-sensitive) tried against each name as registered (``'RetinaHead'``), its
key from the root (``'srdet.RetinaHead'``) and its ``scope.name`` form
(``'scopereg.ResNet'``): ``'Retina*'`` finds every scope's, ``'srdet.*'``
one scope's.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scopereg._cli import registries
from scopereg._cli.entries import Entry, entries_of, kind_of, overrides
from scopereg._cli.outcome import (
    EXIT_OK,
    EXIT_PROBLEMS,
    display_path,
    print_json,
    warn,
)
from scopereg._keys import is_scope_name
from scopereg._messages import compose, did_you_mean
from scopereg._registry import Registry
from scopereg._source import source_of

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Add the ``list`` subcommand to ``commands`` (argparse subparsers)."""
    parser = commands.add_parser(
        "list",
        help="list the names of one tree, with scope, kind and file:line",
        description=(
            "List every name registered in one registry tree (or one "
            "registry's subtree), with its scope, kind and definition site."
        ),
    )
    parser.add_argument(
        "registry",
        metavar="REGISTRY",
        help="a tree ('model' or 'MODELS') or a subtree ('srdet::model')",
    )
    parser.add_argument(
        "pattern",
        nargs="?",
        metavar="PATTERN",
        help="shell-style wildcard on the key, e.g. 'srdet.*Head' (quote it)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {name, key, scope, kind, file, line, ...}",
    )
    parser.set_defaults(run=run)


def _matches(entry: Entry, pattern: str | None) -> bool:
    """Tell whether ``entry``'s name, key or ``scope.name`` matches ``pattern``."""
    if pattern is None:
        return True
    from fnmatch import fnmatchcase

    forms = (entry.name, entry.key, f"{entry.registry.scope}.{entry.name}")
    return any(fnmatchcase(form, pattern) for form in forms)


def _table(found: list[Entry]) -> str:
    """Lay the entries out in aligned columns, with a header row."""
    rows = [("KEY", "SCOPE", "KIND", "DEFINED AT")]
    for entry in found:
        source = source_of(entry.obj)
        where = display_path(source.file)
        if source.line is not None:
            where += f":{source.line}"
        hidden = overrides(entry)
        if hidden:
            where += f"  (overrides {hidden[0].scope}::{hidden[0].name})"
        rows.append((entry.key, entry.registry.scope, kind_of(entry.obj), where))
    widths = [max(len(row[col]) for row in rows) for col in range(3)]
    return "\n".join(
        "  ".join(
            cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)
        )
        + "  "
        + row[3]
        for row in rows
    )


def _nothing_matched(pattern: str, where: str, every: list[Entry]) -> str:
    """Explain an empty result, with close keys when there are any."""
    import difflib

    bare = pattern.replace("*", "").replace("?", "")
    by_form: dict[str, list[str]] = {}
    for entry in every:
        for form in dict.fromkeys((entry.name, entry.key)):
            by_form.setdefault(form, []).append(entry.key)
    close = difflib.get_close_matches(bare, list(by_form), n=3)
    keys = list(dict.fromkeys(key for form in close for key in by_form[form]))
    return compose(
        f"no name in {where} or below matches {pattern!r}",
        fix=[
            did_you_mean(keys[:3]),
            "patterns are case-sensitive shell wildcards: quote them, and use "
            "'*' for any text ('*Head', 'srdet.*')",
        ],
    )


def _load_scope_of(start: Registry[Any], pattern: str | None) -> None:
    """Import the scope a pattern's prefix names (``'mmdetlite.*'``), as a key would."""
    scope, dot, _ = (pattern or "").partition(".")
    if dot and is_scope_name(scope):
        found = start.registry_of_scope(scope)
        if found is not None:
            registries.load_subtree(found)


def run(args: argparse.Namespace) -> int:
    """List the names; exit 1 when a pattern matched none."""
    for problem in registries.load_everything():
        warn(problem)
    start = registries.find_registry(args.registry)
    _load_scope_of(start, args.pattern)
    every = [
        entry
        for registry, _ in registries.walk(start)
        for entry in entries_of(registry)
    ]
    found = [entry for entry in every if _matches(entry, args.pattern)]
    if args.json:
        print_json([entry.as_json() for entry in found])
    elif found:
        print(_table(found))
    where = f"{start.scope}::{start.name}"
    if found or args.pattern is None:
        if not found:
            print(f"nothing is registered in {where} or below", file=sys.stderr)
        return EXIT_OK
    print(_nothing_matched(args.pattern, where, every), file=sys.stderr)
    return EXIT_PROBLEMS
