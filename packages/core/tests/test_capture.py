"""scopereg.current_scope(): the scope in force, as a value to enter elsewhere."""

from __future__ import annotations

import asyncio
import pickle
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from scopereg import CapturedScope, DefaultScope, Registry, current_scope

SetScope = Callable[[str | None], object]


def scope_here() -> str | None:
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name


def in_new_thread(func: Callable[[], object]) -> object:
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(func()))
    thread.start()
    thread.join()
    return result[0]


@pytest.fixture(autouse=True)
def _no_process_default(default_scope: SetScope) -> None:
    default_scope(None)


def test_capture_takes_the_innermost_block_scope() -> None:
    with DefaultScope("cap_outer"), DefaultScope("cap_inner"):
        captured = current_scope()

    assert captured.scope_name == "cap_inner"


def test_capture_takes_the_process_wide_default_outside_any_block(
    default_scope: SetScope,
) -> None:
    default_scope("cap_process")

    assert current_scope().scope_name == "cap_process"


def test_capture_keeps_its_scope_after_the_block_ends() -> None:
    with DefaultScope("cap_block"):
        captured = current_scope()

    with captured:
        assert scope_here() == "cap_block"


def test_entering_a_capture_restores_the_previous_scope_on_exit() -> None:
    captured = CapturedScope(DefaultScope("cap_entered"))

    with DefaultScope("cap_before"):
        with captured:
            pass
        assert scope_here() == "cap_before"


def test_entering_a_capture_restores_the_previous_scope_when_the_block_raises() -> None:
    captured = CapturedScope(DefaultScope("cap_entered"))

    with DefaultScope("cap_before"):
        with pytest.raises(LookupError), captured:
            raise LookupError("inside")
        assert scope_here() == "cap_before"


def test_a_capture_of_no_scope_hides_the_process_default_inside_it(
    default_scope: SetScope,
) -> None:
    captured = current_scope()
    default_scope("cap_process")

    with captured:
        assert scope_here() is None


def test_a_scope_block_inside_a_capture_wins_and_unwinds() -> None:
    with CapturedScope(DefaultScope("cap_outer")):
        with DefaultScope("cap_inner"):
            assert scope_here() == "cap_inner"
        assert scope_here() == "cap_outer"


def test_exiting_a_capture_out_of_order_is_refused() -> None:
    captured = CapturedScope(DefaultScope("cap_a"))
    captured.__enter__()
    inner = DefaultScope("cap_b")
    inner.__enter__()

    with pytest.raises(RuntimeError, match="not the innermost active scope"):
        captured.__exit__(None, None, None)
    inner.__exit__(None, None, None)
    captured.__exit__(None, None, None)


def test_a_capture_pickles_to_an_equal_capture() -> None:
    with DefaultScope("cap_name", scope_name="cap_pickled"):
        captured = current_scope()

    copy = pickle.loads(pickle.dumps(captured))

    assert copy == captured
    assert hash(copy) == hash(captured)
    assert (copy.scope.instance_name, copy.scope_name) == ("cap_name", "cap_pickled")


def test_a_capture_of_no_scope_pickles() -> None:
    assert pickle.loads(pickle.dumps(current_scope())) == CapturedScope(None)


def test_a_capture_shows_its_scope_in_its_repr() -> None:
    assert repr(CapturedScope(DefaultScope("cap_repr"))) == "CapturedScope('cap_repr')"


def test_a_capture_refuses_what_is_not_a_default_scope() -> None:
    with pytest.raises(TypeError, match="takes a DefaultScope or None"):
        CapturedScope("srdet")  # type: ignore[arg-type]


def test_a_new_thread_entering_a_capture_sees_the_parent_block_scope() -> None:
    with DefaultScope("cap_parent"):
        captured = current_scope()

        def worker() -> str | None:
            with captured:
                return scope_here()

        assert in_new_thread(worker) == "cap_parent"


def test_one_capture_entered_in_many_threads_at_once_keeps_each_thread_apart() -> None:
    captured = CapturedScope(DefaultScope("cap_shared"))
    inside = threading.Barrier(4)
    seen: list[tuple[str | None, str | None]] = []

    def worker() -> None:
        with captured:
            inside.wait()
            during = scope_here()
        seen.append((during, scope_here()))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert seen == [("cap_shared", None)] * 4


def test_wrap_runs_a_thread_pool_task_in_the_captured_scope() -> None:
    with DefaultScope("cap_pool"), ThreadPoolExecutor(2) as pool:
        task = current_scope().wrap(scope_here)
        results = [pool.submit(task).result() for _ in range(4)]

    assert results == ["cap_pool"] * 4


def test_wrap_passes_arguments_and_returns_the_result() -> None:
    def add(a: int, *, b: int) -> tuple[int, str | None]:
        return a + b, scope_here()

    wrapped = CapturedScope(DefaultScope("cap_args")).wrap(add)

    assert wrapped(1, b=2) == (3, "cap_args")


def test_wrap_refuses_what_is_not_callable() -> None:
    with pytest.raises(TypeError, match="needs a callable"):
        current_scope().wrap(42)  # type: ignore[arg-type]


def test_a_wrapped_function_pickles_with_its_scope() -> None:
    wrapped = CapturedScope(DefaultScope("cap_wrapped")).wrap(scope_here)

    assert pickle.loads(pickle.dumps(wrapped))() == "cap_wrapped"


def test_wrap_carries_the_scope_into_run_in_executor() -> None:
    async def main() -> str | None:
        loop = asyncio.get_running_loop()
        with DefaultScope("cap_executor"):
            return await loop.run_in_executor(None, current_scope().wrap(scope_here))

    assert asyncio.run(main()) == "cap_executor"


def test_init_worker_gives_every_task_of_a_pool_the_captured_scope() -> None:
    captured = CapturedScope(DefaultScope("cap_init"))

    with ThreadPoolExecutor(2, initializer=captured.init_worker) as pool:
        results = [pool.submit(scope_here).result() for _ in range(4)]

    assert results == ["cap_init"] * 4


def test_init_worker_accepts_a_loader_worker_id() -> None:
    captured = CapturedScope(DefaultScope("cap_loader"))

    def worker() -> str | None:
        captured.init_worker(3)
        return scope_here()

    assert in_new_thread(worker) == "cap_loader"


def test_a_worker_builds_from_the_captured_scope_registry() -> None:
    root = Registry("model", scope=f"cap_root_{uuid.uuid4().hex[:8]}")
    child = Registry("model", parent=root, scope=f"cap_child_{uuid.uuid4().hex[:8]}")
    root.register_module(name="Head", module=lambda: "root head")
    child.register_module(name="Head", module=lambda: "child head")

    with DefaultScope(child.scope), ThreadPoolExecutor(1) as pool:
        wrapped = current_scope().wrap(root.build)
        built = pool.submit(wrapped, {"type": "Head"}).result()
        unwrapped = pool.submit(root.build, {"type": "Head"}).result()

    assert (built, unwrapped) == ("child head", "root head")
