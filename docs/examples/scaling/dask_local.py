from app.registry import build_head, build_like_a_runner, scope_name
from dask.distributed import Client, LocalCluster, WorkerPlugin

from scopereg import DefaultScope, current_scope


class ScopePlugin(WorkerPlugin):
    """Sets the captured scope as the default of every worker process."""

    def __init__(self, captured):
        self.captured = captured

    def setup(self, worker):
        self.captured.init_process()


if __name__ == "__main__":
    with DefaultScope("det"):
        captured = current_scope()
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=2,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        print("plain task:", client.submit(build_head, pure=False).result())
        print("wrapped task:", client.submit(captured.wrap(build_head)).result())
        tidy = captured.wrap(build_like_a_runner, task=True)
        print("task-scoped:", client.submit(tidy, "det", pure=False).result())
        print("  afterwards:", set(client.run(scope_name).values()))
        client.register_plugin(ScopePlugin(captured))
        built = client.gather(client.map(build_head, range(8), pure=False))
        print("after the plugin:", sorted(set(built)), "in", len(built), "tasks")
