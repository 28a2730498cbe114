"""DefaultScope under threads and asyncio: no context ever sees another's scope."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from scopereg import DefaultScope, Registry

SetScope = Callable[[str | None], object]

WORKERS = 8
SWITCHES = 10_000
# Bounds each stress run in time; a healthy run takes about a second.
TIMEOUT = 120.0


def scope_here() -> str | None:
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name


@pytest.fixture(autouse=True)
def _no_process_default(default_scope: SetScope) -> None:
    default_scope(None)


@pytest.fixture
def tree() -> tuple[Registry[object], list[Registry[object]]]:
    """A root and one child per worker; each child's 'Head' returns its scope."""
    root = Registry("model", scope=f"stress_{uuid.uuid4().hex[:10]}")
    root.register_module(name="Head", module=lambda: "root")
    children = []
    for index in range(WORKERS):
        child = Registry("model", parent=root, scope=f"{root.scope}_{index}")
        child.register_module(name="Head", module=lambda scope=child.scope: scope)
        children.append(child)
    return root, children


@pytest.fixture
def _frequent_thread_switches() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_a_new_thread_does_not_see_the_block_of_the_thread_starting_it() -> None:
    seen: list[str | None] = []
    with DefaultScope("conc_block"):
        thread = threading.Thread(target=lambda: seen.append(scope_here()))
        thread.start()
        thread.join()

    assert seen == [None]


def test_a_new_thread_sees_the_process_wide_default(default_scope: SetScope) -> None:
    default_scope("conc_process")
    seen: list[str | None] = []

    with DefaultScope("conc_block"):
        thread = threading.Thread(target=lambda: seen.append(scope_here()))
        thread.start()
        thread.join()

    assert seen == ["conc_process"]


def test_a_thread_pool_task_does_not_see_the_submitting_block() -> None:
    with DefaultScope("conc_block"), ThreadPoolExecutor(1) as pool:
        assert pool.submit(scope_here).result() is None


def test_asyncio_to_thread_sees_the_calling_task_scope() -> None:
    async def main() -> str | None:
        with DefaultScope("conc_to_thread"):
            return await asyncio.to_thread(scope_here)

    assert asyncio.run(main()) == "conc_to_thread"


def test_run_in_executor_does_not_see_the_calling_task_scope() -> None:
    async def main() -> str | None:
        loop = asyncio.get_running_loop()
        with DefaultScope("conc_executor"):
            return await loop.run_in_executor(None, scope_here)

    assert asyncio.run(main()) is None


def test_a_task_inherits_the_scope_in_force_when_it_is_created() -> None:
    async def main() -> str | None:
        with DefaultScope("conc_parent"):
            task = asyncio.create_task(asyncio.sleep(0, "ignored"))
            child = asyncio.create_task(_scope_after_yield())
        await task
        return await child

    assert asyncio.run(main()) == "conc_parent"


async def _scope_after_yield() -> str | None:
    await asyncio.sleep(0)
    return scope_here()


def test_a_scope_set_inside_a_task_does_not_leak_to_its_creator() -> None:
    async def enter_and_stay() -> None:
        DefaultScope("conc_task").__enter__()  # never exited, on purpose

    async def main() -> str | None:
        await asyncio.create_task(enter_and_stay())
        return scope_here()

    assert asyncio.run(main()) is None


@pytest.mark.usefixtures("_frequent_thread_switches")
def test_eight_threads_switching_scopes_never_see_each_other(
    tree: tuple[Registry[object], list[Registry[object]]],
) -> None:
    root, children = tree
    leaks = [0] * WORKERS
    checks = [0] * WORKERS
    start = threading.Barrier(WORKERS)

    def switch(index: int) -> None:
        scope = DefaultScope(children[index].scope)
        start.wait()
        for _ in range(SWITCHES):
            with scope:
                leaks[index] += scope_here() != scope.scope_name
                leaks[index] += root.build({"type": "Head"}) != scope.scope_name
            leaks[index] += scope_here() is not None
            checks[index] += 3

    threads = [threading.Thread(target=switch, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))

    assert not any(thread.is_alive() for thread in threads)
    assert (sum(checks), sum(leaks)) == (3 * WORKERS * SWITCHES, 0)


def test_eight_asyncio_tasks_switching_scopes_never_see_each_other(
    tree: tuple[Registry[object], list[Registry[object]]],
) -> None:
    root, children = tree
    leaks = [0] * WORKERS
    checks = [0] * WORKERS

    async def switch(index: int) -> None:
        scope = DefaultScope(children[index].scope)
        for _ in range(SWITCHES):
            with scope:
                await asyncio.sleep(0)  # let every other task run in between
                leaks[index] += scope_here() != scope.scope_name
                leaks[index] += root.build({"type": "Head"}) != scope.scope_name
            leaks[index] += scope_here() is not None
            checks[index] += 3

    async def main() -> None:
        tasks = (switch(index) for index in range(WORKERS))
        await asyncio.wait_for(asyncio.gather(*tasks), TIMEOUT)

    asyncio.run(main())

    assert (sum(checks), sum(leaks)) == (3 * WORKERS * SWITCHES, 0)
