import pickle
import sys

from app.registry import DET_MODELS, build_head
from dask.distributed import Client

from scopereg import DefaultScope, Registry, current_scope

# Created and registered in the script: a `dask worker` process never runs it.
SCRIPT_MODELS = Registry("model")


@DET_MODELS.register_module(name="Neck")
class ScriptNeck:
    pass


def first_fix(func, *args):
    """Call func; return the error's type and the start of its first fix."""
    try:
        func(*args)
    except Exception as err:
        fix = next(line for line in str(err).splitlines() if "fix:" in line)
        return f"{type(err).__name__}, {fix.strip()[:63]}..."


def build_neck(registry):
    return registry.build({"type": "Neck"})


if __name__ == "__main__":
    with DefaultScope("det"):
        captured = current_scope()
    with Client(sys.argv[1]) as client:
        client.wait_for_workers(1, timeout=60)
        print("plain task:", client.submit(build_head, pure=False).result())
        print("wrapped task:", client.submit(captured.wrap(build_head)).result())
        data = pickle.dumps(SCRIPT_MODELS)
        print("script registry:", client.submit(first_fix, pickle.loads, data).result())
        print(
            "script class:", client.submit(first_fix, build_neck, DET_MODELS).result()
        )
