"""Unknown scopes: importing ``{scope}.registry`` once, and nothing else."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import types

import pytest

from scopereg import DefaultScope
from scopereg.exceptions import NotRegisteredError, ScopeFallbackWarning

ROOT_PACKAGE = {
    "__init__.py": "",
    "hub.py": """
        from scopereg import Registry

        ROOT = Registry("model", scope="__PKG__")
    """,
}

# A sibling package whose registry module hangs a child under the root's
# registry and registers one class there. RUNS counts executions.
SIBLING_PACKAGE = {
    "__init__.py": "RUNS = []",
    "registry.py": """
        import __PKG__
        from __ROOT__.hub import ROOT
        from scopereg import Registry

        __PKG__.RUNS.append(__name__)
        CHILD = Registry("model", parent=ROOT, scope="__PKG__")


        @CHILD.register_module()
        class Thing:
            pass
    """,
}


@pytest.fixture
def root(fake_package):
    name = fake_package(ROOT_PACKAGE)
    return importlib.import_module(f"{name}.hub").ROOT


@pytest.fixture
def sibling(fake_package, root):
    """Write the sibling package (not imported) and return its name."""
    return fake_package(SIBLING_PACKAGE, subs={"__ROOT__": root.scope})


def _runs(package: str) -> list[str]:
    return importlib.import_module(package).RUNS


def test_scoped_key_of_an_unknown_scope_imports_its_registry_module(root, sibling):
    thing = root.get(f"{sibling}.Thing")
    assert thing is sys.modules[f"{sibling}.registry"].Thing


def test_build_of_an_unknown_scope_imports_its_registry_module(root, sibling):
    assert type(root.build(dict(type=f"{sibling}.Thing"))).__name__ == "Thing"


def test_the_registry_module_makes_its_scope_a_child_of_the_tree(root, sibling):
    root.get(f"{sibling}.Thing")
    assert list(root.children) == [sibling]


def test_default_scope_of_an_unknown_scope_imports_its_registry_module(root, sibling):
    with DefaultScope(sibling):
        built = root.build(dict(type="Thing"))
    assert type(built) is sys.modules[f"{sibling}.registry"].Thing


def test_scope_key_of_an_unknown_scope_imports_its_registry_module(root, sibling):
    built = root.build(dict(type="Thing", _scope_=sibling))
    assert type(built) is sys.modules[f"{sibling}.registry"].Thing


def test_registry_module_is_imported_once_for_many_lookups(root, sibling):
    for _ in range(3):
        root.get(f"{sibling}.Thing")
        root.get(f"{sibling}.Missing")
    assert _runs(sibling) == [f"{sibling}.registry"]


def test_registry_module_adding_nothing_here_is_not_imported_again(fake_package, root):
    # A registry module for another tree: the scope stays unknown in this
    # one, and scopereg does not try again, even with the module forgotten.
    name = fake_package(
        {
            "__init__.py": "RUNS = []",
            "registry.py": """
                import __PKG__
                from scopereg import Registry

                __PKG__.RUNS.append(__name__)
                DATASETS = Registry("dataset", scope="__PKG__")
            """,
        }
    )
    assert root.get(f"{name}.Thing") is None
    del sys.modules[f"{name}.registry"]
    assert root.get(f"{name}.Thing") is None
    assert _runs(name) == [f"{name}.registry"]


@pytest.fixture
def broken(fake_package):
    """A package whose registry module raises; RUNS counts the attempts."""
    return fake_package(
        {
            "__init__.py": "RUNS = []",
            "registry.py": """
                import __PKG__

                __PKG__.RUNS.append(__name__)
                raise RuntimeError("registry module is broken")
            """,
        }
    )


def test_failing_registry_module_makes_get_return_none(root, broken):
    assert root.get(f"{broken}.Thing") is None


def test_failing_registry_module_is_attempted_once(root, broken):
    root.get(f"{broken}.Thing")
    root.get(f"{broken}.Thing")
    assert _runs(broken) == [f"{broken}.registry"]


def test_failing_registry_module_is_reported_by_build(root, broken):
    with pytest.raises(
        NotRegisteredError,
        match=f"importing '{broken}.registry' failed: RuntimeError: registry module "
        "is broken",
    ):
        root.build(dict(type=f"{broken}.Thing"))


@pytest.fixture
def no_registry(fake_package, tmp_path):
    """A package without a registry submodule whose __init__ leaves a marker."""
    marker = tmp_path / "init-ran"
    name = fake_package(
        {
            "__init__.py": f"open({str(marker)!r}, 'w').close()",
            "models.py": "class Thing:\n    pass\n",
        }
    )
    return name, marker


def test_package_without_registry_submodule_is_not_imported_by_a_key(root, no_registry):
    name, marker = no_registry
    assert root.get(f"{name}.Thing") is None
    assert root.get(f"{name}.models.Thing") is None
    assert not marker.exists()
    assert name not in sys.modules


def test_package_without_registry_submodule_is_not_imported_by_a_build(
    root, no_registry
):
    name, marker = no_registry
    with pytest.raises(NotRegisteredError, match=f"'{name}.registry' does not exist"):
        root.build(dict(type=f"{name}.Thing"))
    assert not marker.exists()


def test_package_without_registry_submodule_is_not_imported_by_a_default_scope(
    root, no_registry
):
    name, marker = no_registry
    root.register_module(name="Thing", module=lambda: "root")
    with DefaultScope(name), pytest.warns(ScopeFallbackWarning):
        assert root.build(dict(type="Thing")) == "root"
    assert not marker.exists()


def test_declared_entry_point_module_is_imported_instead_of_the_convention(
    fake_package, root, tmp_path
):
    name = fake_package(
        {
            "__init__.py": "",
            "plugin_registry.py": """
                from __ROOT__.hub import ROOT
                from scopereg import Registry

                CHILD = Registry("model", parent=ROOT, scope="__PKG__")
                CHILD.register_module(name="Thing", module=lambda: "declared")
            """,
            "registry.py": """
                from __ROOT__.hub import ROOT
                from scopereg import Registry

                CHILD = Registry("model", parent=ROOT, scope="__PKG__")
                CHILD.register_module(name="Thing", module=lambda: "conventional")
            """,
        },
        subs={"__ROOT__": root.scope},
    )
    dists = tmp_path / "dists"
    info = dists / f"{name}-0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0\n")
    (info / "entry_points.txt").write_text(
        f"[scopereg.scopes]\n{name} = {name}.plugin_registry\n"
    )
    # scopereg reads the entry points once per process: ask a fresh one.
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from {root.scope}.hub import ROOT\n"
            f"print(ROOT.build(dict(type='{name}.Thing')))",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(dists), *sys.path])},
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "declared\n"


def test_invalid_scope_names_in_keys_import_nothing(root):
    before = set(sys.modules)
    for key in ["1abc.Thing", "-x.Thing", "a b.Thing", ".Thing"]:
        assert root.get(key) is None
    assert set(sys.modules) == before


def test_registry_created_in_a_package_gets_the_top_level_name_as_scope(
    fake_package,
):
    name = fake_package(
        {
            "__init__.py": "",
            "sub/__init__.py": "",
            "sub/deep.py": """
                from scopereg import Registry

                REG = Registry("model")


                def make():
                    return Registry("dataset")
            """,
        }
    )
    deep = importlib.import_module(f"{name}.sub.deep")
    assert (deep.REG.scope, deep.make().scope) == (name, name)


def test_registry_subclass_gets_the_scope_of_the_instantiating_module(
    fake_package,
):
    # mmengine infers the subclass's defining module here; scopereg skips
    # every Registry __init__ frame and uses the module creating the instance.
    defining = fake_package(
        {
            "__init__.py": "",
            "base.py": """
                from scopereg import Registry


                class MyRegistry(Registry):
                    def __init__(self, *args, **kwargs):
                        super().__init__(*args, **kwargs)
            """,
        }
    )
    using = fake_package(
        {
            "__init__.py": "",
            "registry.py": """
                from __DEFINING__.base import MyRegistry

                MODELS = MyRegistry("model")
            """,
        },
        subs={"__DEFINING__": defining},
    )
    assert importlib.import_module(f"{using}.registry").MODELS.scope == using


def test_infer_scope_returns_the_calling_modules_top_level_package(fake_package):
    name = fake_package(
        {
            "__init__.py": "",
            "where.py": """
                from scopereg import Registry

                inferred = Registry.infer_scope()
            """,
        }
    )
    assert importlib.import_module(f"{name}.where").inferred == name


def test_registry_created_by_exec_code_gets_the_main_fallback_scope():
    namespace: dict[str, object] = {}
    # code without a module, as at an interactive prompt
    exec("from scopereg import Registry\nREG = Registry('model')", namespace)
    assert namespace["REG"].scope == "__main__"


@pytest.fixture
def specless(monkeypatch, new_scope):
    """A module in sys.modules with ``__spec__`` None, like a script's __main__."""
    name = new_scope("specless")
    monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    return name


def test_scope_naming_an_imported_module_without_a_spec_resolves_to_none(
    root, specless
):
    assert root.get(f"{specless}.Thing") is None


def test_scope_naming_an_imported_module_without_a_spec_is_not_registered(
    root, specless
):
    with pytest.raises(NotRegisteredError, match=f"{specless}.Thing is not in the "):
        root.build(dict(type=f"{specless}.Thing"))


def test_default_scope_naming_a_module_without_a_spec_falls_back(root, specless):
    root.register_module(name="Thing", module=lambda: "root")
    with DefaultScope(specless), pytest.warns(ScopeFallbackWarning):
        assert root.build(dict(type="Thing")) == "root"


def test_main_as_a_scope_in_a_key_resolves_to_none(root, monkeypatch):
    # A script's __main__ has __spec__ None; its registries get scope
    # '__main__', so keys and default scopes naming it are ordinary.
    monkeypatch.setattr(sys.modules["__main__"], "__spec__", None, raising=False)
    assert root.get("__main__.Thing") is None
