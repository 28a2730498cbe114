"""Build errors that say how to fix the config, as validation does.

A constructor's own ``TypeError`` for an unexpected or a missing keyword gets
validation's did-you-mean in its build note, on the fast branch and the
general path alike; a default scope with no registry in the tree is named in
the ``NotRegisteredError`` itself, with the close scopes, every time.
"""

from __future__ import annotations

import warnings

import pytest

from scopereg import DefaultScope, Registry, build_from_cfg
from scopereg.exceptions import NotRegisteredError, ScopeFallbackWarning


class Base:
    def __init__(self, in_channels, feat_channels=8):
        self.in_channels, self.feat_channels = in_channels, feat_channels


class Head(Base):
    def __init__(self, num_classes, **kwargs):
        super().__init__(**kwargs)
        self.num_classes = num_classes


def net(depth, stages=4):
    return (depth, stages)


def make(depth, **extra):
    return (depth, extra)


class Broken:
    def __init__(self, size):
        raise TypeError("size must be a pair")


@pytest.fixture
def models(new_scope):
    registry = Registry("model", scope=new_scope("fixes"))
    for obj in (Head, net, make, Broken):
        registry.register_module(module=obj)
    return registry


def _notes(registry, cfg, times=1):
    for _ in range(times):
        with pytest.raises(TypeError) as info:
            registry.build(cfg)
    return info.value.__notes__


@pytest.mark.parametrize("times", [1, 2], ids=["cold", "warm"])
def test_unexpected_keyword_of_a_function_gets_did_you_mean(models, times):
    notes = _notes(models, dict(type="net", depth=1, stage=2), times)
    assert notes[0].startswith("while building 'net'")
    assert notes[0].endswith("\n  fix: did you mean 'stages'?")


def test_keyword_forwarded_to_a_base_class_gets_did_you_mean(models):
    notes = _notes(models, dict(type="Head", num_classes=3, in_channel=8))
    assert "fix: did you mean 'in_channels'" in notes[0]


def test_missing_keyword_swallowed_by_kwargs_names_the_misspelt_key(models):
    notes = _notes(models, dict(type="make", dpth=3))
    assert notes[0].endswith("fix: did you mean 'depth' instead of 'dpth'?")


def test_keyword_refused_by_a_base_class_gets_did_you_mean(models):
    cfg = dict(type="Head", num_classes=3, in_channels=8, feat_channel=4)
    assert "fix: did you mean 'feat_channels'?" in _notes(models, cfg)[0]


def test_general_path_gives_the_same_fix_as_the_fast_branch(models):
    cfg = dict(type="net", depth=1, stage=2)
    with pytest.raises(TypeError) as info:
        build_from_cfg(cfg, models)
    assert info.value.__notes__ == _notes(models, cfg, times=2)


def test_type_error_raised_inside_a_constructor_gets_no_fix(models):
    notes = _notes(models, dict(type="Broken", size=3))
    assert notes == [notes[0]]
    assert "fix:" not in notes[0]


def test_nested_build_puts_the_fix_under_the_build_that_refused(models):
    cfg = dict(type="net", depth=dict(type="net", dpth=1), stages=1)
    with pytest.raises(TypeError) as info:
        models.build(cfg, recursive=True)
    inner, outer = info.value.__notes__
    assert "at config path depth" in inner
    assert "fix: did you mean 'depth'?" in inner
    assert "fix:" not in outer


def _tree(new_scope):
    root = Registry("model", scope=new_scope("root"))
    child = Registry("model", parent=root, scope=new_scope("segm"))
    child.register_module(name="SegHead", module=net)
    return root, child


def test_misspelt_default_scope_is_named_in_the_not_registered_error(new_scope):
    root, child = _tree(new_scope)
    wrong = child.scope[:-1]  # one letter short
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScopeFallbackWarning)
        with DefaultScope(wrong), pytest.raises(NotRegisteredError) as info:
            root.build(dict(type="SegHead", depth=1))
    message = str(info.value)
    assert f"the default scope {wrong!r} has no registry in the 'model' tree" in message
    assert f"fix: did you mean {child.scope!r} as the default scope" in message


def test_misspelt_default_scope_is_named_every_time_not_once(new_scope):
    root, child = _tree(new_scope)
    wrong = child.scope + "x"
    messages = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScopeFallbackWarning)
        for _ in range(3):
            with DefaultScope(wrong), pytest.raises(NotRegisteredError) as info:
                root.build(dict(type="SegHead", depth=1))
            messages.append(str(info.value))
    assert len(set(messages)) == 1
    assert f"the default scope {wrong!r} has no registry" in messages[0]


def test_misspelt_scope_of_a_config_is_named_in_the_not_registered_error(new_scope):
    root, child = _tree(new_scope)
    wrong = child.scope + "n"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScopeFallbackWarning)
        with pytest.raises(NotRegisteredError) as info:
            root.build(dict(type="SegHead", _scope_=wrong, depth=1))
    assert f"did you mean {child.scope!r} as the default scope" in str(info.value)


def test_explain_names_the_default_scope_with_no_registry(new_scope):
    root, child = _tree(new_scope)
    with DefaultScope(child.scope + "n"):
        report = root.explain("SegHead")
    assert report.found is None
    assert "has no registry in the 'model' tree" in (report.default_scope_status or "")
