import functools

import torch
from app.registry import build_head
from torch.utils.data import DataLoader, Dataset

from scopereg import DefaultScope, current_scope


class HeadDataset(Dataset):
    """Builds one part per sample, in the worker that loads the sample."""

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return build_head(), torch.initial_seed()


def seed_worker(worker_id, seed):
    """A seeding worker_init_fn, like the one mmengine passes its loaders."""
    torch.manual_seed(seed + worker_id)


def load(context, worker_init_fn):
    loader = DataLoader(
        HeadDataset(),
        batch_size=None,
        num_workers=2,
        multiprocessing_context=context,
        worker_init_fn=worker_init_fn,
    )
    return [head for head, _ in loader]


if __name__ == "__main__":
    with DefaultScope("det"):
        captured = current_scope()
    for context in ("fork", "spawn", "forkserver"):
        print(f"{context}, init_process:", load(context, captured.init_process))
    print("fork, no init:", load("fork", None))
    wrapped = captured.wrap(torch.manual_seed)  # the scope ends when it returns
    print("fork, wrap(torch.manual_seed):", load("fork", wrapped))
    seeded = DataLoader(
        HeadDataset(),
        batch_size=None,
        num_workers=2,
        multiprocessing_context="spawn",
        worker_init_fn=captured.chain_init(functools.partial(seed_worker, seed=1000)),
    )
    print("spawn, chain_init(seed_worker):", [tuple(item) for item in seeded])
