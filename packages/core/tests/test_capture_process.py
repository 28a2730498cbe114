"""A captured scope for whole worker processes and for single tasks.

``init_process`` sets the process-wide default (so every thread and asyncio
task of a worker sees it), ``chain_init`` runs it before a loader's own
``worker_init_fn``, ``task()`` enters a scope for one task and puts back
everything the task changed, and ``wrap`` returns a real function that
pickles where the wrapped one does.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import inspect
import multiprocessing
import pickle
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from scopereg import CapturedScope, DefaultScope, current_scope, init_default_scope

# Bounds each run of a script in time: a healthy one takes about a second.
TIMEOUT = 120


def scope_here(*args: object) -> str | None:
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name


async def scope_here_later() -> str | None:
    await asyncio.sleep(0)
    return scope_here()


def in_new_thread(func: Callable[[], object]) -> object:
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(func()))
    thread.start()
    thread.join()
    return result[0]


def record_scope(seen: list[object], worker_id: int) -> None:
    seen.append((worker_id, scope_here()))


def test_init_process_reaches_threads_started_later() -> None:
    CapturedScope(DefaultScope("cp_threads")).init_process()

    assert in_new_thread(scope_here) == "cp_threads"


def test_init_process_reaches_the_tasks_of_an_existing_thread_pool() -> None:
    with ThreadPoolExecutor(2) as pool:
        pool.submit(scope_here).result()  # the worker threads exist already
        CapturedScope(DefaultScope("cp_pool")).init_process()

        assert [pool.submit(scope_here).result() for _ in range(4)] == ["cp_pool"] * 4


def test_init_process_reaches_asyncio_tasks() -> None:
    CapturedScope(DefaultScope("cp_async")).init_process()

    assert asyncio.run(scope_here_later()) == "cp_async"


def test_init_process_of_no_scope_clears_the_process_default() -> None:
    init_default_scope("cp_cleared")

    CapturedScope(None).init_process()

    assert in_new_thread(scope_here) is None


def test_init_process_ignores_a_worker_id_or_a_worker() -> None:
    captured = CapturedScope(DefaultScope("cp_args"))

    captured.init_process(3)
    captured.init_process(object())

    assert scope_here() == "cp_args"


def test_a_block_open_in_this_thread_still_wins_over_init_process() -> None:
    with DefaultScope("cp_block"):
        CapturedScope(DefaultScope("cp_default")).init_process()

        assert scope_here() == "cp_block"
    assert scope_here() == "cp_default"


def test_chain_init_sets_the_scope_before_the_given_init_function() -> None:
    seen: list[object] = []
    init = CapturedScope(DefaultScope("cp_chain")).chain_init(
        functools.partial(record_scope, seen)
    )

    in_new_thread(lambda: init(5))

    assert seen == [(5, "cp_chain")]
    assert in_new_thread(scope_here) == "cp_chain"


def test_chain_init_of_none_only_sets_the_scope() -> None:
    CapturedScope(DefaultScope("cp_none")).chain_init(None)(0)

    assert in_new_thread(scope_here) == "cp_none"


def test_chain_init_refuses_what_is_not_callable() -> None:
    with pytest.raises(TypeError, match="needs a callable or None, but got int 3"):
        current_scope().chain_init(3)  # type: ignore[arg-type]


# A spawned worker imports what it runs by module name: the functions it is
# sent must live in a module on sys.path (a test module's name, under pytest's
# importlib mode, is not importable there).
PROBE = """
from scopereg import DefaultScope


