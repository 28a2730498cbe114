"""With the bridge, mmengine.registry is scopereg, running mmengine's build functions."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch", reason="nox -s mmengine installs torch")
pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed  # noqa: E402

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

import mmengine.registry  # noqa: E402
from mmengine.model import Sequential  # noqa: E402
from mmengine.optim import MultiStepLR  # noqa: E402
from mmengine.registry import build_functions  # noqa: E402

import scopereg  # noqa: E402
from scopereg import testing  # noqa: E402
from scopereg.exceptions import NotRegisteredError  # noqa: E402

ROOTS = [
    "DATA_SAMPLERS",
    "DATASETS",
    "EVALUATOR",
    "FUNCTIONS",
    "HOOKS",
    "INFERENCERS",
    "LOG_PROCESSORS",
    "LOOPS",
    "METRICS",
    "MODEL_WRAPPERS",
    "MODELS",
    "OPTIM_WRAPPER_CONSTRUCTORS",
    "OPTIM_WRAPPERS",
    "OPTIMIZERS",
    "PARAM_SCHEDULERS",
    "RUNNER_CONSTRUCTORS",
    "RUNNERS",
    "STRATEGIES",
    "TASK_UTILS",
    "TRANSFORMS",
    "VISBACKENDS",
    "VISUALIZERS",
    "WEIGHT_INITIALIZERS",
]


def test_mmengine_registry_and_default_scope_are_scoperegs_classes():
    assert mmengine.registry.Registry is scopereg.Registry
    assert mmengine.registry.DefaultScope is scopereg.DefaultScope
    assert mmengine.Registry is scopereg.Registry  # the top-level re-export too


def test_every_mmengine_root_is_a_scopereg_root_of_scope_mmengine():
    roots = {name: getattr(mmengine.registry, name) for name in ROOTS}
    assert all(type(reg) is scopereg.Registry for reg in roots.values())
    assert {reg.scope for reg in roots.values()} == {"mmengine"}
    assert all(reg.parent is None for reg in roots.values())
    assert all(reg is not getattr(scopereg, name) for name, reg in roots.items())


def test_the_special_roots_keep_mmengines_own_build_functions():
    assert mmengine.registry.MODELS.build_func is build_functions.build_model_from_cfg
    assert (
        mmengine.registry.OPTIMIZERS.build_func
        is build_functions.build_optimizer_from_cfg
    )
    assert (
        mmengine.registry.PARAM_SCHEDULERS.build_func
        is build_functions.build_scheduler_from_cfg
    )
    assert mmengine.registry.RUNNERS.build_func is build_functions.build_runner_from_cfg
    assert build_functions.__file__.startswith(mmengine.__path__[0])


def test_generic_builds_are_scoperegs_build_from_cfg():
    assert mmengine.registry.build_from_cfg is scopereg.build_from_cfg
    assert build_functions.build_from_cfg is scopereg.build_from_cfg
    assert mmengine.registry.HOOKS.build_func is scopereg.build_from_cfg


def test_a_list_of_model_configs_builds_mmengines_sequential():
    with testing.snapshot():
        models = mmengine.registry.MODELS
        models.register_module(name="BridgeLinear", module=torch.nn.Linear)
        built = models.build(
            [
                dict(type="BridgeLinear", in_features=2, out_features=3),
                dict(type="BridgeLinear", in_features=3, out_features=1),
            ]
        )
    assert type(built) is Sequential
    assert [layer.out_features for layer in built] == [3, 1]


def test_an_optimizer_builds_from_the_optimizers_root_with_its_params():
    params = [torch.nn.Parameter(torch.zeros(2))]
    optimizer = mmengine.registry.OPTIMIZERS.build(
        dict(type="SGD", lr=0.5), default_args=dict(params=params)
    )
    assert type(optimizer) is torch.optim.SGD
    assert optimizer.param_groups[0]["lr"] == 0.5


def test_an_epoch_scheduler_converted_to_iterations_counts_iterations():
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    scheduler = mmengine.registry.PARAM_SCHEDULERS.build(
        dict(type="MultiStepLR", milestones=[2], convert_to_iter_based=True),
        default_args=dict(optimizer=optimizer, epoch_length=10),
    )
    assert type(scheduler) is MultiStepLR
    assert scheduler.by_epoch is False
    assert scheduler.milestones == {20: 1}


def test_a_runner_builds_through_its_classes_from_cfg():
    class Runner:
        @classmethod
        def from_cfg(cls, cfg):
            return ("from_cfg", dict(cfg))

    with testing.snapshot():
        mmengine.registry.RUNNERS.register_module(name="BridgeRunner", module=Runner)
        built = mmengine.registry.RUNNERS.build(
            dict(runner_type="BridgeRunner", work_dir="w")
        )
    assert built == ("from_cfg", {"runner_type": "BridgeRunner", "work_dir": "w"})


def test_an_unregistered_type_is_refused_by_scoperegs_error():
    with pytest.raises(NotRegisteredError, match="NoSuchHook"):
        mmengine.registry.HOOKS.build(dict(type="NoSuchHook"))


def test_a_dotted_type_stays_closed_without_an_allowlist():
    assert mmengine.registry.MODELS.get("torch.nn.ReLU") is None


def test_traverse_registry_tree_counts_mmengines_hooks():
    import mmengine.hooks

    info = mmengine.registry.traverse_registry_tree(
        mmengine.registry.HOOKS, verbose=False
    )
    assert info[0]["scope"] == "mmengine"
    assert info[0]["num_modules"] == len(mmengine.registry.HOOKS.module_dict) > 5


def test_count_registered_modules_reports_every_mmengine_root():
    data = mmengine.registry.count_registered_modules(verbose=False)
    assert set(data["registries"]) == set(ROOTS)
    assert data["registries"]["OPTIMIZERS"][0]["num_modules"] > 5


def test_init_default_scope_makes_the_scope_current():
    with testing.snapshot():
        mmengine.registry.init_default_scope("mmengine")
        current = mmengine.registry.DefaultScope.get_current_instance()
        assert current.scope_name == "mmengine"
