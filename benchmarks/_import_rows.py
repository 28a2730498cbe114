"""`import scopereg` time against a bare interpreter, in fresh processes.

Besides the wall time of whole processes, each run splits one process in two:
it first imports exactly the standard-library modules that `import scopereg`
loads, then `import scopereg`, timing both from inside with the process's
CPU clock. The second part is
scopereg's own cost, free of interpreter start-up and of what the standard
library costs on this machine.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks._report import Table, verdict

RUNS = 21
QUICK_RUNS = 7
TARGET_MS = 8.0
# What `import scopereg` must leave alone: siblings and heavy modules.
FORBIDDEN = ("srdet", "sr3d", "torch", "numpy", "inspect", "difflib", "logging", "json")
STATEMENTS = {
    "bare interpreter": "pass",
    "import scopereg": "import scopereg",
    "import mmengine.registry": "import mmengine.registry",
    "import fvcore.common.registry": "import fvcore.common.registry",
}
# Every probe and split process starts the same way, so that what the probe
# finds already loaded is what the split process has before its clock starts.
# The split process reads its own CPU time, which leaves out the slices the
# scheduler of a busy machine gives to other processes (see _timing).
PRELUDE = "import sys; from time import thread_time_ns as now"
PROBE = (
    f"{PRELUDE}; before = set(sys.modules); import scopereg; "
    "print('\\n'.join(sorted(set(sys.modules) - before)))"
)
SPLIT = (
    f"{PRELUDE}; t0 = now()\n"
    "for name in {modules!r}: __import__(name)\n"
    "t1 = now(); loaded = set(sys.modules); t2 = now(); import scopereg; t3 = now()\n"
    "print(t1 - t0, t3 - t2, *sorted(set(sys.modules) - loaded))"
)


@dataclass
class Samples:
    """What the fresh processes measured, in milliseconds.

    Attributes:
        wall: Wall times per label of :data:`STATEMENTS`.
        stdlib: The standard-library part of each split process.
        own: The `import scopereg` part of each split process.
        leftover: Modules other than scopereg's that its import still loaded.
    """

    wall: dict[str, list[float]]
    stdlib: list[float]
    own: list[float]
    leftover: set[str]


def wall_ms(statement: str) -> float | None:
    """Run ``python -c statement`` in a fresh process; return its wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", statement], capture_output=True, check=False
    )
    elapsed = (time.perf_counter() - start) * 1e3
    return elapsed if done.returncode == 0 else None


def imported_modules() -> list[str] | None:
    """Return the modules that `import scopereg` loads, or ``None`` if it fails."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False
    )
    return done.stdout.split() if done.returncode == 0 else None


def is_own(name: str) -> bool:
    """Tell whether ``name`` is scopereg or one of its submodules."""
    return name.partition(".")[0] == "scopereg"


def split_run(stdlib: list[str]) -> tuple[float, float, list[str]] | None:
    """Import ``stdlib``, then scopereg, in one fresh process; time each part.

    Returns:
        The milliseconds of each part and the modules other than scopereg's
        own that the second part loaded, or ``None`` if the process failed.
    """
    done = subprocess.run(
        [sys.executable, "-c", SPLIT.format(modules=stdlib)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    first, second, *after = done.stdout.split()
    return int(first) / 1e6, int(second) / 1e6, [m for m in after if not is_own(m)]


def compile_scopereg() -> bool:
    """Write scopereg's bytecode, which PYTHONDONTWRITEBYTECODE may prevent.

    An editable install imports from the source tree, where nothing compiles
    the package ahead of time; the other libraries were compiled by pip.
    """
    try:
        import scopereg
    except Exception:  # reported by the rows that need it
        return False
    return bool(compileall.compile_dir(Path(scopereg.__file__).parent, quiet=1))


def sample(runs: int, stdlib: list[str] | None) -> Samples:
    """Run every statement, and the split process, ``runs`` times, interleaved."""
    for statement in STATEMENTS.values():
        wall_ms(statement)  # warm the file cache
    found = Samples({label: [] for label in STATEMENTS}, [], [], set())
    for _ in range(runs):
        for label, statement in STATEMENTS.items():
            value = wall_ms(statement)
            if value is not None:
                found.wall[label].append(value)
        split = None if stdlib is None else split_run(stdlib)
        if split is not None:
            found.stdlib.append(split[0])
            found.own.append(split[1])
            found.leftover.update(split[2])
    return found


def cell(values: list[float], runs: int) -> str:
    """Format the median of ``values``, or say a run failed."""
    return f"{statistics.median(values):.1f}" if len(values) == runs else "failed"


def import_table(quick: bool) -> Table:
    """Time each import statement (median over fresh processes, interleaved)."""
    table = Table("import time", ["statement", "median ms", "above bare ms"])
    runs = QUICK_RUNS if quick else RUNS
    compiled = compile_scopereg()
    loaded = imported_modules()
    stdlib = (
        None
        if loaded is None
        else [
            name
            for name in loaded
            if not is_own(name) and name.partition(".")[0] in sys.stdlib_module_names
        ]
    )
    found = sample(runs, stdlib)
    bare = statistics.median(found.wall["bare interpreter"])
    for label, statement in STATEMENTS.items():
        median = cell(found.wall[label], runs)
        above = (
            ""
            if label == "bare interpreter" or median == "failed"
            else f"{statistics.median(found.wall[label]) - bare:.1f}"
        )
        table.rows.append([f"`{statement}`", median, above])
    count = "?" if stdlib is None else len(stdlib)
    table.rows.append(
        [
            f"one process: its {count} standard-library modules first",
            cell(found.stdlib, runs),
            "",
        ]
    )
    table.rows.append(
        ["then `import scopereg` (its own cost)", cell(found.own, runs), ""]
    )
    table.notes = notes(runs, compiled, loaded or [], stdlib or [], found)
    return table


def notes(
    runs: int, compiled: bool, loaded: list[str], stdlib: list[str], found: Samples
) -> list[str]:
    """Describe the method and the modules loaded, and say if the target holds."""
    top_level = {name.partition(".")[0] for name in loaded}
    foreign = sorted(top_level - set(sys.stdlib_module_names) - {"scopereg"})
    forbidden = sorted(top_level & set(FORBIDDEN))
    own = len([name for name in loaded if is_own(name)])
    own_ms = statistics.median(found.own) if loaded and len(found.own) == runs else None
    holds = (
        None
        if own_ms is None
        else own_ms <= TARGET_MS and not forbidden and not foreign
    )
    return [
        f"Median wall time of `python -c ...` over {runs} fresh processes each, "
        "interleaved, "
        + (
            "bytecode compiled beforehand."
            if compiled
            else "**bytecode could not be compiled**."
        ),
        f"`import scopereg` loads {len(loaded)} modules; outside the standard "
        f"library: {foreign or 'none'}; of {', '.join(FORBIDDEN)}: "
        f"{forbidden or 'none'}.",
        f"The last two rows time, from inside each of {runs} more fresh processes "
        f"(interleaved with the others), the import of the {len(stdlib)} "
        "standard-library modules that `import scopereg` loads (found once: "
        "loaded by it, not at start-up, not its own), then `import scopereg`, "
        f"which then loads its own {own} modules and "
        f"{', '.join(sorted(found.leftover)) or 'nothing else'}; medians of each "
        "part, timed with the thread's CPU clock.",
        "",
        f"- target: `import scopereg` ≤ {TARGET_MS:.0f} ms above the "
        "standard-library modules it imports, importing no sibling: holds: "
        + verdict(holds),
    ]
