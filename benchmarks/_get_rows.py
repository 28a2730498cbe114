"""`get` of every form across registry sizes, tree breadths and depths.

Each scopereg lookup is paired with fvcore's flat `get` of a name in a registry
of the same size (:func:`benchmarks._timing.paired`), so the ratio to fvcore is
a median of paired rounds; mmengine, hundreds of times slower, is timed alone
over as many rounds, so that its ratio to scopereg compares medians too.
"""

from __future__ import annotations

from typing import Any

from benchmarks._libs import FORMS, Library, Y, flat_fvcore, tree_for
from benchmarks._report import Table, ns, ratio, verdict
from benchmarks._timing import Paired, median_ns, paired, rounds_for

# (entries, siblings, depth): each axis varied alone around the first shape.
BASE = (1_000, 10, 4)
SHAPES = [
    BASE,
    (10, 10, 4),
    (100_000, 10, 4),
    (1_000, 1, 4),
    (1_000, 100, 4),
    (1_000, 1_000, 4),
    (1_000, 10, 1),
    (1_000, 10, 16),
]
QUICK_SHAPES = [BASE, (10, 10, 4), (1_000, 1, 1)]
FVCORE_GET = "flat.get(flat_key)"


def against_fvcore(
    stmt: str, namespace: dict[str, Any], flat: Any, entries: int, rounds: int
) -> tuple[float, Paired | None]:
    """Time ``stmt`` paired with fvcore's flat get, or alone without fvcore.

    Returns:
        The median ns of ``stmt``, and the pairing if fvcore is available.
    """
    if flat is None:
        return median_ns(stmt, namespace, rounds), None
    both = {**namespace, "flat": flat, "flat_key": f"L{entries // 2}"}
    pair = paired(stmt, FVCORE_GET, both, rounds)
    return pair.subject_ns, pair


def get_table(libraries: dict[str, Library], quick: bool) -> Table:
    """Time every form of `get` in every shape, next to fvcore and mmengine."""
    table = Table(
        "get",
        [
            "entries / siblings / depth",
            "form",
            "scopereg ns",
            "fvcore local ns",
            "/ fvcore (≤ 1.0)",
            "mmengine ns",
            "mmengine / scopereg (≥ 100x)",
        ],
    )
    rounds = rounds_for(quick)
    flats: dict[int, Any] = {}
    worst_fv: float = 0.0
    least_mm: float = float("inf")
    for entries, siblings, depth in QUICK_SHAPES if quick else SHAPES:
        trees = {
            name: tree_for(libraries[name], entries, siblings, depth)
            for name in ("scopereg", "mmengine")
        }
        if entries not in flats:
            flat = flats[entries] = flat_fvcore(libraries["fvcore"], entries)
            reference = {"d": {f"L{i}": Y for i in range(entries)}}
            dict_ns, pair = against_fvcore(
                "d.get(flat_key)",
                {**reference, "flat_key": f"L{entries // 2}"},
                flat,
                entries,
                rounds,
            )
            table.rows.append(
                [
                    f"{entries:,} / - / -",
                    "dict.get (reference)",
                    ns(dict_ns),
                    ns(None if pair is None else pair.baseline_ns),
                    "",
                    "",
                    "",
                ]
            )
        for form, label in FORMS.items():
            ours: float | None = None
            vs_fv: Paired | None = None
            if trees["scopereg"] is not None:
                tree = trees["scopereg"]
                ours, vs_fv = against_fvcore(
                    "registry.get(key)",
                    {"registry": tree.leaf, "key": tree.keys[form]},
                    flats[entries],
                    entries,
                    rounds,
                )
            mm_tree = trees["mmengine"]
            theirs = (
                None
                if mm_tree is None
                else median_ns(
                    "registry.get(key)",
                    {"registry": mm_tree.leaf, "key": mm_tree.keys[form]},
                    rounds,
                )
            )
            vs_mm = None if ours is None or theirs is None else theirs / ours
            if vs_fv is not None:
                worst_fv = max(worst_fv, vs_fv.ratio)
            if vs_mm is not None:
                least_mm = min(least_mm, vs_mm)
            table.rows.append(
                [
                    f"{entries:,} / {siblings:,} / {depth}",
                    label,
                    ns(ours),
                    ns(None if vs_fv is None else vs_fv.baseline_ns),
                    ratio(None if vs_fv is None else vs_fv.ratio),
                    ns(theirs),
                    ratio(vs_mm),
                ]
            )
    table.notes = [
        "Lookups start at the leaf, `depth` below the root; fvcore's registry is "
        "flat and answers its local name only. Every scopereg form answers from "
        "its resolution cache after the first lookup.",
        f"`/ fvcore` is the median over {rounds} paired rounds of scopereg's "
        "lookup time divided by fvcore's flat `get` in a registry of as many "
        "entries, both timed back to back with the same loop count; the scopereg, "
        "fvcore and `dict.get` ns are the medians of each side. mmengine's ns is "
        f"the median of {rounds} rounds of its own.",
        "",
        f"- target: every form ≤ 1.0x fvcore's local get: worst "
        f"{ratio(worst_fv or None)}, holds: {verdict(worst_fv <= 1.0 if worst_fv else None)}",
        f"- target: ≥ 100x faster than mmengine: least "
        f"{ratio(least_mm if least_mm != float('inf') else None)}, holds: "
        f"{verdict(least_mm >= 100 if least_mm != float('inf') else None)}",
    ]
    return table
