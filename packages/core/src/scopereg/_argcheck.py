"""Checking a config's keyword arguments against what its callable accepts.

:class:`SignatureCheck` is the check validation hands the engine's planner:
for each resolved node it compares the config's keys with the signature of
the class's ``__init__`` or of the function, and records unknown and missing
arguments with did-you-mean. :mod:`scopereg._typeerror` gives a constructor's
own ``TypeError`` (unexpected or missing keyword) the same did-you-mean at
build time. Loaded on error and validation paths only (``inspect``,
``difflib``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from scopereg._messages import compose, did_you_mean, qualified_name, show_path
from scopereg._source import source_of
from scopereg._suggest import is_near_miss

if TYPE_CHECKING:
    import inspect

__all__ = ["ConfigProblem", "SignatureCheck", "accepted_names", "keyword_names"]


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


def _describe(obj_type: object, obj: Callable[..., Any]) -> tuple[str, str]:
    """Return how to name the type in a message, and where it is defined."""
    source = source_of(obj)
    shown = obj_type if isinstance(obj_type, str) else source.qualname
    return f"{shown!r} ({qualified_name(obj)})", source.location


class SignatureCheck:
    """Check each node's keyword arguments against the callable's signature.

    The ``check`` a :class:`~scopereg._plan.Planner` calls for every resolved
    node; each problem found is appended to ``problems``.

    Args:
        problems: Where the problems go.
        recursive: Whether the build is recursive (only then may the config
            leave arguments to ``_partial_``).

    Examples:
        >>> def head(num_classes, in_channels=3):
        ...     pass
        >>> found = []
        >>> check = SignatureCheck(found, recursive=False)
        >>> check("head", head, {"num_classes": 3, "in_channel": 8}, "model", False)
        >>> [(p.kind, p.suggestions) for p in found]
        [('unknown-argument', ('in_channels',))]
    """

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
        unknown = unnamed
        if any(p.kind is p.VAR_KEYWORD for p in parameters):
            # **kwargs passed on to the base classes: only a near miss of
            # what they take is sure to be a typo; any other key may be read.
            forwarded = accepted_names(obj)
            named += [name for name in forwarded or () if name not in named]
            unknown = [
                key
                for key in unnamed
                if forwarded is not None
                and key not in forwarded
                and any(is_near_miss(key, name) for name in forwarded)
            ]
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


def keyword_names(function: object, skip_first: bool) -> tuple[list[str], bool] | None:
    """Return a callable's keyword parameter names and whether it takes ``**kwargs``.

    Args:
        function: A function, or an ``__init__`` (then ``skip_first`` drops
            ``self``).
        skip_first: Leave out the first parameter.

    Returns:
        ``(names, takes_kwargs)``, or ``None`` without a readable signature.

    Examples:
        >>> def head(num_classes, *, in_channels=3, **kwargs):
        ...     pass
        >>> keyword_names(head, skip_first=False)
        (['num_classes', 'in_channels'], True)
    """
    import inspect

    try:
        parameters = list(inspect.signature(function).parameters.values())  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if skip_first:
        parameters = parameters[1:]
    keyword = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    names = [p.name for p in parameters if p.kind in keyword]
    return names, any(p.kind is p.VAR_KEYWORD for p in parameters)


def accepted_names(obj: object) -> list[str] | None:
    """Return every keyword a class accepts through ``**kwargs`` passed to its bases.

    Follows the ``__init__`` of each class in the MRO while they take
    ``**kwargs``, as ``super().__init__(**kwargs)`` chains do, up to the
    first that does not.

    Args:
        obj: A registered class or function.

    Returns:
        The names, or ``None`` when anything may be accepted (a function,
        a chain that ends in ``object`` or in an unreadable signature).

    Examples:
        >>> class Base:
        ...     def __init__(self, depth, style="pytorch"):
        ...         pass
        >>> class Net(Base):
        ...     def __init__(self, stages=4, **kwargs):
        ...         super().__init__(**kwargs)
        >>> accepted_names(Net)
        ['stages', 'depth', 'style']
    """
    if not isinstance(obj, type):
        return None
    names: list[str] = []
    for klass in obj.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        if klass is object:
            return None
        found = keyword_names(init, skip_first=True)
        if found is None:
            return None
        names += [name for name in found[0] if name not in names]
        if not found[1]:
            return names
    return None
