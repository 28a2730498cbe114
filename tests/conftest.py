"""Fixtures of the integration tests: run the ``scopereg`` CLI in a subprocess.

The CLI loads every installed scope, so it runs in a fresh interpreter, as a
user's shell would start it, against the installed packages (``srdet``,
``sr3d``) and, where a test asks for them, fake packages "installed" into a
``tmp_path`` site directory: a ``*.dist-info`` folder with an
``entry_points.txt`` is all :mod:`importlib.metadata` needs to see one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

RunCli = Callable[..., subprocess.CompletedProcess[str]]

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
def run_cli(tmp_path: Path) -> RunCli:
    """Return ``run(*args, site=None)``: ``python -m scopereg *args`` in tmp_path."""

    def run(*args: str, site: Path | None = None) -> subprocess.CompletedProcess[str]:
        return run_in(tmp_path, [sys.executable, "-m", "scopereg", *args], site)

    return run


@pytest.fixture
def run_python(tmp_path: Path) -> RunCli:
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
