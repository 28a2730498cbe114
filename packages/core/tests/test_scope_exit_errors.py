"""A scope block that cannot exit cleanly says what went wrong and how to fix it.

The typical cause is a generator or async generator that yields inside
``with DefaultScope(...)`` and is resumed (or closed) in another thread or
asyncio task, or across another scope block.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from scopereg import CapturedScope, DefaultScope, current_scope


def in_daemon_thread(func: Callable[[], object]) -> BaseException | None:
    """Run ``func`` in a daemon thread; return what it raised (or None)."""
    raised: list[BaseException | None] = []

    def run() -> None:
        try:
            func()
        except BaseException as error:
            raised.append(error)
        else:
            raised.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert raised, "the thread did not finish"
    return raised[0]


def yields_inside(scope: DefaultScope | CapturedScope) -> Iterator[int]:
    with scope:
        yield 1
        yield 2


def test_generator_resumed_in_another_thread_says_the_block_was_entered_elsewhere(
    new_scope,
):
    generator = yields_inside(DefaultScope(new_scope("gen")))
    next(generator)
    error = in_daemon_thread(lambda: list(generator))
    assert isinstance(error, RuntimeError)
    assert "did not enter it" in str(error)
    assert "generator" in str(error)


def test_error_of_a_block_exited_elsewhere_gives_the_fix(new_scope):
    generator = yields_inside(DefaultScope(new_scope("gen")))
    next(generator)
    error = in_daemon_thread(lambda: list(generator))
    assert "fix: do not yield inside the block" in str(error)


def test_the_thread_that_resumed_nothing_keeps_the_generators_scope(new_scope):
    scope = DefaultScope(new_scope("gen"))
    generator = yields_inside(scope)
    next(generator)
    in_daemon_thread(lambda: list(generator))
    assert DefaultScope.get_current_instance() is scope


def test_generator_resumed_inside_another_block_names_the_open_block(new_scope):
    generator = yields_inside(DefaultScope(new_scope("gen")))
    next(generator)
    with DefaultScope(new_scope("inner")) as inner:
        with pytest.raises(RuntimeError, match="is still open") as info:
            list(generator)
        assert repr(inner) in str(info.value)


def test_block_exited_before_an_inner_one_says_blocks_must_nest(new_scope):
    outer, inner = DefaultScope(new_scope("a")), DefaultScope(new_scope("b"))
    outer.__enter__()
    inner.__enter__()
    with pytest.raises(RuntimeError, match="must nest") as info:
        outer.__exit__(None, None, None)
    assert "fix:" in str(info.value)
    inner.__exit__(None, None, None)
    outer.__exit__(None, None, None)


def test_captured_scope_resumed_in_another_thread_says_what_went_wrong(new_scope):
    with DefaultScope(new_scope("cap")):
        captured = current_scope()
    generator = yields_inside(captured)
    next(generator)
    error = in_daemon_thread(lambda: list(generator))
    assert isinstance(error, RuntimeError)
    assert str(error).startswith(f"{captured!r} exited in a thread or asyncio task")
    assert "fix: do not yield inside the block" in str(error)


def test_async_generator_resumed_in_another_task_says_what_went_wrong(new_scope):
    scope = DefaultScope(new_scope("agen"))

    async def items() -> AsyncIterator[int]:
        with scope:
            yield 1
            yield 2

    async def main() -> BaseException | None:
        generator = items()
        await generator.__anext__()
        scope.__exit__(None, None, None)  # the first task's stack, tidied
        try:
            await asyncio.create_task(drain(generator))
        except RuntimeError as error:
            return error
        return None

    async def drain(generator: AsyncIterator[int]) -> None:
        async for _ in generator:
            pass

    error = asyncio.run(main())
    assert isinstance(error, RuntimeError)
    assert "did not enter it" in str(error)
