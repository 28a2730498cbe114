"""The default scope: ``DefaultScope`` blocks, ``init_default_scope`` and builds."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from scopereg import DefaultScope, Registry, init_default_scope
from scopereg.exceptions import ScopeError, ScopeFallbackWarning


def _current() -> str | None:
    scope = DefaultScope.get_current_instance()
    return None if scope is None else scope.scope_name


def _in_new_thread(func):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func).result()


# -- DefaultScope blocks -------------------------------------------------------------


def test_no_default_scope_is_set_outside_any_block():
    assert DefaultScope.get_current_instance() is None


def test_with_block_makes_its_scope_current(new_scope):
    scope = new_scope()
    with DefaultScope(scope) as entered:
        assert DefaultScope.get_current_instance() is entered
        assert entered.scope_name == scope


def test_scope_name_defaults_to_the_instance_name(new_scope):
    scope = new_scope()
    assert DefaultScope(scope).scope_name == scope


def test_scope_name_can_differ_from_the_instance_name(new_scope):
    scope = new_scope()
    instance = DefaultScope("my-runner", scope_name=scope)
    assert (instance.instance_name, instance.scope_name) == ("my-runner", scope)


def test_with_block_restores_no_scope_on_exit(new_scope):
    with DefaultScope(new_scope()):
        pass
    assert DefaultScope.get_current_instance() is None


def test_nested_blocks_see_the_innermost_scope(new_scope):
    outer, inner = new_scope("outer"), new_scope("inner")
    with DefaultScope(outer), DefaultScope(inner):
        assert _current() == inner


def test_nested_block_restores_the_enclosing_scope_on_exit(new_scope):
    outer, inner = new_scope("outer"), new_scope("inner")
    with DefaultScope(outer):
        with DefaultScope(inner):
            pass
        assert _current() == outer


def test_three_nested_blocks_unwind_in_order(new_scope):
    scopes = [new_scope(f"s{i}") for i in range(3)]
    seen = []
    with DefaultScope(scopes[0]):
        with DefaultScope(scopes[1]):
            with DefaultScope(scopes[2]):
                seen.append(_current())
            seen.append(_current())
        seen.append(_current())
    seen.append(_current())
    assert seen == [scopes[2], scopes[1], scopes[0], None]


def test_block_restores_the_scope_when_an_exception_escapes(new_scope):
    outer = new_scope("outer")
    with DefaultScope(outer):
        with pytest.raises(ZeroDivisionError), DefaultScope(new_scope("inner")):
            1 / 0  # noqa: B018
        assert _current() == outer


def test_the_same_instance_can_be_entered_twice_nested(new_scope):
    scope = DefaultScope(new_scope())
    with scope:
        with scope:
            assert DefaultScope.get_current_instance() is scope
        assert DefaultScope.get_current_instance() is scope
    assert DefaultScope.get_current_instance() is None


def test_exiting_blocks_out_of_order_is_a_runtime_error(new_scope):
    first, second = DefaultScope(new_scope("a")), DefaultScope(new_scope("b"))
    first.__enter__()
    second.__enter__()
    with pytest.raises(RuntimeError, match="not the innermost active scope"):
        first.__exit__(None, None, None)
    second.__exit__(None, None, None)
    first.__exit__(None, None, None)
    assert DefaultScope.get_current_instance() is None


@pytest.mark.parametrize("scope_name", ["a.b", "", ".", 3])
def test_invalid_scope_name_is_a_scope_error(scope_name):
    with pytest.raises(ScopeError, match="scope_name"):
        DefaultScope("runner", scope_name=scope_name)


def test_scope_error_is_a_value_error():
    with pytest.raises(ValueError, match="not a valid scope name"):
        DefaultScope("a.b")


def test_a_block_is_not_seen_by_a_new_thread(new_scope):
    with DefaultScope(new_scope()):
        assert _in_new_thread(_current) is None


# -- init_default_scope ----------------------------------------------------------------


def test_init_default_scope_sets_the_current_scope(new_scope):
    scope = new_scope()
    init_default_scope(scope)
    assert _current() == scope


def test_init_default_scope_is_seen_by_a_new_thread(new_scope):
    scope = new_scope()
    init_default_scope(scope)
    assert _in_new_thread(_current) == scope


def test_init_default_scope_none_clears_the_process_wide_scope(new_scope):
    init_default_scope(new_scope())
    init_default_scope(None)
    assert _current() is None
    assert _in_new_thread(_current) is None


def test_with_block_wins_over_the_process_wide_scope(new_scope):
    process, local = new_scope("process"), new_scope("local")
    init_default_scope(process)
    with DefaultScope(local):
        assert _current() == local
    assert _current() == process


def test_init_default_scope_inside_a_block_applies_after_the_block(new_scope):
    local, process = new_scope("local"), new_scope("process")
    with DefaultScope(local):
        init_default_scope(process)
        assert _current() == local
    assert _current() == process


def test_init_default_scope_twice_with_the_same_scope_keeps_the_instance(
    new_scope,
):
    scope = new_scope()
    init_default_scope(scope)
    first = DefaultScope.get_current_instance()
    init_default_scope(scope)
    assert DefaultScope.get_current_instance() is first


def test_init_default_scope_logs_when_it_replaces_another_scope(new_scope, caplog):
    old, new = new_scope("old"), new_scope("new")
    init_default_scope(old)
    with caplog.at_level(logging.WARNING, logger="scopereg"):
        init_default_scope(new)
    assert f'The current default scope "{old}" is not "{new}"' in caplog.text


def test_init_default_scope_with_an_invalid_scope_is_a_scope_error():
    with pytest.raises(ScopeError, match=r"'not\.valid' is not a valid scope name"):
        init_default_scope("not.valid")
    assert _current() is None


# -- mmengine classmethods ---------------------------------------------------------------


def test_get_instance_creates_an_instance_with_the_scope_name(new_scope):
    name, scope = new_scope("inst"), new_scope()
    instance = DefaultScope.get_instance(name, scope_name=scope)
    assert (instance.instance_name, instance.scope_name) == (name, scope)


def test_get_instance_makes_the_new_instance_current(new_scope):
    instance = DefaultScope.get_instance(new_scope("inst"), scope_name=new_scope())
    assert DefaultScope.get_current_instance() is instance


def test_get_instance_returns_the_existing_instance_for_a_known_name(new_scope):
    name = new_scope("inst")
    first = DefaultScope.get_instance(name, scope_name=new_scope())
    assert DefaultScope.get_instance(name) is first


def test_get_instance_warns_that_new_arguments_for_a_known_name_are_ignored(
    new_scope,
):
    name, scope = new_scope("inst"), new_scope()
    first = DefaultScope.get_instance(name, scope_name=scope)
    with pytest.warns(UserWarning, match="arguments \\['scope_name'\\] are ignored"):
        again = DefaultScope.get_instance(name, scope_name=new_scope("other"))
    assert again is first
    assert again.scope_name == scope


def test_check_instance_created_is_false_for_an_unknown_name(new_scope):
    assert DefaultScope.check_instance_created(new_scope("inst")) is False


def test_check_instance_created_is_true_after_get_instance(new_scope):
    name = new_scope("inst")
    DefaultScope.get_instance(name, scope_name=new_scope())
    assert DefaultScope.check_instance_created(name) is True


def test_get_current_instance_returns_none_when_no_scope_is_set():
    assert DefaultScope.get_current_instance() is None


def test_overwrite_default_scope_sets_the_scope_inside_the_block(new_scope):
    scope = new_scope()
    with DefaultScope.overwrite_default_scope(scope):
        assert _current() == scope


def test_overwrite_default_scope_restores_the_previous_scope(new_scope):
    outer = new_scope("outer")
    with DefaultScope(outer) as before:
        with DefaultScope.overwrite_default_scope(new_scope("inner")):
            pass
        assert DefaultScope.get_current_instance() is before


def test_overwrite_default_scope_with_none_leaves_the_scope_unchanged(new_scope):
    with (
        DefaultScope(new_scope()) as before,
        DefaultScope.overwrite_default_scope(None),
    ):
        assert DefaultScope.get_current_instance() is before


def test_overwrite_default_scope_restores_on_exceptions(new_scope):
    with pytest.raises(KeyError), DefaultScope.overwrite_default_scope(new_scope()):
        raise KeyError("boom")
    assert DefaultScope.get_current_instance() is None


def test_overwrite_default_scope_blocks_nest(new_scope):
    outer, inner = new_scope("outer"), new_scope("inner")
    with DefaultScope.overwrite_default_scope(outer):
        with DefaultScope.overwrite_default_scope(inner):
            assert _current() == inner
        assert _current() == outer


# -- what a default scope does to builds ----------------------------------------------------


@pytest.fixture
def heads(new_scope):
    """A root and two child scopes, each registering its own ``Head``."""
    root = Registry("model", scope=new_scope("root"))
    det = Registry("model", parent=root, scope=new_scope("det"))
    det3d = Registry("model", parent=det, scope=new_scope("det3d"))
    for reg in (root, det, det3d):
        reg.register_module(name="Head", module=lambda home=reg.scope: home)
    return root, det, det3d


def test_build_on_the_root_resolves_in_the_default_scope(heads):
    root, _, det3d = heads
    with DefaultScope(det3d.scope):
        assert root.build(dict(type="Head")) == det3d.scope


def test_build_on_any_registry_of_the_tree_resolves_in_the_default_scope(heads):
    root, det, det3d = heads
    with DefaultScope(det.scope):
        built = [reg.build(dict(type="Head")) for reg in (root, det, det3d)]
    assert built == [det.scope] * 3


def test_process_wide_default_scope_decides_builds_too(heads):
    root, det, _ = heads
    init_default_scope(det.scope)
    assert root.build(dict(type="Head")) == det.scope


def test_default_scope_registry_falls_back_to_its_ancestors(heads):
    root, _, det3d = heads
    root.register_module(name="Neck", module=lambda: "root neck")
    with DefaultScope(det3d.scope):
        assert det3d.build(dict(type="Neck")) == "root neck"


def test_build_without_default_scope_resolves_in_the_registry_itself(heads):
    root, det, _ = heads
    assert (root.build(dict(type="Head")), det.build(dict(type="Head"))) == (
        root.scope,
        det.scope,
    )


def test_get_is_not_redirected_by_the_default_scope(heads):
    root, _, det3d = heads
    with DefaultScope(det3d.scope):
        assert root.get("Head")() == root.scope


def test_default_scope_without_a_registry_in_the_tree_warns_and_uses_the_registry(
    heads, new_scope
):
    _, det, _ = heads
    with (
        DefaultScope(new_scope("elsewhere")),
        pytest.warns(ScopeFallbackWarning, match="has no registry in the 'model'"),
    ):
        assert det.build(dict(type="Head")) == det.scope


def test_fallback_warning_is_given_by_every_build_of_the_tree(heads, new_scope):
    root, det, _ = heads
    with DefaultScope(new_scope("elsewhere")):
        with pytest.warns(ScopeFallbackWarning):
            det.build(dict(type="Head"))
        with pytest.warns(ScopeFallbackWarning):
            assert root.build(dict(type="Head")) == root.scope


def test_scope_of_another_tree_does_not_redirect_this_tree(heads, new_scope):
    root, _, _ = heads
    datasets = Registry("dataset", scope=new_scope("data"))
    with (
        DefaultScope(datasets.scope),
        pytest.warns(ScopeFallbackWarning),
    ):
        assert root.build(dict(type="Head")) == root.scope


def test_name_only_in_the_built_on_registry_is_not_found_under_another_scope(
    heads,
):
    # As in mmengine: the default scope's registry (and its ancestors) is
    # searched, not the registry build was called on.
    _, det, det3d = heads
    det3d.register_module(name="VoxelNet", module=lambda: "voxel")
    with DefaultScope(det.scope), pytest.raises(KeyError, match="'VoxelNet'"):
        det3d.build(dict(type="VoxelNet"))
