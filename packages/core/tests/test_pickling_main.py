"""Unpickling what a sender's ``__main__`` defined, where that script does not run.

A Ray worker, a Dask command-line worker or any fresh interpreter runs its
own ``__main__``, not the script that pickled a registry: a registry the
script created is not there, nor what the script registered. The errors say
so, and say how to ship the code (an importable module, installed or sent
with the engine's own means).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Bounds each run in time: a healthy one takes about a second.
TIMEOUT = 120

# Pickles the registry it creates (a scope given or not) to registry.pickle.
SENDER = """
    import pickle

    from scopereg import Registry

    MODELS = Registry("model"{scope})


    @MODELS.register_module()
    class Head:
        pass


    if __name__ == "__main__":
        with open("registry.pickle", "wb") as file:
            pickle.dump(MODELS, file)
"""

# Unpickles registry.pickle and builds 'Head' from it, printing the error.
RECEIVER = """
    import pickle

    try:
        with open("registry.pickle", "rb") as file:
            registry = pickle.load(file)
        registry.build({"type": "Head"})
    except Exception as err:
        print(type(err).__name__, err, sep=": ")
"""

# An importable package with the registry; the sender registers in __main__.
PACKAGE = {
    "mainapp/__init__.py": "",
    "mainapp/registry.py": """
        from scopereg import Registry

        MODELS = Registry("model", scope="mainapp")
    """,
    "sender.py": """
        import pickle

        from mainapp.registry import MODELS


        @MODELS.register_module()
        class Head:
            pass


        if __name__ == "__main__":
            with open("registry.pickle", "wb") as file:
                pickle.dump(MODELS, file)
    """,
}


def write(folder: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")


def run(folder: Path, script: str) -> str:
    """Run ``script`` in ``folder``; return what it printed."""
    done = subprocess.run(
        [sys.executable, script],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=folder,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("scope", ["", ", scope='mainonly'"], ids=["no scope", "scope"])
def test_a_registry_of_the_sender_main_says_where_it_lived_in_another_process(
    tmp_path: Path, scope: str
) -> None:
    write(tmp_path, {"sender.py": SENDER.format(scope=scope), "receiver.py": RECEIVER})
    run(tmp_path, "sender.py")

    printed = run(tmp_path, "receiver.py")

    assert printed.startswith("ScopeError: cannot unpickle registry "), printed
    assert (
        f"it was created in the sending process's __main__ ({tmp_path / 'sender.py'}"
        f"), which this process does not run (its __main__ is "
        f"{tmp_path / 'receiver.py'})"
    ) in printed
    assert (
        "fix: move what the script defines in __main__ (registries, the classes "
        "registered in them) into a module of an importable package"
    ) in printed
    assert "ray.init(runtime_env={'py_modules': [package]})" in printed
    assert "client.upload_file('module.py')" in printed


def test_a_named_scope_of_the_sender_main_also_says_what_importing_its_module_did(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "sender.py": SENDER.format(scope=", scope='mainonly'"),
            "receiver.py": RECEIVER,
        },
    )
    run(tmp_path, "sender.py")

    printed = run(tmp_path, "receiver.py")

    assert "importing 'mainonly.registry' created no such registry" in printed


def test_a_spawned_worker_of_the_same_script_is_told_to_move_the_registry_out_of_the_main_block(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "script.py": """
                import multiprocessing
                import pickle
                from concurrent.futures import ProcessPoolExecutor

                from scopereg import Registry


                def load(data):
                    try:
                        pickle.loads(data)
                    except Exception as err:
                        return str(err)


                if __name__ == "__main__":
                    MODELS = Registry("model")
                    spawn = multiprocessing.get_context("spawn")
                    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
                        print(pool.submit(load, pickle.dumps(MODELS)).result())
            """
        },
    )

    printed = run(tmp_path, "script.py")

    assert "which a spawned worker runs again as '__mp_main__'" in printed
    assert "fix: create the registry at the top level of the script" in printed


def test_a_name_the_sender_main_registered_is_missing_with_a_note_of_that_script(
    tmp_path: Path,
) -> None:
    write(tmp_path, {**PACKAGE, "receiver.py": RECEIVER})
    run(tmp_path, "sender.py")

    printed = run(tmp_path, "receiver.py")

    assert printed.startswith("NotRegisteredError: "), printed
    assert "Head" in printed.splitlines()[0]
    assert (
        f"this registry was unpickled from a process running {tmp_path / 'sender.py'}"
        " as __main__, which this process"
    ) in printed
    assert "fix: move what the script defines in __main__" in printed


def test_a_registry_sent_to_a_process_of_the_same_script_carries_no_such_note(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            **PACKAGE,
            "same.py": """
                import pickle
                import sys

                from mainapp.registry import MODELS
                from scopereg import Registry

                if sys.argv[1:] == ["send"]:
                    with open("registry.pickle", "wb") as file:
                        pickle.dump(MODELS, file)
                else:
                    with open("registry.pickle", "rb") as file:
                        registry = pickle.load(file)
                    try:
                        registry.build({"type": "Missing"})
                    except Exception as err:
                        print(err)
            """,
        },
    )
    subprocess.run(
        [sys.executable, "same.py", "send"], cwd=tmp_path, timeout=TIMEOUT, check=True
    )

    printed = run(tmp_path, "same.py")

    assert "Missing" in printed.splitlines()[0]
    assert "mainapp::model" in printed.splitlines()[0]
    assert "unpickled from a process running" not in printed


# Unpickles registry.pickle and pickles it again, as a Dask scheduler passes
# a task from the client on to a worker.
FORWARDER = """
    import pickle

    with open("registry.pickle", "rb") as file:
        registry = pickle.load(file)
    with open("registry.pickle", "wb") as file:
        pickle.dump(registry, file)
"""


def test_a_registry_passed_on_by_another_process_names_the_first_sender_script(
    tmp_path: Path,
) -> None:
    write(tmp_path, {**PACKAGE, "forwarder.py": FORWARDER, "receiver.py": RECEIVER})
    run(tmp_path, "sender.py")
    run(tmp_path, "forwarder.py")

    printed = run(tmp_path, "receiver.py")

    assert f"unpickled from a process running {tmp_path / 'sender.py'}" in printed


def test_a_child_registry_unpickles_in_a_fresh_process_through_its_root_scope_module(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "rootpkg/__init__.py": "",
            "rootpkg/registry.py": """
                from scopereg import Registry

                MODELS = Registry("model", scope="rootpkg")
                CHILD = Registry("model", parent=MODELS, scope="rootpkg_child")
            """,
            "send.py": """
                import pickle

                from rootpkg.registry import CHILD

                with open("registry.pickle", "wb") as file:
                    pickle.dump(CHILD, file)
            """,
            "load.py": """
                import pickle

                with open("registry.pickle", "rb") as file:
                    print(pickle.load(file).scope)
            """,
        },
    )
    run(tmp_path, "send.py")

    assert run(tmp_path, "load.py") == "rootpkg_child\n"
