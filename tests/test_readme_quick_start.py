"""The README's quick start is what CI runs, word for word."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start() -> list[str]:
    """Return the commands of the README's "Quick start" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the quick start has no console block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_quick_start_has_the_demo_and_the_test_command():
    commands = quick_start()
    assert len(commands) == 2
    assert commands[0].endswith("nox -s demo")
    assert commands[1].endswith("nox -s tests")


def test_ci_runs_each_quick_start_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in quick_start():
        assert command in ci
