"""A registry pickles to a small reference, whatever it holds."""

from __future__ import annotations

import pickle

from scopereg import CapturedScope, DefaultScope, Registry


def test_a_pickled_registry_is_as_small_with_ten_thousand_entries_as_empty(
    new_scope,
) -> None:
    empty = Registry("model", scope=new_scope("size"))
    full = Registry("model", scope=new_scope("size"))
    for index in range(10_000):
        full.register_module(name=f"Part{index:05}", module=type("Part", (), {}))

    assert len(pickle.dumps(full)) == len(pickle.dumps(empty))


def test_a_pickled_capture_carries_only_the_scope_names() -> None:
    captured = CapturedScope(DefaultScope("size_capture"))

    assert len(pickle.dumps(captured)) < 200
