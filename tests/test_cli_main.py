"""The ``scopereg`` command itself: entry points, help, exit statuses, imports."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_smoke_console_script_and_python_dash_m_run_the_same_command(
    cli_subprocess, tmp_path
):
    script = shutil.which("scopereg", path=str(Path(sys.executable).parent))
    assert script is not None
    from_script = cli_subprocess("--help")
    from_console = subprocess.run(
        [script, "--help"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert from_console.returncode == from_script.returncode == 0
    assert from_console.stdout == from_script.stdout
    assert from_script.stdout.startswith("usage: scopereg [-h] COMMAND ...")


def test_help_lists_every_subcommand(cli):
    result = cli("--help")
    for command in ("tree", "list", "show", "check", "build"):
        assert f"\n    {command} " in result.stdout


def test_missing_subcommand_exits_2(cli):
    result = cli()
    assert result.returncode == 2
    assert "the following arguments are required: COMMAND" in result.stderr


def test_smoke_unknown_subcommand_exits_2(cli_subprocess):
    result = cli_subprocess("trees")
    assert result.returncode == 2
    assert "invalid choice: 'trees'" in result.stderr


def test_smoke_import_scopereg_does_not_import_the_cli_or_argparse(
    python_subprocess,
):
    result = python_subprocess(
        "import sys, scopereg; "
        "print(sorted(m for m in sys.modules "
        "if m.startswith('scopereg._cli') or m == 'argparse'))"
    )
    assert result.stdout == "[]\n", result.stderr


def test_smoke_load_installed_scopes_imports_every_declared_scope_module(
    python_subprocess, fake_site
):
    result = python_subprocess(
        "import sys, scopereg; loaded = scopereg.load_installed_scopes(); "
        "print({s: e for s, e in loaded.items() if s.startswith('cli')}); "
        "print('cli3d.registry' in sys.modules)",
        site=fake_site,
    )
    assert result.stdout.splitlines() == [
        "{'cli3d': None, 'clicore': None, 'clidet': None}",
        "True",
    ]


def test_smoke_load_installed_scopes_returns_the_error_of_a_failing_module(
    python_subprocess, broken_site
):
    result = python_subprocess(
        "import scopereg; error = scopereg.load_installed_scopes()['clibroken']; "
        "print(type(error).__name__, error)",
        site=broken_site,
    )
    assert result.stdout == "RuntimeError clibroken fails on purpose\n"
