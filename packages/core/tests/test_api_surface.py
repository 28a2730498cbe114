"""The public API: mmengine.registry's names and signatures, and a cheap import."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import scopereg
from scopereg import Registry, build_runner_from_cfg, exceptions, testing

EMPTY = inspect.Parameter.empty

# Every public name of mmengine.registry (0.10.7) not tied to torch.
MMENGINE_ROOT_REGISTRIES = {
    "RUNNERS": "runner",
    "RUNNER_CONSTRUCTORS": "runner constructor",
    "LOOPS": "loop",
    "HOOKS": "hook",
    "STRATEGIES": "strategy",
    "DATASETS": "dataset",
    "DATA_SAMPLERS": "data sampler",
    "TRANSFORMS": "transform",
    "MODELS": "model",
    "MODEL_WRAPPERS": "model_wrapper",
    "WEIGHT_INITIALIZERS": "weight initializer",
    "OPTIMIZERS": "optimizer",
    "OPTIM_WRAPPERS": "optim_wrapper",
    "OPTIM_WRAPPER_CONSTRUCTORS": "optimizer wrapper constructor",
    "PARAM_SCHEDULERS": "parameter scheduler",
    "METRICS": "metric",
    "EVALUATOR": "evaluator",
    "TASK_UTILS": "task util",
    "VISUALIZERS": "visualizer",
    "VISBACKENDS": "vis_backend",
    "LOG_PROCESSORS": "log_processor",
    "INFERENCERS": "inferencer",
    "FUNCTIONS": "function",
}
MMENGINE_NAMES = [
    "Registry",
    "DefaultScope",
    "build_from_cfg",
    "build_runner_from_cfg",
    "init_default_scope",
    "count_registered_modules",
    "traverse_registry_tree",
    *MMENGINE_ROOT_REGISTRIES,
]
EXCEPTIONS = {
    "RegistryError": Exception,
    "NotRegisteredError": KeyError,
    "DuplicateRegistrationError": KeyError,
    "MissingTypeError": KeyError,
    "InvalidRegistrationError": TypeError,
    "InvalidConfigError": TypeError,
    "ScopeError": ValueError,
    "LocationImportError": ImportError,
    "ConfigError": Exception,
}


@pytest.mark.parametrize("name", MMENGINE_NAMES)
def test_every_mmengine_registry_name_is_exported(name):
    assert name in scopereg.__all__
    assert hasattr(scopereg, name)


def test_every_name_in_all_exists_once():
    assert len(set(scopereg.__all__)) == len(scopereg.__all__)
    assert [name for name in scopereg.__all__ if not hasattr(scopereg, name)] == []


def test_there_are_23_root_registries():
    roots = [
        name
        for name in scopereg.__all__
        if isinstance(getattr(scopereg, name), Registry)
    ]
    assert sorted(roots) == sorted(MMENGINE_ROOT_REGISTRIES)


@pytest.mark.parametrize(("variable", "name"), MMENGINE_ROOT_REGISTRIES.items())
def test_root_registry_has_mmengines_name_and_is_a_root(variable, name):
    registry = getattr(scopereg, variable)
    assert (registry.name, registry.scope, registry.parent) == (name, "scopereg", None)


def test_root_registries_are_roots_of_separate_trees(new_scope):
    roots = {name: getattr(scopereg, name) for name in MMENGINE_ROOT_REGISTRIES}
    scope = new_scope("api")
    with testing.snapshot(*roots.values()):
        child = Registry("model", parent=scopereg.MODELS, scope=scope)
        found = {name: reg.registry_of_scope(scope) for name, reg in roots.items()}

    assert [name for name, reg in roots.items() if reg.root is not reg] == []
    assert len({id(reg) for reg in roots.values()}) == len(roots)
    assert found == {name: child if name == "MODELS" else None for name in roots}


def test_runners_build_with_build_runner_from_cfg():
    assert scopereg.RUNNERS.build_func is build_runner_from_cfg


@pytest.mark.parametrize(
    "variable",
    sorted(set(MMENGINE_ROOT_REGISTRIES) - {"RUNNERS", "MODELS", "PARAM_SCHEDULERS"}),
)
def test_other_roots_build_with_build_from_cfg(variable):
    # MODELS and PARAM_SCHEDULERS have their own build functions (see
    # tests/torch and test_model_build.py); the others use the plain one.
    assert getattr(scopereg, variable).build_func is scopereg.build_from_cfg


@pytest.mark.parametrize(("name", "base"), EXCEPTIONS.items())
def test_exception_is_exported_and_subclasses_the_builtin_users_catch(name, base):
    cls = getattr(exceptions, name)
    assert getattr(scopereg, name) is cls
    assert issubclass(cls, base)
    assert issubclass(cls, exceptions.RegistryError)


def test_scope_fallback_warning_is_a_user_warning():
    assert issubclass(scopereg.ScopeFallbackWarning, UserWarning)


def test_registry_is_generic():
    assert Registry[int] is not None


def test_version_is_a_string():
    assert isinstance(scopereg.__version__, str)
    assert scopereg.__version__


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        scopereg.nope  # noqa: B018


# -- signatures (mmengine-compatible parameter names and defaults) -----------------------


def _params(func) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(func).parameters.values()]


SIGNATURES = {
    "build_from_cfg": (
        scopereg.build_from_cfg,
        # mmengine's three parameters, plus scopereg's keyword-only opt-in.
        [
            ("cfg", EMPTY),
            ("registry", EMPTY),
            ("default_args", None),
            ("recursive", False),
        ],
    ),
    "build_runner_from_cfg": (
        scopereg.build_runner_from_cfg,
        [("cfg", EMPTY), ("registry", EMPTY)],
    ),
    "init_default_scope": (scopereg.init_default_scope, [("scope", EMPTY)]),
    "count_registered_modules": (
        scopereg.count_registered_modules,
        [("save_path", None), ("verbose", True)],
    ),
    "traverse_registry_tree": (
        scopereg.traverse_registry_tree,
        [("registry", EMPTY), ("verbose", True)],
    ),
    "Registry.register_module": (
        Registry.register_module,
        [("self", EMPTY), ("name", None), ("force", False), ("module", None)],
    ),
    "Registry._register_module": (
        Registry._register_module,
        [("self", EMPTY), ("module", EMPTY), ("module_name", None), ("force", False)],
    ),
    "Registry.get": (Registry.get, [("self", EMPTY), ("key", EMPTY)]),
    "Registry.build": (
        Registry.build,
        [("self", EMPTY), ("cfg", EMPTY), ("args", EMPTY), ("kwargs", EMPTY)],
    ),
    "Registry.switch_scope_and_registry": (
        Registry.switch_scope_and_registry,
        [("self", EMPTY), ("scope", EMPTY)],
    ),
    "Registry.split_scope_key": (Registry.split_scope_key, [("key", EMPTY)]),
    "Registry.infer_scope": (Registry.infer_scope, []),
    "Registry.import_from_location": (Registry.import_from_location, [("self", EMPTY)]),
    "DefaultScope.get_instance": (
        scopereg.DefaultScope.get_instance,
        [("name", EMPTY), ("kwargs", EMPTY)],
    ),
    "DefaultScope.get_current_instance": (
        scopereg.DefaultScope.get_current_instance,
        [],
    ),
    "DefaultScope.check_instance_created": (
        scopereg.DefaultScope.check_instance_created,
        [("name", EMPTY)],
    ),
    "DefaultScope.overwrite_default_scope": (
        scopereg.DefaultScope.overwrite_default_scope,
        [("scope_name", EMPTY)],
    ),
}


@pytest.mark.parametrize("qualname", list(SIGNATURES))
def test_signature_matches_mmengine(qualname):
    func, expected = SIGNATURES[qualname]
    assert _params(func) == expected


def test_registry_constructor_signature_matches_mmengine():
    params = inspect.signature(Registry.__init__).parameters
    assert list(params) == [
        "self",
        "name",
        "build_func",
        "parent",
        "scope",
        "locations",
    ]
    assert [params[name].default for name in ("build_func", "parent", "scope")] == [
        None,
        None,
        None,
    ]
    assert len(params["locations"].default) == 0


def test_default_scope_constructor_takes_name_and_scope_name():
    params = inspect.signature(scopereg.DefaultScope.__init__).parameters
    assert list(params) == ["self", "name", "scope_name"]


def test_registry_positional_arguments_follow_mmengines_order(new_scope):
    def build_func(cfg, registry):
        return "built"

    root = Registry("model", None, None, new_scope("root"))
    child = Registry("model", build_func, root, new_scope("child"), ["x.models"])
    assert (child.build_func, child.parent, child.locations) == (
        build_func,
        root,
        ("x.models",),
    )


# -- import cost ------------------------------------------------------------------------------

_PROBE = """
import json, sys
before = set(sys.modules)
import scopereg
print(json.dumps(sorted(set(sys.modules) - before)))
"""


@pytest.fixture(scope="module")
def modules_imported_by_import_scopereg() -> list[str]:
    src = str(Path(scopereg.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, *sys.path])}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    return json.loads(out)


@pytest.mark.parametrize(
    "module",
    [
        "inspect",
        "difflib",
        "logging",
        "dataclasses",
        "importlib.metadata",
        "srdet",
        "sr3d",
        "scopereg.builtins",
    ],
)
def test_import_scopereg_does_not_import(modules_imported_by_import_scopereg, module):
    assert module not in modules_imported_by_import_scopereg


def test_import_scopereg_imports_only_itself_and_the_standard_library(
    modules_imported_by_import_scopereg,
):
    top_levels = {
        name.partition(".")[0] for name in modules_imported_by_import_scopereg
    }
    foreign = {
        name
        for name in top_levels - {"scopereg"}
        if name not in sys.stdlib_module_names
    }
    assert foreign == set()
