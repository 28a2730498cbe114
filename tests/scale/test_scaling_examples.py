"""Every example of docs/scaling.md runs and prints what the page shows.

Each runs in a copy of docs/examples/scaling (the scripts and the package
``app`` they import), on loopback only, two workers or ranks at most, with a
time bound. Every process an example starts carries a marker in its
environment; once the example is done none may be left.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples" / "scaling"
PAGE = ROOT / "docs" / "scaling.md"
# How each example runs; `python` is this interpreter. The page shows the
# file and, next to it, its output: the file of the same name ending `.out`.
RUNS = {
    "torch_spawn.py": ["python", "torch_spawn.py"],
    "torchrun.sh": ["bash", "torchrun.sh"],
    "loader_workers.py": ["python", "loader_workers.py"],
    "ray_tasks.py": ["python", "ray_tasks.py"],
    "ray_actors.py": ["python", "ray_actors.py"],
    "dask_local.py": ["python", "dask_local.py"],
    "dask_cli.sh": ["bash", "dask_cli.sh"],
}
# Bounds one example in time: the slowest takes about 40 s here.
TIMEOUT = 300
# How long processes an example started may take to exit after it did.
GRACE = 30
MARKER = "SCOPEREG_SCALE_RUN"
INCLUDE = re.compile(r"^```\{literalinclude\} examples/scaling/(\S+)$", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def marked(run_id: str) -> list[psutil.Process]:
    """Return the live processes whose environment carries ``run_id``."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get(MARKER) == run_id:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def leftovers(run_id: str) -> list[str]:
    """Wait for the example's processes to exit; kill and name any that do not."""
    deadline = time.monotonic() + GRACE
    while (left := marked(run_id)) and time.monotonic() < deadline:
        time.sleep(0.5)
    names = []
    for process in left:
        try:
            names.append(" ".join(process.cmdline()) or process.name())
            process.kill()
        except psutil.NoSuchProcess:
            continue
    return names


def run_example(name: str, folder: Path) -> subprocess.CompletedProcess[str]:
    run_id = uuid.uuid4().hex
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        MARKER: run_id,
        "PORT": str(free_port()),
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        # The examples talk to 127.0.0.1 only: Ray reports usage statistics
        # unless told not to, and binds its one-machine cluster to this
        # machine's network address unless it runs as on a laptop (loopback).
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
    }
    command = [sys.executable if arg == "python" else arg for arg in RUNS[name]]
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        stderr += f"\n[the example ran over {TIMEOUT} s and was killed]"
    left = leftovers(run_id)
    assert not left, f"{name} left processes running: {left}"
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def test_the_page_shows_every_example_with_its_output() -> None:
    shown = INCLUDE.findall(PAGE.read_text(encoding="utf-8"))
    outputs = [f"{Path(name).stem}.out" for name in RUNS]
    # Files shown that are not run themselves: the shell scripts run them.
    helpers = {"app/registry.py", "torchrun_ranks.py", "dask_client.py"}

    assert [file for file in shown if file in RUNS] == list(RUNS)
    assert [file for file in shown if file in outputs] == outputs
    assert set(shown) == {*RUNS, *outputs, *helpers}
    assert "torchrun_ranks.py" in (EXAMPLES / "torchrun.sh").read_text()
    assert "dask_client.py" in (EXAMPLES / "dask_cli.sh").read_text()


@pytest.mark.parametrize("name", list(RUNS))
def test_the_example_prints_what_the_page_shows(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "scaling"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("__pycache__"))
    expected = (EXAMPLES / f"{Path(name).stem}.out").read_text(encoding="utf-8")

    run = run_example(name, folder)

    assert run.returncode == 0, run.stderr[-4000:]
    assert run.stdout == expected, run.stderr[-4000:]
