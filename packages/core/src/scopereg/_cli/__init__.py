"""The ``scopereg`` command: look into the registry trees, check and build configs.

Run it as ``scopereg`` (console script) or ``python -m scopereg``. Built on
:mod:`argparse` alone, and never imported by ``import scopereg``. Each
subcommand lives in its own module with an ``add_parser`` and a ``run``.

Exit status: 0 when the command did what was asked and found nothing wrong,
1 when the answer is negative (problems in a config, nothing matched, a build
raised), 2 for usage errors and unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scopereg._cli import (
    cmd_build,
    cmd_check,
    cmd_list,
    cmd_schema,
    cmd_show,
    cmd_tree,
)
from scopereg._cli.outcome import (
    EXIT_PROBLEMS,
    UsageError,
    check_arguments,
    report_usage_error,
)
from scopereg.exceptions import RegistryError

__all__ = ["main", "make_parser"]

COMMANDS = (cmd_tree, cmd_list, cmd_show, cmd_check, cmd_build, cmd_schema)


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``scopereg`` command.

    Returns:
        The parser, one subparser per subcommand.

    Examples:
        >>> make_parser().parse_args(["tree", "model", "--json"]).json
        True
    """
    parser = argparse.ArgumentParser(
        prog="scopereg",
        description=(
            "Look into scopereg's registry trees: which scopes are installed, "
            "what is registered where, and whether a config file builds."
        ),
        epilog="exit status: 0 ok, 1 problems found, 2 usage error or unreadable input",
    )
    commands = parser.add_subparsers(
        title="commands", metavar="COMMAND", dest="command", required=True
    )
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``scopereg`` command line and return its exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` if
            ``None``.

    Returns:
        0, 1 or 2 (see the module docstring); argparse itself exits with 2
        on malformed arguments.

    Examples:
        >>> main(["build", "no-such-config.json"])  # the message goes to stderr
        2
    """
    args = make_parser().parse_args(argv)
    try:
        check_arguments(args)
        status: int = args.run(args)
    except UsageError as error:
        return report_usage_error(args, str(error))
    except RecursionError:  # a structure no limit above caught
        return report_usage_error(
            args, "the input is nested too deeply to read; fix: flatten it"
        )
    except RegistryError as error:  # e.g. a location that fails to import
        print(f"scopereg {args.command}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    return status
