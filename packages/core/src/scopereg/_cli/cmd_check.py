"""``scopereg check``: every problem of a config file, found without building.

Each target (see :mod:`scopereg._cli.sections`) goes through
:meth:`Registry.validate` with its config path (and ``recursive=True`` with
``--recursive``), so a problem reads as the error the build would raise,
path included: unknown types with did-you-mean, arguments the constructor
would reject or miss.
Exit status 0 when clean, 1 when problems were found, 2 when the file
could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
from typing import Any, NamedTuple

from scopereg._cli import registries, sections
from scopereg._cli.loading import Loaded, load_config
from scopereg._cli.outcome import (
    EXIT_OK,
    EXIT_PROBLEMS,
    print_json,
    warn,
    warnings_as_lines,
)
from scopereg._messages import label
from scopereg._nested import Note, validate_nested
from scopereg.exceptions import ScopeError

__all__ = ["add_parser", "run"]


class Problem(NamedTuple):
    """One problem, with the registry it was checked against."""

    config_path: str
    kind: str
    registry: str
    message: str
    suggestions: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """Return the problem as JSON-ready data."""
        return {**self._asdict(), "suggestions": list(self.suggestions)}


def add_parser(commands: Any) -> None:
    """Add the ``check`` subcommand to ``commands`` (argparse subparsers)."""
    parser = commands.add_parser(
        "check",
        help="find every problem in a config file without building anything",
        description=(
            "Validate CONFIG without constructing anything: unknown types, "
            "arguments a constructor would reject or miss, each with its "
            "config path and a did-you-mean. Exit 0 when clean, 1 when "
            "problems were found, 2 for usage errors or unreadable input."
        ),
    )
    sections.add_arguments(parser, "check")
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="also print notes: nested 'type's taken as plain data (test_cfg.nms)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print {config, ok, checked: [...], problems: [...], notes: [...]} as JSON",
    )
    parser.set_defaults(run=run)


def _validate(
    loaded: Loaded, targets: list[sections.Target], recursive: bool
) -> tuple[list[Problem], list[Note]]:
    """Validate every target under the config's default scope.

    By default each target and every config nested in it are checked where
    their classes build them (:func:`scopereg._nested.validate_nested`);
    with ``--recursive`` as ``build(cfg, recursive=True)`` builds them.
    """
    problems: list[Problem] = []
    notes: list[Note] = []
    try:
        with sections.in_default_scope(loaded.config):
            for target in targets:
                if recursive:
                    report = target.registry.validate(
                        target.cfg, recursive=True, config_path=target.path
                    )
                else:
                    report, found = validate_nested(
                        target.cfg, target.registry, config_path=target.path
                    )
                    notes += found
                problems += [
                    Problem(
                        p.config_path,
                        p.kind,
                        label(target.registry),
                        _blamed(p.message, loaded.blame(p.config_path)),
                        p.suggestions,
                    )
                    for p in report.problems
                ]
    except ScopeError as error:
        problems.append(Problem("default_scope", "invalid-scope", "", str(error), ()))
    return problems, notes


def _blamed(message: str, lines: list[str]) -> str:
    """Add the overrides that may have caused a problem to its message."""
    return "\n".join([message, *(f"  {line}" for line in lines)])


def _text(path: str, targets: list[sections.Target], problems: list[Problem]) -> str:
    """Render the result for people: a summary line, then numbered problems."""
    if not problems:
        checked = ", ".join(
            f"{t.path or '<root>'} ({label(t.registry)})" for t in targets
        )
        return f"{path}: no problems; checked {checked}"
    count = len(problems)
    lines = [f"{path}: {count} problem{'s' if count > 1 else ''}"]
    for number, problem in enumerate(problems, 1):
        first, *rest = problem.message.splitlines()
        lines.append(f"{number}. {first}")
        lines.extend(f"  {line}" for line in rest)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Check the config; exit 1 if it has problems."""
    loaded = load_config(args.config, args.cfg_options)
    for problem in registries.load_everything():
        warn(problem)
    targets = sections.targets(loaded.config, key=args.key, registry=args.registry)
    with warnings_as_lines():
        problems, notes = _validate(loaded, targets, args.recursive)
    if args.json:
        print_json(
            {
                "config": args.config,
                "ok": not problems,
                "checked": [
                    {"config_path": t.path, "registry": label(t.registry)}
                    for t in targets
                ],
                "problems": [problem.as_json() for problem in problems],
                "notes": [note._asdict() for note in notes],
            }
        )
    else:
        print(_text(args.config, targets, problems))
        if args.verbose:
            for note in notes:
                print(f"note: {note.message}")
        elif notes and not problems:  # a forgotten import looks like plain data
            count = len(notes)
            print(
                f"note: {count} nested type{'s' if count > 1 else ''} registered "
                "nowhere taken as plain data; --verbose lists them"
            )
    return EXIT_PROBLEMS if problems else EXIT_OK
