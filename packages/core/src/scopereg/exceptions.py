"""Exception classes raised by scopereg.

Every class derives from :class:`RegistryError` and from the builtin exception
that code written for mmengine already catches (``KeyError``, ``TypeError``,
``ValueError``, ``ImportError``), so ``except KeyError:`` keeps working after a
migration. Each carries structured attributes alongside a readable multi-line
message whose first line holds mmengine's wording for the same error (so a
``pytest.raises(..., match=...)`` written for mmengine still matches), then
where, then how to fix it.

Where mmengine checks an argument with ``assert`` (a scope that is not a str,
a ``parent`` that is not a registry, a scope already in the tree, the config
of a runner or scheduler build), scopereg raises one of the ``*AssertionError``
classes: each is the scopereg class raised there before *and*
``AssertionError``, so both ``except ScopeError:`` and mmengine-era
``except AssertionError:`` catch it, and neither vanishes under ``python -O``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "ArgumentAssertionError",
    "ConfigAssertionError",
    "ConfigError",
    "ConfigValueAssertionError",
    "ConfigValueError",
    "DuplicateRegistrationError",
    "InvalidConfigError",
    "InvalidRegistrationError",
    "LocationImportError",
    "MissingTypeError",
    "NotRegisteredError",
    "OptionalDependencyError",
    "RegistryError",
    "ScopeAssertionError",
    "ScopeError",
    "ScopeFallbackWarning",
    "ValidationError",
]


class RegistryError(Exception):
    """Base class of every error scopereg raises.

    Args:
        message: The complete, human-readable message.

    Attributes:
        message: The message, as printed.
        config_path: Where in a nested config the error arose
            (``'model.backbone.stages[2]'``, ``''`` for the top level of a
            recursive build), or ``None`` outside recursive builds.

    Examples:
        >>> issubclass(NotRegisteredError, RegistryError)
        True
        >>> print(KeyError("a"), RegistryError("a"))
        'a' a
    """

    config_path: str | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """Return the message as written, without ``KeyError``'s quoting."""
        return self.message

    def _locate(self, config_path: str) -> None:
        """Record where in a nested config this error arose, in the message too."""
        self.config_path = config_path
        what, newline, rest = self.message.partition("\n")
        where = f"  at config path: {config_path or '<root>'}"
        self.message = f"{what}\n{where}{newline}{rest}"
        self.args = (self.message,)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the structured attributes, so errors cross processes."""
        return (_restore_error, (type(self), self.message, dict(self.__dict__)))


def _restore_error(
    cls: type[RegistryError], message: str, state: dict[str, Any]
) -> RegistryError:
    """Rebuild a pickled error without calling its keyword-only constructor."""
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class NotRegisteredError(RegistryError, KeyError):
    """A key names nothing reachable from the registry it was looked up in.

    Args:
        message: The complete message.
        key: The key that was asked for.
        registry: The registry searched, as ``scope::name``.
        suggestions: Close names found across the whole tree, best first.
        config_path: Where in a nested config the key was met, if known.
        explanation: The :class:`scopereg.Explanation` the message was
            written from (search path, scope state, import failures), if any.

    Examples:
        >>> err = NotRegisteredError("no", key="Foo", registry="core::model")
        >>> (err.key, err.registry, isinstance(err, KeyError))
        ('Foo', 'core::model', True)
        >>> print(err)  # no KeyError quoting
        no
    """

    def __init__(
        self,
        message: str,
        *,
        key: str,
        registry: str,
        suggestions: Sequence[str] = (),
        config_path: str | None = None,
        explanation: Any = None,
    ) -> None:
        super().__init__(message)
        self.key = key
        self.registry = registry
        self.suggestions = tuple(suggestions)
        self.config_path = config_path
        self.explanation = explanation


class DuplicateRegistrationError(RegistryError, KeyError):
    """A name is already taken in a registry and ``force`` was not given.

    Args:
        message: The complete message.
        key: The name that clashed.
        registry: The registry, as ``scope::name``.
        existing: Where the entry already registered was defined.
        incoming: Where the rejected object was defined.

    Examples:
        >>> err = DuplicateRegistrationError(
        ...     "taken", key="A", registry="s::m", existing="a.py:1", incoming="b.py:2"
        ... )
        >>> err.existing, err.incoming
        ('a.py:1', 'b.py:2')
    """

    def __init__(
        self,
        message: str,
        *,
        key: str,
        registry: str,
        existing: str,
        incoming: str,
    ) -> None:
        super().__init__(message)
        self.key = key
        self.registry = registry
        self.existing = existing
        self.incoming = incoming


class InvalidRegistrationError(RegistryError, TypeError):
    """``register_module`` got an argument of the wrong type.

    Args:
        message: The complete message.

    Examples:
        >>> isinstance(InvalidRegistrationError("bad"), TypeError)
        True
    """


class ScopeError(RegistryError, ValueError):
    """A scope is malformed or clashes with another registry of its tree.

    Args:
        message: The complete message.
        scope: The scope concerned.
        config_path: Where in a nested config the scope was given, if known.

    Examples:
        >>> ScopeError("clash", scope="srdet").scope
        'srdet'
    """

    def __init__(
        self,
        message: str,
        *,
        scope: str | None = None,
        config_path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.scope = scope
        self.config_path = config_path


class ScopeAssertionError(ScopeError, AssertionError):
    """A scope argument mmengine checks with ``assert`` is refused.

    Raised for a scope (``Registry(scope=...)``, ``DefaultScope(scope_name=...)``,
    ``_scope_``, ``init_default_scope``) or a ``DefaultScope`` name that is not
    a str, and for a registry whose scope its tree already has. It is a
    :class:`ScopeError` (so a ``ValueError``) and an ``AssertionError``, which
    is what mmengine raises there.

    Args:
        message: The complete message.
        scope: The scope concerned, if it is a str.
        config_path: Where in a nested config the scope was given, if known.

    Examples:
        >>> from scopereg import Registry
        >>> try:
        ...     Registry("cat", scope=1)
        ... except AssertionError as err:  # as written for mmengine
        ...     print(type(err).__name__, isinstance(err, ScopeError))
        ScopeAssertionError True
    """


class ArgumentAssertionError(RegistryError, TypeError, AssertionError):
    """An argument has the wrong type where mmengine checks it with ``assert``.

    ``Registry(name, parent=...)`` with a parent that is not a registry: a
    ``TypeError`` as before, and an ``AssertionError`` as in mmengine.

    Args:
        message: The complete message.

    Examples:
        >>> from scopereg import Registry
        >>> try:
        ...     Registry("little_cat", parent="cat", scope="little_cat")
        ... except AssertionError as err:
        ...     print(str(err).splitlines()[0])
        parent should be a Registry or None, but got <class 'str'>: 'cat'
        >>> issubclass(ArgumentAssertionError, TypeError)
        True
    """


class ConfigError(RegistryError):
    """Base class of the errors about a malformed config.

    Args:
        message: The complete message.
        config_path: Where in a nested config the problem is, if known.

    Examples:
        >>> ConfigError("bad", config_path="model.backbone").config_path
        'model.backbone'
    """

    def __init__(self, message: str, *, config_path: str | None = None) -> None:
        super().__init__(message)
        self.config_path = config_path


class InvalidConfigError(ConfigError, TypeError):
    """A config, its ``type`` or its ``default_args`` has the wrong type.

    Args:
        message: The complete message.
        argument: The build argument of the wrong type (``'cfg'``,
            ``'registry'``, ``'default_args'``), or ``None`` for a problem
            inside the config.
        config_path: Where in a nested config the problem is, if known.

    Examples:
        >>> err = InvalidConfigError("bad", argument="cfg")
        >>> isinstance(err, TypeError), err.argument
        (True, 'cfg')
    """

    def __init__(
        self,
        message: str,
        *,
        argument: str | None = None,
        config_path: str | None = None,
    ) -> None:
        super().__init__(message, config_path=config_path)
        self.argument = argument


class ConfigAssertionError(InvalidConfigError, AssertionError):
    """A runner or scheduler build got a config or registry of the wrong type.

    mmengine's ``build_runner_from_cfg`` and ``build_scheduler_from_cfg``
    ``assert`` these where ``build_from_cfg`` raises ``TypeError``; this is
    both (an :class:`InvalidConfigError` and an ``AssertionError``).

    Args:
        message: The complete message.
        config_path: Where in a nested config the problem is, if known.

    Examples:
        >>> from scopereg import PARAM_SCHEDULERS
        >>> try:
        ...     PARAM_SCHEDULERS.build("StepLR")
        ... except AssertionError as err:
        ...     print(str(err).splitlines()[0])
        cfg should be a dict, ConfigDict or Config, but got <class 'str'>: 'StepLR'
        >>> issubclass(ConfigAssertionError, TypeError)
        True
    """


class MissingTypeError(ConfigError, KeyError):
    """Neither the config nor ``default_args`` says which ``type`` to build.

    Args:
        message: The complete message.
        keys: The keys the config did have.
        config_path: Where in a nested config the problem is, if known.

    Examples:
        >>> MissingTypeError("no type", keys=("depth",)).keys
        ('depth',)
    """

    def __init__(
        self,
        message: str,
        *,
        keys: Sequence[str] = (),
        config_path: str | None = None,
    ) -> None:
        super().__init__(message, config_path=config_path)
        self.keys = tuple(keys)


class LocationImportError(RegistryError, ImportError):
    """A module listed in a registry's ``locations`` failed to import.

    The original exception is chained as ``__cause__``.

    Args:
        message: The complete message.
        registry: The registry, as ``scope::name``.
        location: The module path that failed.

    Examples:
        >>> err = LocationImportError("x", registry="s::m", location="s.models")
        >>> err.location, isinstance(err, ImportError)
        ('s.models', True)
    """

    def __init__(self, message: str, *, registry: str, location: str) -> None:
        super().__init__(message)
        self.registry = registry
        self.location = location


class ValidationError(ConfigError, ValueError):
    """A validated config has problems; every one of them is listed.

    Raised by :meth:`scopereg.Registry.validate`'s report through
    ``raise_if_problems()``, never by a build.

    Args:
        message: The complete message, one block per problem.
        problems: The problems, in config order (see
            :class:`scopereg.ValidationReport`).

    Examples:
        >>> err = ValidationError("2 problems", problems=("a", "b"))
        >>> len(err.problems), isinstance(err, ValueError)
        (2, True)
    """

    def __init__(self, message: str, *, problems: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class ScopeFallbackWarning(UserWarning):
    """The default scope has no registry in a tree, so the tree's own is used.

    Issued by every such build, at the line that called it; the warnings
    filters decide how often it is shown (by default once per line).

    Examples:
        >>> issubclass(ScopeFallbackWarning, UserWarning)
        True
    """


class ConfigValueError(ConfigError, ValueError):
    """A config has the right types but asks for something that cannot be built.

    For example ``convert_to_iter_based=True`` on a parameter scheduler
    without the ``epoch_length`` the conversion needs.

    Args:
        message: The complete message.
        config_path: Where in a nested config the problem is, if known.

    Examples:
        >>> isinstance(ConfigValueError("bad"), ValueError)
        True
    """


class ConfigValueAssertionError(ConfigValueError, AssertionError):
    """A scheduler config cannot be converted to iteration-based, as asserted.

    ``convert_to_iter_based=True`` without ``epoch_length``, or with
    ``by_epoch=False``: mmengine's ``build_scheduler_from_cfg`` asserts
    against it; this is a :class:`ConfigValueError` and an ``AssertionError``.

    Args:
        message: The complete message.
        config_path: Where in a nested config the problem is, if known.

    Examples:
        >>> issubclass(ConfigValueAssertionError, ValueError)
        True
        >>> issubclass(ConfigValueAssertionError, AssertionError)
        True
    """


class OptionalDependencyError(RegistryError, ImportError):
    """A feature needs a package that is not installed, offered as an extra.

    The original ``ModuleNotFoundError`` is chained as ``__cause__``.

    Args:
        message: The complete message.
        package: The missing import name, e.g. ``'torch'``.
        extra: The extra of ``scopereg`` that installs it, e.g. ``'torch'``.

    Examples:
        >>> err = OptionalDependencyError("no torch", package="torch", extra="torch")
        >>> err.name, err.extra, isinstance(err, ImportError)
        ('torch', 'torch', True)
    """

    def __init__(self, message: str, *, package: str, extra: str) -> None:
        super().__init__(message)
        # ImportError.name is what `except ImportError as e: e.name` reads.
        self.name = package
        self.package = package
        self.extra = extra

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle through the constructor, which also restores ``name``."""
        # ImportError.name lives in the C struct, not in the instance __dict__
        # that RegistryError.__reduce__ carries across.
        return (
            _restore_optional_dependency_error,
            (type(self), self.message, self.package, self.extra),
        )


def _restore_optional_dependency_error(
    cls: type[OptionalDependencyError], message: str, package: str, extra: str
) -> OptionalDependencyError:
    """Rebuild a pickled :class:`OptionalDependencyError`."""
    return cls(message, package=package, extra=extra)
