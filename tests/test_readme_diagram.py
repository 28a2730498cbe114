"""The README's Mermaid diagram of the model tree is the CLI's current output."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(
    r"<!-- model-tree:start -->\n```mermaid\n(?P<diagram>.*?)\n```\n"
    r"<!-- model-tree:end -->",
    re.DOTALL,
)


def test_readme_model_tree_diagram_matches_the_cli_mermaid_output():
    match = BLOCK.search(README.read_text(encoding="utf-8"))
    assert match is not None, "README.md lost its model-tree Mermaid block"
    result = subprocess.run(
        [sys.executable, "-m", "scopereg", "tree", "model", "--format", "mermaid"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert match["diagram"] == result.stdout.rstrip("\n"), (
        "regenerate the README diagram with "
        "`python -m scopereg tree model --format mermaid`"
    )
