"""Two builds in two threads under different default scopes stay apart on the bridge.

``programs/two_threads.py`` builds in two threads, each under its own
``_scope_``, with both threads inside their scope before either resolves a
nested name through the default scope.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

PROGRAM = str(Path(__file__).parent / "programs" / "two_threads.py")


def _seen(run_python, *, bridge):
    result = run_python(PROGRAM, bridge=bridge)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_each_thread_resolves_from_its_own_scope_on_the_bridge(run_python):
    assert _seen(run_python, bridge=True) == {"pkg_a": "pkg_a", "pkg_b": "pkg_b"}


def test_native_mmengine_gives_both_threads_the_scope_entered_last(run_python):
    seen = _seen(run_python, bridge=False)
    assert seen["pkg_a"] == seen["pkg_b"]  # so one got the other's scope
    assert seen["pkg_a"] in ("pkg_a", "pkg_b")
