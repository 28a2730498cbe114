import os
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from app.registry import DET_MODELS, MODELS
from torch.nn.parallel import DistributedDataParallel

from scopereg import DefaultScope, current_scope


@DET_MODELS.register_module(name="Net")
class DetNet(torch.nn.Linear):
    def __init__(self):
        super().__init__(4, 2)


def rank_main(rank, world_size, port):
    dist.init_process_group(
        "gloo",
        init_method=f"tcp://127.0.0.1:{port}",
        rank=rank,
        world_size=world_size,
    )
    sent = [None, None, None]
    if rank == 0:
        with DefaultScope("det"):
            sent = [{"type": "Net"}, MODELS, current_scope()]
    dist.broadcast_object_list(sent, src=0)
    cfg, registry, captured = sent
    with captured:
        model = DistributedDataParallel(registry.build(cfg))
    model(torch.full((3, 4), float(rank))).sum().backward()
    grad = model.module.weight.grad
    report = (rank, type(model.module).__name__, registry is MODELS, grad)
    reports = [None] * world_size
    dist.all_gather_object(reports, report)
    if rank == 0:
        for other, built, same_registry, other_grad in reports:
            print(
                f"rank {other}: built {built} in scope {captured.scope_name!r}, "
                f"registry is this rank's MODELS: {same_registry}, "
                f"gradient as rank 0's: {torch.equal(other_grad, grad)}"
            )
    dist.destroy_process_group()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    os.environ["GLOO_SOCKET_IFNAME"] = "lo"  # gloo on the loopback device
    mp.spawn(rank_main, args=(2, free_port()), nprocs=2)
