"""The ``scopereg`` command itself: entry points, help, exit statuses, imports."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def test_console_script_and_python_dash_m_run_the_same_command(run_cli, tmp_path):
    script = shutil.which("scopereg", path=str(Path(sys.executable).parent))
    assert script is not None
    from_script = run_cli("--help")
    import subprocess

    from_console = subprocess.run(
        [script, "--help"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert from_console.returncode == from_script.returncode == 0
    assert from_console.stdout == from_script.stdout
    assert from_script.stdout.startswith("usage: scopereg [-h] COMMAND ...")


def test_help_lists_every_subcommand(run_cli):
    result = run_cli("--help")
    for command in ("tree", "list", "show", "check", "build"):
        assert f"\n    {command} " in result.stdout


def test_missing_subcommand_exits_2(run_cli):
    result = run_cli()
    assert result.returncode == 2
    assert "the following arguments are required: COMMAND" in result.stderr


def test_unknown_subcommand_exits_2(run_cli):
    result = run_cli("trees")
    assert result.returncode == 2
    assert "invalid choice: 'trees'" in result.stderr


def test_import_scopereg_does_not_import_the_cli_or_argparse(run_python):
    result = run_python(
        "import sys, scopereg; "
        "print(sorted(m for m in sys.modules "
        "if m.startswith('scopereg._cli') or m == 'argparse'))"
    )
    assert result.stdout == "[]\n", result.stderr


def test_load_installed_scopes_imports_every_declared_scope_module(
    run_python, fake_site
):
    result = run_python(
        "import sys, scopereg; loaded = scopereg.load_installed_scopes(); "
        "print({s: e for s, e in loaded.items() if s.startswith('cli')}); "
        "print('cli3d.registry' in sys.modules)",
        site=fake_site,
    )
    assert result.stdout.splitlines() == [
        "{'cli3d': None, 'clicore': None, 'clidet': None}",
        "True",
    ]


def test_load_installed_scopes_returns_the_error_of_a_failing_module(
    run_python, broken_site
):
    result = run_python(
        "import scopereg; error = scopereg.load_installed_scopes()['clibroken']; "
        "print(type(error).__name__, error)",
        site=broken_site,
    )
    assert result.stdout == "RuntimeError clibroken fails on purpose\n"
