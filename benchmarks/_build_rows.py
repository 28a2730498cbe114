"""`build` against direct construction, as the tree grows.

Every ratio is a median of paired rounds (:func:`benchmarks._timing.paired`):
a build and the direct construction of the same objects, timed back to back.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, NamedTuple

from benchmarks._libs import Y2, Library, Tree, Y, make_y, tree_for
from benchmarks._report import Table, ns, ratio, verdict
from benchmarks._timing import Paired, median_ns, paired, rounds_for

SIBLINGS = (1, 10, 100, 1_000)
QUICK_SIBLINGS = (1, 10)
CFG = {"type": "Y", "v": 1}
FUNCTION_CFG = {"type": "make_y", "v": 1}
LEAVES = list(range(10))
DIRECT_NESTED = (
    "DirectNode(children=[DirectNode(children=[Y(v=leaf) for leaf in LEAVES])"
    " for _ in LEAVES])"
)


class Variant(NamedTuple):
    """One build row: what is built, its hand-built twin and its target.

    Attributes:
        label: The row's label.
        build: The build statement, with the tree's root as ``R``.
        direct: The statement constructing the same objects by hand.
        target: The highest ratio of build to direct that meets the target.
    """

    label: str
    build: str
    direct: str
    target: float | None


VARIANTS: dict[str, Variant] = {
    "plain": Variant("`build` of a trivial class", "R.build(CFG)", "Y(v=1)", 2.2),
    "function": Variant("function type", "R.build(FUNCTION_CFG)", "make_y(v=1)", None),
    "default_scope": Variant(
        "with a `DefaultScope` set", "R.build(CFG)", "Y(v=1)", 2.5
    ),
    "scope_key": Variant(
        "with `_scope_` in the config", "R.build(SCOPED_CFG)", "Y(v=1)", 3.0
    ),
    "nested": Variant(
        "nested config of 111 objects", "R.build(NESTED_CFG)", DIRECT_NESTED, 2.0
    ),
}


class DirectNode:
    """A node of the nested tree, built by hand: it gets its children built."""

    def __init__(self, children: list[Any]) -> None:
        # The same loop as the built node runs, without the builds.
        self.children = [child for child in children]  # noqa: C416


def node_class(build: Callable[[Any], Any]) -> type:
    """Return a node class that builds its child configs with ``build``."""

    class Node:
        def __init__(self, children: list[Any]) -> None:
            self.children = [build(child) for child in children]

    return Node


NESTED_CFG = {
    "type": "Node",
    "children": [
        {"type": "Node", "children": [{"type": "Y", "v": leaf} for leaf in LEAVES]}
        for _ in LEAVES
    ],
}
# What the direct statements of VARIANTS need.
DIRECT_NAMESPACE = {
    "Y": Y,
    "make_y": make_y,
    "DirectNode": DirectNode,
    "LEAVES": LEAVES,
}


def count(obj: Any) -> int:
    """Count the objects of a built nested tree."""
    return 1 + sum(count(child) for child in getattr(obj, "children", ()))


def prepare(tree: Tree) -> None:
    """Register what the build rows construct (Y2 overrides Y in the last sibling)."""
    root, last = tree.root, tree.last
    root.register_module(name="Y", module=Y, force=True)
    root.register_module(name="make_y", module=make_y)
    root.register_module(name="Node", module=node_class(root.build))
    last.register_module(name="Y", module=Y2, force=True)


def check(tree: Tree, scope_name: str, enter: Callable[[], Any]) -> None:
    """Refuse to time builds that build the wrong thing."""
    root = tree.root
    built = {
        "plain": type(root.build(CFG)) is Y,
        "function": type(root.build(FUNCTION_CFG)) is Y,
        "scope_key": type(root.build({**CFG, "_scope_": scope_name})) is Y2,
        "nested": count(root.build(NESTED_CFG)) == 111,
    }
    with enter():
        built["default_scope"] = type(root.build(CFG)) is Y2
    wrong = [variant for variant, ok in built.items() if not ok]
    if wrong:
        raise RuntimeError(f"builds of {wrong} construct the wrong objects")


def time_library(
    tree: Tree, scope_name: str, enter: Callable[[], Any], rounds: int
) -> dict[str, Paired]:
    """Time every variant in one library's tree against direct construction."""
    check(tree, scope_name, enter)
    namespace = {
        **DIRECT_NAMESPACE,
        "R": tree.root,
        "CFG": CFG,
        "FUNCTION_CFG": FUNCTION_CFG,
        "SCOPED_CFG": {**CFG, "_scope_": scope_name},
        "NESTED_CFG": NESTED_CFG,
    }
    times: dict[str, Paired] = {}
    for name, variant in VARIANTS.items():
        scope: AbstractContextManager[Any] = (
            enter() if name == "default_scope" else nullcontext()
        )
        with scope:
            times[name] = paired(variant.build, variant.direct, namespace, rounds)
    return times


