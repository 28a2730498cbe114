"""A process forked while other threads use scopereg works in the child.

Each test makes a thread hold one of scopereg's locks (or be inside a scope
import) at the moment of the fork; the child must then do the same kind of
work without waiting for that thread, which does not exist there. A child
that hangs is killed at a deadline and the test fails.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping

import pytest

from scopereg import DefaultScope, Registry, init_default_scope
from scopereg.exceptions import LocationImportError, NotRegisteredError

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="this platform cannot fork"),
    # Python 3.12+ warns that forking a threaded process may deadlock the
    # child: that is exactly what these tests show does not happen here.
    pytest.mark.filterwarnings("ignore:.*use of fork\\(\\) may lead to deadlocks"),
]

WritePackage = Callable[[Mapping[str, str]], str]
# Generous: a healthy child exits in milliseconds; only a hang reaches it.
TIMEOUT = 20.0

GATE = """
    import threading

    entered = threading.Event()
    release = threading.Event()
"""


def in_fork(work: Callable[[], str]) -> str:
    """Run ``work`` in a forked child; return what it returned or raised.

    The child reports through a pipe and leaves with ``os._exit``, so it
    runs no test machinery; it is killed if it has not exited by TIMEOUT.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            report = f"ok: {work()}"
        except BaseException as err:  # reported to the parent, which fails
            report = f"raised {type(err).__name__}: {err}"
        os.write(write, report.encode())
        os._exit(0)
    os.close(write)
    deadline = time.monotonic() + TIMEOUT
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
            pytest.fail("the forked child hung")
        time.sleep(0.01)
    with os.fdopen(read, "rb") as pipe:
        return pipe.read().decode()


_started: list[threading.Thread] = []


@pytest.fixture
def release_all() -> Iterator[list[threading.Event]]:
    """Events to set at the end of the test; then the threads it started end."""
    events: list[threading.Event] = []
    yield events
    for event in events:
        event.set()
    while _started:
        _started.pop().join(TIMEOUT)


def start(target: Callable[[], object]) -> threading.Thread:
    """Start ``target`` in a daemon thread; what it raises is the test's business."""

    def run() -> None:
        with contextlib.suppress(Exception):
            target()

    thread = threading.Thread(target=run, daemon=True)
    _started.append(thread)
    thread.start()
    return thread


def holder_with_root(write_package: WritePackage, root: Registry) -> str:
    holder = write_package({"__init__.py": "ROOT = None\n", "gate.py": GATE})
    importlib.import_module(holder).ROOT = root
    return holder


def scope_package(write_package: WritePackage, holder: str, body: str = "") -> str:
    """Write a scope package whose registry module adds a child holding Thing."""
    return write_package(
        {
            "registry.py": f"""
                from {holder} import ROOT
                from scopereg import Registry

                {body}
                MODELS = Registry("model", parent=ROOT, scope="__PKG__")
                MODELS.register_module(name="Thing", module=lambda: "thing")
            """
        }
    )


BLOCK = "from {holder} import gate\n                gate.entered.set()\n                gate.release.wait(30)"


@pytest.fixture
def importing(write_package, new_scope, release_all):
    """A root and a thread stuck inside the import of a scope's registry module.

    Returns ``(root, stuck_scope, other_scope)``; other_scope's module is
    ordinary and not yet imported.
    """
    root = Registry("model", scope=new_scope("root"))
    holder = holder_with_root(write_package, root)
    gate = importlib.import_module(f"{holder}.gate")
    release_all.append(gate.release)
    stuck = scope_package(write_package, holder, BLOCK.format(holder=holder))
    other = scope_package(write_package, holder)
    start(lambda: root.get(f"{stuck}.Thing"))
    assert gate.entered.wait(TIMEOUT)
    return root, stuck, other


def test_child_forked_during_a_scope_import_looks_up_another_scope(importing):
    root, _, other = importing

    assert in_fork(lambda: root.build(dict(type=f"{other}.Thing"))) == "ok: thing"


def test_child_forked_during_a_scope_import_gets_an_error_for_that_scope(importing):
    root, stuck, _ = importing

    def build() -> str:
        try:
            root.build(dict(type=f"{stuck}.Thing"))
        except NotRegisteredError as err:
            return str(err.__cause__)
        return "built"

    report = in_fork(build)

    assert "was in progress in another thread when this process was forked" in report
    assert "fix: import" in report


