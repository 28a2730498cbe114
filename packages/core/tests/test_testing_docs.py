"""The examples of docs/testing.md pass as a test suite of their own."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PAGE = Path(__file__).resolve().parents[3] / "docs" / "testing.md"
BLOCK = re.compile(
    r"<!-- test: (?P<kind>pytest|conftest) -->\n```python\n(?P<code>.*?)```", re.DOTALL
)


@pytest.mark.usefixtures("registry_sandbox")
def test_the_examples_pass_in_any_order(pytester: pytest.Pytester) -> None:
    if not PAGE.exists():
        pytest.skip("docs/ is not part of this checkout")
    if importlib.util.find_spec("scopereg.builtins") is None:
        pytest.skip("the root registries' locations (scopereg.builtins) are missing")
    blocks = list(BLOCK.finditer(PAGE.read_text(encoding="utf-8")))
    for index, block in enumerate(blocks):
        name = "conftest.py" if block["kind"] == "conftest" else f"test_doc_{index}.py"
        pytester.path.joinpath(name).write_text(block["code"], encoding="utf-8")

    result = pytester.runpytest("-p", "no:randomly")

    assert [block["kind"] for block in blocks] == [
        "pytest",
        "conftest",
        "pytest",
        "pytest",
        "pytest",
    ]
    result.assert_outcomes(passed=11)
    reversed_order = pytester.runpytest(
        "test_doc_4.py", "test_doc_3.py", "test_doc_2.py", "test_doc_0.py"
    )
    reversed_order.assert_outcomes(passed=11)
