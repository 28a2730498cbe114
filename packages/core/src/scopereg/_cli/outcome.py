"""Exit statuses, the usage error, and how results reach the terminal.

Every subcommand returns one of three statuses, like ``grep`` and ``diff``:
:data:`EXIT_OK` when it did what was asked and found nothing wrong,
:data:`EXIT_PROBLEMS` when the answer is negative (a config has problems, a
pattern matched nothing, a build raised), :data:`EXIT_USAGE` when it could not
start (bad arguments, a missing or unreadable config file).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "UsageError",
    "check_arguments",
    "display_path",
    "print_json",
    "report_usage_error",
    "shorten",
    "warn",
    "warnings_as_lines",
]

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_USAGE: Final = 2

MAX_ARGUMENT: Final = 1000
"""Longest key, pattern or registry name the command reads (a path: 4096)."""

MAX_PATH: Final = 4096


class UsageError(Exception):
    """The command cannot start: report the message and exit with status 2.

    Internal to the CLI: :func:`scopereg._cli.main` catches it, so it never
    reaches Python code (which is why it is not in :mod:`scopereg.exceptions`).

    Args:
        message: What is wrong, where, and the fix (see ``_messages.compose``).

    Examples:
        >>> str(UsageError("no such file"))
        'no such file'
    """


def shorten(text: str, limit: int = 120) -> str:
    """Quote ``text`` for a message, cut to ``limit`` characters if longer.

    User input goes into every message; a 100,000-character key must not.

    Examples:
        >>> shorten("model")
        "'model'"
        >>> shorten("A" * 500, limit=4)
        "'AAAA...' (500 characters)"
    """
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit] + '...'!r} ({len(text)} characters)"


def print_json(data: Any) -> None:
    """Write ``data`` to standard output as indented JSON, keys in given order.

    Args:
        data: Lists, dicts, strings, numbers, booleans and ``None`` only.

    Examples:
        >>> print_json({"name": "ResNet", "line": 3})
        {
          "name": "ResNet",
          "line": 3
        }
    """
    import json

    sys.stdout.write(json.dumps(data, indent=2) + "\n")


def warn(message: str) -> None:
    """Write ``warning: message`` to standard error (stdout stays parseable).

    Args:
        message: One or more lines.
    """
    print(f"warning: {message}", file=sys.stderr)


@contextmanager
def warnings_as_lines() -> Iterator[None]:
    """Print warnings raised inside the block as ``warning: ...`` lines.

    Python's default display names the file and line that warned, which is
    scopereg's code, not the user's config; the message is what matters.

    Examples:
        >>> import warnings
        >>> with warnings_as_lines():
        ...     warnings.warn("shown on stderr")
    """
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for seen in caught:
                warn(str(seen.message))


def display_path(file: str | None) -> str:
    """Shorten ``file`` to a path relative to the working directory if inside it.

    Args:
        file: An absolute path, or ``None`` when unknown.

    Returns:
        The relative path, the path unchanged, or ``'?'`` when unknown.

    Examples:
        >>> display_path(os.path.join(os.getcwd(), "pkg", "mod.py"))
        'pkg/mod.py'
        >>> display_path(None)
        '?'
    """
    if file is None:
        return "?"
    cwd = os.getcwd()
    if file.startswith(cwd + os.sep):
        return os.path.relpath(file, cwd).replace(os.sep, "/")
    return file


def check_arguments(args: Any) -> None:
    """Refuse command-line values too long to be what they claim to be.

    Args:
        args: The parsed arguments (an :class:`argparse.Namespace`).

    Raises:
        UsageError: Naming the argument, its length and the limit.

    Examples:
        >>> import argparse
        >>> check_arguments(argparse.Namespace(key="model"))
        >>> check_arguments(argparse.Namespace(key="A" * 5000))
        Traceback (most recent call last):
        ...
        scopereg._cli.outcome.UsageError: the argument key is 5000 characters long; fix: give one of at most 1000 characters
    """
    for name, value in vars(args).items():
        if not isinstance(value, str) or name == "command":
            continue
        limit = MAX_PATH if name in ("config", "out") else MAX_ARGUMENT
        if len(value) > limit:
            raise UsageError(
                f"the argument {name} is {len(value)} characters long; fix: give "
                f"one of at most {limit} characters"
            )


def report_usage_error(args: Any, message: str) -> int:
    """Print why the command cannot run and return :data:`EXIT_USAGE`.

    The message goes to standard error; with ``--json`` also to standard
    output as ``{"ok": false, "error": message}``, so a pipe reads JSON.

    Args:
        args: The parsed arguments.
        message: What is wrong, where, and the fix.

    Returns:
        :data:`EXIT_USAGE`.

    Examples:
        >>> import argparse
        >>> args = argparse.Namespace(command="check", json=True)
        >>> report_usage_error(args, "no such file")  # the line goes to stderr
        {
          "ok": false,
          "error": "no such file"
        }
        2
    """
    print(f"scopereg {args.command}: error: {message}", file=sys.stderr)
    if getattr(args, "json", False):
        print_json({"ok": False, "error": message})
    return EXIT_USAGE
