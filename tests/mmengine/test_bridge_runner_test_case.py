"""A suite written as downstream projects write theirs passes on the bridge.

OpenMMLab projects subclass ``mmengine.testing.RunnerTestCase``: its
``setUp`` registers a toy model, dataset and metric in mmengine's roots and
prepares epoch- and iteration-based configs; its ``tearDown`` clears
mmengine's global instances (loggers, visualizers, message hubs and
``DefaultScope._instance_dict``) and removes the toy entries.
"""

from __future__ import annotations

import pytest

pytest.importorskip("torch", reason="nox -s mmengine installs torch")
pytest.importorskip("mmengine", reason="nox -s mmengine installs mmengine-lite")
from scopereg.mmengine import installed

if not installed():
    pytest.skip("needs SCOPEREG_MMENGINE=1: nox -s mmengine", allow_module_level=True)

from mmengine.registry import DATASETS, METRICS, MODELS, DefaultScope
from mmengine.testing import RunnerTestCase

import scopereg


class TestToyProjectOnTheBridge(RunnerTestCase):
    def test_epoch_based_training_runs_its_two_epochs(self):
        runner = self.build_runner(self.epoch_based_cfg)
        runner.train()
        assert runner.epoch == 2

    def test_iteration_based_training_runs_its_twelve_iterations(self):
        runner = self.build_runner(self.iter_based_cfg)
        runner.train()
        assert runner.iter == 12

    def test_the_test_loop_reports_the_toy_metric(self):
        runner = self.build_runner(self.epoch_based_cfg)
        metrics = runner.test()
        assert metrics == {"acc": 1}

    def test_setup_registers_the_toy_parts_in_scopereg_registries(self):
        for registry, name in ((MODELS, "ToyModel"), (DATASETS, "ToyDataset")):
            assert type(registry) is scopereg.Registry
            assert registry.get(name) is not None
        assert METRICS.get("ToyMetric") is not None

    def test_a_runner_makes_its_default_scope_current(self):
        self.build_runner(self.epoch_based_cfg)
        assert DefaultScope.get_current_instance().scope_name == "mmengine"

    def test_teardown_resets_the_default_scope_a_runner_set(self):
        self.build_runner(self.epoch_based_cfg)
        self.tearDown()
        try:
            assert DefaultScope.get_current_instance() is None
            assert MODELS.get("ToyModel") is None
        finally:
            self.setUp()  # the test's own tearDown runs after this
