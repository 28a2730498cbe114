"""Timing primitives: the minimum of several repeats, garbage collection off.

The minimum is the run least disturbed by the rest of the machine, which is
what a comparison between two pieces of code needs; noise only ever adds time.
"""

from __future__ import annotations

import gc
import time
import timeit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# How long one repeat of a timing loop should last, and how many repeats.
REPEAT_SECONDS = 0.02
REPEATS = 7


@contextmanager
def gc_off() -> Iterator[None]:
    """Disable the garbage collector for a block, restoring its state after."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def ns_per_op(stmt: str, namespace: dict[str, Any], repeats: int = REPEATS) -> float:
    """Return the best time of ``stmt`` in nanoseconds per execution.

    The loop count is raised until one repeat lasts :data:`REPEAT_SECONDS`;
    the result is the minimum over ``repeats`` repeats. :mod:`timeit` turns the
    garbage collector off inside its loops; :func:`gc_off` makes that explicit
    and also collects once before.

    Args:
        stmt: A Python statement, evaluated in ``namespace``.
        namespace: The globals the statement sees.
        repeats: How many timed repeats to take the minimum of.

    Returns:
        Nanoseconds per execution of ``stmt``.
    """
    timer = timeit.Timer(stmt, globals=namespace)
    with gc_off():
        number, elapsed = 1, timer.timeit(1)
        while elapsed < REPEAT_SECONDS / 10:
            number *= 10
            elapsed = timer.timeit(number)
        number = max(1, round(number * REPEAT_SECONDS / elapsed))
        best = min(timer.repeat(repeats, number))
    return best / number * 1e9


def ns_per_item(
    run: Callable[[], int], prepare: Callable[[], None], repeats: int = REPEATS
) -> float:
    """Return the best time of ``run()`` divided by the items it reports.

    For work that cannot be repeated in place (filling a fresh registry):
    ``prepare`` sets up untimed state before each repeat, ``run`` does the
    timed work and returns how many items it handled.

    Args:
        run: The timed work; returns its item count.
        prepare: Untimed setup before each repeat.
        repeats: How many repeats to take the minimum of.

    Returns:
        Nanoseconds per item.
    """
    best = float("inf")
    for _ in range(repeats):
        prepare()
        with gc_off():
            start = time.perf_counter_ns()
            items = run()
            elapsed = time.perf_counter_ns() - start
        best = min(best, elapsed / items)
    return best
