"""Train a toy regression model with mmengine's Runner; print a JSON report.

Run as ``python train_toy.py WORK_DIR`` (native mmengine) or through the
bridge (``python -m scopereg.mmengine train_toy.py WORK_DIR``, or with
``SCOPEREG_MMENGINE=1``). It trains 3 epochs with a checkpoint after each,
then resumes from the last checkpoint for a 4th epoch, and prints the losses
of every iteration, the validation metrics, the learning rates, and what
built each component, as one JSON object on the last line of stdout.
"""

from __future__ import annotations

import json
import os
import sys

import torch
from mmengine.evaluator import BaseMetric
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from mmengine.registry import (
    DATASETS,
    HOOKS,
    METRICS,
    MODELS,
    OPTIM_WRAPPERS,
    PARAM_SCHEDULERS,
    VISUALIZERS,
    DefaultScope,
)
from mmengine.runner import Runner
from mmengine.visualization import Visualizer
from torch.utils.data import Dataset

# mmengine 0.10.7 loads its own checkpoints with torch.load's default, which
# torch 2.6 made weights_only=True: a resume then refuses mmengine's message
# hub. This switch (torch's own) restores the old default for this program.
os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"

SCOPES_SEEN: list[str] = []


@MODELS.register_module()
class ToyRegressor(BaseModel):
    def __init__(self, width=8):
        super().__init__()
        current = DefaultScope.get_current_instance()
        SCOPES_SEEN.append(f"{type(current).__module__}:{current.scope_name}")
        self.body = torch.nn.Sequential(
            torch.nn.Linear(2, width), torch.nn.ReLU(), torch.nn.Linear(width, 1)
        )

    def forward(self, inputs, target, mode="tensor"):
        out = self.body(inputs)
        if mode == "loss":
            return {"loss": torch.nn.functional.mse_loss(out, target)}
        if mode == "predict":
            return [(o, t) for o, t in zip(out, target, strict=True)]
        return out


@DATASETS.register_module()
class ToyPoints(Dataset):
    def __init__(self, size=24, seed=7):
        generator = torch.Generator().manual_seed(seed)
        self.x = torch.rand(size, 2, generator=generator)
        self.y = (self.x[:, :1] * 3 - self.x[:, 1:] * 2 + 0.5).clone()
        self.metainfo = {"task": "toy"}

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return {"inputs": self.x[index], "target": self.y[index]}


@METRICS.register_module()
class MeanAbsError(BaseMetric):
    def process(self, data_batch, data_samples):
        for out, target in data_samples:
            self.results.append(float((out - target).abs().sum()))

    def compute_metrics(self, results):
        return {"mae": sum(results) / len(results)}


@HOOKS.register_module()
class RecordLoss(Hook):
    priority = "LOWEST"

    def __init__(self):
        self.losses = []
        self.lrs = []
        self.metrics = []

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self.losses.append(round(float(outputs["loss"]), 6))
        self.lrs.append(runner.optim_wrapper.get_lr()["lr"][0])

    def after_val_epoch(self, runner, metrics=None):
        self.metrics.append(round(metrics["mae"], 6))


def config(work_dir, max_epochs, resume):
    loader = dict(
        dataset=dict(type="ToyPoints"),
        batch_size=4,
        num_workers=0,
        collate_fn=dict(type="default_collate"),
    )
    return dict(
        work_dir=work_dir,
        experiment_name=f"toy-{max_epochs}",
        model=dict(type="ToyRegressor"),
        train_dataloader=dict(
            loader, sampler=dict(type="DefaultSampler", shuffle=True)
        ),
        val_dataloader=dict(loader, sampler=dict(type="DefaultSampler", shuffle=False)),
        val_evaluator=dict(type="MeanAbsError"),
        train_cfg=dict(by_epoch=True, max_epochs=max_epochs, val_interval=1),
        val_cfg=dict(),
        optim_wrapper=dict(
            type="OptimWrapper", optimizer=dict(type="SGD", lr=0.05, momentum=0.9)
        ),
        param_scheduler=dict(
            type="MultiStepLR", milestones=[2], gamma=0.5, convert_to_iter_based=True
        ),
        default_hooks=dict(
            checkpoint=dict(type="CheckpointHook", interval=1),
            logger=dict(type="LoggerHook", interval=1),
        ),
        custom_hooks=[dict(type="RecordLoss")],
        visualizer=dict(
            type="Visualizer",
            name="toy-vis",
            vis_backends=[dict(type="LocalVisBackend")],
        ),
        randomness=dict(seed=0),
        resume=resume,
        log_level="WARNING",
    )


def record_of(runner):
    hooks = {type(hook).__name__: hook for hook in runner.hooks}
    return hooks.pop("RecordLoss"), hooks


def main(work_dir):
    first = Runner.from_cfg(config(work_dir, max_epochs=3, resume=False))
    first.train()
    record, hooks = record_of(first)
    built = {
        "model": type(first.model) is MODELS.get("ToyRegressor"),
        "optim_wrapper": type(first.optim_wrapper)
        is OPTIM_WRAPPERS.get("OptimWrapper"),
        "scheduler": type(first.param_schedulers[0])
        is PARAM_SCHEDULERS.get("MultiStepLR"),
        "hooks": all(type(h) is HOOKS.get(n) for n, h in hooks.items()),
        # Built through get_instance (ManagerMixin), so it is the current one.
        "visualizer": Visualizer.check_instance_created("toy-vis")
        and Visualizer.get_instance("toy-vis") is first.visualizer
        and type(first.visualizer) is VISUALIZERS.get("Visualizer"),
        "dataset": type(first.train_dataloader.dataset) is DATASETS.get("ToyPoints"),
    }
    report = {
        "losses": record.losses,
        "lrs": record.lrs,
        "metrics": record.metrics,
        "hooks": sorted(hooks),
        "built": built,
        "registry_class": f"{type(MODELS).__module__}.{type(MODELS).__name__}",
        "scope": MODELS.scope,
        "scopes_seen": SCOPES_SEEN,
    }
    second = Runner.from_cfg(config(work_dir, max_epochs=4, resume=True))
    second.train()
    resumed, _ = record_of(second)
    report["resumed_losses"] = resumed.losses
    report["resumed_metrics"] = resumed.metrics
    report["resumed_epoch"] = second.epoch
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
