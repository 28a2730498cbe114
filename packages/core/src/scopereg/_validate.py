"""Checking a config without building it: every problem, each with its path.

Validation walks the config as a build would (:class:`~scopereg._recursive.
Planner`), so a problem reads exactly as the error the build would raise;
then it checks each node's keyword arguments against the signature of the
class's ``__init__`` or of the function. Nothing is constructed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from scopereg._argcheck import ConfigProblem, SignatureCheck
from scopereg._buildargs import check_registry
from scopereg._buildspec import spec_of
from scopereg._engine import check_recursive
from scopereg._messages import label
from scopereg._plan import Planner
from scopereg.exceptions import (
    LocationImportError,
    MissingTypeError,
    NotRegisteredError,
    RegistryError,
    ScopeError,
    ValidationError,
)

if TYPE_CHECKING:
    from scopereg._core import RegistryCore

__all__ = [
    "ConfigProblem",
    "ValidationReport",
    "checked_registry",
    "problem_of",
    "validate",
]

_KINDS: tuple[tuple[type[RegistryError], str], ...] = (
    (NotRegisteredError, "not-registered"),
    (MissingTypeError, "missing-type"),
    (ScopeError, "invalid-scope"),
    (LocationImportError, "import-failed"),
)


class ValidationReport:
    """Every problem :meth:`Registry.validate` found, in config order.

    Args:
        registry: The registry validated against, as ``scope::name``.
        problems: The problems found.

    Examples:
        >>> report = ValidationReport("core::model", [])
        >>> report.ok, str(report)
        (True, 'the config is valid for core::model')
        >>> report.raise_if_problems()
    """

    __slots__ = ("problems", "registry")

    def __init__(self, registry: str, problems: list[ConfigProblem]) -> None:
        self.registry = registry
        self.problems: tuple[ConfigProblem, ...] = tuple(problems)

    @property
    def ok(self) -> bool:
        """``True`` when no problem was found."""
        return not self.problems

    def raise_if_problems(self) -> None:
        """Raise one error listing every problem, if there is any.

        Raises:
            ValidationError: With the report's text as message and the
                problems as ``.problems``.
        """
        if self.problems:
            raise ValidationError(str(self), problems=self.problems)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data.

        Returns:
            ``{'ok': bool, 'registry': 'scope::name', 'problems': [{'config_path',
            'kind', 'message', 'suggestions'}]}``.
        """
        return {
            "ok": self.ok,
            "registry": self.registry,
            "problems": [
                {**problem._asdict(), "suggestions": list(problem.suggestions)}
                for problem in self.problems
            ],
        }

    def __str__(self) -> str:
        if self.ok:
            return f"the config is valid for {self.registry}"
        count = len(self.problems)
        lines = [
            f"{count} problem{'s' if count > 1 else ''} in the config for "
            f"{self.registry}:"
        ]
        for number, problem in enumerate(self.problems, 1):
            first, *rest = problem.message.splitlines()
            lines.append(f"{number}. {first}")
            lines.extend(f"  {line}" for line in rest)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ValidationReport({self.registry!r}, {len(self.problems)} problems)"


def checked_registry(registry: object) -> None:
    """Refuse a ``registry`` that is not one: a problem of the call, not the config.

    Raises:
        TypeError: A plain one, since validation reports config problems
            and never raises for them.
    """
    try:
        check_registry(registry)
    except RegistryError as error:
        raise TypeError(
            f"registry must be a scopereg.Registry, but got {type(registry).__name__}"
        ) from error


def problem_of(error: RegistryError) -> ConfigProblem:
    """Turn an error the build would raise into a problem of the report."""
    kind = next((k for cls, k in _KINDS if isinstance(error, cls)), "invalid-config")
    suggestions = getattr(error, "suggestions", ())
    return ConfigProblem(error.config_path or "", kind, str(error), tuple(suggestions))


def validate(
    cfg: object,
    registry: RegistryCore,
    *,
    recursive: bool = False,
    default_args: Mapping[str, Any] | None = None,
    config_path: str = "",
) -> ValidationReport:
    """Collect every problem of ``cfg`` as ``registry.build`` would meet them.

    Args:
        cfg: The config.
        registry: The registry to validate against.
        recursive: Check nested configs as a recursive build would.
        default_args: Keyword arguments for the top-level config.
        config_path: The path of ``cfg`` inside a larger config.

    Returns:
        The report.

    Raises:
        TypeError: If ``registry`` is not a :class:`~scopereg.Registry` (a
            problem of the call, not of the config).
    """
    checked_registry(registry)
    problems: list[ConfigProblem] = []
    failed_locations: set[str] = set()

    def collect(error: RegistryError) -> None:
        if isinstance(error, LocationImportError):  # once, not once per node
            if error.location in failed_locations:
                return
            failed_locations.add(error.location)
        problems.append(problem_of(error))

    # The registry's build function reads the top-level config its own way
    # (the scheduler's conversion keys, the runner's runner_type): validation
    # reads it the same way, so it agrees with building.
    build_func = registry.build_func
    if recursive:
        try:
            check_recursive(build_func, registry)
        except RegistryError as error:
            return ValidationReport(label(registry), [problem_of(error)])
    planner = Planner(
        registry,
        recursive=recursive,
        spec=spec_of(build_func),
        collect=collect,
        check=SignatureCheck(problems, recursive=recursive),
        paths=True,
    )
    planner.config(cfg, config_path, default_args)
    return ValidationReport(label(registry), problems)
