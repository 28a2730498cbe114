"""Fixtures of the PyTorch integration tests (run by ``nox -s torch``).

Every test module here starts with ``pytest.importorskip("torch", ...)``, so the
ordinary test session, which has no PyTorch, skips them. This file itself
imports no torch.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).parent
SAMPLES = "scopereg_torch_samples"


@pytest.fixture
def samples(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """Import a fresh copy of the sample model tree, forgotten after the test."""
    monkeypatch.syspath_prepend(str(HERE))
    monkeypatch.delitem(sys.modules, SAMPLES, raising=False)
    module = importlib.import_module(SAMPLES)
    yield module
    sys.modules.pop(SAMPLES, None)
