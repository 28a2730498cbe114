"""Which registries came from a process running another main script.

A process that does not run the sender's script (a Ray worker, a Dask
command-line worker, a fresh interpreter) has nothing of what that script
defines in ``__main__``. :mod:`scopereg._pickling` records each registry it
unpickles from such a sender; the error of a name missing from one of them
(:mod:`scopereg._explain`) reads the record. Nothing reads it on success.
"""

from __future__ import annotations

import functools
import os
import sys
import weakref
from typing import Any, Final

__all__ = [
    "SHIP_FIX",
    "main_script",
    "note",
    "record",
    "runs_another_script",
    "sender_script",
]

SHIP_FIX: Final = (
    "move what the script defines in __main__ (registries, the classes "
    "registered in them) into a module of an importable package, and make "
    "that package importable where the workers run: install it there, or "
    "ship it (Ray: "
    "ray.init(runtime_env={'py_modules': [package]}) or {'working_dir': '.'}; "
    "Dask: client.upload_file('module.py'))"
)
"""How to make what a script defines reach workers that do not run it."""

# Registry -> the sender's main script; weak, so records die with registries.
_senders: Final[weakref.WeakKeyDictionary[Any, str]] = weakref.WeakKeyDictionary()


def main_script() -> str | None:
    """Return the file this process runs as ``__main__``, if any.

    Examples:
        >>> main_script() is None or main_script().endswith(".py")
        True
    """
    return _file_of(sys.modules.get("__main__"))


@functools.lru_cache(maxsize=1)  # every pickled registry asks
def _file_of(module: object) -> str | None:
    file = getattr(module, "__file__", None)
    return file if isinstance(file, str) else None


@functools.lru_cache(maxsize=64)  # asked on every unpickle of a registry
def same_file(first: str, second: str) -> bool:
    """Tell whether two paths name one file."""
    return os.path.realpath(first) == os.path.realpath(second)


def runs_another_script(script: str | None) -> bool:
    """Tell whether a sender ran ``script`` as ``__main__`` and this process not.

    Examples:
        >>> runs_another_script(None)
        False
    """
    if script is None:
        return False
    here = main_script()
    return here is None or not same_file(here, script)


def record(registry: object, script: str) -> None:
    """Remember that ``registry`` was unpickled from a process running ``script``."""
    _senders[registry] = script


def sender_script(registry: object) -> str | None:
    """Return the main script a pickle of ``registry`` names: the first sender's.

    A process that passes on a registry it received (a Dask scheduler
    forwarding a task to a worker) names the script of the process it came
    from, not its own, so the note reaches the process that builds.

    Examples:
        >>> from scopereg import MODELS
        >>> sender_script(MODELS) == main_script()
        True
    """
    return (_senders and _senders.get(registry)) or main_script()


def note(registry: object) -> tuple[str, str] | None:
    """Return what to add to the error of a name ``registry`` lacks, if anything.

    Args:
        registry: The registry the name was looked up in.

    Returns:
        ``(where, fix)``: that the registry came from a process running
        another main script, and :data:`SHIP_FIX`; ``None`` if it did not.

    Examples:
        >>> from scopereg import MODELS
        >>> note(MODELS) is None
        True
    """
    script = _senders.get(registry)
    if script is None:
        return None
    where = (
        f"this registry was unpickled from a process running {script} as "
        f"__main__, which this process ({main_script() or 'no script'}) does not "
        "run: what that script registers in __main__ is not registered here"
    )
    return where, SHIP_FIX