def scope_here(*args):
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name
"""


def test_a_chained_init_pickles_to_a_spawned_worker(fake_package) -> None:
    probe = importlib.import_module(
        f"{fake_package({'__init__.py': '', 'probe.py': PROBE})}.probe"
    )
    init = CapturedScope(DefaultScope("cp_spawned")).chain_init(probe.scope_here)
    spawn = multiprocessing.get_context("spawn")

    with ProcessPoolExecutor(
        1, mp_context=spawn, initializer=init, initargs=(0,)
    ) as pool:
        assert pool.submit(probe.scope_here).result() == "cp_spawned"


def test_a_task_block_gives_the_task_the_scope() -> None:
    with CapturedScope(DefaultScope("cp_task")).task() as captured:
        assert scope_here() == "cp_task"

    assert captured == CapturedScope(DefaultScope("cp_task"))
    assert scope_here() is None


def test_a_task_block_undoes_an_init_worker_the_task_left_behind() -> None:
    with CapturedScope(DefaultScope("cp_task")).task():
        CapturedScope(DefaultScope("cp_left")).init_worker()

    assert scope_here() is None


def test_a_task_block_puts_back_the_process_default_the_task_changed() -> None:
    init_default_scope("cp_before")

    with CapturedScope(DefaultScope("cp_task")).task():
        CapturedScope(DefaultScope("cp_changed")).init_process()

    assert in_new_thread(scope_here) == "cp_before"


def test_a_task_block_keeps_the_scope_of_the_thread_that_entered_it_when_it_raises() -> (
    None
):
    with DefaultScope("cp_outer"):
        with pytest.raises(LookupError), CapturedScope(DefaultScope("cp_task")).task():
            raise LookupError("in the task")

        assert scope_here() == "cp_outer"


def test_a_task_block_cannot_be_entered_twice() -> None:
    block = current_scope().task()
    with block, pytest.raises(RuntimeError, match="entered already: use one per task"):
        block.__enter__()


def test_a_task_block_exited_in_another_thread_is_refused() -> None:
    block = CapturedScope(DefaultScope("cp_task")).task()
    block.__enter__()

    def exit_here() -> str:
        try:
            block.__exit__(None, None, None)
        except RuntimeError as err:
            return str(err)
        return "exited"

    assert "did not enter it" in str(in_new_thread(exit_here))
    block.__exit__(None, None, None)
    assert scope_here() is None


def test_wrap_returns_a_real_function_with_the_wrapped_name_and_signature() -> None:
    wrapped = CapturedScope(DefaultScope("cp_wrap")).wrap(scope_here)

    assert inspect.isfunction(wrapped)
    assert wrapped.__name__ == "scope_here"
    assert wrapped.__wrapped__ is scope_here  # type: ignore[attr-defined]
    assert str(inspect.signature(wrapped)) == "(*args: 'object') -> 'str | None'"


def test_wrap_of_a_coroutine_function_runs_the_whole_coroutine_in_the_scope() -> None:
    wrapped = CapturedScope(DefaultScope("cp_coroutine")).wrap(scope_here_later)

    assert inspect.iscoroutinefunction(wrapped)
    assert asyncio.run(wrapped()) == "cp_coroutine"


def test_a_wrapped_module_function_unpickles_to_the_same_function() -> None:
    wrapped = CapturedScope(DefaultScope("cp_same")).wrap(scope_here)

    assert pickle.loads(pickle.dumps(wrapped)) is wrapped


def test_a_wrapped_function_of_no_scope_pickles() -> None:
    wrapped = CapturedScope(None).wrap(scope_here)

    init_default_scope("cp_hidden")
    assert pickle.loads(pickle.dumps(wrapped))() is None


def test_a_wrapped_function_pickles_to_a_spawned_worker(fake_package) -> None:
    probe = importlib.import_module(
        f"{fake_package({'__init__.py': '', 'probe.py': PROBE})}.probe"
    )
    wrapped = CapturedScope(DefaultScope("cp_spawn")).wrap(probe.scope_here)
    spawn = multiprocessing.get_context("spawn")

    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        assert pool.submit(wrapped).result() == "cp_spawn"


def test_wrap_for_tasks_undoes_what_each_call_leaves_behind() -> None:
    def leaky() -> str | None:
        CapturedScope(DefaultScope("cp_leaked")).init_worker()
        return scope_here()

    wrapped = CapturedScope(DefaultScope("cp_call")).wrap(leaky, task=True)

    assert wrapped() == "cp_leaked"
    assert scope_here() is None


def test_a_wrapped_task_function_pickles_as_a_task_function() -> None:
    wrapped = CapturedScope(DefaultScope("cp_task_fn")).wrap(scope_here, task=True)

    copy = pickle.loads(pickle.dumps(wrapped))

    assert copy is wrapped
    assert copy() == "cp_task_fn"


# A script wrapping one of its own functions: the wrapper pickles by a name
# that spells the scope and the function, resolved in the script itself.
SCRIPT = """
    import pickle
    import sys

    from scopereg import CapturedScope, DefaultScope


    def scope_here():
        return DefaultScope.get_current_instance().scope_name


    if __name__ == "__main__":
        wrapped = CapturedScope(DefaultScope("cp_script")).wrap(scope_here)
        assert pickle.loads(pickle.dumps(wrapped)) is wrapped
        sys.stdout.write(wrapped.__qualname__)
"""


def test_a_wrapper_of_a_script_function_pickles_by_a_name_naming_scope_and_function(
    tmp_path: Path,
) -> None:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")

    run = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout == "_in_scope:call:cp_script:cp_script:__main__:scope_here"
