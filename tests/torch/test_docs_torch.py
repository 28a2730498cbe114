"""docs/torch.md runs: its python blocks, in order, print its text blocks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="no PyTorch here; `nox -s torch` runs these")

DOC = Path(__file__).parents[2] / "docs" / "torch.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    """Return the fenced blocks of the page written in ``language``, in order."""
    text = DOC.read_text(encoding="utf-8")
    return [body for lang, body in FENCE.findall(text) if lang == language]


def test_torch_page_has_code_and_output_blocks() -> None:
    assert len(blocks("python")) >= 5
    assert len(blocks("text")) >= 5


def test_torch_page_code_prints_the_output_it_shows(tmp_path: Path) -> None:
    script = tmp_path / "torch_page.py"
    script.write_text("\n".join(blocks("python")), encoding="utf-8")

    completed = subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert completed.stdout == "".join(blocks("text"))
