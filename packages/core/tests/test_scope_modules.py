"""Which scope modules count, and what scopereg remembers about unknown scopes.

A scope's registry module is a module file or a package with an
``__init__``, never a folder of data (a namespace package). What scopereg
remembers about scopes without one stays bounded.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

from scopereg import Registry

INIT_MARKER = "open({marker!r}, 'w').close()\n"


def test_a_registry_folder_holding_only_data_is_not_a_registry_module(
    fake_package, tmp_path, new_scope
):
    marker = tmp_path / "init-ran"
    name = fake_package(
        {
            "__init__.py": INIT_MARKER.format(marker=str(marker)),
            "registry/config.json": "{}",
        }
    )
    root = Registry("model", scope=new_scope("root"))

    assert root.get(f"{name}.Anything") is None
    assert not marker.exists()
    assert name not in sys.modules


def test_a_registry_package_with_an_init_is_a_registry_module(fake_package, new_scope):
    root = Registry("model", scope=new_scope("root"))
    holder = fake_package({"__init__.py": "ROOT = None\n"})
    importlib.import_module(holder).ROOT = root
    name = fake_package(
        {
            "__init__.py": "",
            "registry/__init__.py": f"""
                from {holder} import ROOT
                from scopereg import Registry

                MODELS = Registry("model", parent=ROOT, scope="__PKG__")
                MODELS.register_module(name="Thing", module=lambda: "thing")
            """,
        }
    )

    assert root.build(dict(type=f"{name}.Thing")) == "thing"


# Run in a fresh interpreter: pytest's import hook remembers every module
# name it is asked about, which would count as memory kept per scope.
MEMORY_PROBE = """
import gc, os, sys, tracemalloc
import scopereg

root = scopereg.Registry("model", scope="memory_probe_root")
root.get("unknown_first.Thing")  # the first reads the entry points, once
package = os.path.dirname(scopereg.__file__)


def kept(before, after):
    return sum(
        stat.size_diff
        for stat in after.compare_to(before, "filename")
        if stat.traceback[0].filename.startswith(package)
    )


def look_up(start, count):
    for index in range(start, start + count):
        root.get(f"unknown_{index}.Thing")
    gc.collect()
    return tracemalloc.take_snapshot()


few = int(sys.argv[1])
tracemalloc.start()
start = tracemalloc.take_snapshot()
filled = look_up(0, few)
more = look_up(few, few)
print(kept(start, filled), kept(filled, more))
"""


def test_lookups_of_many_unknown_scopes_keep_bounded_memory() -> None:
    # 2,000 lookups of distinct unknown scopes (about twice the 1,024 that
    # errors.md says are remembered) fill whatever scopereg keeps about them,
    # its dicts grown to their steady size; 2,000 more must not add to it.
    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, "2000"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert probe.returncode == 0, probe.stderr
    first, more = map(int, probe.stdout.split())
    # Keeping each scope would add over 50 bytes a scope: 100,000 here
    # (without the bound, about 170,000 are kept).
    assert more < 16_000, (first, more)
