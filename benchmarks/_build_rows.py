"""`build` against direct construction, as the tree grows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks._libs import Y2, Library, Tree, Y, make_y, tree_for
from benchmarks._report import Table, ns, ratio, verdict
from benchmarks._timing import ns_per_op

SIBLINGS = (1, 10, 100, 1_000)
QUICK_SIBLINGS = (1, 10)
CFG = {"type": "Y", "v": 1}
FUNCTION_CFG = {"type": "make_y", "v": 1}

# variant -> (label, target ratio to direct construction or None)
VARIANTS: dict[str, tuple[str, float | None]] = {
    "plain": ("`build` of a trivial class", 2.0),
    "function": ("function type", None),
    "default_scope": ("with a `DefaultScope` set", 2.5),
    "scope_key": ("with `_scope_` in the config", 3.0),
    "nested": ("nested config of 111 objects", 2.0),
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
        {"type": "Node", "children": [{"type": "Y", "v": leaf} for leaf in range(10)]}
        for _ in range(10)
    ],
}
LEAVES = list(range(10))
DIRECT_NESTED = (
    "DirectNode(children=[DirectNode(children=[Y(v=leaf) for leaf in LEAVES])"
    " for _ in LEAVES])"
)


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
    tree: Tree, scope_name: str, enter: Callable[[], Any]
) -> dict[str, float]:
    """Time every variant in one library's tree."""
    check(tree, scope_name, enter)
    namespace = {
        "R": tree.root,
        "CFG": CFG,
        "FUNCTION_CFG": FUNCTION_CFG,
        "SCOPED_CFG": {**CFG, "_scope_": scope_name},
        "NESTED_CFG": NESTED_CFG,
    }
    times = {
        "plain": ns_per_op("R.build(CFG)", namespace),
        "function": ns_per_op("R.build(FUNCTION_CFG)", namespace),
        "scope_key": ns_per_op("R.build(SCOPED_CFG)", namespace),
        "nested": ns_per_op("R.build(NESTED_CFG)", namespace),
    }
    with enter():
        times["default_scope"] = ns_per_op("R.build(CFG)", namespace)
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


def direct_times() -> dict[str, float]:
    """Time direct construction of what each variant builds."""
    namespace = {"Y": Y, "make_y": make_y, "DirectNode": DirectNode, "LEAVES": LEAVES}
    plain = ns_per_op("Y(v=1)", namespace)
    return {
        "plain": plain,
        "function": ns_per_op("make_y(v=1)", namespace),
        "default_scope": plain,
        "scope_key": plain,
        "nested": ns_per_op(DIRECT_NESTED, namespace),
    }


def fvcore_hand_build(library: Library) -> float | None:
    """Time fvcore's hand-written ``get(type)(**kwargs)`` build."""
    if library.module is None:
        return None
    registry = library.module.Registry("bench_build")
    registry.register(Y)

    def build(cfg: dict[str, Any]) -> Any:
        kwargs = dict(cfg)
        return registry.get(kwargs.pop("type"))(**kwargs)

    return ns_per_op("build(CFG)", {"build": build, "CFG": CFG})


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
    ours: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    theirs: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    misses: list[str] = []
    for siblings in QUICK_SIBLINGS if quick else SIBLINGS:
        timings: dict[str, dict[str, float] | None] = {}
        for name in ("scopereg", "mmengine"):
            tree = tree_for(libraries[name], 10, siblings, 4)
            if tree is None:
                timings[name] = None
                continue
            prepare(tree)
            scope_name = f"s{siblings - 1}"
            timings[name] = time_library(
                tree, scope_name, scope_entry(libraries[name], scope_name)
            )
        direct = direct_times()  # measured again right before the rows
        for variant, (label, target) in VARIANTS.items():
            sr = None if timings["scopereg"] is None else timings["scopereg"][variant]
            mm = None if timings["mmengine"] is None else timings["mmengine"][variant]
            sr_ratio = None if sr is None else sr / direct[variant]
            if sr is not None:
                ours[variant].append(sr)
            if mm is not None:
                theirs[variant].append(mm)
            holds = None if target is None or sr_ratio is None else sr_ratio <= target
            if holds is False:
                misses.append(f"{label} ({siblings} siblings): {ratio(sr_ratio)}")
            table.rows.append(
                [
                    f"{siblings:,}",
                    label,
                    ns(direct[variant]),
                    ns(sr),
                    ratio(sr_ratio),
                    "-" if target is None else f"≤ {target}: {verdict(holds)}",
                    ns(mm),
                    ratio(None if mm is None else mm / direct[variant]),
                ]
            )
    hand = fvcore_hand_build(libraries["fvcore"])
    direct = direct_times()
    table.rows.append(
        [
            "flat",
            "fvcore: hand-written `get(type)(**kw)`",
            ns(direct["plain"]),
            ns(hand),
            ratio(None if hand is None else hand / direct["plain"]),
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
        "by hand. Direct construction is measured again right before each "
        "block of rows.",
        "",
    ]
    for variant, (label, _) in VARIANTS.items():
        if len(ours[variant]) > 1:
            growth = ours[variant][-1] / ours[variant][0]
            line = f"- {label}, growth from the smallest to the largest tree: scopereg {ratio(growth)}"
            if len(theirs[variant]) > 1:
                line += f", mmengine {ratio(theirs[variant][-1] / theirs[variant][0])}"
            table.notes.append(line)
    table.notes.append("- targets missed: " + ("; ".join(misses) if misses else "none"))
    return table
