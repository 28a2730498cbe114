"""A model built in the parent's scope inside a spawned worker process.

A spawned process starts with no default scope; the parent hands its scope
over and the worker builds the sample detector there. The model comes back
pickled, so the parent can check it computes what the worker computed.
"""

from __future__ import annotations

import importlib
import multiprocessing
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from types import ModuleType
from typing import Any

import pytest

torch = pytest.importorskip(
    "torch", reason="no PyTorch here; `nox -s torch` runs these"
)

from scopereg import DefaultScope  # noqa: E402

IMAGES_SHAPE = (2, 3, 8, 8)


@pytest.fixture(scope="module")
def spawned(request: pytest.FixtureRequest) -> Iterator[tuple[ModuleType, Any]]:
    """One spawned worker for the module, with the sample tree importable."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(request.path.parent))
        samples = importlib.import_module("scopereg_torch_samples")
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            yield samples, pool
        sys.modules.pop("scopereg_torch_samples", None)


def run_in_worker(
    spawned: tuple[ModuleType, Any], scope_name: str | None
) -> tuple[Any, Any, Any]:
    """Build the sample detector in the worker; return model, input, output."""
    samples, pool = spawned
    images = torch.randn(IMAGES_SHAPE)
    future = pool.submit(
        samples.build_and_run, scope_name, samples.detector_config(), images
    )
    model, output = future.result(timeout=120)
    return model, images, output


def test_worker_builds_in_the_scope_the_parent_hands_over(
    spawned: tuple[ModuleType, Any],
) -> None:
    samples, _ = spawned
    with DefaultScope("sr3d") as scope:
        model, _, _ = run_in_worker(spawned, scope.scope_name)

    assert type(model.head) is samples.ScoreHead


def test_worker_does_not_inherit_the_parent_scope_by_itself(
    spawned: tuple[ModuleType, Any],
) -> None:
    samples, _ = spawned
    with DefaultScope("sr3d"):
        model, _, _ = run_in_worker(spawned, None)

    assert type(model.head) is samples.Head


def test_model_built_in_the_worker_computes_the_same_in_the_parent(
    spawned: tuple[ModuleType, Any],
) -> None:
    with DefaultScope("sr3d") as scope:
        model, images, output = run_in_worker(spawned, scope.scope_name)

    with torch.no_grad():
        torch.testing.assert_close(model(images), output)
