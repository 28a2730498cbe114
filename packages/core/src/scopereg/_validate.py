"""Checking a config without building it: every problem, each with its path.

Validation walks the config as a build would (:class:`~scopereg._recursive.
Planner`), so a problem reads exactly as the error the build would raise;
then it checks each node's keyword arguments against the signature of the
class's ``__init__`` or of the function. Nothing is constructed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from scopereg._buildargs import check_registry
from scopereg._buildspec import spec_of
from scopereg._engine import check_recursive
from scopereg._messages import compose, did_you_mean, label, qualified_name, show_path
from scopereg._plan import Planner
from scopereg._source import source_of
from scopereg.exceptions import (
    LocationImportError,
    MissingTypeError,
    NotRegisteredError,
    RegistryError,
    ScopeError,
    ValidationError,
)

if TYPE_CHECKING:
    import inspect

    from scopereg._core import RegistryCore

__all__ = ["ConfigProblem", "ValidationReport", "validate"]

_KINDS: tuple[tuple[type[RegistryError], str], ...] = (
    (NotRegisteredError, "not-registered"),
    (MissingTypeError, "missing-type"),
    (ScopeError, "invalid-scope"),
    (LocationImportError, "import-failed"),
)


class ConfigProblem(NamedTuple):
    """One problem found in a config by :meth:`Registry.validate`.

    Attributes:
        config_path: Where in the config (``'backbone.stages[2]'``; ``''``
            is the top level).
        kind: ``'not-registered'``, ``'missing-type'``, ``'invalid-scope'``,
            ``'import-failed'``, ``'invalid-config'``, ``'unknown-argument'``
            or ``'missing-argument'``.
        message: The full message (what, where, fix), as a build would
            raise it.
        suggestions: Did-you-mean candidates (type names or argument names).

    Examples:
        >>> problem = ConfigProblem("head", "unknown-argument", "...", ("num",))
        >>> problem.config_path, problem.suggestions
        ('head', ('num',))
    """

    config_path: str
    kind: str
    message: str
    suggestions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message


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


def _problem(error: RegistryError) -> ConfigProblem:
    """Turn an error the build would raise into a problem of the report."""
    kind = next((k for cls, k in _KINDS if isinstance(error, cls)), "invalid-config")
    suggestions = getattr(error, "suggestions", ())
    return ConfigProblem(error.config_path or "", kind, str(error), tuple(suggestions))


def _describe(obj_type: object, obj: Callable[..., Any]) -> tuple[str, str]:
    """Return how to name the type in a message, and where it is defined."""
    source = source_of(obj)
    shown = obj_type if isinstance(obj_type, str) else source.qualname
    return f"{shown!r} ({qualified_name(obj)})", source.location


class _SignatureCheck:
    """Check each node's keyword arguments against the callable's signature."""

    def __init__(self, problems: list[ConfigProblem], *, recursive: bool) -> None:
        self.problems = problems
        self.recursive = recursive  # only recursive builds honour _partial_
        # inspect.signature is slow; a config repeats the same types often.
        self._signatures: dict[int, tuple[inspect.Parameter, ...] | None] = {}

    def _parameters(
        self, obj: Callable[..., Any]
    ) -> tuple[inspect.Parameter, ...] | None:
        """Return ``obj``'s parameters, or ``None`` if it has no signature."""
        import inspect

        if id(obj) not in self._signatures:
            try:
                parameters = tuple(inspect.signature(obj).parameters.values())
            except (TypeError, ValueError):  # some builtins: left unchecked
                parameters = None
            self._signatures[id(obj)] = parameters
        return self._signatures[id(obj)]

    def __call__(
        self,
        obj_type: object,
        obj: Callable[..., Any],
        args: Mapping[str, Any],
        path: str,
        partial: bool,
    ) -> None:
        import inspect

        parameters = self._parameters(obj)
        if parameters is None:
            return
        keyword = (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        )
        named = [p.name for p in parameters if p.kind in keyword]
        unnamed = [key for key in args if key not in named]
        takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters)
        unknown = [] if takes_any else unnamed
        missing = [
            p
            for p in parameters
            if not partial
            and p.default is p.empty
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            and not (p.name in args and p.kind in keyword)
        ]
        if not unknown and not missing:
            return
        shown, defined_at = _describe(obj_type, obj)  # slow for classes: only now
        where = [f"at config path: {show_path(path)}", f"defined at {defined_at}"]
        for key in unknown:
            self._unknown(key, named, args, shown, where, path)
        for parameter in missing:
            self._missing(parameter, unnamed, shown, where, path)

    def _unknown(
        self,
        key: str,
        named: list[str],
        args: Mapping[str, Any],
        shown: str,
        where: list[str],
        path: str,
    ) -> None:
        import difflib

        free = [name for name in named if name not in args]
        close = tuple(difflib.get_close_matches(key, free, n=3))
        accepted = ", ".join(named) or "none"
        fix = did_you_mean(close) if close else f"remove {key!r} from the config"
        self.problems.append(
            ConfigProblem(
                path,
                "unknown-argument",
                compose(
                    f"{key!r} is not an argument of {shown}",
                    [*where, f"its arguments: {accepted}"],
                    [f"fix: {fix}"],
                ),
                close,
            )
        )

    def _missing(
        self,
        parameter: inspect.Parameter,
        unnamed: list[str],
        shown: str,
        where: list[str],
        path: str,
    ) -> None:
        import difflib

        name = parameter.name
        # A misspelt key that **kwargs swallowed is the likeliest cause.
        misspelt = difflib.get_close_matches(name, unnamed, n=1)
        if parameter.kind is parameter.POSITIONAL_ONLY:
            what = f"{shown} needs the positional-only argument {name!r}"
            fix = "register a wrapper that takes it as a keyword argument"
        elif misspelt:
            what = f"{shown} needs the argument {name!r}"
            fix = f"did you mean {name!r} instead of {misspelt[0]!r}?"
        else:
            what = f"{shown} needs the argument {name!r}"
            fix = f"add {name}=... to the config (or to default_args)"
            if self.recursive:
                fix += ", or set _partial_=True to supply it when calling"
        self.problems.append(
            ConfigProblem(
                path,
                "missing-argument",
                compose(
                    f"{what}, which the config does not give", where, [f"fix: {fix}"]
                ),
                (name,) if misspelt else (),
            )
        )


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
    try:
        check_registry(registry)
    except RegistryError as error:  # a problem of the call, not of the config
        raise TypeError(
            f"registry must be a scopereg.Registry, but got {type(registry).__name__}"
        ) from error
    problems: list[ConfigProblem] = []
    failed_locations: set[str] = set()

    def collect(error: RegistryError) -> None:
        if isinstance(error, LocationImportError):  # once, not once per node
            if error.location in failed_locations:
                return
            failed_locations.add(error.location)
        problems.append(_problem(error))

    # The registry's build function reads the top-level config its own way
    # (the scheduler's conversion keys, the runner's runner_type): validation
    # reads it the same way, so it agrees with building.
    build_func = registry.build_func
    if recursive:
        try:
            check_recursive(build_func, registry)
        except RegistryError as error:
            return ValidationReport(label(registry), [_problem(error)])
    planner = Planner(
        registry,
        recursive=recursive,
        spec=spec_of(build_func),
        collect=collect,
        check=_SignatureCheck(problems, recursive=recursive),
        paths=True,
    )
    planner.config(cfg, config_path, default_args)
    return ValidationReport(label(registry), problems)
