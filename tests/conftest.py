"""Fixtures of the CLI integration tests: run ``scopereg`` in-process, sandboxed.

Most tests call :func:`scopereg._cli.main` in the test process through the
``cli`` fixture: ``cli("tree", "--json")`` returns a :class:`CliResult` with
the exit status and what the command wrote to stdout and stderr (captured
with ``capsys``), run in ``tmp_path`` as the working directory. Whatever a
test registers is undone afterwards by scopereg's own public sandbox (the
``registry_sandbox`` fixture of :mod:`scopereg.pytest_plugin`, plus one
:func:`scopereg.testing.snapshot` around each call, so that every call starts
from the same registries, as a fresh process would).

Before any sandbox is taken, the session loads, once per worker, everything
the CLI itself loads: every installed scope (``srdet``, ``sr3d``) and every
registry's ``locations``. A sandbox then always restores to that fully
loaded state, and never gets to drop a module of the real packages that was
first imported inside it.

Three fake scopes, "installed" into a ``tmp_path`` site directory (a
``*.dist-info`` folder with an ``entry_points.txt`` is all
:mod:`importlib.metadata` needs to see one), give the CLI a three-level tree
to show. In-process, ``fake_scopes`` imports their registry modules into the
test's sandbox.

The tests named ``test_smoke_*``, and only they, run the CLI in a fresh
interpreter (``cli_subprocess``, ``python_subprocess``): the command as a
user starts it (console script, ``python -m``, exit statuses, what it
imports), finding installed packages through their entry points (a process
reads its table of installed scopes once), and output that lists every tree
alive in the process, which in a test process includes trees that other
tests keep alive. ``pytest -k smoke`` runs just them, ``-k "not smoke"`` the
rest.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import subprocess
import sys
import textwrap
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

import scopereg
from scopereg import Registry, testing
from scopereg._cli import main

RunSubprocess = Callable[..., subprocess.CompletedProcess[str]]

# Three fake scopes, one per level of the model tree: scopereg -> clidet ->
# cli3d. `Backbone` is registered at every level (so it overrides), and
# `Detector` in cli3d builds clidet parts through `clidet.` names.
FAKE_PACKAGES: Mapping[str, Mapping[str, str]] = {
    "clidet": {
        "__init__.py": "",
        "registry.py": '''
            import scopereg
            from scopereg import Registry

            MODELS = Registry("model", parent=scopereg.MODELS, scope="clidet")
            TRANSFORMS = Registry(
                "transform", parent=scopereg.TRANSFORMS, scope="clidet"
            )


            @MODELS.register_module()
            class Backbone:
                """A 2D backbone.

                More text that `show` leaves out.
                """

                def __init__(self, depth=50, stages=4):
                    self.depth, self.stages = depth, stages

                def __repr__(self):
                    return f"clidet.Backbone(depth={self.depth})"


            @MODELS.register_module()
            class YoloHead:
                """A dense head."""

                def __init__(self, num_classes=80):
                    self.num_classes = num_classes

                def __repr__(self):
                    return f"YoloHead(num_classes={self.num_classes})"


            @MODELS.register_module()
            def make_neck(channels=256):
                return ("neck", channels)


            @MODELS.register_module()
            class Marker:
                """Creates the file ``path``: shows whether it was built."""

                def __init__(self, path):
                    open(path, "w").close()


            @TRANSFORMS.register_module()
            class Flip:
                def __init__(self, prob=0.5):
                    self.prob = prob

                def __repr__(self):
                    return f"Flip(prob={self.prob})"
        ''',
    },
    "cli3d": {
        "__init__.py": "",
        "registry.py": '''
            from clidet.registry import MODELS as DET_MODELS
            from scopereg import Registry

            MODELS = Registry("model", parent=DET_MODELS, scope="cli3d")


            @MODELS.register_module()
            class Backbone:
                """A point-cloud backbone."""

                def __init__(self, voxels=16):
                    self.voxels = voxels

                def __repr__(self):
                    return f"cli3d.Backbone(voxels={self.voxels})"


            @MODELS.register_module()
            class Detector:
                def __init__(self, backbone, head):
                    self.backbone, self.head = backbone, head

                def __repr__(self):
                    return f"Detector({self.backbone!r}, {self.head!r})"
        ''',
    },
    "clicore": {
        "__init__.py": "",
        "registry.py": '''
            import scopereg


            @scopereg.MODELS.register_module()
            class Backbone:
                """The core backbone."""

                def __init__(self, depth=18):
                    self.depth = depth

                def __repr__(self):
                    return f"core.Backbone(depth={self.depth})"
        ''',
    },
}

BROKEN_PACKAGE: Mapping[str, str] = {
    "__init__.py": "",
    "registry.py": "raise RuntimeError('clibroken fails on purpose')\n",
}


def _install(site: Path, name: str, files: Mapping[str, str]) -> None:
    """Write package ``name`` and a dist-info declaring its scope to ``site``."""
    for relative, source in files.items():
        path = site / name / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[scopereg.scopes]\n{name} = {name}.registry\n", encoding="utf-8"
    )


def _forget_packages(names: Sequence[str]) -> None:
    """Drop packages ``names`` and their submodules from ``sys.modules``."""
    for module in list(sys.modules):
        if module.partition(".")[0] in names:
            del sys.modules[module]


# --- Everything the CLI loads, loaded once per session ------------------------


def _roots() -> list[Registry[Any]]:
    """Return the root of every tree: scopereg's own and installed scopes'."""
    modules = [scopereg]
    for entry in entry_points(group="scopereg.scopes"):
        with contextlib.suppress(KeyError):  # a scope module that failed to import
            modules.append(sys.modules[entry.module])
    roots: dict[int, Registry[Any]] = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Registry):
                roots.setdefault(id(value.root), value.root)
    return list(roots.values())


def _walk(registry: Registry[Any]) -> Iterator[Registry[Any]]:
    """Yield ``registry`` and every registry below it."""
    yield registry
    for child in list(registry.children.values()):
        yield from _walk(child)


def load_what_the_cli_loads() -> None:
    """Import every installed scope and every registry's locations, as the CLI does.

    Only through scopereg's public API. A scope or location that fails to
    import is left for the CLI to report in the tests that meet it.
    """
    scopereg.load_installed_scopes()
    done: dict[int, Registry[Any]] = {}
    while True:  # a location may add registries with locations of their own
        pending = [
            registry
            for root in _roots()
            for registry in _walk(root)
            if id(registry) not in done
        ]
        if not pending:
            return
        for registry in pending:
            done[id(registry)] = registry
            with contextlib.suppress(ImportError):
                registry.import_from_location()


@pytest.fixture(scope="session", autouse=True)
def _cli_scopes_loaded() -> None:
    """Load what the CLI loads before the first test of this directory sandboxes.

    A module first imported inside a sandbox may leave ``sys.modules`` when
    it is restored while its parent package stays; loading ``srdet`` and
    ``sr3d`` with all their locations up front means no sandbox sees them
    arrive.
    """
    load_what_the_cli_loads()


# --- The fake installed scopes -------------------------------------------------


@pytest.fixture
def fake_site(tmp_path: Path) -> Path:
    """Return a site directory with clicore, clidet and cli3d installed in it."""
    site = tmp_path / "site"
    for name, files in FAKE_PACKAGES.items():
        _install(site, name, files)
    return site


@pytest.fixture
def broken_site(fake_site: Path) -> Path:
    """Return ``fake_site`` plus ``clibroken``, whose registry module raises."""
    _install(fake_site, "clibroken", BROKEN_PACKAGE)
    return fake_site


@pytest.fixture
def fake_scopes(
    fake_site: Path,
    registry_sandbox: testing.Snapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Path]:
    """Import the fake scopes into this process for one test; yield their site.

    The registry modules are imported in scope order, as
    :func:`scopereg.load_installed_scopes` would, inside the test's sandbox,
    so their registries leave the trees when it ends; the packages leave
    ``sys.modules`` and the site leaves ``sys.path``.
    """
    monkeypatch.syspath_prepend(str(fake_site))
    try:
        for name in sorted(FAKE_PACKAGES):
            importlib.import_module(f"{name}.registry")
        yield fake_site
    finally:
        _forget_packages(list(FAKE_PACKAGES))
        sys.path_importer_cache.pop(str(fake_site), None)


# --- The CLI, in-process --------------------------------------------------------


@dataclass(frozen=True)
class CliResult:
    """What one run of the command left, named as in ``CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


