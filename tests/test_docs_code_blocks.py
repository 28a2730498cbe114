import re
import subprocess
import sys
from pathlib import Path

TUTORIAL = Path(__file__).parents[1] / "docs" / "tutorial.md"


def test_tutorial_python_blocks_run_in_order_in_a_fresh_interpreter(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", TUTORIAL.read_text(), re.S)
    script = tmp_path / "tutorial.py"
    script.write_text("\n".join(blocks))
    result = subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert len(blocks) >= 6
    assert result.returncode == 0, result.stderr
