"""docs/cli.md shows real output: its config, check, build and schema examples run.

Every console block from "## Config files" on is run in order, as one
shell session in a fresh folder that has the repository's ``examples``:
each ``$ command`` (with its here-document, if any) must print exactly the
lines the page shows after it, the repository's path shortened to
``<project>`` as on the page.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
PAGE = ROOT / "docs" / "cli.md"
SEPARATOR = "@@scopereg-docs-command-done@@"
PACKAGES = {
    "scopereg": "packages/core/src",
    "srdet": "packages/det/src",
    "sr3d": "packages/det3d/src",
}


def _commands(block: str) -> list[tuple[str, str]]:
    """Split a console block into (command, expected output) pairs."""
    pairs: list[tuple[str, list[str]]] = []
    lines = block.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.startswith("$ "):
            pairs[-1][1].append(line)
            continue
        command = [line[2:]]
        heredoc = re.search(r"<<'(\w+)'", line)
        if heredoc:
            while lines[index] != heredoc[1]:
                command.append(lines[index])
                index += 1
            command.append(lines[index])
            index += 1
        pairs.append(("\n".join(command), []))
    return [(command, "\n".join(output)) for command, output in pairs]


def _examples() -> list[tuple[str, str]]:
    text = PAGE.read_text(encoding="utf-8")
    section = text[text.index("## Config files") :]
    blocks = re.findall(r"```console\n(.*?)```", section, re.S)
    return [pair for block in blocks for pair in _commands(block)]


def _as_on_the_page(output: str) -> str:
    """Write paths as the page does: the packages' sources under ``<project>``.

    Installed from wheels (``nox -s dist``) the packages live elsewhere; the
    page shows where an editable install has them.
    """
    for package, src in PACKAGES.items():
        spec = importlib.util.find_spec(package)
        assert spec is not None
        assert spec.origin is not None
        installed = str(Path(spec.origin).parent)
        output = output.replace(installed, f"<project>/{src}/{package}")
    return output.replace(str(ROOT), "<project>")


def test_smoke_docs_cli_md_examples_print_what_the_page_shows(tmp_path):
    examples = _examples()
    assert len(examples) > 20
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    script = "exec 2>&1\n" + "".join(
        f"{command}\n__status=$?\nprintf '\\n{SEPARATOR}\\n'\n(exit $__status)\n"
        for command, _ in examples
    )
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="80")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    outputs = (_as_on_the_page(result.stdout) + "\n").split(f"\n{SEPARATOR}\n")
    for (command, expected), got in zip(examples, outputs, strict=False):
        assert got.strip("\n") == expected.strip("\n"), command