RunCli = Callable[..., CliResult]


# Roots that were still alive after a collection: reachable from something
# else in the process, so collecting again would not drop them.
_SURVIVORS: weakref.WeakSet[Registry[Any]] = weakref.WeakSet()


def _has_new_stray_tree() -> bool:
    """Tell whether a root other than scopereg's or an installed one is alive."""
    known = {id(root) for root in _roots()}
    return any(
        reg.parent is None and id(reg) not in known and reg not in _SURVIVORS
        for reg in testing.snapshot().registries  # every registry alive
    )


def _collect_stray_trees() -> None:
    """Collect garbage if a tree other than scopereg's or an installed one is alive.

    The CLI shows every tree alive in the process. Trees that other tests of
    this worker created and no longer refer to (registries and their tree
    refer to each other) stay alive until the garbage collector runs; a
    fresh process would not have them. A full collection costs 10 ms or more,
    so it runs only when such a tree appeared since the last one. Trees that
    something still refers to survive it; tests whose output lists every
    tree in the process run in a fresh interpreter instead (``test_smoke_``).
    """
    if not _has_new_stray_tree():  # no reference to a registry is held here
        return
    gc.collect()
    known = {id(root) for root in _roots()}
    _SURVIVORS.update(
        reg
        for reg in testing.snapshot().registries
        if reg.parent is None and id(reg) not in known
    )


