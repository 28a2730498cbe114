"""mmengine's dotted-path fallback in ``get``: off, unless a prefix is allowlisted.

Each test runs in a fresh interpreter on the bridge, with
``SCOPEREG_MMENGINE_ALLOW_IMPORT`` as the test says.
"""

from __future__ import annotations

import pytest

pytest.importorskip("torch", reason="nox -s mmengine installs torch")
pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

BUILD = (
    "import sys\n"
    "from mmengine.registry import MODELS\n"
    "try:\n"
    "    print(type(MODELS.build(dict(type=sys.argv[1]))).__name__)\n"
    "except KeyError as err:\n"
    "    print(type(err).__name__, str(err).splitlines()[0])\n"
)


def _build(run_python, key, allow=None):
    env = {} if allow is None else {"SCOPEREG_MMENGINE_ALLOW_IMPORT": allow}
    result = run_python("-c", BUILD, key, bridge=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_dotted_type_is_not_imported_without_an_allowlist(run_python):
    assert _build(run_python, "torch.nn.ReLU").startswith("NotRegisteredError")


def test_a_dotted_type_under_an_allowed_prefix_is_imported_and_built(run_python):
    assert _build(run_python, "torch.nn.ReLU", allow="torch.nn") == "ReLU"


def test_a_dotted_type_outside_the_allowed_prefixes_stays_closed(run_python):
    result = _build(run_python, "collections.OrderedDict", allow="torch.nn, mmdet")
    assert result.startswith("NotRegisteredError")


def test_a_prefix_allows_whole_module_names_only(run_python):
    # 'torch.n' is not a prefix of the module path 'torch.nn'.
    assert _build(run_python, "torch.nn.ReLU", allow="torch.n").startswith(
        "NotRegisteredError"
    )


def test_a_registered_name_wins_over_an_importable_path_of_the_same_name(
    run_python,
):
    # `mmengine.Config` is importable, and the name Config is registered too.
    code = (
        "from mmengine.registry import MODELS\n"
        "class Config:\n    pass\n"
        "MODELS.register_module(module=Config)\n"
        "print(MODELS.get('mmengine.Config') is Config)\n"
    )
    env = {"SCOPEREG_MMENGINE_ALLOW_IMPORT": "mmengine"}
    assert run_python("-c", code, bridge=True, env=env).stdout == "True\n"
