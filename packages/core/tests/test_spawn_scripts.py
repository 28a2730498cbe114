"""Registries a script creates reach spawn and forkserver workers.

Such a worker runs the parent's main script again as module '__mp_main__';
its registries get the scope '__main__' there too, so a registry sent to the
worker by reference finds its copy. One that cannot be found says where it
was created and what to change.
"""

from __future__ import annotations

import multiprocessing
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Bounds each run in time: a healthy one takes about a second.
TIMEOUT = 120

SCRIPT = """
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    from scopereg import Registry

    MODELS = Registry("model")


    @MODELS.register_module()
    class Head:
        pass


    def build(registry):
        return type(registry.build({"type": "Head"})).__name__


    if __name__ == "__main__":
        context = multiprocessing.get_context(sys.argv[1])
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            print(MODELS.scope, pool.submit(build, MODELS).result())
"""

# Creates its registry inside the main block, which a worker does not run,
# and pickles it to the file named on the command line.
SCRIPT_MAIN_ONLY = """
    import pickle
    import sys

    from scopereg import Registry

    if __name__ == "__main__":
        MODELS = Registry("model")
        with open(sys.argv[1], "wb") as file:
            pickle.dump(MODELS, file)
"""


def run(tmp_path: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Write ``source`` as script.py in ``tmp_path`` and run it there."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=tmp_path,
        check=False,
    )


def test_a_registry_the_main_script_creates_as_mp_main_gets_the_main_scope(
    tmp_path: Path, new_scope
) -> None:
    # What a spawn worker does with the parent's script (multiprocessing.spawn).
    script = tmp_path / "script.py"
    name = new_scope("model")
    script.write_text(f"from scopereg import Registry\nREG = Registry({name!r})\n")

    namespace = runpy.run_path(str(script), run_name="__mp_main__")

    assert namespace["REG"].scope == "__main__"


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_registry_a_script_creates_builds_in_a_worker_it_is_sent_to(
    tmp_path: Path, method: str
) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"this platform has no {method} start method")

    result = run(tmp_path, SCRIPT, method)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "__main__ Head\n"


# Unpickles the file named on the command line in a fresh interpreter.
LOAD = """
import pickle, sys
try:
    pickle.loads(open(sys.argv[1], "rb").read())
except Exception as err:
    print(type(err).__name__, err, sep=": ")
"""


def test_a_script_registry_that_a_process_lacks_names_where_it_was_created(
    tmp_path: Path,
) -> None:
    pickled = tmp_path / "registry.pickle"
    assert run(tmp_path, SCRIPT_MAIN_ONLY, str(pickled)).returncode == 0
    script = tmp_path / "script.py"
    line = script.read_text().splitlines().index('    MODELS = Registry("model")') + 1

    loaded = subprocess.run(
        [sys.executable, "-c", LOAD, str(pickled)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )

    assert loaded.stdout.startswith(
        "ScopeError: cannot unpickle registry __main__::model: no such registry "
        "in this process\n"
    ), loaded.stderr
    assert f"it was created at {script}:{line} in the pickling process" in (
        loaded.stdout
    )
    # That process runs no script: moving the registry within the script
    # would not help, shipping it in an importable module does.
    assert "fix: move what the script defines in __main__" in loaded.stdout
