"""``python -m scopereg.mmengine SCRIPT ARGS`` runs SCRIPT as ``python SCRIPT ARGS``.

Each test starts the launcher in a fresh interpreter without the
environment switch, so the bridge there comes from the launcher alone.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

REPORT = """
import json, os, sys
import mmengine.registry, scopereg
print(json.dumps({
    "argv": sys.argv,
    "name": __name__,
    "path0": sys.path[0],
    "bridge": mmengine.registry.Registry is scopereg.Registry,
    "switch": os.environ.get("SCOPEREG_MMENGINE"),
}))
"""


@pytest.fixture
def script(tmp_path):
    """Write tools/report.py, which prints how it was run, as JSON."""
    tools = tmp_path / "tools"
    tools.mkdir()
    path = tools / "report.py"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _launch(run_python, *args):
    return run_python("-m", "scopereg.mmengine", *args, bridge=False)


def test_the_script_gets_its_path_and_arguments_as_sys_argv(run_python, script):
    result = _launch(run_python, str(script), "cfg.py", "--amp")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["argv"] == [str(script), "cfg.py", "--amp"]


def test_the_script_runs_as_main_with_its_directory_first_on_sys_path(
    run_python, script
):
    report = json.loads(_launch(run_python, str(script)).stdout)
    assert report["name"] == "__main__"
    assert report["path0"] == str(script.parent.resolve())


def test_the_script_imports_mmengine_on_scoperegs_registry(run_python, script):
    assert json.loads(_launch(run_python, str(script)).stdout)["bridge"] is True


def test_the_script_and_the_processes_it_starts_see_the_switch_set(run_python, script):
    assert json.loads(_launch(run_python, str(script)).stdout)["switch"] == "1"


def test_the_same_script_run_by_python_itself_is_on_mmengines_registry(
    run_python, script
):
    result = run_python(str(script), bridge=False)
    assert json.loads(result.stdout)["bridge"] is False


def test_the_exit_status_the_script_asks_for_is_the_launchers(run_python, tmp_path):
    (tmp_path / "quit.py").write_text("raise SystemExit(3)\n", encoding="utf-8")
    assert _launch(run_python, "quit.py").returncode == 3


def test_an_exception_in_the_script_exits_1_with_its_traceback(run_python, tmp_path):
    (tmp_path / "boom.py").write_text("raise ValueError('boom')\n", encoding="utf-8")
    result = _launch(run_python, "boom.py")
    assert result.returncode == 1
    assert result.stderr.rstrip().endswith("ValueError: boom")


def test_a_missing_script_exits_2_with_one_line(run_python):
    result = _launch(run_python, "tools/nope.py")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "can't open file 'tools/nope.py'" in result.stderr


def test_no_script_exits_2_with_the_usage(run_python):
    result = _launch(run_python)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: python -m scopereg.mmengine SCRIPT")


def test_help_prints_the_usage_and_exits_0(run_python):
    result = _launch(run_python, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m scopereg.mmengine SCRIPT")
