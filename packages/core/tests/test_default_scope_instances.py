"""DefaultScope's named instances behave as mmengine's ``_instance_dict``.

mmengine's test helpers (``RunnerTestCase.tearDown``) reset the default scope
by clearing ``DefaultScope._instance_dict``; its own tests assign a fresh
``OrderedDict`` to it. The newest instance there is the current default.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import pytest

from scopereg import DefaultScope, init_default_scope, testing


def _current_scope_name() -> str | None:
    current = DefaultScope.get_current_instance()
    return None if current is None else current.scope_name


def test_get_instance_without_scope_name_is_a_type_error(new_scope):
    name = new_scope("runner")
    with pytest.raises(TypeError, match="missing 1 required keyword argument"):
        DefaultScope.get_instance(name)
    assert not DefaultScope.check_instance_created(name)
    assert DefaultScope.get_current_instance() is None


def test_get_instance_with_an_unknown_argument_is_a_type_error(new_scope):
    with pytest.raises(TypeError, match=r"unexpected keyword arguments \['colour'\]"):
        DefaultScope.get_instance(new_scope(), scope_name="srdet", colour="red")
    assert DefaultScope.get_current_instance() is None


def test_get_instance_of_an_existing_name_needs_no_scope_name(new_scope):
    name = new_scope()
    made = DefaultScope.get_instance(name, scope_name="srdet")
    assert DefaultScope.get_instance(name) is made


def test_instance_dict_holds_the_instances_get_instance_made_in_order(new_scope):
    first, second = new_scope("a"), new_scope("b")
    one = DefaultScope.get_instance(first, scope_name="srdet")
    two = DefaultScope.get_instance(second, scope_name="sr3d")
    assert list(DefaultScope._instance_dict.items())[-2:] == [
        (first, one),
        (second, two),
    ]


def test_clearing_instance_dict_leaves_no_default_scope(new_scope):
    DefaultScope.get_instance(new_scope(), scope_name="srdet")
    DefaultScope._instance_dict.clear()
    assert DefaultScope.get_current_instance() is None


def test_clearing_instance_dict_also_resets_init_default_scope(new_scope):
    init_default_scope(new_scope())
    DefaultScope._instance_dict.clear()
    assert DefaultScope.get_current_instance() is None


def test_popping_the_newest_instance_makes_the_previous_one_current(new_scope):
    first, second = new_scope("a"), new_scope("b")
    DefaultScope.get_instance(first, scope_name="srdet")
    DefaultScope.get_instance(second, scope_name="sr3d")
    DefaultScope._instance_dict.pop(second)
    assert _current_scope_name() == "srdet"


def test_assigning_an_empty_mapping_to_instance_dict_leaves_no_default(new_scope):
    DefaultScope.get_instance(new_scope(), scope_name="srdet")
    DefaultScope._instance_dict = OrderedDict()
    assert DefaultScope.get_current_instance() is None
    assert isinstance(DefaultScope._instance_dict, dict)


def test_assigning_a_mapping_to_instance_dict_makes_its_newest_entry_current():
    kept = DefaultScope("kept", scope_name="sr3d")
    DefaultScope._instance_dict = OrderedDict(kept=kept)
    assert DefaultScope.get_current_instance() is kept
    assert DefaultScope.check_instance_created("kept")


def test_assigning_a_non_mapping_to_instance_dict_is_refused_and_changes_nothing(
    new_scope,
):
    made = DefaultScope.get_instance(new_scope(), scope_name="srdet")
    with pytest.raises(TypeError, match="must be a mapping of instance names"):
        DefaultScope._instance_dict = ["not", "a", "mapping"]
    assert DefaultScope.get_current_instance() is made


def test_storing_a_non_scope_in_instance_dict_is_refused(new_scope):
    with pytest.raises(TypeError, match="maps instance names"):
        DefaultScope._instance_dict[new_scope()] = "srdet"
    assert DefaultScope.get_current_instance() is None


def test_a_with_block_wins_over_the_newest_instance(new_scope):
    DefaultScope.get_instance(new_scope(), scope_name="srdet")
    with DefaultScope("block", scope_name="sr3d"):
        assert _current_scope_name() == "sr3d"
    assert _current_scope_name() == "srdet"


def test_clearing_instance_dict_is_seen_by_other_threads(new_scope):
    DefaultScope.get_instance(new_scope(), scope_name="srdet")
    DefaultScope._instance_dict.clear()
    seen: list[str | None] = []
    thread = threading.Thread(target=lambda: seen.append(_current_scope_name()))
    thread.start()
    thread.join()
    assert seen == [None]


def test_a_snapshot_restores_the_instances_cleared_inside_it(new_scope):
    name = new_scope()
    made = DefaultScope.get_instance(name, scope_name="srdet")
    with testing.snapshot():
        DefaultScope._instance_dict.clear()
    assert DefaultScope._instance_dict[name] is made
    assert DefaultScope.get_current_instance() is made


def test_init_default_scope_makes_an_existing_instance_the_newest(new_scope):
    first, second = new_scope("a"), new_scope("b")
    init_default_scope(first)
    init_default_scope(second)
    init_default_scope(first)
    assert list(DefaultScope._instance_dict)[-1] == first
    assert _current_scope_name() == first
