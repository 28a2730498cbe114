"""``scopereg schema``: a JSON Schema of the configs, for editors.

Writes the schema of :mod:`scopereg._cli.schema` for one tree (``REGISTRY``)
or for every tree that holds names, to standard output or ``--out FILE``.
Point an editor's JSON or YAML support at it to get completion of ``type``
and argument names, and inline errors for unknown arguments, wrong value
types and misspelt types, while the config is being written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scopereg._cli import registries
from scopereg._cli.outcome import EXIT_OK, UsageError, print_json, shorten, warn
from scopereg._cli.schema import tree_schema

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Add the ``schema`` subcommand to ``commands`` (argparse subparsers)."""
    parser = commands.add_parser(
        "schema",
        help="write a JSON Schema of the configs a tree accepts, for editors",
        description=(
            "Write a JSON Schema (draft 2020-12) of config files: every "
            "registered name with its arguments, types and defaults. Without "
            "REGISTRY, sections of every tree that holds names."
        ),
    )
    parser.add_argument(
        "registry",
        metavar="REGISTRY",
        nargs="?",
        help="a tree ('model') or one of its registries ('srdet::model')",
    )
    parser.add_argument(
        "--out", metavar="FILE", help="write the schema to FILE instead of stdout"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the schema."""
    for problem in registries.load_everything():
        warn(problem)
    forest = [info.root for info in registries.trees() if _holds_names(info.root)]
    if args.registry is None:
        roots = forest
    else:
        roots = [registries.find_registry(args.registry).root]
    schema = tree_schema(roots, forest)
    if args.out is None:
        print_json(schema)
        return EXIT_OK
    import json

    try:
        Path(args.out).write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise UsageError(
            f"cannot write {shorten(args.out)}: {error.strerror or error}; fix: "
            "name a file in a folder you can write to"
        ) from error
    print(f"wrote the schema of {len(schema['$defs'])} definitions to {args.out}")
    return EXIT_OK


def _holds_names(root: Any) -> bool:
    """Tell whether any registry of a tree has a name registered."""
    return any(reg.module_dict for reg, _ in registries.walk(root))
