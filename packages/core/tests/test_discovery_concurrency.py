"""Scope modules imported from many threads: once each, and never a deadlock.

scopereg holds no lock of its own while a scope's registry module runs, so
threads whose imports depend on each other's lookups all finish. Every test
runs its threads as daemons with a deadline: a regression fails, never hangs.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Mapping

from scopereg import Registry

WritePackage = Callable[[Mapping[str, str]], str]
THREADS = 8
# Generous: a healthy run takes milliseconds; only a deadlock reaches it.
JOIN_TIMEOUT = 10.0

GATE = """
    import threading

    RUNS = []
    SCOPE = None
    m_started = threading.Event()
    a_started = threading.Event()
"""


def run_threads(targets: list[Callable[[], object]]) -> None:
    """Run ``targets`` in daemon threads; fail if any is still running at the end."""
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads deadlocked: {stuck}"


def scope_package(
    write_package: WritePackage, holder: str, body: str = "", **more: str
) -> str:
    """Write a scope package whose registry module hangs a child under ROOT."""
    registry = f"""
        from {holder} import ROOT
        from scopereg import Registry

        {body}
        MODELS = Registry("model", parent=ROOT, scope="__PKG__")


        @MODELS.register_module()
        class Thing:
            pass
    """
    return write_package({"registry.py": registry, **more})


def test_lookups_from_two_imports_that_wait_on_each_other_do_not_deadlock(
    write_package: WritePackage, new_scope: Callable[[str], str]
) -> None:
    # The deadlock: thread A looks up 'a.Thing', whose registry
    # module imports m; thread B is importing m, whose import-time code looks
    # up 'c.Thing'. A lock held across A's import made B wait for A while A
    # waited for B's import of m.
    root = Registry("model", scope=new_scope("root"))
    holder = write_package({"__init__.py": "ROOT = None\n", "gate.py": GATE})
    importlib.import_module(holder).ROOT = root
    gate = importlib.import_module(f"{holder}.gate")
    c = scope_package(write_package, holder)
    m = write_package(
        {
            "__init__.py": f"""
                from {holder} import ROOT, gate

                gate.m_started.set()
                gate.a_started.wait(10)
                FOUND = ROOT.get("{c}.Thing")
            """
        }
    )
    a = scope_package(
        write_package,
        holder,
        f"from {holder} import gate\n        gate.a_started.set()\n        import {m}",
    )
    found: dict[str, object] = {}

    def thread_b() -> None:
        found["m"] = importlib.import_module(m).FOUND

    def thread_a() -> None:
        gate.m_started.wait(JOIN_TIMEOUT)
        found["a"] = root.get(f"{a}.Thing")

    run_threads([thread_b, thread_a])

    assert found == {
        "m": root.get(f"{c}.Thing"),
        "a": root.children[a].get("Thing"),
    }
    assert found["m"] is not None


def test_a_lookup_inside_an_import_that_the_scope_module_waits_for_does_not_hang(
    write_package: WritePackage, new_scope: Callable[[str], str]
) -> None:
    # The same cycle within one scope: x's registry module imports m while
    # m's import-time code looks up 'x.Thing'. Python's import machinery
    # detects that cycle; scopereg must not turn it into a hang.
    root = Registry("model", scope=new_scope("root"))
    holder = write_package({"__init__.py": "ROOT = None\n", "gate.py": GATE})
    importlib.import_module(holder).ROOT = root
    gate = importlib.import_module(f"{holder}.gate")
    m = write_package(
        {
            "__init__.py": f"""
                from {holder} import ROOT, gate

                gate.m_started.set()
                gate.a_started.wait(10)
                FOUND = ROOT.get(gate.SCOPE + ".Thing")
            """
        }
    )
    x = scope_package(
        write_package,
        holder,
        f"from {holder} import gate\n        gate.a_started.set()\n        import {m}",
    )
    gate.SCOPE = x
    outcomes: list[str] = []

    def importer() -> None:
        try:
            importlib.import_module(m)
            outcomes.append("m imported")
        except Exception as err:  # Python's deadlock detection may raise
            outcomes.append(type(err).__name__)

    def user() -> None:
        gate.m_started.wait(JOIN_TIMEOUT)
        root.get(f"{x}.Thing")
        outcomes.append("looked up")

    run_threads([importer, user])

    assert len(outcomes) == 2


def test_concurrent_first_lookups_run_the_scope_module_once_and_all_find_it(
    write_package: WritePackage, new_scope: Callable[[str], str]
) -> None:
    root = Registry("model", scope=new_scope("root"))
    holder = write_package({"__init__.py": "ROOT = None\n", "gate.py": GATE})
    importlib.import_module(holder).ROOT = root
    gate = importlib.import_module(f"{holder}.gate")
    body = (
        f"import time\n        from {holder} import gate\n"
        "        gate.RUNS.append(1)\n        time.sleep(0.05)"
    )
    name = scope_package(write_package, holder, body)
    barrier = threading.Barrier(THREADS)
    found: list[object] = []

    def look_up() -> None:
        barrier.wait()
        found.append(root.get(f"{name}.Thing"))

    run_threads([look_up] * THREADS)

    thing = root.children[name].get("Thing")
    assert gate.RUNS == [1]
    assert found == [thing] * THREADS


def test_concurrent_first_lookups_run_a_failing_scope_module_once(
    write_package: WritePackage, new_scope: Callable[[str], str]
) -> None:
    root = Registry("model", scope=new_scope("root"))
    holder = write_package({"__init__.py": "ROOT = None\n", "gate.py": GATE})
    importlib.import_module(holder).ROOT = root
    gate = importlib.import_module(f"{holder}.gate")
    body = (
        f"import time\n        from {holder} import gate\n"
        "        gate.RUNS.append(1)\n        time.sleep(0.05)\n"
        '        raise RuntimeError("broken")'
    )
    name = scope_package(write_package, holder, body)
    barrier = threading.Barrier(THREADS)
    found: list[object] = []

    def look_up() -> None:
        barrier.wait()
        found.append(root.get(f"{name}.Thing"))

    run_threads([look_up] * THREADS)

    assert gate.RUNS == [1]
    assert found == [None] * THREADS
