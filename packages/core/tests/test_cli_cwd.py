"""``python -m scopereg`` never imports a scope's package from the current directory.

``python -m`` puts the current directory first on ``sys.path``; the
``scopereg`` console script does not. The command drops that entry, so both
find exactly the packages that are installed or that the user put on the
path (``PYTHONPATH``). Each test runs the command in a fresh interpreter
whose current directory holds a package that must not be imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def package_in(directory: Path, name: str) -> Path:
    """Write package ``name`` into ``directory``; importing it writes a marker file."""
    package = directory / name
    package.mkdir()
    marker = directory / f"{name}-was-imported"
    (package / "__init__.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('imported')\n"
    )
    (package / "registry.py").write_text(
        textwrap.dedent(
            f"""
            from scopereg import MODELS, Registry

            CWD_MODELS = Registry("model", parent=MODELS, scope={name!r})


            @CWD_MODELS.register_module()
            class Planted:
                pass
            """
        )
    )
    (directory / "cfg.json").write_text(
        json.dumps({"model": {"type": f"{name}.Planted"}})
    )
    return marker


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``cwd`` with the test's environment minus path settings."""
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONSAFEPATH")
    }
    return subprocess.run(
        command,
        cwd=cwd,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def name(new_scope) -> str:
    return new_scope("cwdpkg")


def test_python_dash_m_does_not_import_a_package_in_the_current_directory(
    tmp_path, name
):
    marker = package_in(tmp_path, name)
    result = run([sys.executable, "-m", "scopereg", "check", "cfg.json"], tmp_path)
    assert not marker.exists(), result.stdout
    assert result.returncode == 1
    assert f"scope {name!r} is unknown" in result.stdout


def test_python_dash_m_imports_from_the_current_directory_on_pythonpath(tmp_path, name):
    marker = package_in(tmp_path, name)
    result = run(
        [sys.executable, "-m", "scopereg", "check", "cfg.json"],
        tmp_path,
        PYTHONPATH=str(tmp_path),
    )
    assert marker.exists(), result.stderr
    assert (result.returncode, result.stdout) == (
        0,
        "cfg.json: no problems; checked model (scopereg::model)\n",
    )


def test_python_dash_m_and_the_console_script_check_the_same_in_that_directory(
    tmp_path, name
):
    package_in(tmp_path, name)
    script = shutil.which("scopereg", path=str(Path(sys.executable).parent))
    assert script is not None
    from_script = run([script, "check", "cfg.json"], tmp_path)
    from_module = run([sys.executable, "-m", "scopereg", "check", "cfg.json"], tmp_path)
    assert from_module.returncode == from_script.returncode == 1
    assert from_module.stdout == from_script.stdout
