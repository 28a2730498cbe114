"""Measure the figures of docs/scaling.md: sizes and round-trip costs.

Not a test (no ``test_`` prefix): ``python tests/scale/measure.py`` in the
scale session's virtualenv (``.nox/scale``) prints a Markdown table. Run it
from docs/examples/scaling, so that the package ``app`` imports. Medians of
repeated runs, on loopback, two workers or ranks; the timings depend on the
machine, so no test checks them.
"""

from __future__ import annotations

import os
import pickle
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

REPEAT = 200


def median_us(func: Callable[[], Any], repeat: int = REPEAT) -> float:
    """Return the median time of ``func()`` in microseconds, after a warm-up."""
    for _ in range(5):
        func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def echo(value: Any) -> Any:
    return value


FRESH = """
import pickle, sys, time
data = sys.stdin.buffer.read()
start = time.perf_counter()
pickle.loads(data)
first = time.perf_counter() - start
start = time.perf_counter()
for _ in range(1000):
    pickle.loads(data)
print(first * 1e6, (time.perf_counter() - start) * 1e3)
"""


def main() -> None:
    from app.registry import DET_MODELS, MODELS, build_head

    from scopereg import DefaultScope, Registry, current_scope

    rows: list[tuple[str, str]] = []
    with DefaultScope("det"):
        captured = current_scope()
    big = Registry("model", scope="measure_big")
    for index in range(10_000):
        big.register_module(name=f"Part{index}", module=type(f"Part{index}", (), {}))
    rows.append(
        ("pickled registry `app::model` (2 entries)", f"{len(pickle.dumps(MODELS))} B")
    )
    rows.append(
        (
            "pickled registry `det::model` (child of `app`)",
            f"{len(pickle.dumps(DET_MODELS))} B",
        )
    )
    rows.append(("pickled registry with 10,000 entries", f"{len(pickle.dumps(big))} B"))
    rows.append(("pickled `CapturedScope('det')`", f"{len(pickle.dumps(captured))} B"))
    rows.append(
        (
            "pickled `captured.wrap(build_head)`",
            f"{len(pickle.dumps(captured.wrap(build_head)))} B",
        )
    )
    rows.append(
        (
            "registry pickle + unpickle, same process",
            f"{median_us(lambda: pickle.loads(pickle.dumps(MODELS))):.1f} µs",
        )
    )
    data = pickle.dumps(DET_MODELS)
    firsts, loops = [], []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", FRESH], input=data, capture_output=True, check=True
        ).stdout.split()
        firsts.append(float(out[0]))
        loops.append(float(out[1]))
    rows.append(
        (
            "first unpickle in a fresh process (imports `app.registry`)",
            f"{statistics.median(firsts) / 1000:.1f} ms",
        )
    )
    rows.append(("later unpickles there", f"{statistics.median(loops):.1f} µs"))

    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    task = ray.remote(echo)
    for label, value in (
        ("None", None),
        ("a registry", DET_MODELS),
        ("a captured scope", captured),
    ):
        rows.append(
            (
                f"Ray task round trip, argument {label}",
                f"{median_us(lambda v=value: ray.get(task.remote(v))) / 1000:.2f} ms",
            )
        )
    wrapped = ray.remote(captured.wrap(echo))
    rows.append(
        (
            "Ray task round trip, `ray.remote(captured.wrap(fn))`",
            f"{median_us(lambda: ray.get(wrapped.remote(None))) / 1000:.2f} ms",
        )
    )
    ray.shutdown()

    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        for label, value in (
            ("None", None),
            ("a registry", DET_MODELS),
            ("a captured scope", captured),
        ):
            rows.append(
                (
                    f"Dask task round trip, argument {label}",
                    f"{median_us(lambda v=value: client.submit(echo, v, pure=False).result()) / 1000:.2f} ms",
                )
            )
        dask_wrapped = captured.wrap(echo)
        rows.append(
            (
                "Dask task round trip, `captured.wrap(fn)`",
                f"{median_us(lambda: client.submit(dask_wrapped, None, pure=False).result()) / 1000:.2f} ms",
            )
        )

    print("| What | Median |")
    print("|---|---|")
    for what, figure in rows:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    # Loopback only: no usage statistics, Ray's cluster on 127.0.0.1.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    sys.path.insert(0, os.getcwd())
    main()
