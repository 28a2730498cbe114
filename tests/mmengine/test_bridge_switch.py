"""``SCOPEREG_MMENGINE=1``, read by the scopereg-mmengine ``.pth`` file, installs the bridge.

Each test starts a fresh interpreter of this environment (where the
``scopereg-mmengine`` distribution is installed) with the variable as the
test says.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

PROBE = (
    "import json, sys; before = sorted(m for m in sys.modules if "
    "m.partition('.')[0] in ('scopereg', 'mmengine')); "
    "import mmengine.registry as r, scopereg; "
    "print(json.dumps({'before': before, 'bridge': r.Registry is scopereg.Registry}))"
)


def _probe(run_python, value):
    env = {} if value is None else {"SCOPEREG_MMENGINE": value}
    result = run_python("-c", PROBE, bridge=False, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_the_switch_on_puts_mmengine_on_scoperegs_registry(run_python):
    report, stderr = _probe(run_python, "1")
    assert report["bridge"] is True
    assert stderr == ""


def test_the_switch_on_imports_nothing_until_mmengine_is_imported(run_python):
    report, _ = _probe(run_python, "1")
    assert report["before"] == []


@pytest.mark.parametrize("value", [None, "", "0"])
def test_the_switch_off_leaves_mmengine_its_own_registry(run_python, value):
    report, stderr = _probe(run_python, value)
    assert report == {"before": [], "bridge": False}
    assert stderr == ""


def test_a_value_other_than_0_or_1_is_one_line_on_stderr_and_the_bridge_off(
    run_python,
):
    report, stderr = _probe(run_python, "yes")
    assert report["bridge"] is False
    assert stderr.splitlines() == [
        "scopereg-mmengine: SCOPEREG_MMENGINE must be 1 (on) or 0 (off), but "
        "got 'yes'; the bridge is off"
    ]


def test_a_bridge_that_cannot_install_is_one_line_and_mmengine_still_runs(
    run_python,
):
    result = run_python(
        "-c",
        "import mmengine.registry; print('ran')",
        bridge=True,
        env={"SCOPEREG_MMENGINE_ALLOW_IMPORT": "not a module"},
    )
    assert result.returncode == 0
    assert result.stdout == "ran\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("scopereg-mmengine: SCOPEREG_MMENGINE=1 but the bridge")
    assert "'not a module' is not a dotted module name" in lines[0]
