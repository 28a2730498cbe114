"""Timing primitives: paired rounds for ratios, repeats for absolute times.

A ratio between two pieces of code is measured in paired rounds: each round
times both back to back, so a machine that slows down (two shared cores,
other people's test runs) slows both sides of that round alike, and the
median of the per-round ratios ignores the rounds a burst of noise hit
unevenly. Absolute times that are not part of a ratio keep the minimum of
several repeats, the run least disturbed by the rest of the machine.

Every clock here is the thread's CPU time, not wall time: on a machine with
more runnable processes than cores, a wall clock also counts the slices the
scheduler gives to others, which would land on one side of a round at random.
"""

from __future__ import annotations

import gc
import statistics
import time
import timeit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# Seconds of CPU time this thread has used; see the module docstring.
CLOCK = time.thread_time
# How long one repeat of a timing loop should last, and how many repeats.
REPEAT_SECONDS = 0.02
REPEATS = 7
# Paired rounds: how long the slower side of a round lasts, and how many
# rounds a row takes (odd, so the median is one round's ratio). Short sides
# keep the two halves of a round close in time: on a loaded two-core machine,
# 2 ms sides gave tighter medians than 10 or 30 ms ones.
ROUND_SECONDS = 0.002
ROUNDS = 21
QUICK_ROUNDS = 5


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


def rounds_for(quick: bool) -> int:
    """Return how many paired rounds a row takes (fewer for a smoke run)."""
    return QUICK_ROUNDS if quick else ROUNDS


def loop_count(timers: list[timeit.Timer], seconds: float) -> int:
    """Return the loop count at which the slowest of ``timers`` lasts ``seconds``."""
    slowest = 0.0
    for timer in timers:
        number, elapsed = 1, timer.timeit(1)
        while elapsed < seconds / 10:
            number *= 10
            elapsed = timer.timeit(number)
        slowest = max(slowest, elapsed / number)
    return max(1, round(seconds / slowest))


@dataclass(frozen=True)
class Paired:
    """The outcome of paired rounds of a subject against a baseline.

    Attributes:
        ratio: Median over the rounds of subject time / baseline time.
        subject_ns: Median nanoseconds per execution of the subject.
        baseline_ns: Median nanoseconds per execution of the baseline.
        rounds: How many rounds were taken.
    """

    ratio: float
    subject_ns: float
    baseline_ns: float
    rounds: int


def paired(
    subject: str, baseline: str, namespace: dict[str, Any], rounds: int = ROUNDS
) -> Paired:
    """Time ``subject`` against ``baseline`` in paired rounds.

    Both run the same loop count, chosen so the slower lasts
    :data:`ROUND_SECONDS`; the side that goes first alternates from round to
    round, and the garbage collector stays off throughout.

    Args:
        subject: The statement whose cost is reported, evaluated in ``namespace``.
        baseline: The statement it is compared with, in the same namespace.
        namespace: The globals both statements see.
        rounds: How many rounds to take the medians of.

    Returns:
        The median ratio and the median time of each side.
    """
    ours = timeit.Timer(subject, timer=CLOCK, globals=namespace)
    reference = timeit.Timer(baseline, timer=CLOCK, globals=namespace)
    ratios: list[float] = []
    ours_ns: list[float] = []
    reference_ns: list[float] = []
    with gc_off():
        number = loop_count([ours, reference], ROUND_SECONDS)
        for index in range(rounds):
            if index % 2:
                mine = ours.timeit(number)
                theirs = reference.timeit(number)
            else:
                theirs = reference.timeit(number)
                mine = ours.timeit(number)
            ratios.append(mine / theirs)
            ours_ns.append(mine / number * 1e9)
            reference_ns.append(theirs / number * 1e9)
    return Paired(
        statistics.median(ratios),
        statistics.median(ours_ns),
        statistics.median(reference_ns),
        rounds,
    )


def median_ns(stmt: str, namespace: dict[str, Any], rounds: int = ROUNDS) -> float:
    """Return the median time of ``stmt`` over rounds, in nanoseconds per execution.

    The one-sided counterpart of :func:`paired`, for a side whose partner is
    unavailable, so that its cell means the same as a paired one.

    Args:
        stmt: A Python statement, evaluated in ``namespace``.
        namespace: The globals the statement sees.
        rounds: How many rounds to take the median of.

    Returns:
        Nanoseconds per execution of ``stmt``.
    """
    timer = timeit.Timer(stmt, timer=CLOCK, globals=namespace)
    with gc_off():
        number = loop_count([timer], ROUND_SECONDS)
        samples = [timer.timeit(number) / number * 1e9 for _ in range(rounds)]
    return statistics.median(samples)


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
    timer = timeit.Timer(stmt, timer=CLOCK, globals=namespace)
    with gc_off():
        number = loop_count([timer], REPEAT_SECONDS)
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
            start = time.thread_time_ns()
            items = run()
            elapsed = time.thread_time_ns() - start
        best = min(best, elapsed / items)
    return best
