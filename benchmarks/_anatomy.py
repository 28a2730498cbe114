"""Where the time of a build goes: the fast path rebuilt one step at a time.

Each step is a method that adds one thing scopereg's inlined fast path does
(`Registry.build`), so the difference between two rows is the cost of that
thing on this machine. The last rows put the ContextVar operations a
`_scope_` build needs next to the real builds.
"""

from __future__ import annotations

import statistics
from contextvars import ContextVar
from typing import Any

from benchmarks._libs import Library, Y
from benchmarks._report import Table, ns, ratio
from benchmarks._timing import paired, rounds_for

DIRECT = "Y(v=1)"

_var: ContextVar[Any] = ContextVar("bench", default=(None, None))
_get = _var.get
_set = _var.set
_reset = _var.reset


class Steps:
    """A registry stand-in whose ``build_*`` methods grow step by step."""

    def __init__(self) -> None:
        self.cache = {"Y": Y}
        self.default_build = True

    def floor(self, cfg: dict[str, Any]) -> Any:
        """Copy, drop `type`, look the class up and call it: the floor."""
        config = cfg.copy()
        return self.cache[config.pop("type")](**config)

    def varargs(self, cfg: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        """Build as the floor does, behind `build`'s `*args, **kwargs` signature."""
        config = cfg.copy()
        return self.cache[config.pop("type")](**config)

    def checks(self, cfg: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        """Build as before, once no extra arguments and the default build are checked."""
        if not args and not kwargs and self.default_build:
            config = cfg.copy()
            return self.cache[config.pop("type")](**config)
        return None

    def scope_key(self, cfg: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        """Build as before, once the config is checked for a `_scope_` key."""
        if not args and not kwargs and self.default_build:
            config = cfg.copy()
            if "_scope_" not in config:
                return self.cache[config.pop("type")](**config)
        return None

    def context(self, cfg: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        """Build as before, once the default scope is read from the ContextVar."""
        if not args and not kwargs and self.default_build:
            config = cfg.copy()
            if "_scope_" not in config and _get()[0] is None:
                return self.cache[config.pop("type")](**config)
        return None


def anatomy_table(libraries: dict[str, Library], quick: bool) -> Table:
    """Time each step of the fast path and the ContextVar operations."""
    table = Table("where a build's time goes", ["step", "ns", "/ direct", "added ns"])
    rounds = rounds_for(quick)
    steps = Steps()
    namespace: dict[str, Any] = {
        "Y": Y,
        "S": steps,
        "CFG": {"type": "Y", "v": 1},
        "get": _get,
        "set": _set,
        "reset": _reset,
    }
    rows = [
        ("method: copy, pop `type`, look up, call (the floor)", "S.floor(CFG)"),
        ("+ `*args, **kwargs` in the signature", "S.varargs(CFG)"),
        ("+ no extra arguments, default build function", "S.checks(CFG)"),
        ("+ `'_scope_' in config`", "S.scope_key(CFG)"),
        ("+ default scope read from the ContextVar", "S.context(CFG)"),
    ]
    scopereg = libraries["scopereg"].module
    if scopereg is not None:
        registry = scopereg.Registry("bench_anatomy", scope="bench_anatomy")
        child = scopereg.Registry("bench_anatomy", parent=registry, scope="bench_child")
        registry.register_module(module=Y)
        child.register_module(module=Y)
        namespace["R"] = registry
        namespace["SCOPED"] = {"type": "Y", "v": 1, "_scope_": "bench_child"}
        registry.build(namespace["SCOPED"])
        rows.append(("scopereg `Registry.build` (the real one)", "R.build(CFG)"))
    rows.append(
        (
            "ContextVar get, set + reset, alone (what `_scope_` adds)",
            "reset(set((None, get())))",
        )
    )
    if scopereg is not None:
        rows.append(("scopereg `Registry.build` with `_scope_`", "R.build(SCOPED)"))
    pairs = [(label, paired(stmt, DIRECT, namespace, rounds)) for label, stmt in rows]
    direct = statistics.median(pair.baseline_ns for _, pair in pairs)
    table.rows.append(["direct construction `Y(v=1)`", ns(direct), ratio(1.0), ""])
    previous = 1.0
    for label, pair in pairs:
        alone = "alone" in label
        # From the paired ratios, which a slower machine leaves alone, rather
        # than from differences of ns measured at different moments.
        added = "" if alone else ns((pair.ratio - previous) * direct)
        table.rows.append([label, ns(pair.subject_ns), ratio(pair.ratio), added])
        previous = previous if alone else pair.ratio
    table.notes = [
        "The steps rebuild the inlined fast path of `Registry.build` one "
        "feature at a time, so each 'added' cell is what that feature costs "
        "here. A `_scope_` build cannot avoid one ContextVar set and reset "
        "(the scope must be in force for builds nested in the constructor).",
        f"Each `/ direct` is the median over {rounds} paired rounds against "
        "`Y(v=1)`; the ns are medians, direct construction's over all the rows' "
        "rounds, and 'added' is the step's increase in `/ direct` times that "
        "direct ns.",
    ]
    return table
