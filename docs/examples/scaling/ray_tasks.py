import pickle

import ray
from app.registry import MODELS, build_head, build_like_a_runner

from scopereg import DefaultScope, Registry, current_scope

# Created in the script: it exists only where the script runs as __main__.
SCRIPT_MODELS = Registry("model")


@ray.remote
def build_from(registry, cfg, captured):
    with captured.task():  # the scope for this task only
        return type(registry.build(cfg)).__name__


@ray.remote
class Worker:
    """One worker process: every call runs in the same process."""

    def call(self, func, *args):
        return func(*args)


def unpickle(data):
    """Unpickle data; return the error's first line and the start of its fix."""
    try:
        pickle.loads(data)
    except Exception as err:
        lines = str(err).splitlines()
        return f"{lines[0]}\n  {lines[-1].strip()[:63]}..."


if __name__ == "__main__":
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    with DefaultScope("det"):
        captured = current_scope()

    print("plain task:", ray.get(ray.remote(build_head).remote()))
    print("wrapped task:", ray.get(ray.remote(captured.wrap(build_head)).remote()))
    sent = build_from.remote(MODELS, {"type": "Head"}, captured)
    print("registry and scope sent:", ray.get(sent))

    leaky = Worker.remote()
    print("runner-like call:", ray.get(leaky.call.remote(build_like_a_runner, "det")))
    print("  next call, same worker:", ray.get(leaky.call.remote(build_head)))
    ray.kill(leaky)  # one actor process at a time
    tidy = Worker.remote()
    task_scoped = captured.wrap(build_like_a_runner, task=True)
    print("task-scoped call:", ray.get(tidy.call.remote(task_scoped, "det")))
    print("  next call, same worker:", ray.get(tidy.call.remote(build_head)))

    data = pickle.dumps(SCRIPT_MODELS)
    print("script registry:", ray.get(ray.remote(unpickle).remote(data)))
    ray.shutdown()
