"""`import scopereg` time against a bare interpreter, in fresh processes."""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._report import Table, verdict

RUNS = 21
QUICK_RUNS = 7
TARGET_MS = 15.0
# What `import scopereg` must leave alone: siblings and heavy modules.
FORBIDDEN = ("srdet", "sr3d", "torch", "numpy", "inspect", "difflib", "logging", "json")
STATEMENTS = {
    "bare interpreter": "pass",
    "import scopereg": "import scopereg",
    "import mmengine.registry": "import mmengine.registry",
    "import fvcore.common.registry": "import fvcore.common.registry",
}
PROBE = (
    "import sys; before = set(sys.modules); import scopereg; "
    "print('\\n'.join(sorted(set(sys.modules) - before)))"
)


def wall_ms(statement: str) -> float | None:
    """Run ``python -c statement`` in a fresh process; return its wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", statement], capture_output=True, check=False
    )
    elapsed = (time.perf_counter() - start) * 1e3
    return elapsed if done.returncode == 0 else None


def imported_modules() -> list[str]:
    """Return the modules that `import scopereg` loads."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def compile_scopereg() -> bool:
    """Write scopereg's bytecode, which PYTHONDONTWRITEBYTECODE may prevent.

    An editable install imports from the source tree, where nothing compiles
    the package ahead of time; the other libraries were compiled by pip.
    """
    import scopereg

    return bool(compileall.compile_dir(Path(scopereg.__file__).parent, quiet=1))


def import_table(quick: bool) -> Table:
    """Time each import statement (median over fresh processes, interleaved)."""
    table = Table("import time", ["statement", "median ms", "above bare ms"])
    compiled = compile_scopereg()
    for statement in STATEMENTS.values():
        wall_ms(statement)  # warm the file cache
    samples: dict[str, list[float]] = {label: [] for label in STATEMENTS}
    failed: set[str] = set()
    for _ in range(QUICK_RUNS if quick else RUNS):
        for label, statement in STATEMENTS.items():
            value = wall_ms(statement)
            if value is None:
                failed.add(label)
            else:
                samples[label].append(value)
    bare = statistics.median(samples["bare interpreter"])
    above: dict[str, float] = {}
    for label in STATEMENTS:
        if label in failed or not samples[label]:
            table.rows.append([f"`{STATEMENTS[label]}`", "failed", ""])
            continue
        median = statistics.median(samples[label])
        above[label] = median - bare
        table.rows.append(
            [
                f"`{STATEMENTS[label]}`",
                f"{median:.1f}",
                "" if label == "bare interpreter" else f"{above[label]:.1f}",
            ]
        )
    loaded = imported_modules()
    top_level = {name.partition(".")[0] for name in loaded}
    foreign = sorted(top_level - set(sys.stdlib_module_names) - {"scopereg"})
    forbidden = sorted(top_level & set(FORBIDDEN))
    ours = above.get("import scopereg")
    table.notes = [
        f"Median wall time of `python -c ...` over {QUICK_RUNS if quick else RUNS} "
        "fresh processes each, interleaved, "
        + (
            "bytecode compiled beforehand."
            if compiled
            else "**bytecode could not be compiled**."
        ),
        f"`import scopereg` loads {len(loaded)} modules; outside the standard "
        f"library: {foreign or 'none'}; of {', '.join(FORBIDDEN)}: "
        f"{forbidden or 'none'}.",
        "",
        f"- target: ≤ {TARGET_MS:.0f} ms above a bare interpreter, importing no "
        f"sibling: holds: {verdict(None if ours is None else ours <= TARGET_MS and not forbidden and not foreign)}",
    ]
    return table
