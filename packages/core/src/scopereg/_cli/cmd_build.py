"""``scopereg build``: build the objects a config file describes and print them.

Which sections are built, and in which registry, follows
:mod:`scopereg._cli.sections`. Each result is printed as ``path: repr``.
A registry error (unknown type, bad config) prints its message; an exception
raised by a constructor prints its traceback, notes included, since the bug
may be in the constructor. Either makes the exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scopereg._cli import registries, sections
from scopereg._cli.config import load_config
from scopereg._cli.outcome import EXIT_OK, EXIT_PROBLEMS, warn
from scopereg._scope import DefaultScope
from scopereg.exceptions import RegistryError

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Add the ``build`` subcommand to ``commands`` (argparse subparsers)."""
    parser = commands.add_parser(
        "build",
        help="build the objects a config file describes and print them",
        description=(
            "Build every section of CONFIG whose key names a registry (model, "
            "dataset, ...), or the one --key picks, and print the results."
        ),
    )
    parser.add_argument(
        "config", metavar="CONFIG", help="a .json, .toml, .yaml/.yml or .py file"
    )
    parser.add_argument(
        "--key", metavar="KEY", help="build only this section (dots walk into it)"
    )
    parser.add_argument(
        "--registry",
        metavar="R",
        help="build in this tree ('model') or registry ('sr3d::model')",
    )
    parser.set_defaults(run=run)


def _label(path: str) -> str:
    """Prefix for output lines about a target."""
    return f"{path}: " if path else ""


def run(args: argparse.Namespace) -> int:
    """Build each target; exit 1 if any failed."""
    config = load_config(args.config)
    for problem in registries.load_everything():
        warn(problem)
    chosen = sections.targets(config, key=args.key, registry=args.registry)
    status = EXIT_OK
    with DefaultScope.overwrite_default_scope(sections.default_scope(config)):
        for target in chosen:
            try:
                built = target.registry.build(target.cfg)
            except RegistryError as error:
                print(f"{_label(target.path)}{error}", file=sys.stderr)
                status = EXIT_PROBLEMS
            except Exception as error:
                import traceback

                print(f"{_label(target.path)}building raised:", file=sys.stderr)
                traceback.print_exception(error, file=sys.stderr)
                status = EXIT_PROBLEMS
            else:
                print(f"{_label(target.path)}{built!r}")
    return status
