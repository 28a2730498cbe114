"""Every install line of the README, docs/ and the package READMEs works as written.

An install line is a ``pip install`` line in a ``console`` block. Each one runs,
as written, from the repository's root, in a fresh virtualenv of its own, and
must leave the packages it names importable. Running them takes minutes, so
only ``nox -s install_lines`` (which sets ``SCOPEREG_INSTALL_LINES=1``) runs
them; elsewhere they skip. Finding the lines is cheap and always tested, so a
new install line in the docs is tested from the day it is written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = (
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted(ROOT.glob("packages/*/README.md")),
)
FENCE = re.compile(r"^ *```console\n(.*?)^ *```", re.MULTILINE | re.DOTALL)
# What a package path or an extra installs, as the module that proves it.
MODULES = {
    "./packages/core": "scopereg",
    "./packages/det": "srdet",
    "./packages/det3d": "sr3d",
    "./packages/mmengine-switch": "scopereg_mmengine",
    "nox": "nox",
    "uv": "uv",
}
EXTRAS = {"yaml": "yaml", "torch": "scopereg.torch", "mmengine": "scopereg_mmengine"}
# pip takes this PyTorch (a CPU build for Python 3.11) from this machine's
# disk: the stand-in for "install the build for your platform first".
LOCAL_TORCH = "torch==2.13.0"
RUNS = pytest.mark.skipif(
    os.environ.get("SCOPEREG_INSTALL_LINES") != "1",
    reason="installs take minutes: `nox -s install_lines` runs these",
)


def install_lines() -> dict[str, list[str]]:
    """Return each install command (the part before any `&&`), with its documents."""
    found: dict[str, list[str]] = {}
    for document in DOCUMENTS:
        for block in FENCE.findall(document.read_text(encoding="utf-8")):
            for raw in block.splitlines():
                line = raw.strip().removeprefix("$ ")
                command = line.split("&&")[0].split("  #")[0].strip()
                if " pip install " in f" {command} ":
                    found.setdefault(command, []).append(document.name)
    return found


def targets(command: str) -> list[str]:
    """Return the modules that ``command`` must make importable."""
    modules = []
    for word in command.split()[4:]:
        word = word.strip("\"'")
        if word == "-e":
            continue
        path, _, extras = word.partition("[")
        modules.append(MODULES[path])
        modules.extend(
            EXTRAS[extra] for extra in extras.rstrip("]").split(",") if extra
        )
    return modules


def test_install_lines_are_found_in_the_readme_the_docs_and_the_package_readmes():
    documents = {name for names in install_lines().values() for name in names}
    assert {"README.md", "index.md", "torch.md"} <= documents
    assert sum(1 for d in DOCUMENTS if d.parent.parent.name == "packages") == 3


@pytest.mark.parametrize("command", sorted(install_lines()))
def test_install_line_names_only_packages_the_test_can_check(command):
    assert command.startswith("python -m pip install ")
    assert targets(command)  # every word maps to a module (KeyError otherwise)


@RUNS
@pytest.mark.parametrize("command", sorted(install_lines()))
def test_install_line_works_in_a_fresh_virtualenv(command, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
    }
    env.pop("PYTHONPATH", None)
    python = str(venv / "bin" / "python")
    if "torch" in targets(command):
        if sys.version_info[:2] != (3, 11):
            pytest.skip(f"{LOCAL_TORCH} is on this machine's disk for Python 3.11 only")
        subprocess.run(
            [python, "-m", "pip", "install", "-q", LOCAL_TORCH, "numpy"],
            check=True,
            env=env,
        )
    result = subprocess.run(
        command,
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    imports = "; ".join(f"import {module}" for module in targets(command))
    check = subprocess.run(
        [python, "-c", imports], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
