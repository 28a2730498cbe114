"""Run every benchmark, print the tables and write the results file.

Usage: ``python -m benchmarks [--quick] [--output PATH] [--docs]`` from the repository
root, in an environment with scopereg, mmengine-lite and fvcore installed
(``nox -s bench`` makes one). Nothing here fails on a time: the tables say
which targets hold.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks._anatomy import anatomy_table
from benchmarks._build_rows import build_table
from benchmarks._entry_rows import entries_table
from benchmarks._get_rows import get_table
from benchmarks._import_rows import import_table
from benchmarks._libs import load_all
from benchmarks._report import Table, document, machine, update_docs
from benchmarks._timing import ROUND_SECONDS, rounds_for

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results.md"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def method(quick: bool) -> str:
    """Describe how the rows were measured, as a list item of the header."""
    return (
        "- method: median of paired rounds for every ratio to direct "
        f"construction or to fvcore's `get` ({rounds_for(quick)} rounds a row; "
        "each round times both sides back to back with the same loop count, "
        f"about {ROUND_SECONDS * 1e3:.0f} ms for the slower, alternating which "
        "goes first, garbage collector off, on the thread's CPU clock, and takes "
        "their ratio), with the median ns of each side; mmengine's `get`: median "
        "of as many rounds alone; registration: minimum of several repeats; "
        "imports: median wall time of fresh processes, and scopereg's own cost "
        "the median CPU time of its import inside them after its standard-library "
        "modules; all rows from this one process run"
        + (" (--quick: reduced shapes, rounds and repeats)" if quick else "")
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return the exit status (0 unless something broke)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small shapes, few repeats: a smoke run"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"results file (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--docs",
        action="store_true",
        help=f"also put the tables into {DOCS.relative_to(DOCS.parent.parent)}",
    )
    options = parser.parse_args(argv)

    libraries = load_all()
    header = machine(
        {library.distribution: library.version for library in libraries.values()}
    )
    header.extend(
        f"- {library.name} unavailable ({library.problem}): its columns show n/a"
        for library in libraries.values()
        if library.problem
    )
    header.append(method(options.quick))
    sections: list[tuple[str, Callable[[], Table]]] = [
        ("import time", lambda: import_table(options.quick)),
        ("get", lambda: get_table(libraries, options.quick)),
        ("build", lambda: build_table(libraries, options.quick)),
        ("anatomy", lambda: anatomy_table(libraries, options.quick)),
        ("registration", lambda: entries_table(libraries, options.quick)),
    ]
    tables: list[Table] = []
    for name, run in sections:
        start = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        tables.append(run())
        print(
            f"  done in {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    text = document(header, tables)
    print(text)
    options.output.write_text(text, encoding="utf-8")
    print(f"written to {options.output}", file=sys.stderr)
    if options.docs:
        update_docs(DOCS, text)
        print(f"and to {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