def _exit_status(code: object) -> int:
    """Return the status a process exiting with ``SystemExit(code)`` ends with."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # as the interpreter does for a message
    return 1


@pytest.fixture
def cli(
    _cli_scopes_loaded: None,
    registry_sandbox: testing.Snapshot,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> RunCli:
    """Return ``run(*args)``: ``scopereg *args`` in-process, in tmp_path.

    Each call runs in a snapshot of its own inside the test's sandbox, and
    sees no tree that other tests of this worker left unreachable
    (:func:`_collect_stray_trees`). argparse's ``SystemExit`` (usage errors,
    ``--help``) becomes the status a process would exit with, and help is
    wrapped at 80 columns, as when the output is a pipe.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")

    def run(*args: str) -> CliResult:
        _collect_stray_trees()
        capsys.readouterr()  # what the test printed before is not the command's
        with testing.snapshot():
            try:
                status = main(list(args))
            except SystemExit as exit_:
                status = _exit_status(exit_.code)
        out, err = capsys.readouterr()
        return CliResult(status, out, err)

    return run


# --- The CLI in a fresh interpreter, for the smoke tests ---------------------------


def run_in(
    cwd: Path, command: Sequence[str], site: Path | None
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``cwd`` with ``site`` first on the module path."""
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(site), env.get("PYTHONPATH")) if part
        )
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def cli_subprocess(tmp_path: Path) -> RunSubprocess:
    """Return ``run(*args, site=None)``: ``python -m scopereg *args`` in tmp_path."""

    def run(*args: str, site: Path | None = None) -> subprocess.CompletedProcess[str]:
        return run_in(tmp_path, [sys.executable, "-m", "scopereg", *args], site)

    return run


@pytest.fixture
def python_subprocess(tmp_path: Path) -> RunSubprocess:
    """Return ``run(code, *args, site=None)``: ``python -c code *args`` in tmp_path."""

    def run(
        code: str, *args: str, site: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run_in(tmp_path, [sys.executable, "-c", code, *args], site)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], str]:
    """Return ``write(name, text)``: write a file to tmp_path, return its name."""

    def write_file(name: str, text: str) -> str:
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return name

    return write_file
