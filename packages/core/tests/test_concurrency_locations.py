"""A registry's locations are imported once, also when many threads look up."""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Callable, Mapping

import pytest

THREADS = 8
# Generous: a healthy run takes milliseconds; only a deadlock reaches it.
JOIN_TIMEOUT = 10.0

WritePackage = Callable[[Mapping[str, str]], str]


GATE = """
    import threading
    entered = threading.Event()
    release = threading.Event()
    runs = []
"""

REGISTRY = """
    from scopereg import Registry
    REG = Registry("model", scope="__PKG__", locations=["__PKG__.loc"])
"""


def run_threads(targets: list[Callable[[], object]]) -> None:
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads deadlocked: {stuck}"


def test_concurrent_first_lookups_import_the_location_once_and_all_find_it(
    write_package: WritePackage,
) -> None:
    name = write_package(
        {
            "gate.py": GATE,
            "registry.py": REGISTRY,
            "loc.py": """
                import time
                from __PKG__ import gate
                from __PKG__.registry import REG
                gate.runs.append(1)
                time.sleep(0.05)  # widen the window in which others look up
                @REG.register_module()
                class Thing:
                    pass
            """,
        }
    )
    reg = importlib.import_module(f"{name}.registry").REG
    gate = importlib.import_module(f"{name}.gate")
    barrier = threading.Barrier(THREADS)
    found: list[object] = []

    def look_up() -> None:
        barrier.wait()
        found.append(reg.get("Thing"))

    run_threads([look_up] * THREADS)

    thing = sys.modules[f"{name}.loc"].Thing
    assert gate.runs == [1]
    assert found == [thing] * THREADS


def test_lookup_while_another_thread_imports_the_location_does_not_deadlock(
    write_package: WritePackage,
) -> None:
    # Thread "importer" imports the location directly; the location looks the
    # registry up at import time. Thread "user" makes the first lookup at the
    # same moment. Holding a registry lock around the import deadlocked here.
    name = write_package(
        {
            "gate.py": GATE,
            "registry.py": REGISTRY,
            "loc.py": """
                from __PKG__ import gate
                from __PKG__.registry import REG
                gate.entered.set()
                gate.release.wait(10)
                REG.get("Other")
                @REG.register_module()
                class Thing:
                    pass
            """,
        }
    )
    reg = importlib.import_module(f"{name}.registry").REG
    gate = importlib.import_module(f"{name}.gate")
    found: list[object] = []

    def importer() -> None:
        importlib.import_module(f"{name}.loc")

    def user() -> None:
        gate.entered.wait(JOIN_TIMEOUT)
        found.append(reg.get("Thing"))

    def releaser() -> None:
        gate.entered.wait(JOIN_TIMEOUT)
        # Let "user" reach the import of the location before releasing it.
        threading.Event().wait(0.2)
        gate.release.set()

    run_threads([importer, user, releaser])

    assert found == [sys.modules[f"{name}.loc"].Thing]


def test_lookup_from_inside_a_location_does_not_mark_the_registry_imported(
    write_package: WritePackage,
) -> None:
    name = write_package(
        {
            "registry.py": REGISTRY,
            "loc.py": """
                from __PKG__.registry import REG
                @REG.register_module()
                class Early:
                    pass
                SEEN_DURING_IMPORT = REG.get("Early")
                @REG.register_module()
                class Late:
                    pass
            """,
        }
    )
    reg = importlib.import_module(f"{name}.registry").REG

    late = reg.get("Late")

    loc = sys.modules[f"{name}.loc"]
    assert (loc.SEEN_DURING_IMPORT, late) == (loc.Early, loc.Late)


def test_a_failed_location_import_is_retried_by_the_next_lookup(
    write_package: WritePackage,
) -> None:
    name = write_package(
        {
            "registry.py": REGISTRY,
            "flag.py": "broken = [True]\n",
            "loc.py": """
                from __PKG__ import flag
                from __PKG__.registry import REG
                if flag.broken[0]:
                    raise RuntimeError("location is broken")
                @REG.register_module()
                class Thing:
                    pass
            """,
        }
    )
    from scopereg.exceptions import LocationImportError

    reg = importlib.import_module(f"{name}.registry").REG
    with pytest.raises(LocationImportError, match="could not import its location"):
        reg.get("Thing")
    importlib.import_module(f"{name}.flag").broken[0] = False

    assert reg.get("Thing") is sys.modules[f"{name}.loc"].Thing
