"""The examples of docs/concurrency.md run and print what the page shows."""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[3] / "docs" / "concurrency.md"
# A runnable example: a marker comment, the script, then its printed output.
EXAMPLE = re.compile(
    r"<!-- test: script(?P<fork> fork)? -->\n```python\n(?P<code>.*?)```\n\n"
    r"```text\n(?P<output>.*?)```",
    re.DOTALL,
)
# Bounds each run in time: an example takes about a second at most.
TIMEOUT = 120


def examples() -> list[re.Match[str]]:
    if not PAGE.exists():  # an installed sdist has the tests but not the docs
        return []
    return list(EXAMPLE.finditer(PAGE.read_text(encoding="utf-8")))


def example_id(example: re.Match[str]) -> str:
    line = PAGE.read_text(encoding="utf-8").count("\n", 0, example.start()) + 1
    return f"concurrency.md:{line}"


def test_the_page_has_an_example_for_each_kind_of_worker() -> None:
    if not PAGE.exists():
        pytest.skip("docs/ is not part of this checkout")

    assert len(examples()) == 7


@pytest.mark.parametrize("example", examples(), ids=example_id)
def test_the_example_prints_what_the_page_shows(
    example: re.Match[str], tmp_path: Path
) -> None:
    if example["fork"] and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform has no fork start method")
    script = tmp_path / "example.py"
    script.write_text(example["code"], encoding="utf-8")
    # The page describes the default for threads: start with an empty context.
    options = ["-X", "thread_inherit_context=0"] if sys.version_info >= (3, 14) else []

    run = subprocess.run(
        [sys.executable, *options, str(script)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=tmp_path,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout == example["output"]
