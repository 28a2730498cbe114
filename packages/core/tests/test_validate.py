"""Registry.validate: every problem of a config, nothing constructed."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from scopereg import ConfigProblem, DefaultScope, Registry, ValidationReport
from scopereg.exceptions import ValidationError


def _scope(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


constructed: list[str] = []


class ResNet:
    def __init__(self, depth, stages=4, *, norm="bn"):
        constructed.append("ResNet")


class Detector:
    def __init__(self, backbone, head=None):
        constructed.append("Detector")


class Flexible:
    def __init__(self, name, **kwargs):
        constructed.append("Flexible")


def make_head(num_classes, *, loss="ce"):
    constructed.append("make_head")


def pos_only(x, /, y=1):
    constructed.append("pos_only")


def variadic(*args, size=1):
    constructed.append("variadic")


@pytest.fixture
def registry() -> Registry:
    registry = Registry("model", scope=_scope("val"))
    for obj in (ResNet, Detector, Flexible, make_head, pos_only, variadic):
        registry.register_module(module=obj)
    constructed.clear()
    return registry


def kinds(report: ValidationReport) -> list[tuple[str, str]]:
    return [(p.config_path, p.kind) for p in report.problems]


def test_valid_config_gives_an_ok_report(registry):
    report = registry.validate(dict(type="ResNet", depth=50))
    assert (report.ok, report.problems) == (True, ())
    assert str(report) == f"the config is valid for {registry.scope}::model"


def test_unknown_type_is_a_problem_with_suggestions(registry):
    report = registry.validate(dict(type="ResNte", depth=50))
    assert kinds(report) == [("", "not-registered")]
    assert report.problems[0].suggestions == ("ResNet",)


def test_unknown_argument_suggests_the_closest_argument_name(registry):
    report = registry.validate(dict(type="ResNet", depth=50, stagse=3))
    problem = report.problems[0]
    assert (problem.kind, problem.suggestions) == ("unknown-argument", ("stages",))
    assert problem.message.splitlines()[0] == (
        f"'stagse' is not an argument of 'ResNet' ({__name__}.ResNet)"
    )
    assert "fix: did you mean 'stages'?" in problem.message


def test_unknown_argument_message_lists_the_accepted_arguments(registry):
    report = registry.validate(dict(type="ResNet", depth=50, colour=3))
    assert "its arguments: depth, stages, norm" in report.problems[0].message
    assert "fix: remove 'colour' from the config" in report.problems[0].message


def test_missing_required_argument_is_a_problem(registry):
    report = registry.validate(dict(type="ResNet"))
    assert kinds(report) == [("", "missing-argument")]
    assert report.problems[0].message.startswith(
        f"'ResNet' ({__name__}.ResNet) needs the argument 'depth', which the config "
        "does not give"
    )


def test_misspelt_argument_is_reported_as_unknown_and_missing(registry):
    report = registry.validate(dict(type="ResNet", dpth=50))
    assert [p.kind for p in report.problems] == ["unknown-argument", "missing-argument"]


def test_var_keyword_accepts_any_argument(registry):
    assert registry.validate(dict(type="Flexible", name="x", anything=1)).ok


def test_var_keyword_still_needs_the_required_arguments(registry):
    assert kinds(registry.validate(dict(type="Flexible"))) == [("", "missing-argument")]


def test_default_args_count_as_given(registry):
    assert registry.validate(dict(type="ResNet"), default_args=dict(depth=18)).ok


def test_default_args_are_checked_as_arguments_too(registry):
    report = registry.validate(dict(type="ResNet", depth=1), default_args=dict(dept=2))
    assert kinds(report) == [("", "unknown-argument")]


def test_function_signature_is_checked(registry):
    report = registry.validate(dict(type="make_head", los="x"))
    assert [p.kind for p in report.problems] == ["unknown-argument", "missing-argument"]
    assert report.problems[0].suggestions == ("loss",)


def test_keyword_only_argument_is_accepted(registry):
    assert registry.validate(dict(type="ResNet", depth=1, norm="gn")).ok


def test_required_positional_only_argument_cannot_come_from_a_config(registry):
    report = registry.validate(dict(type="pos_only", y=2))
    assert kinds(report) == [("", "missing-argument")]
    assert "needs the positional-only argument 'x'" in report.problems[0].message


def test_positional_only_argument_is_not_a_keyword(registry):
    report = registry.validate(dict(type="pos_only", x=1))
    assert [p.kind for p in report.problems] == ["unknown-argument", "missing-argument"]


def test_var_positional_is_never_missing(registry):
    assert registry.validate(dict(type="variadic", size=2)).ok


def test_callable_without_a_signature_is_not_checked(registry):
    registry.register_module(name="builtin_dict", module=dict)
    assert registry.validate(dict(type="builtin_dict", anything=1)).ok


def test_class_type_is_checked_against_its_init(registry):
    report = registry.validate(dict(type=ResNet, depht=1))
    assert report.problems[0].message.startswith(
        "'depht' is not an argument of 'ResNet'"
    )


def test_non_recursive_validation_checks_the_top_config_only(registry):
    report = registry.validate(dict(type="Detector", backbone=dict(type="Nope")))
    assert report.ok


def test_recursive_validation_reports_every_problem_with_its_path(registry):
    cfg = dict(
        type="Detector",
        backbone=dict(type="ResNet", dpth=50),
        head=[dict(type="make_head", num_classes=3), dict(type="mkae_head")],
    )
    report = registry.validate(cfg, recursive=True)
    assert kinds(report) == [
        ("backbone", "unknown-argument"),
        ("backbone", "missing-argument"),
        ("head[1]", "not-registered"),
    ]
    assert report.problems[2].suggestions == ("make_head",)


def test_each_problem_message_names_its_config_path(registry):
    cfg = dict(type="Detector", backbone=dict(type="ResNet", dpth=50))
    report = registry.validate(cfg, recursive=True)
    assert all(
        p.message.splitlines()[1] == "  at config path: backbone"
        for p in report.problems
    )


def test_problems_read_as_the_build_error_would(registry):
    cfg = dict(type="Detector", backbone=dict(type="RseNet"))
    report = registry.validate(cfg, recursive=True)
    with pytest.raises(KeyError) as info:
        registry.build(cfg, recursive=True)
    assert report.problems[0].message == str(info.value)


def test_partial_config_may_leave_arguments_for_later(registry):
    cfg = dict(type="Detector", backbone=dict(type="ResNet", _partial_=True))
    assert registry.validate(cfg, recursive=True).ok


def test_config_path_prefixes_every_reported_path(registry):
    report = registry.validate(
        dict(type="Detector", backbone=dict(type="Nope")),
        recursive=True,
        config_path="model",
    )
    assert kinds(report) == [("model.backbone", "not-registered")]


def test_config_without_type_is_a_missing_type_problem(registry):
    assert kinds(registry.validate(dict(depth=50))) == [("", "missing-type")]


def test_config_that_is_not_a_mapping_is_an_invalid_config_problem(registry):
    assert kinds(registry.validate(["ResNet"])) == [("", "invalid-config")]  # type: ignore[arg-type]


def test_bad_scope_is_an_invalid_scope_problem(registry):
    report = registry.validate(dict(type="ResNet", depth=1, _scope_="not.a.scope"))
    assert kinds(report) == [("", "invalid-scope")]


def test_failed_location_is_an_import_problem(registry):
    broken = Registry(
        "model", parent=registry, scope=_scope("broken"), locations=[_scope("gone")]
    )
    report = broken.validate(dict(type="ResNet", depth=1))
    assert kinds(report) == [("", "import-failed")]


def test_validation_resolves_under_the_default_scope_as_build_does(registry):
    child = Registry("model", parent=registry, scope=_scope("child"))
    child.register_module(name="OnlyInChild", module=make_head)
    with DefaultScope(child.scope):
        assert registry.validate(dict(type="OnlyInChild", num_classes=1)).ok
    assert not registry.validate(dict(type="OnlyInChild", num_classes=1)).ok


def test_nested_scope_is_honoured_and_restored(registry):
    child = Registry("model", parent=registry, scope=_scope("child"))
    child.register_module(name="OnlyInChild", module=make_head)
    cfg = dict(
        type="Detector",
        backbone=dict(type="OnlyInChild", _scope_=child.scope, num_classes=1),
    )
    assert registry.validate(cfg, recursive=True).ok
    assert DefaultScope.get_current_instance() is None


def test_validation_constructs_nothing(registry):
    cfg = dict(type="Detector", backbone=dict(type="ResNet", depth=50))
    assert registry.validate(cfg, recursive=True).ok
    assert constructed == []


def test_validation_never_mutates_the_config(registry):
    cfg = dict(
        type="Detector",
        backbone=dict(type="ResNet", _partial_=True, _scope_=registry.scope),
    )
    before = copy.deepcopy(cfg)
    registry.validate(cfg, recursive=True, default_args=dict(head=1))
    assert cfg == before


def test_raise_if_problems_raises_one_error_listing_every_problem(registry):
    report = registry.validate(
        dict(type="Detector", backbone=dict(type="Nope"), hed=1), recursive=True
    )
    with pytest.raises(ValidationError) as info:
        report.raise_if_problems()
    text = str(info.value)
    assert (
        text.splitlines()[0] == f"2 problems in the config for {registry.scope}::model:"
    )
    assert "1. 'hed' is not an argument of 'Detector'" in text
    assert "2. Nope is not in the " in text
    assert info.value.problems == report.problems


def test_raise_if_problems_does_nothing_when_the_config_is_valid(registry):
    registry.validate(dict(type="ResNet", depth=1)).raise_if_problems()


def test_report_as_dict_is_json_ready(registry):
    report = registry.validate(dict(type="ResNet", dpth=1))
    data = json.loads(json.dumps(report.as_dict()))
    assert data["ok"] is False
    assert data["registry"] == f"{registry.scope}::model"
    assert data["problems"][0] == {
        "config_path": "",
        "kind": "unknown-argument",
        "message": report.problems[0].message,
        "suggestions": ["depth"],
    }


def test_problem_prints_as_its_message():
    problem = ConfigProblem("a", "not-registered", "the message")
    assert str(problem) == "the message"


def test_missing_argument_offers_partial_only_where_builds_honour_it(registry):
    flat = registry.validate(dict(type="ResNet"))
    nested = registry.validate(dict(type="ResNet"), recursive=True)
    assert "_partial_" not in flat.problems[0].message
    assert "or set _partial_=True" in nested.problems[0].message


def test_failed_location_is_reported_once_for_the_whole_config(registry):
    broken = Registry(
        "model", parent=registry, scope=_scope("broken"), locations=[_scope("gone")]
    )
    cfg = dict(type="Detector", backbone=dict(type="ResNet"), head=dict(type="x"))
    assert kinds(broken.validate(cfg, recursive=True)) == [("", "import-failed")]


def test_misspelt_argument_swallowed_by_var_keyword_is_named_as_the_missing_one(
    registry,
):
    report = registry.validate(dict(type="Flexible", nmae="x"))
    problem = report.problems[0]
    assert (problem.kind, problem.suggestions) == ("missing-argument", ("name",))
    assert "fix: did you mean 'name' instead of 'nmae'?" in problem.message
