import asyncio

import ray
from app.registry import build_head

from scopereg import DefaultScope, current_scope


@ray.remote
def task():
    return build_head()


@ray.remote(max_concurrency=2)
class Threaded:
    """Runs its calls on a pool of two threads."""

    def build(self):
        return build_head()


@ray.remote
class Async:
    """Runs its calls as asyncio tasks of one event loop."""

    async def build(self):
        await asyncio.sleep(0)
        return build_head()


if __name__ == "__main__":
    with DefaultScope("det"):
        captured = current_scope()
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"worker_process_setup_hook": captured.init_process},
    )
    print("task:", ray.get(task.remote()))
    for actor_class in (Threaded, Async):
        actor = actor_class.remote()
        built = ray.get([actor.build.remote() for _ in range(4)])
        print(f"{actor_class.__ray_actor_class__.__name__} actor:", built)
        ray.kill(actor)
    ray.shutdown()
