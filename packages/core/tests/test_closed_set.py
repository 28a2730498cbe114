"""The closed set: a config string reaches registered names, nothing else.

Design section 8: no dotted-path import (mmengine's fallback imports the
longest module prefix of a key and walks attributes, so ``type='os.system'``
runs a shell command). Here a string reaches only registered names, the
registries' declared locations, and a scope's own registry module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scopereg import DefaultScope, Registry, init_default_scope, testing
from scopereg.exceptions import NotRegisteredError, ScopeError

DANGEROUS = [
    "os.system",
    "os.popen",
    "os.path.join",
    "subprocess.run",
    "subprocess.Popen",
    "subprocess.check_output",
    "builtins.eval",
    "builtins.exec",
    "builtins.__import__",
    "builtins.open",
    "logging.os.system",
    "importlib.import_module",
    "importlib.util.find_spec",
    "__import__",
    "eval",
    "exec",
    "open",
    "shutil.rmtree",
    "pickle.loads",
    "marshal.loads",
    "ctypes.CDLL",
    "sys.exit",
    "runpy.run_path",
    "runpy.run_module",
    "pty.spawn",
    "code.interact",
    "pdb.set_trace",
    "webbrowser.open",
    "this.s",
    "typing.get_type_hints",
    "functools.partial",
    "operator.attrgetter",
    "os",
    "os.",
    ".system",
    "..system",
    "a..b",
    "",
    " os.system",
    "os.system ",
    "__builtins__.eval",
    "__main__.__builtins__.eval",
]


def _name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@pytest.fixture
def registry() -> Registry:
    root = Registry("model", scope=_name("closed"))
    root.register_module(name="Safe", module=dict)
    return root


@pytest.fixture
def no_shell(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace process-spawning and deleting callables with recorders."""
    calls: list[str] = []
    for owner, attr in [
        (os, "system"),
        (os, "popen"),
        (subprocess, "run"),
        (subprocess, "Popen"),
        (subprocess, "check_output"),
        (shutil, "rmtree"),
    ]:
        monkeypatch.setattr(
            owner, attr, lambda *a, _n=f"{owner.__name__}.{attr}", **k: calls.append(_n)
        )
    return calls


@pytest.fixture
def evil_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[bool], tuple[str, Path]]]:
    """Write a package whose __init__ and payload leave a marker when imported."""
    monkeypatch.syspath_prepend(str(tmp_path))
    names: list[str] = []

    def write(with_registry: bool = False) -> tuple[str, Path]:
        name = _name("evil")
        marker = tmp_path / f"{name}-imported"
        leave = "with open({!r}, 'a') as marker:\n    marker.write({!r})\n"
        files = {
            "__init__.py": leave.format(str(marker), "init "),
            "payload.py": leave.format(str(marker), "payload "),
        }
        if with_registry:
            files["registry.py"] = textwrap.dedent(
                f"""
                import scopereg
                REG = scopereg.Registry("model", scope={name!r})
                """
            )
        for relative, source in files.items():
            (tmp_path / name).mkdir(exist_ok=True)
            (tmp_path / name / relative).write_text(source)
        names.append(name)
        return name, marker

    yield write
    for module in list(sys.modules):
        if module.partition(".")[0] in names:
            del sys.modules[module]


@pytest.mark.parametrize("key", DANGEROUS)
def test_get_of_a_dangerous_string_returns_none(registry, key, no_shell):
    assert registry.get(key) is None
    assert no_shell == []


@pytest.mark.parametrize("key", DANGEROUS)
def test_build_of_a_dangerous_string_is_refused(registry, key, no_shell):
    with pytest.raises(NotRegisteredError):
        registry.build({"type": key, "args": "echo pwned"})
    assert no_shell == []


@pytest.mark.parametrize("key", DANGEROUS)
def test_recursive_build_of_a_dangerous_string_is_refused(registry, key, no_shell):
    with pytest.raises(NotRegisteredError, match="at config path: inner"):
        registry.build(
            {"type": "Safe", "inner": {"type": key}},
            recursive=True,
        )
    assert no_shell == []


@pytest.mark.parametrize("key", DANGEROUS)
def test_validation_of_a_dangerous_string_reports_it_unregistered(registry, key):
    report = registry.validate({"type": key})
    assert [p.kind for p in report.problems] == ["not-registered"]


@pytest.mark.parametrize("key", DANGEROUS)
def test_a_dangerous_string_imports_no_module(registry, key):
    root = key.strip().strip(".").partition(".")[0]
    was_imported = root in sys.modules
    with pytest.raises(NotRegisteredError):
        registry.build({"type": key})
    assert (root in sys.modules) == was_imported


def test_a_python_module_prefix_is_explained_as_not_a_scope(registry):
    with pytest.raises(NotRegisteredError) as info:
        registry.build({"type": "os.system", "command": "echo pwned"})
    assert (
        "'os' is a Python module, but config strings never import or call code"
        in str(info.value)
    )


def test_a_package_key_never_imports_the_package(registry, evil_package):
    name, marker = evil_package()
    for key in (f"{name}.payload", f"{name}.payload.run", name):
        assert registry.get(key) is None
        with pytest.raises(NotRegisteredError):
            registry.build({"type": key})
    assert not marker.exists()
    assert name not in sys.modules


@pytest.mark.parametrize("scope", ["os", "subprocess", "builtins", "logging"])
def test_a_module_named_as_config_scope_is_not_imported_or_called(
    registry, scope, no_shell
):
    with (
        pytest.warns(UserWarning, match="has no registry in the 'model' tree"),
        pytest.raises(NotRegisteredError),
    ):
        registry.build({"type": "system", "_scope_": scope})
    assert no_shell == []


def test_a_package_as_config_scope_is_not_imported(registry, evil_package):
    name, marker = evil_package()
    with (
        pytest.warns(UserWarning, match=f"default scope '{name}' has no registry"),
        pytest.raises(NotRegisteredError),
    ):
        registry.build({"type": "payload", "_scope_": name})
    assert not marker.exists()


@pytest.mark.parametrize(
    "scope", ["os.system", "subprocess.run", "__import__('os').system"]
)
def test_a_dotted_or_odd_config_scope_is_refused(registry, scope):
    with pytest.raises(ScopeError, match="is not a valid scope name"):
        registry.build({"type": "Safe", "_scope_": scope})


def test_a_package_as_default_scope_is_not_imported(registry, evil_package):
    name, marker = evil_package()
    with (
        DefaultScope(name),
        pytest.warns(UserWarning, match="has no registry"),
        pytest.raises(NotRegisteredError),
    ):
        registry.build({"type": "payload"})
    assert not marker.exists()


def test_a_package_as_process_default_scope_is_not_imported(registry, evil_package):
    name, marker = evil_package()
    with testing.default_scope(None):
        init_default_scope(name)
        with (
            pytest.warns(UserWarning, match="has no registry"),
            pytest.raises(NotRegisteredError),
        ):
            registry.build({"type": "payload"})
    assert not marker.exists()


def test_a_scope_registry_module_is_the_one_module_a_key_may_import(
    registry, evil_package
):
    name, marker = evil_package(with_registry=True)
    assert registry.get(f"{name}.payload") is None
    assert f"{name}.registry" in sys.modules
    assert f"{name}.payload" not in sys.modules
    assert marker.read_text() == "init "
