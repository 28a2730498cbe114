"""Fixtures of the mmengine bridge tests (run by ``nox -s mmengine``).

That session installs mmengine-lite, PyTorch (CPU) and the
``scopereg-mmengine`` switch, and runs pytest with ``SCOPEREG_MMENGINE=1``:
every test process, xdist workers included, starts with scopereg installed
as mmengine's registry. Every test module here skips unless
``scopereg.mmengine.installed()``, so the ordinary test session, which has
neither mmengine nor the switch, skips them. Native mmengine, for comparison, runs
in a subprocess without the variable (``run_python(..., bridge=False)``).

Where the switch is on, this file imports mmengine's runner once, before the
test modules, with the deprecation warnings that torch 2.13 and mmengine-lite
0.10.7 raise at import ignored: the suite makes warnings errors, and these
are third-party code's, not the bridge's.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

if os.environ.get("SCOPEREG_MMENGINE") == "1":
    with warnings.catch_warnings(), contextlib.suppress(ImportError):
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        import mmengine.runner
        import mmengine.testing  # noqa: F401

HERE = Path(__file__).parent
PROGRAMS = HERE / "programs"

RunPython = Callable[..., subprocess.CompletedProcess[str]]

# An mmdet-style downstream package: its registries parent on mmengine's roots
# with locations=, and an entry point declares its scope to the scopereg CLI.
TOYDET: Mapping[str, str] = {
    "toydet/__init__.py": "",
    # As mmdet's registry.py: a child of every mmengine root, so that a
    # default scope of "toydet" has a registry in each tree a Runner builds in.
    "toydet/registry.py": """
        import mmengine.registry
        from mmengine.registry import Registry

        MODELS = Registry(
            "model", parent=mmengine.registry.MODELS, locations=["toydet.models"]
        )
        DATASETS = Registry(
            "dataset", parent=mmengine.registry.DATASETS, locations=["toydet.datasets"]
        )
        OTHERS = {
            name: Registry(root.name, parent=root)
            for name in mmengine.registry.__all__
            if name.isupper() and name not in ("MODELS", "DATASETS")
            for root in [getattr(mmengine.registry, name)]
        }
    """,
    "toydet/models.py": '''
        import torch
        from mmengine.model import BaseModel
        from mmengine.registry import MODELS as MMENGINE_MODELS

        from toydet.registry import MODELS


        @MODELS.register_module()
        class ToyHead(torch.nn.Module):
            """A head, built by the detector from its own scope."""

            def __init__(self, num_classes=3):
                super().__init__()
                self.fc = torch.nn.Linear(4, num_classes)


        @MODELS.register_module()
        class ToyDetector(BaseModel):
            """A detector whose head is built from the default scope."""

            def __init__(self, head):
                super().__init__()
                # Built from mmengine's root: the default scope sends it here.
                self.head = MMENGINE_MODELS.build(head)

            def forward(self, inputs, data_samples=None, mode="tensor"):
                return self.head(inputs)
    ''',
    "toydet/datasets.py": """
        from toydet.registry import DATASETS


        @DATASETS.register_module()
        class ToyBoxes:
            def __init__(self, size=4):
                self.size = size

            def __len__(self):
                return self.size
    """,
    "toydet-0.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: toydet\nVersion: 0.1\n",
    "toydet-0.1.dist-info/entry_points.txt": "[scopereg.scopes]\ntoydet = toydet.registry\n",
}


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``files`` (relative path -> text, dedented) under ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def python_env(*, bridge: bool, path: Path | None = None) -> dict[str, str]:
    """Return the environment of a child Python, with or without the bridge."""
    env = dict(os.environ)
    env.pop("SCOPEREG_MMENGINE_ALLOW_IMPORT", None)
    if bridge:
        env["SCOPEREG_MMENGINE"] = "1"
    else:
        env.pop("SCOPEREG_MMENGINE", None)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(path), env.get("PYTHONPATH")) if part
        )
    return env


@pytest.fixture
def run_python(tmp_path: Path) -> RunPython:
    """Return ``run(*args, bridge, path=None, env=None)``: a Python in tmp_path."""

    def run(
        *args: str,
        bridge: bool,
        path: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**python_env(bridge=bridge, path=path), **(env or {})}
        return subprocess.run(
            [sys.executable, *args],
            cwd=tmp_path,
            env=full_env,
            capture_output=True,
            text=True,
            check=False,
        )

    return run


@pytest.fixture
def toydet_site(tmp_path: Path) -> Path:
    """Return a site directory holding the downstream package ``toydet``."""
    return write_tree(tmp_path / "site", TOYDET)
