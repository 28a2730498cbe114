"""install(): before mmengine only, idempotent, and never imported by ``import scopereg``."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
import scopereg.mmengine
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)


def test_import_scopereg_imports_neither_the_bridge_nor_mmengine(run_python):
    code = (
        "import json, sys, scopereg; print(json.dumps(sorted(m for m in sys.modules "
        "if m == 'scopereg.mmengine' or m.partition('.')[0] == 'mmengine')))"
    )
    result = run_python("-c", code, bridge=False)
    assert json.loads(result.stdout) == []


def test_install_after_mmengine_was_imported_says_so_and_what_to_do(run_python):
    code = (
        "import mmengine, scopereg.mmengine\n"
        "try:\n    scopereg.mmengine.install()\n"
        "except RuntimeError as err:\n    print(err)\n"
    )
    result = run_python("-c", code, bridge=False)
    assert "install() was called after 'mmengine' was imported" in result.stdout
    assert "call install() before the first import of mmengine" in result.stdout
    assert "python -m scopereg.mmengine SCRIPT" in result.stdout


def test_install_after_mmengine_was_imported_leaves_mmengine_as_it_was(run_python):
    code = (
        "import mmengine.registry, scopereg.mmengine, scopereg\n"
        "try:\n    scopereg.mmengine.install()\n"
        "except RuntimeError:\n    pass\n"
        "print(scopereg.mmengine.installed(), "
        "mmengine.registry.Registry is scopereg.Registry)\n"
    )
    assert run_python("-c", code, bridge=False).stdout == "False False\n"


def test_installing_again_with_the_same_allowlist_does_nothing():
    scopereg.mmengine.install(allow_import=[])
    assert scopereg.mmengine.installed()


def test_installing_again_with_another_allowlist_is_refused():
    with pytest.raises(ValueError, match=r"cannot change to \['torch.nn'\]"):
        scopereg.mmengine.install(allow_import=["torch.nn"])


def test_an_allowlist_entry_that_is_no_module_name_is_refused():
    with pytest.raises(ValueError, match="'torch/nn' is not a dotted module name"):
        scopereg.mmengine.install(allow_import=["torch/nn"])
