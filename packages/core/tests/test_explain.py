"""Registry.explain: the report NotRegisteredError is written from."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import textwrap
import uuid

import pytest

from scopereg import DefaultScope, Explanation, Registry
from scopereg.exceptions import LocationImportError, NotRegisteredError


def _scope(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


class ResNet:
    def __init__(self, depth=50):
        self.depth = depth


@pytest.fixture
def tree() -> tuple[Registry, Registry, Registry]:
    root = Registry("model", scope=_scope("core"))
    det = Registry("model", parent=root, scope=_scope("det"))
    det3d = Registry("model", parent=det, scope=_scope("det3d"))
    det.register_module(module=ResNet)
    det3d.register_module(name="VoxelNet", module=dict)
    return root, det, det3d


def test_explain_returns_an_explanation(tree):
    root, _, _ = tree
    assert isinstance(root.explain("Missing"), Explanation)


def test_explain_of_a_registered_key_gives_the_object_and_its_definition(tree):
    det3d = tree[2]
    report = det3d.explain("ResNet")
    assert report.found is ResNet
    assert report.defined_at == f"{__file__}:{inspect.getsourcelines(ResNet)[1]}"
    assert report.hints == ()


def test_explain_of_a_registered_key_reads_as_resolved(tree):
    _, det, _ = tree
    assert str(det.explain("ResNet")).startswith(
        f"'ResNet' resolves in {det.scope}::model to {__name__}.ResNet"
    )


def test_explain_lists_the_search_path_nearest_first(tree):
    root, det, det3d = tree
    assert det3d.explain("Missing").search_path == (
        f"{det3d.scope}::model",
        f"{det.scope}::model",
        f"{root.scope}::model",
    )


def test_explain_follows_a_scoped_key_into_its_registry(tree):
    root, det, _ = tree
    assert root.explain(f"{det.scope}.Missing").search_path == (
        f"{det.scope}::model",
        f"{root.scope}::model",
    )


def test_explain_suggests_the_nearest_names_across_the_tree(tree):
    root, det, _ = tree
    assert root.explain("ResNte").suggestions == (f"{det.scope}.ResNet",)


def test_explain_names_the_registry_of_the_tree_that_has_the_exact_name(tree):
    root, det, _ = tree
    report = root.explain("ResNet")
    assert report.other_scopes == (f"{det.scope}::model",)
    assert "which this search does not reach" in str(report)


def test_explain_suggests_the_scope_that_has_the_exact_name(tree):
    root, det, _ = tree
    report = root.explain("ResNet")
    assert report.hints[0] == f"did you mean '{det.scope}.ResNet'?"
    assert f"_scope_='{det.scope}'" in report.hints[1]


def test_explain_names_a_related_tree_that_has_the_exact_name(tree):
    root, det, _ = tree
    transforms = Registry("transform", scope=det.scope)
    transforms.register_module(name="Resize", module=dict)
    report = root.explain("Resize")
    assert report.other_trees == (f"{det.scope}::transform",)
    assert f"'Resize' is registered in {det.scope}::transform" in str(report)


def test_explain_ignores_unrelated_trees_with_the_exact_name(tree):
    root, _, _ = tree
    Registry("model", scope=_scope("stranger")).register_module(
        name="Lonely", module=dict
    )
    assert root.explain("Lonely").other_trees == ()


def test_explain_under_a_default_scope_starts_in_that_scopes_registry(tree):
    root, det, _ = tree
    with DefaultScope(det.scope):
        report = root.explain("Missing")
    assert report.registry == f"{det.scope}::model"
    assert report.redirected_from == f"{root.scope}::model"


def test_explain_reports_an_unknown_scope(tree):
    root, _, _ = tree
    ghost = _scope("ghost")
    report = root.explain(f"{ghost}.Thing")
    assert report.search_path == (
        f"{ghost}::? (no registry of scope '{ghost}' in this tree)",
    )
    assert report.scope_status == (
        f"scope '{ghost}' is unknown: no installed package declares it and "
        f"'{ghost}.registry' does not exist"
    )


def test_explain_of_a_misspelt_scope_suggests_the_right_one(tree):
    root, det, _ = tree
    assert root.explain(f"{det.scope}x.ResNet").suggestions[0] == f"{det.scope}.ResNet"


def test_explain_reports_the_failed_import_of_a_scope_registry_module(
    tree, write_package
):
    root, _, _ = tree
    name = write_package(
        {"__init__.py": "", "registry.py": "raise RuntimeError('broken on purpose')"}
    )
    report = root.explain(f"{name}.Thing")
    assert report.scope_status == (
        f"scope '{name}': importing '{name}.registry' failed: RuntimeError: "
        "broken on purpose"
    )


def test_not_registered_error_chains_the_failed_scope_module_import(
    tree, write_package
):
    root, _, _ = tree
    name = write_package(
        {"__init__.py": "", "registry.py": "raise RuntimeError('broken on purpose')"}
    )
    with pytest.raises(NotRegisteredError) as info:
        root.build(dict(type=f"{name}.Thing"))
    assert isinstance(info.value.__cause__, RuntimeError)


def test_explain_reports_a_failed_location_elsewhere_in_the_tree(tree):
    root, _, _ = tree
    missing = _scope("nowhere")
    broken = Registry("model", parent=root, scope=_scope("broken"), locations=[missing])
    report = root.explain("Thing")
    assert report.import_errors == (
        f"{broken.scope}::model could not import its location '{missing}': "
        f"ModuleNotFoundError: No module named '{missing}'",
    )
    assert report.hints[0].startswith(f"make '{missing}' importable")


def test_not_registered_error_chains_the_failed_location_import(tree):
    root, _, _ = tree
    Registry("model", parent=root, scope=_scope("broken"), locations=[_scope("gone")])
    with pytest.raises(NotRegisteredError) as info:
        root.build(dict(type="Thing"))
    assert isinstance(info.value.__cause__, LocationImportError)


def test_explain_reports_a_failed_location_on_the_search_path(tree):
    _, det, _ = tree
    missing = _scope("nowhere")
    child = Registry("model", parent=det, scope=_scope("broken"), locations=[missing])
    report = child.explain("Thing")
    assert report.found is None
    assert f"could not import its location '{missing}'" in report.import_errors[0]


def test_explain_rejects_a_key_that_is_not_a_str(tree):
    root, _, _ = tree
    with pytest.raises(TypeError, match="key must be a str, but got int 3"):
        root.explain(3)  # type: ignore[arg-type]


def test_not_registered_error_message_is_the_explanation(tree):
    root, _, _ = tree
    with pytest.raises(NotRegisteredError) as info:
        root.build(dict(type="ResNte"))
    assert str(info.value) == str(root.explain("ResNte"))
    assert info.value.explanation == root.explain("ResNte")


def test_explain_changes_no_registry_and_no_default_scope(tree):
    root = tree[0]
    before = (
        [dict(reg.module_dict) for reg in tree],
        DefaultScope.get_current_instance(),
    )
    root.explain("ResNte")
    after = [dict(reg.module_dict) for reg in tree], DefaultScope.get_current_instance()
    assert before == after


@pytest.fixture
def installed_scope(write_package, tmp_path):
    """A root registry, and a package declaring a child scope through an entry point.

    Returns the names of the root's package and of the scope. scopereg reads
    the entry points once per process, so tests run in a fresh interpreter
    (``run_python``) that finds both packages and the entry point on its path.
    """
    base = write_package(
        {
            "__init__.py": "",
            "registry.py": "from scopereg import Registry\nROOT = Registry('model', scope='__PKG__')\n",
        }
    )
    name = write_package(
        {
            "__init__.py": "",
            "registry.py": f"""
                from scopereg import Registry
                from {base}.registry import ROOT

                MODELS = Registry("model", parent=ROOT, scope="__PKG__")
                MODELS.register_module(name="PointNetHead", module=dict)
            """,
        }
    )
    info = tmp_path / f"{name}-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0\n")
    (info / "entry_points.txt").write_text(
        f"[scopereg.scopes]\n{name} = {name}.registry\n"
    )
    return base, name


def run_python(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter with this sys.path; return its lines."""
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.splitlines()


def test_explain_sees_names_of_installed_scopes_not_imported_yet(installed_scope):
    base, scope = installed_scope
    printed = run_python(
        f"""
        import sys
        from {base}.registry import ROOT

        print("{scope}.registry" in sys.modules)
        print(ROOT.explain("PointNetHed").suggestions[0])
        """
    )
    assert printed == ["False", f"{scope}.PointNetHead"]


def test_explain_lists_a_failed_location_on_the_search_path_once(tree):
    _, det, _ = tree
    missing = _scope("nowhere")
    child = Registry("model", parent=det, scope=_scope("broken"), locations=[missing])
    assert len(child.explain("Thing").import_errors) == 1


def test_explain_of_a_scoped_key_says_to_register_in_that_scope(tree):
    root, det, _ = tree
    assert (
        f"<REGISTRY> is {det.scope}::model"
        in root.explain(f"{det.scope}.New").hints[-1]
    )
