"""Threads and asyncio tasks: default scopes never leak, registration stays whole.

Loops are bounded (2,000 switches per worker) and nothing is timed: each check
asserts only what a worker sees, so a leak fails deterministically once seen.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from scopereg import DefaultScope, Registry, init_default_scope
from scopereg.exceptions import DuplicateRegistrationError

WORKERS = 8
ROUNDS = 2_000


def _current() -> str | None:
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name


@pytest.fixture
def tree(new_scope):
    """A root with one child scope per worker; each child's ``Who`` names it."""
    root = Registry("model", scope=new_scope("root"))
    root.register_module(name="Who", module=functools.partial(str, root.scope))
    scopes = []
    for index in range(WORKERS):
        child = Registry("model", parent=root, scope=new_scope(f"w{index}"))
        child.register_module(name="Who", module=functools.partial(str, child.scope))
        scopes.append(child.scope)
    return root, scopes


def _run_threads(worker, scopes):
    barrier = threading.Barrier(len(scopes))

    def start(scope):
        barrier.wait()
        return worker(scope)

    with ThreadPoolExecutor(max_workers=len(scopes)) as pool:
        return list(pool.map(start, scopes))


def test_threads_switching_scopes_each_see_only_their_own_scope(tree):
    _, scopes = tree

    def worker(scope):
        leaks = 0
        for _ in range(ROUNDS):
            with DefaultScope(scope):
                leaks += _current() != scope
            leaks += _current() is not None
        return leaks

    assert _run_threads(worker, scopes) == [0] * WORKERS


def test_threads_switching_scopes_each_build_from_their_own_scope(tree):
    root, scopes = tree

    def worker(scope):
        wrong = []
        for _ in range(ROUNDS):
            with DefaultScope(scope):
                built = root.build({"type": "Who"})
            if built != scope:
                wrong.append(built)
            if root.build({"type": "Who"}) != root.scope:
                wrong.append("outside the block")
        return wrong

    assert _run_threads(worker, scopes) == [[]] * WORKERS


def test_threads_building_with_scope_keys_each_build_from_their_own_scope(tree):
    root, scopes = tree

    def worker(scope):
        wrong = 0
        for _ in range(ROUNDS):
            wrong += root.build({"type": "Who", "_scope_": scope}) != scope
            wrong += _current() is not None
        return wrong

    assert _run_threads(worker, scopes) == [0] * WORKERS


def test_threads_nesting_scopes_unwind_to_their_own_outer_scope(tree):
    _, scopes = tree

    def worker(scope):
        other = scopes[(scopes.index(scope) + 1) % len(scopes)]
        leaks = 0
        for _ in range(ROUNDS // 2):
            with DefaultScope(scope):
                with DefaultScope(other):
                    leaks += _current() != other
                leaks += _current() != scope
        return leaks

    assert _run_threads(worker, scopes) == [0] * WORKERS


def test_threads_see_the_process_wide_scope_outside_their_blocks(tree, new_scope):
    _, scopes = tree
    process = new_scope("process")
    init_default_scope(process)

    def worker(scope):
        leaks = 0
        for _ in range(ROUNDS):
            with DefaultScope(scope):
                leaks += _current() != scope
            leaks += _current() != process
        return leaks

    assert _run_threads(worker, scopes) == [0] * WORKERS


def test_asyncio_tasks_switching_scopes_each_see_only_their_own_scope(tree):
    root, scopes = tree

    async def worker(scope):
        wrong = 0
        for _ in range(ROUNDS):
            with DefaultScope(scope):
                await asyncio.sleep(0)  # let every other task run in between
                wrong += _current() != scope
                wrong += root.build({"type": "Who"}) != scope
            wrong += _current() is not None
        return wrong

    async def main():
        return await asyncio.gather(*(worker(scope) for scope in scopes))

    assert asyncio.run(main()) == [0] * WORKERS


def test_asyncio_task_inherits_the_scope_it_was_created_in(new_scope):
    scope = new_scope()

    async def probe():
        return _current()

    async def main():
        with DefaultScope(scope):
            task = asyncio.create_task(probe())
        return await task

    assert asyncio.run(main()) == scope


def test_asyncio_task_scope_does_not_leak_into_its_creator(new_scope):
    scope = new_scope()

    async def child():
        DefaultScope(scope).__enter__()  # left open on purpose: the task ends
        return _current()

    async def main():
        inside = await asyncio.create_task(child())
        return inside, _current()

    assert asyncio.run(main()) == (scope, None)


def test_threads_registering_distinct_names_all_succeed(new_scope):
    reg = Registry("model", scope=new_scope())
    names = [f"N{index}" for index in range(WORKERS)]

    def worker(name):
        for round_ in range(ROUNDS // 10):
            reg.register_module(name=f"{name}_{round_}", module=lambda: None)
        return name

    _run_threads(worker, names)
    assert len(reg) == WORKERS * (ROUNDS // 10)


def test_threads_registering_one_name_leave_exactly_one_winner(new_scope):
    reg = Registry("model", scope=new_scope())
    made = {f"W{index}": type(f"W{index}", (), {}) for index in range(WORKERS)}

    def worker(tag):
        try:
            reg.register_module(name="Shared", module=made[tag])
        except DuplicateRegistrationError:
            return None
        return tag

    winners = [tag for tag in _run_threads(worker, list(made)) if tag]
    assert len(winners) == 1
    assert reg.get("Shared") is made[winners[0]]


def test_threads_looking_up_while_others_register_see_a_consistent_answer(
    new_scope,
):
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("child"))
    root.register_module(name="Base", module=functools.partial(str, "root"))
    stop = threading.Event()

    def reader(_):
        answers = set()
        while not stop.is_set():
            answers.add(child.build({"type": "Base"}))
        answers.add(child.build({"type": "Base"}))
        return answers

    def writer():
        try:
            for round_ in range(ROUNDS):
                root.register_module(name=f"Other{round_}", module=lambda: None)
            child.register_module(name="Base", module=functools.partial(str, "child"))
        finally:
            stop.set()  # the readers stop even if registering failed

    with ThreadPoolExecutor(max_workers=WORKERS + 1) as pool:
        readers = [pool.submit(reader, index) for index in range(WORKERS)]
        pool.submit(writer).result()
        results = [future.result() for future in readers]
    for answers in results:
        assert answers <= {"root", "child"}
        assert "child" in answers  # the last build came after the override
