"""Fixtures shared by the core's unit tests.

Every test builds its own registries with scopes from ``new_scope``, so the
suite runs in any order and in parallel (``pytest -n auto``). Fake sibling
packages are written to ``tmp_path`` by ``fake_package`` and removed from
``sys.modules`` afterwards; their names are unique because scopereg remembers,
per process, which scope modules it has tried to import.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from scopereg import DefaultScope, Registry, testing


def unique_name(prefix: str = "s") -> str:
    """Return a fresh identifier, usable as a scope or a package name."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def new_scope() -> Callable[..., str]:
    """Return a factory of unique scope names: ``new_scope('det')``."""
    return unique_name


@pytest.fixture(autouse=True)
def _no_default_scope() -> Iterator[None]:
    """Run each test with no default scope, and restore the previous one after.

    ``init_default_scope`` and ``DefaultScope.get_instance`` change the
    default for the whole process; a test elsewhere in the same worker that
    left one set (or left a ``with DefaultScope`` block open) must not change
    what these tests see, and these tests must not leak theirs.
    """
    with testing.default_scope(None):
        yield


FakePackage = Callable[..., str]


@pytest.fixture
def fake_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakePackage]:
    """Return a factory writing a package to ``tmp_path`` and putting it on sys.path.

    ``fake_package({'__init__.py': '', 'models.py': '...'})`` returns the
    package name. In the sources, ``__PKG__`` is replaced by that name and
    every key of ``subs`` by its value. ``name=`` forces a name (the seed
    walkthrough needs ``mmengine``). The package and its submodules leave
    ``sys.modules`` when the test ends.
    """
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    created: list[str] = []

    def make(
        files: Mapping[str, str],
        name: str | None = None,
        subs: Mapping[str, str] | None = None,
    ) -> str:
        package = name or unique_name("pkg")
        for relative, source in files.items():
            text = textwrap.dedent(source).replace("__PKG__", package)
            for old, new in (subs or {}).items():
                text = text.replace(old, new)
            path = site / package / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        created.append(package)
        importlib.invalidate_caches()
        return package

    yield make
    for module in list(sys.modules):
        if module.partition(".")[0] in created:
            del sys.modules[module]


Snapshot = tuple[Any, ...]


@pytest.fixture
def write_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[Mapping[str, str]], str]]:
    """Write a uniquely named package per call; forget its modules afterwards.

    ``files`` maps paths inside the package to their source (dedented, with
    ``__PKG__`` replaced by the package name); an empty ``__init__.py`` is
    added unless given.
    """
    monkeypatch.syspath_prepend(str(tmp_path))
    names: list[str] = []

    def write(files: Mapping[str, str]) -> str:
        name = unique_name("pkg")
        for relative, source in {"__init__.py": "", **files}.items():
            path = tmp_path / name / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source).replace("__PKG__", name))
        importlib.invalidate_caches()
        names.append(name)
        return name

    yield write
    for module in list(sys.modules):
        if module.partition(".")[0] in names:
            del sys.modules[module]


def _members(registry: Registry[Any]) -> list[Registry[Any]]:
    """Return ``registry`` and every registry below it, parents first."""
    found = [registry]
    for child in registry.children.values():
        found.extend(_members(child))
    return found


def process_default_scope() -> DefaultScope | None:
    """Return the process-wide default scope, as a thread that entered none sees it."""
    seen: list[DefaultScope | None] = []
    thread = threading.Thread(
        target=lambda: seen.append(DefaultScope.get_current_instance())
    )
    thread.start()
    thread.join()
    return seen[0]


def _tree_state(registry: Registry[Any]) -> tuple[Any, ...]:
    """Return the comparable state of the whole tree ``registry`` belongs to."""
    index = {member.scope: member for member in _members(registry.root)}
    members = tuple(
        (
            scope,
            member,
            list(member.module_dict.items()),
            dict(member.children),
            member.parent,
            member.build_func,
        )
        for scope, member in index.items()
    )
    return index, members


@pytest.fixture
def snapshot() -> Callable[..., Snapshot]:
    """Return ``take(*registries)``: the state a failure must leave unchanged.

    That is, for each tree the registries belong to: the scope index, and for
    every registry of it, its entries (in order), children, parent and build
    function; plus the default scope in force and the process-wide one.
    """

    def take(*registries: Registry[Any]) -> Snapshot:
        trees = {id(reg.root): reg for reg in registries}
        return (
            tuple(_tree_state(reg) for reg in trees.values()),
            DefaultScope.get_current_instance(),
            process_default_scope(),
        )

    return take
