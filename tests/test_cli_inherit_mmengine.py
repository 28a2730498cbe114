"""scopereg's ``_base_`` reader agrees with ``mmengine.Config.fromfile``.

Runs only where mmengine (or mmengine-lite) is installed, e.g. in the
``bench`` session's environment; the test session does not install it, and
scopereg never imports it. Each case's ``model`` section is built through
the CLI with a class that prints the arguments it got, and compared with
the ``model`` mmengine reads from the same files.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

import scopereg
from scopereg import Registry

mmengine = pytest.importorskip("mmengine")

ECHO = "type='mmcompare.Echo'"
CASES = {
    "merge-nested": {
        "base.py": f"model = dict({ECHO}, backbone=dict(depth=50, style='x'), x=[1])\n",
        "child.py": "_base_ = './base.py'\nmodel = dict(backbone=dict(depth=101))\n",
    },
    "list-of-bases": {
        "one.py": f"model = dict({ECHO}, depth=1)\n",
        "two.py": "work_dir = 'w'\n",
        "child.py": "_base_ = ['./one.py', './two.py']\nmodel = dict(size=[4])\n",
    },
    "delete": {
        "base.py": f"model = dict({ECHO}, a=1, b=dict(c=2))\n",
        "child.py": "_base_ = ['./base.py']\nmodel = dict(b=dict(_delete_=True, d=3))\n",
    },
    "reference": {
        "base.py": f"depth = 34\nmodel = dict({ECHO}, head=dict(n=3))\n",
        "child.py": (
            "_base_ = ['./base.py']\n"
            "model = dict(depth={{_base_.depth}}, copy={{_base_.model.head}})\n"
        ),
    },
    "chain-and-json-base": {
        "root.json": '{"model": {"type": "mmcompare.Echo", "depth": 18, "neck": {"n": 1}}}',
        "mid.py": "_base_ = './root.json'\nmodel = dict(neck=dict(m=2))\n",
        "child.py": "_base_ = './mid.py'\nmodel = dict(depth=50)\n",
    },
}


class Echo:
    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def __repr__(self):
        return repr(self.kwargs)


@pytest.fixture
def echo_scope(registry_sandbox):
    registry = Registry("model", parent=scopereg.MODELS, scope="mmcompare")
    registry.register_module(module=Echo)
    return registry


@pytest.mark.parametrize("case", sorted(CASES))
def test_base_reader_gives_what_mmengine_gives(cli, echo_scope, write, case):
    for name, text in CASES[case].items():
        write(name, textwrap.dedent(text))
    result = cli("build", "child.py")
    assert result.returncode == 0, result.stderr
    built = ast.literal_eval(result.stdout.removeprefix("model: "))
    expected = mmengine.Config.fromfile("child.py").to_dict()["model"]
    expected.pop("type")
    assert built == expected
