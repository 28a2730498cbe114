"""Registration stays correct on its fast path (one name, one dict operation).

``register_module`` checks names once, takes the tree lock with an explicit
acquire/release and inserts a single name with ``dict.setdefault``.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest

from scopereg import DuplicateRegistrationError, InvalidRegistrationError, Registry

_ids = itertools.count()


def unique(prefix: str) -> str:
    """Return a scope name no other test uses (tests run in any order)."""
    return f"fpr_{prefix}_{next(_ids)}"


class Thing:
    def __init__(self, v: int = 0) -> None:
        self.v = v


def thing_class(name: str) -> type[Thing]:
    """Return a new subclass of Thing, so two registrations differ."""
    return type(name, (Thing,), {})


def test_registering_an_object_again_under_its_name_changes_nothing() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.register_module(module=Thing)
    registry.register_module(module=Thing)
    assert dict(registry.module_dict) == {"Thing": Thing}


def test_a_taken_name_is_refused_and_keeps_its_entry() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.register_module(module=Thing)
    with pytest.raises(DuplicateRegistrationError, match="Thing is already registered"):
        registry.register_module(module=thing_class("Thing"))
    assert registry.get("Thing") is Thing


def test_several_names_register_all_or_none() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.register_module(module=Thing, name="B")
    with pytest.raises(DuplicateRegistrationError, match="B is already registered"):
        registry.register_module(module=thing_class("Other"), name=["A", "B"])
    assert dict(registry.module_dict) == {"B": Thing}


def test_force_replaces_an_entry_and_the_cached_lookup() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.register_module(module=Thing)
    assert registry.get("Thing") is Thing
    new = registry.register_module(module=thing_class("Thing"), force=True)
    assert registry.get("Thing") is new


def test_a_name_set_to_none_by_hand_can_be_registered() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    registry.module_dict["Thing"] = None
    registry.register_module(module=Thing)
    assert registry.get("Thing") is Thing


def test_an_object_whose_name_has_a_dot_is_refused() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    dotted = thing_class("Thing")
    dotted.__name__ = "pkg.Thing"
    with pytest.raises(
        InvalidRegistrationError, match=r"'pkg\.Thing': a name must be non-empty"
    ):
        registry.register_module(module=dotted)
    assert len(registry) == 0


def test_concurrent_registrations_of_one_name_keep_exactly_one() -> None:
    registry: Registry[Any] = Registry("model", scope=unique("reg"))
    candidates = [thing_class("Thing") for _ in range(8)]
    start = threading.Barrier(len(candidates))
    outcomes: list[str] = []

    def register(candidate: type[Thing]) -> None:
        start.wait(timeout=10)
        try:
            registry.register_module(module=candidate)
        except DuplicateRegistrationError:
            outcomes.append("refused")
        else:
            outcomes.append("registered")

    workers = [threading.Thread(target=register, args=(c,)) for c in candidates]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["refused"] * 7 + ["registered"]
    assert registry.get("Thing") in candidates