def test_child_forked_during_a_location_import_gets_an_error_for_it(
    write_package, new_scope, release_all
):
    name = write_package(
        {
            "gate.py": GATE,
            "hub.py": """
                from scopereg import Registry

                REG = Registry("model", scope="__PKG__", locations=["__PKG__.loc"])
            """,
            "loc.py": """
                from __PKG__ import gate

                gate.entered.set()
                gate.release.wait(30)
            """,
        }
    )
    reg = importlib.import_module(f"{name}.hub").REG
    gate = importlib.import_module(f"{name}.gate")
    release_all.append(gate.release)
    start(lambda: reg.get("Thing"))
    assert gate.entered.wait(TIMEOUT)

    def look_up() -> str:
        try:
            reg.get("Thing")
        except LocationImportError as err:
            return str(err)
        return "no error"

    assert "when this process was forked" in in_fork(look_up)


class _Blocking:
    """A registered callable whose attribute lookups block (see below)."""

    def __init__(self, entered: threading.Event, release: threading.Event) -> None:
        self.entered = entered
        self.release = release

    def __call__(self) -> None:
        return None

    def __getattr__(self, name: str) -> object:
        self.entered.set()
        self.release.wait(30)
        raise AttributeError(name)


def test_child_forked_while_a_thread_held_a_tree_lock_registers_in_that_tree(
    new_scope, release_all
):
    # A rejected duplicate describes the existing entry under the tree's
    # lock; describing _Blocking blocks, so the thread keeps the lock.
    reg = Registry("model", scope=new_scope("tree"))
    entered, release = threading.Event(), threading.Event()
    release_all.append(release)
    reg.register_module(name="Held", module=_Blocking(entered, release))

    start(lambda: reg.register_module(name="Held", module=lambda: None))
    assert entered.wait(TIMEOUT)

    def register() -> str:
        reg.register_module(name="Fresh", module=lambda: "fresh")
        return str(reg.build(dict(type="Fresh")))

    assert in_fork(register) == "ok: fresh"


class _BlockingHandler(logging.Handler):
    def __init__(self, entered: threading.Event, release: threading.Event) -> None:
        super().__init__()
        self.entered_event = entered
        self.release_event = release

    def emit(self, record: logging.LogRecord) -> None:
        self.entered_event.set()
        self.release_event.wait(30)


def test_child_forked_while_a_thread_held_the_scope_instances_lock_makes_scopes(
    new_scope, release_all
):
    # init_default_scope logs a change of the default under that lock; the
    # handler blocks, so the thread keeps it.
    entered, release = threading.Event(), threading.Event()
    release_all.append(release)
    handler = _BlockingHandler(entered, release)
    logger = logging.getLogger("scopereg")
    first, second = new_scope("first"), new_scope("second")

    def change_default() -> None:
        init_default_scope(first)
        init_default_scope(second)

    logger.addHandler(handler)
    try:
        thread = start(change_default)
        assert entered.wait(TIMEOUT)
    finally:
        logger.removeHandler(handler)
    made = new_scope("made")

    def make_scope() -> str:
        return DefaultScope.get_instance(made, scope_name=made).scope_name

    try:
        assert in_fork(make_scope) == f"ok: {made}"
    finally:
        release.set()
        thread.join(TIMEOUT)
        init_default_scope(None)


STRESS_THREADS = 4
STRESS_FORKS = 40


def test_children_forked_while_threads_use_every_lock_all_finish(new_scope):
    # Not deterministic like the tests above: threads take every lock of
    # scopereg in a loop while the test forks; each child then does the same.
    root = Registry("model", scope=new_scope("stress"))
    names = [new_scope("stress_scope") for _ in range(STRESS_THREADS)]
    stop = threading.Event()

    def work(index: int, count: int) -> str:
        name = f"Entry{index}_{count}"
        root.register_module(name=name, module=lambda: name)
        built = root.build(dict(type=name))
        root.remove(name)
        DefaultScope.get_instance(new_scope("instance"), scope_name=names[index])
        init_default_scope(None)
        root.get(f"{names[index]}.Missing")
        return built

    def hammer(index: int) -> None:
        count = 0
        while not stop.is_set():
            work(index, count)
            count += 1

    threads = [start(lambda i=i: hammer(i)) for i in range(STRESS_THREADS)]
    try:
        reports = [in_fork(lambda k=k: work(0, -k)) for k in range(STRESS_FORKS)]
    finally:
        stop.set()
        for thread in threads:
            thread.join(TIMEOUT)
        init_default_scope(None)

    assert reports == [f"ok: Entry0_{-k}" for k in range(STRESS_FORKS)]
