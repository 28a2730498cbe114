"""Registration is thread-safe: no entry is lost, no duplicate is accepted."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest

from scopereg import Registry
from scopereg.exceptions import DuplicateRegistrationError

THREADS = 8
PER_THREAD = 10_000
# Bounds the run in time: a healthy run takes a few seconds at most.
JOIN_TIMEOUT = 120.0


@pytest.fixture(autouse=True)
def _frequent_thread_switches() -> Iterator[None]:
    """Switch threads every microsecond, so races show up within the loops."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def new_registry() -> Registry[object]:
    return Registry("model", scope=f"reg_{uuid.uuid4().hex[:12]}")


def run_threads(work: Callable[[int], None]) -> None:
    start = threading.Barrier(THREADS)

    def run(index: int) -> None:
        start.wait()
        work(index)

    threads = [
        threading.Thread(target=run, args=(index,), daemon=True)
        for index in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "threads did not finish"


def make_component(tag: object) -> Callable[[], object]:
    def component() -> object:
        return tag

    return component


def test_distinct_names_registered_from_eight_threads_are_all_kept() -> None:
    reg = new_registry()
    components = [make_component(index) for index in range(THREADS)]

    def register(index: int) -> None:
        for number in range(PER_THREAD):
            reg.register_module(name=f"t{index}_{number}", module=components[index])

    run_threads(register)

    assert len(reg) == THREADS * PER_THREAD
    assert all(
        reg.get(f"t{index}_{number}") is components[index]
        for index in range(THREADS)
        for number in range(PER_THREAD)
    )


def test_a_name_raced_by_eight_threads_is_accepted_exactly_once() -> None:
    reg = new_registry()
    components = [make_component(index) for index in range(THREADS)]
    accepted: list[list[int]] = [[] for _ in range(THREADS)]
    refused = [0] * THREADS

    def register(index: int) -> None:
        for number in range(PER_THREAD):
            try:
                reg.register_module(name=f"n{number}", module=components[index])
            except DuplicateRegistrationError:
                refused[index] += 1
            else:
                accepted[index].append(number)

    run_threads(register)

    winners = {number: index for index in range(THREADS) for number in accepted[index]}
    assert sum(map(len, accepted)) == len(winners) == PER_THREAD
    assert sum(refused) == (THREADS - 1) * PER_THREAD
    assert all(reg.get(f"n{n}") is components[i] for n, i in winners.items())


def test_lookups_during_forced_replacements_end_on_the_last_object() -> None:
    reg = new_registry()
    versions = [make_component(number) for number in range(PER_THREAD)]
    reg.register_module(name="Net", module=versions[0])
    misses = [0] * THREADS

    def work(index: int) -> None:
        if index == 0:
            for version in versions:
                reg.register_module(name="Net", module=version, force=True)
            return
        for _ in range(PER_THREAD):
            if reg.get("Net") is None:
                misses[index] += 1

    run_threads(work)

    assert sum(misses) == 0
    assert reg.get("Net") is versions[-1]
    assert reg.build({"type": "Net"}) == PER_THREAD - 1


def test_lookups_after_racing_removals_and_registrations_match_the_entries() -> None:
    reg = new_registry()
    component = make_component("x")
    names = [f"n{number}" for number in range(PER_THREAD // 10)]

    def work(index: int) -> None:
        for name in names:
            if index % 2:
                reg.register_module(name=name, module=component, force=True)
            else:
                reg.get(name)  # fill the cache, to be invalidated by remove
                with contextlib.suppress(KeyError):
                    reg.remove(name)

    run_threads(work)

    assert [reg.get(name) for name in names] == [
        reg.module_dict.get(name) for name in names
    ]