def scope_entry(library: Library, scope_name: str) -> Callable[[], Any]:
    """Return a context-manager factory that sets ``scope_name`` as default."""
    module = library.module
    if library.name == "scopereg":
        return lambda: module.DefaultScope(scope_name)

    from contextlib import contextmanager

    @contextmanager
    def mmengine_scope() -> Any:
        # mmengine's current scope is its newest instance; forget it after.
        name = f"bench-{scope_name}-{len(module.DefaultScope._instance_dict)}"
        module.DefaultScope.get_instance(name, scope_name=scope_name)
        try:
            yield
        finally:
            module.DefaultScope._instance_dict.pop(name, None)

    return mmengine_scope


def fvcore_hand_build(library: Library, rounds: int) -> Paired | None:
    """Time fvcore's hand-written ``get(type)(**kwargs)`` build against ``Y(v=1)``."""
    if library.module is None:
        return None
    registry = library.module.Registry("bench_build")
    registry.register(Y)

    def build(cfg: dict[str, Any]) -> Any:
        kwargs = dict(cfg)
        return registry.get(kwargs.pop("type"))(**kwargs)

    namespace = {"build": build, "CFG": CFG, "Y": Y}
    return paired("build(CFG)", "Y(v=1)", namespace, rounds)


def direct_ns(variant: Variant, *pairs: Paired | None, rounds: int) -> float:
    """Return the direct side of the first available pairing, or time it alone."""
    for pair in pairs:
        if pair is not None:
            return pair.baseline_ns
    return median_ns(variant.direct, DIRECT_NAMESPACE, rounds)


def growth_notes(
    ours: dict[str, list[float]], theirs: dict[str, list[float]]
) -> list[str]:
    """Say how each variant's ratio changes from the smallest to the largest tree."""
    notes = []
    for variant, spec in VARIANTS.items():
        if len(ours[variant]) > 1:
            line = (
                f"- {spec.label}, growth of the ratio from the smallest to the largest "
                f"tree: scopereg {ratio(ours[variant][-1] / ours[variant][0])}"
            )
            if len(theirs[variant]) > 1:
                line += f", mmengine {ratio(theirs[variant][-1] / theirs[variant][0])}"
            notes.append(line)
    return notes


def build_table(libraries: dict[str, Library], quick: bool) -> Table:
    """Time the build variants for each tree breadth."""
    table = Table(
        "build",
        [
            "siblings",
            "variant",
            "direct ns",
            "scopereg ns",
            "/ direct",
            "target",
            "mmengine ns",
            "/ direct",
        ],
    )
    rounds = rounds_for(quick)
    ours: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    theirs: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    misses: list[str] = []
    for siblings in QUICK_SIBLINGS if quick else SIBLINGS:
        timings: dict[str, dict[str, Paired] | None] = {}
        for name in ("scopereg", "mmengine"):
            tree = tree_for(libraries[name], 10, siblings, 4)
            if tree is None:
                timings[name] = None
                continue
            prepare(tree)
            scope_name = f"s{siblings - 1}"
            timings[name] = time_library(
                tree, scope_name, scope_entry(libraries[name], scope_name), rounds
            )
        for variant, spec in VARIANTS.items():
            sr = None if timings["scopereg"] is None else timings["scopereg"][variant]
            mm = None if timings["mmengine"] is None else timings["mmengine"][variant]
            if sr is not None:
                ours[variant].append(sr.ratio)
            if mm is not None:
                theirs[variant].append(mm.ratio)
            holds = (
                None if spec.target is None or sr is None else sr.ratio <= spec.target
            )
            if holds is False and sr is not None:
                # Three decimals: a 2.004x miss of a 2.0 target must not read 2.00x.
                misses.append(f"{spec.label} ({siblings} siblings): {sr.ratio:.3f}x")
            table.rows.append(
                [
                    f"{siblings:,}",
                    spec.label,
                    ns(direct_ns(spec, sr, mm, rounds=rounds)),
                    ns(None if sr is None else sr.subject_ns),
                    ratio(None if sr is None else sr.ratio),
                    "-"
                    if spec.target is None
                    else f"≤ {spec.target}: {verdict(holds)}",
                    ns(None if mm is None else mm.subject_ns),
                    ratio(None if mm is None else mm.ratio),
                ]
            )
    hand = fvcore_hand_build(libraries["fvcore"], rounds)
    table.rows.append(
        [
            "flat",
            "fvcore: hand-written `get(type)(**kw)`",
            ns(direct_ns(VARIANTS["plain"], hand, rounds=rounds)),
            ns(None if hand is None else hand.subject_ns),
            ratio(None if hand is None else hand.ratio),
            "reference",
            "",
            "",
        ]
    )
    table.notes = [
        "Builds run from the root; the default scope and `_scope_` name the last "
        "sibling, whose own `Y` overrides the root's. The nested config (a root "
        "with 10 children of 10 children each) is built through sub-builds "
        "inside the constructors; direct means the same 111 objects constructed "
        "by hand.",
        f"Each `/ direct` is the median over {rounds} paired rounds of the "
        "build's time divided by direct construction's, both timed back to back "
        "in the round with the same loop count; the ns columns are the medians "
        "of each side over the same rounds.",
        "",
        *growth_notes(ours, theirs),
        "- targets missed: " + ("; ".join(misses) if misses else "none"),
    ]
    return table
