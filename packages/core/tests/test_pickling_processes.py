"""Registries and captured scopes cross into worker processes (spawn and fork)."""

from __future__ import annotations

import importlib
import multiprocessing
import sys
import textwrap
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

from scopereg import DefaultScope, Registry, current_scope

ROOT_REGISTRY = """
    from scopereg import Registry
    MODELS = Registry("model", scope="ROOTPKG")
    @MODELS.register_module(name="Head")
    def head():
        return "root head"
"""
CHILD_REGISTRY = """
    from scopereg import Registry
    from ROOTPKG.registry import MODELS as ROOT
    MODELS = Registry("model", parent=ROOT, scope="CHILDPKG")
    @MODELS.register_module(name="Head")
    def head():
        return "child head"
"""
WORKER = """
    import os
    def build(registry, cfg, captured):
        with captured:
            return registry.build(cfg), os.getpid()
    def build_without_scope(registry, cfg):
        return registry.build(cfg), os.getpid()
"""


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """A root package and a child package, each with a registry module.

    Worker processes find them through sys.path, which multiprocessing hands
    to spawned children. Yields the child package's worker module.
    """
    token = uuid.uuid4().hex[:10]
    names = {"ROOTPKG": f"proot_{token}", "CHILDPKG": f"pchild_{token}"}
    sources = {
        "ROOTPKG/__init__.py": "",
        "ROOTPKG/registry.py": ROOT_REGISTRY,
        "CHILDPKG/__init__.py": "",
        "CHILDPKG/registry.py": CHILD_REGISTRY,
        "CHILDPKG/worker.py": WORKER,
    }
    for relative, source in sources.items():
        text = textwrap.dedent(source)
        for placeholder, name in names.items():
            relative, text = (
                relative.replace(placeholder, name),
                text.replace(placeholder, name),
            )
        path = tmp_path / relative
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield importlib.import_module(f"{names['CHILDPKG']}.worker")
    for module in list(sys.modules):
        if module.partition(".")[0] in names.values():
            del sys.modules[module]


def registries(worker: ModuleType) -> tuple[Registry[object], Registry[object]]:
    child_package = worker.__name__.partition(".")[0]
    child = importlib.import_module(f"{child_package}.registry").MODELS
    return child.parent, child


def test_a_spawned_worker_builds_in_the_captured_scope_and_from_a_registry(
    packages: ModuleType,
) -> None:
    root, child = registries(packages)
    cfg = {"type": "Head"}
    spawn = multiprocessing.get_context("spawn")

    with DefaultScope(child.scope):
        captured = current_scope()
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        in_scope = pool.submit(packages.build, root, cfg, captured).result()
        no_scope = pool.submit(packages.build_without_scope, root, cfg).result()
        from_child = pool.submit(packages.build_without_scope, child, cfg).result()

    assert (in_scope[0], no_scope[0], from_child[0]) == (
        "child head",
        "root head",
        "child head",
    )
    assert (
        in_scope[1]
        == no_scope[1]
        == from_child[1]
        != multiprocessing.current_process().pid
    )


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="this platform has no fork start method",
)
@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_a_forked_worker_finds_the_very_registry_among_namesakes(
    packages: ModuleType,
) -> None:
    _, child = registries(packages)
    namesake_root = Registry("model", scope=child.parent.scope)
    Registry("model", parent=namesake_root, scope=child.scope)
    fork = multiprocessing.get_context("fork")

    with ProcessPoolExecutor(1, mp_context=fork) as pool:
        built = pool.submit(packages.build_without_scope, child, {"type": "Head"})

        assert built.result()[0] == "child head"
