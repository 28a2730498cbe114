import os

import torch.distributed as dist
from app.registry import build_head, scope_name

from scopereg import init_default_scope

if __name__ == "__main__":
    dist.init_process_group("gloo")  # rank and world size from torchrun
    init_default_scope("det")  # each rank is a process: set it in each
    report = (dist.get_rank(), os.environ["LOCAL_RANK"], scope_name(), build_head())
    reports = [None] * dist.get_world_size()
    dist.all_gather_object(reports, report)
    if dist.get_rank() == 0:
        for rank, local_rank, scope, built in reports:
            print(f"rank {rank} (local rank {local_rank}): {built} in scope {scope!r}")
    dist.destroy_process_group()
