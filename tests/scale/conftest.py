"""The examples of docs/scaling.md, run by ``nox -s scale`` only.

They need torch, Ray and dask.distributed, which only the scale session
installs. Elsewhere (the default ``tests`` session) nothing here is
collected, as if the folder were not there.
"""

from __future__ import annotations

import importlib.util

ENGINES = ("torch", "ray", "distributed", "psutil")

if not all(importlib.util.find_spec(name) for name in ENGINES):
    collect_ignore_glob = ["test_*.py"]
