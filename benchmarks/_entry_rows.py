"""Registration cost per entry and memory per entry."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks._libs import Library
from benchmarks._report import Table, ratio, verdict
from benchmarks._timing import ns_per_item, ns_per_op

REGISTER_ENTRIES = 10_000
MEMORY_ENTRIES = 100_000


def functions(count: int) -> list[Callable[[], None]]:
    """Return ``count`` distinct functions named ``f0 ...`` (made up front)."""

    def make() -> Callable[[], None]:
        def function() -> None:
            return None

        return function

    made = []
    for index in range(count):
        function = make()
        function.__name__ = f"f{index}"
        made.append(function)
    return made


def registry_factory(
    library: Library,
) -> tuple[Callable[[], Any], Callable[[Any, Any], Any]]:
    """Return ``new()`` and ``register(registry, obj)`` (by ``__name__``)."""
    module = library.module
    if library.name == "fvcore":
        return (lambda: module.Registry("bench")), (lambda reg, obj: reg.register(obj))
    counter = iter(range(1 << 30))
    return (
        lambda: module.Registry("bench", scope=f"bench_entries_{next(counter)}"),
        lambda reg, obj: reg.register_module(module=obj),
    )


def per_entry_ns(library: Library, objects: list[Any]) -> float:
    """Time registering ``objects`` one call each into a fresh registry."""
    new, register = registry_factory(library)
    state: dict[str, Any] = {}

    def prepare() -> None:
        state["registry"] = new()

    def run() -> int:
        registry = state["registry"]
        for obj in objects:
            register(registry, obj)
        return len(objects)

    return ns_per_item(run, prepare, repeats=5)


def bytes_per_entry(library: Library | None, objects: list[Any]) -> float:
    """Measure with tracemalloc what registering ``objects`` allocates.

    The objects and their names exist before tracing starts, so only what
    the registry keeps per entry is counted. ``None`` measures a plain dict.
    """
    register: Callable[[Any, Any], Any]
    if library is None:
        registry: Any = {}

        def register(reg: Any, obj: Any) -> None:
            reg[obj.__name__] = obj
    else:
        new, register = registry_factory(library)
        registry = new()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for obj in objects:
            register(registry, obj)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before) / len(objects)


def registration_anatomy(library: Library) -> list[str]:
    """Time the parts of a scopereg registration that mmengine does not have."""
    if library.module is None:
        return []
    registry = library.module.Registry("bench_anatomy", scope="bench_reg_anatomy")
    tree = registry._tree
    namespace = {"lock": tree.lock, "tree": tree}
    lock = ns_per_op("lock.acquire(); lock.release()", namespace)
    invalidate = ns_per_op("tree.invalidate()", namespace)
    return [
        f"Of scopereg's time per entry, {lock:.0f} ns hold the tree's lock "
        "(registration is thread-safe; mmengine takes no lock) and "
        f"{invalidate:.0f} ns tell the tree's lookup caches that names changed "
        "(mmengine has no cache).",
        "",
    ]


def entries_table(libraries: dict[str, Library], quick: bool) -> Table:
    """Compare registration time and memory per entry."""
    table = Table(
        "registration",
        ["library", "register ns / entry", "/ mmengine", "bytes / entry"],
    )
    register_count = 1_000 if quick else REGISTER_ENTRIES
    memory_count = 10_000 if quick else MEMORY_ENTRIES
    objects = functions(max(register_count, memory_count))
    timings: dict[str, float | None] = {}
    memory: dict[str, float | None] = {}
    for name, library in libraries.items():
        if library.module is None:
            timings[name] = memory[name] = None
            continue
        timings[name] = per_entry_ns(library, objects[:register_count])
        memory[name] = bytes_per_entry(library, objects[:memory_count])
    dict_bytes = bytes_per_entry(None, objects[:memory_count])
    mm = timings.get("mmengine")
    for name in libraries:
        value = timings[name]
        table.rows.append(
            [
                name,
                "n/a" if value is None else f"{value:,.0f}",
                ratio(None if value is None or mm is None else value / mm),
                "n/a" if memory[name] is None else f"{memory[name]:,.0f}",
            ]
        )
    table.rows.append(["plain `dict` (reference)", "", "", f"{dict_bytes:,.0f}"])
    ours, our_bytes = timings["scopereg"], memory["scopereg"]
    table.notes = [
        f"Registration: {register_count:,} functions, one `register_module(module=f)` "
        f"call each (fvcore: `register(f)`), into a fresh registry per repeat. "
        f"Memory: tracemalloc around registering {memory_count:,} entries whose "
        "objects and names exist beforehand.",
        "",
        *registration_anatomy(libraries["scopereg"]),
        f"- target: registration no slower than mmengine per entry: holds: "
        f"{verdict(None if ours is None or mm is None else ours <= mm)}",
        f"- target: ≤ 150 bytes per entry at {memory_count:,} entries: holds: "
        f"{verdict(None if our_bytes is None else our_bytes <= 150)}",
    ]
    return table
