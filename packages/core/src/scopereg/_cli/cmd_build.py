"""``scopereg build``: build the objects a config file describes and print them.

Which sections are built, and in which registry, follows
:mod:`scopereg._cli.sections`. By default each section is built as
``registry.build(cfg)`` builds it (mmengine's way: a class receives its
nested configs as dicts and builds them itself); ``--recursive`` builds
nested configs with a ``type`` first, in the same tree, as
``registry.build(cfg, recursive=True)`` does, every error naming its config
path. Each result is printed as ``path: repr``. A registry error (unknown
type, bad config) prints its message; an exception raised by a constructor
prints its traceback, notes included, since the bug may be in the
constructor. Either makes the exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scopereg import _engine
from scopereg._buildspec import spec_of
from scopereg._cli import registries, sections
from scopereg._cli.loading import Loaded, load_config
from scopereg._cli.outcome import EXIT_OK, EXIT_PROBLEMS, warn, warnings_as_lines
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
    sections.add_arguments(parser, "build")
    parser.set_defaults(run=run)


def _build(target: sections.Target, recursive: bool) -> Any:
    """Build one target; recursively with its config path in every error."""
    registry = target.registry
    if not recursive:
        return registry.build(target.cfg)
    # A build function that builds mappings as build_from_cfg does gets the
    # engine's build with the section's path in every error; any other gets
    # the call a user would make (which refuses recursive=True if it must).
    if spec_of(registry.build_func).like_build_from_cfg:
        return _engine.build(
            target.cfg, registry, recursive=True, config_path=target.path
        )
    return registry.build(target.cfg, recursive=True)


def _report(target: sections.Target, error: Exception, loaded: Loaded) -> None:
    """Print why ``target`` did not build to standard error."""
    blamed = loaded.blame(getattr(error, "config_path", None) or target.path)
    if isinstance(error, RegistryError):
        known = getattr(error, "config_path", None) is not None
        prefix = "" if known or not target.path else f"{target.path}: "
        print(f"{prefix}{error}", file=sys.stderr)
        for line in blamed:
            print(f"  {line}", file=sys.stderr)
        return
    import traceback

    print(f"{target.path or 'the config'}: building raised:", file=sys.stderr)
    for line in blamed:
        error.add_note(line)
    traceback.print_exception(error, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Build each target; exit 1 if any failed."""
    loaded = load_config(args.config, args.cfg_options)
    for problem in registries.load_everything():
        warn(problem)
    config = loaded.config
    chosen = sections.targets(config, key=args.key, registry=args.registry)
    status = EXIT_OK
    with warnings_as_lines(), sections.in_default_scope(config):
        for target in chosen:
            try:
                built = _build(target, args.recursive)
            except Exception as error:
                _report(target, error, loaded)
                status = EXIT_PROBLEMS
            else:
                print(f"{target.path}: {built!r}" if target.path else repr(built))
    return status
