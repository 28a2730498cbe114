"""scopereg.torch's build functions agree with the engine: cold, warm, general.

The same config built through ``build_model_from_cfg`` (a mapping and a list),
the root ``MODELS`` build function's list path, and a registry using
``scopereg.torch``'s build function, gives the same module, or the same
exception with the same message and notes, whether the lookup is cached
(warm), not yet (cold), or forced through the general path (a non-dict
mapping).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import pytest

torch = pytest.importorskip(
    "torch", reason="no PyTorch here; `nox -s torch` runs these"
)
nn = torch.nn

import scopereg  # noqa: E402
from scopereg import Registry  # noqa: E402
from scopereg.torch import build_model_from_cfg  # noqa: E402

_ids = itertools.count()


class Scale(nn.Module):
    def __init__(self, factor: float = 2.0) -> None:
        super().__init__()
        self.factor = factor


class Broken(nn.Module):
    def __init__(self, factor: float = 2.0) -> None:
        raise ValueError(f"cannot build with factor={factor}")


def fresh(build_func: Callable[..., Any], scope: str) -> Registry[Any]:
    """Return the child of a new tree whose scopes are named after ``scope``.

    Trees are separate, so two trees may use the same scope names, and the
    messages of their errors (which name registries by scope) compare equal.
    """
    root: Registry[Any] = Registry("model", build_func=build_func, scope=scope)
    child: Registry[Any] = Registry("model", parent=root, scope=f"{scope}_c")
    child.register_module(module=Scale)
    child.register_module(module=Broken)
    return child


def outcome(build: Callable[[], Any]) -> tuple[Any, ...]:
    """Return what a build gave, comparable across registries of one shape."""
    try:
        built = build()
    except Exception as error:
        return ("error", type(error), str(error), getattr(error, "__notes__", []))
    return ("built", repr(built))


CONFIGS: dict[str, Any] = {
    "success": {"type": "Scale", "factor": 3.0},
    "constructor error": {"type": "Broken", "factor": 3.0},
    "lookup error": {"type": "Scael", "factor": 3.0},
}
BUILD_FUNCS: dict[str, Callable[..., Any]] = {
    "scopereg.torch.build_model_from_cfg": build_model_from_cfg,
    "MODELS.build_func": scopereg.MODELS.build_func,
}
SHAPES: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "mapping": lambda cfg: cfg,
    "list": lambda cfg: [cfg, {"type": "Scale"}],
}


@pytest.mark.parametrize("outcome_name", CONFIGS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("func_name", BUILD_FUNCS)
def test_cold_warm_and_general_builds_agree(
    func_name: str, shape: str, outcome_name: str
) -> None:
    func = BUILD_FUNCS[func_name]
    cfg = CONFIGS[outcome_name]
    shaped = SHAPES[shape]

    scope = f"tp_{next(_ids)}"
    reference = fresh(func, scope)
    general = outcome(lambda: reference.build(shaped(MappingProxyType(cfg))))

    registry = fresh(func, scope)
    cold = outcome(lambda: registry.build(shaped(dict(cfg))))
    registry.build({"type": "Scale"})  # every lookup of the tree cached
    warm = outcome(lambda: registry.build(shaped(dict(cfg))))
    direct = outcome(lambda: func(shaped(dict(cfg)), registry))

    assert cold == warm == direct == general
    assert cold[0] == ("built" if outcome_name == "success" else "error")
