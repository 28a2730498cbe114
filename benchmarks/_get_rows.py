"""`get` of every form across registry sizes, tree breadths and depths."""

from __future__ import annotations

from benchmarks._libs import FORMS, Library, Y, flat_fvcore, tree_for
from benchmarks._report import Table, ns, ratio, verdict
from benchmarks._timing import ns_per_op

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
    fvcore_ns: dict[int, float | None] = {}
    worst_fv: float = 0.0
    least_mm: float = float("inf")
    for entries, siblings, depth in QUICK_SHAPES if quick else SHAPES:
        trees = {
            name: tree_for(libraries[name], entries, siblings, depth)
            for name in ("scopereg", "mmengine")
        }
        if entries not in fvcore_ns:
            flat = flat_fvcore(libraries["fvcore"], entries)
            fvcore_ns[entries] = (
                None
                if flat is None
                else ns_per_op(
                    "registry.get(key)", {"registry": flat, "key": f"L{entries // 2}"}
                )
            )
            table.rows.append(
                [
                    f"{entries:,} / - / -",
                    "dict.get (reference)",
                    ns(
                        ns_per_op(
                            "d.get(key)",
                            {
                                "d": {f"L{i}": Y for i in range(entries)},
                                "key": f"L{entries // 2}",
                            },
                        )
                    ),
                    ns(fvcore_ns[entries]),
                    "",
                    "",
                    "",
                ]
            )
        reference = fvcore_ns[entries]
        for form, label in FORMS.items():
            timings: dict[str, float | None] = {}
            for name, tree in trees.items():
                timings[name] = (
                    None
                    if tree is None
                    else ns_per_op(
                        "registry.get(key)",
                        {"registry": tree.leaf, "key": tree.keys[form]},
                        repeats=7 if name == "scopereg" else 3,
                    )
                )
            ours, theirs = timings["scopereg"], timings["mmengine"]
            vs_fv = None if ours is None or reference is None else ours / reference
            vs_mm = None if ours is None or theirs is None else theirs / ours
            if vs_fv is not None:
                worst_fv = max(worst_fv, vs_fv)
            if vs_mm is not None:
                least_mm = min(least_mm, vs_mm)
            table.rows.append(
                [
                    f"{entries:,} / {siblings:,} / {depth}",
                    label,
                    ns(ours),
                    ns(reference),
                    ratio(vs_fv),
                    ns(theirs),
                    ratio(vs_mm),
                ]
            )
    table.notes = [
        "Lookups start at the leaf, `depth` below the root; fvcore's registry is "
        "flat and answers its local name only. Every scopereg form answers from "
        "its resolution cache after the first lookup.",
        "",
        f"- target: every form ≤ 1.0x fvcore's local get: worst "
        f"{ratio(worst_fv or None)}, holds: {verdict(worst_fv <= 1.0 if worst_fv else None)}",
        f"- target: ≥ 100x faster than mmengine: least "
        f"{ratio(least_mm if least_mm != float('inf') else None)}, holds: "
        f"{verdict(least_mm >= 100 if least_mm != float('inf') else None)}",
    ]
    return table
