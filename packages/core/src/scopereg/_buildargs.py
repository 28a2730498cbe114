"""The steps every build shares: check the inputs, merge, resolve, note errors.

These are the engine's parts (:mod:`scopereg._plan` puts them together):
:func:`merged_args` checks a config and merges ``default_args`` into it,
:func:`resolve_type` is the one place a config's ``type`` becomes the
callable to call, :func:`in_scope` the one place a ``_scope_`` becomes the
default scope, and :func:`annotate_build_error` the one writer of the PEP 678
note an escaping exception carries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from contextvars import Token
from types import TracebackType
from typing import Any, Final

from scopereg import _context, _scope
from scopereg._buildspec import BuildSpec
from scopereg._core import RegistryCore
from scopereg._keys import check_scope_name
from scopereg._messages import (
    compose,
    label,
    qualified_name,
    show_path,
    wrong_type,
)
from scopereg._protocols import is_config_mapping
from scopereg.exceptions import InvalidConfigError, MissingTypeError, RegistryError

__all__ = [
    "annotate_build_error",
    "check_registry",
    "checked_scope",
    "in_scope",
    "keywords_failed",
    "merged_args",
    "resolve_type",
]

_NO_SCOPE: Final = nullcontext()


def check_registry(registry: object) -> RegistryCore:
    """Return ``registry`` if it is a registry, else raise InvalidConfigError."""
    if not isinstance(registry, RegistryCore):
        raise InvalidConfigError(
            wrong_type(
                "registry",
                "a mmengine.Registry object",  # mmengine's words; scopereg's below
                registry,
                "fix: pass the scopereg.Registry to build from, e.g. MODELS",
            ),
            argument="registry",
        )
    return registry


def merged_args(
    cfg: object, registry: RegistryCore, default_args: object, spec: BuildSpec
) -> dict[str, Any]:
    """Validate the inputs and return the config merged with the defaults.

    Args:
        cfg: The config (any mapping).
        registry: Where its type resolves.
        default_args: Keyword arguments where ``cfg`` has none, or ``None``.
        spec: The build function's declaration: which key names the type,
            and whether the type may be left out.

    Returns:
        A new dict: the config's keys, then the defaults it lacks.

    Raises:
        InvalidConfigError: If ``cfg`` or ``default_args`` is not a mapping,
            or a key is not a str.
        MissingTypeError: If neither gives the type (and it is required).
    """
    if not is_config_mapping(cfg):
        raise InvalidConfigError(
            wrong_type(
                "cfg",
                "a dict, ConfigDict or Config",
                cfg,
                "fix: pass a mapping such as dict(type='Name', ...) describing "
                "one object",
                verb="should be",
            ),
            argument="cfg",
        )
    if default_args is not None and not is_config_mapping(default_args):
        raise InvalidConfigError(
            wrong_type(
                "default_args",
                "a dict, ConfigDict, Config or None",
                default_args,
                "fix: pass a mapping of keyword arguments, e.g. dict(in_channels=3)",
                verb="should be",
            ),
            argument="default_args",
        )
    args = dict(cfg)  # also reads mmengine's Config, through keys() and []
    if default_args is not None:
        # keys(), not iteration: all a config object promises is what dict() reads.
        for key in default_args.keys():  # noqa: SIM118
            args.setdefault(key, default_args[key])
    if spec.type_key not in args and spec.default_type is None:
        keys = [str(key) for key in cfg.keys()]  # noqa: SIM118  (as above)
        raise MissingTypeError(
            compose(
                f'`cfg` or `default_args` must contain the key "{spec.type_key}", '
                f"but neither does (keys present: {keys})",
                fix=[
                    f"fix: add {spec.type_key}='<registered name>' naming what to "
                    f"build from {label(registry)}"
                ],
            ),
            keys=keys,
        )
    bad_keys = [key for key in args if not isinstance(key, str)]
    if bad_keys:
        raise InvalidConfigError(
            compose(
                f"config keys must be str (they become keyword arguments), but "
                f"got {bad_keys!r:.80}",
                fix=["fix: write every key of the config as a str"],
            )
        )
    return args


def checked_scope(args: dict[str, Any]) -> str | None:
    """Pop and check a config's ``_scope_`` (``None`` when absent or None)."""
    scope = args.pop("_scope_", None)
    if scope is None:
        return None
    return check_scope_name(scope, what="_scope_")


class _ScopeKey:
    """A ``_scope_`` entered for one build and left by its context-variable token.

    Leaving by token restores the scope stack exactly as it was, also when
    the constructor entered a scope of its own and never left it. The build
    fast branch of ``Registry.build`` does the same, so a first build
    (general path) and a later one (fast branch) leave the same stack.
    """

    __slots__ = ("_frame", "_token")

    def __init__(self, scope: str) -> None:
        self._frame = _context.token_frame(scope, _scope.scope_for_name(scope))
        self._token: Token[Any] | None = None

    def __enter__(self) -> None:
        self._token = _context.enter(self._frame)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._token is not None:
            _context.leave(self._token)


def in_scope(scope: str | None) -> AbstractContextManager[object]:
    """Return the default scope a config's ``_scope_`` sets, to enter once.

    Examples:
        >>> from scopereg import DefaultScope
        >>> with in_scope("srdet"):
        ...     DefaultScope.get_current_instance().scope_name
        'srdet'
        >>> DefaultScope.get_current_instance() is None
        True
    """
    return _NO_SCOPE if scope is None else _ScopeKey(scope)


def resolve_type(obj_type: object, registry: RegistryCore) -> Callable[..., Any]:
    """Turn a config's ``type`` into the callable to call.

    A string resolves from the registry the default scope in force selects
    (through the registry's own methods, so a subclass overriding ``get``
    is honoured); a class or function is used as it is.

    Raises:
        NotRegisteredError: If a string resolves to nothing.
        InvalidConfigError: If ``type`` is neither a string nor callable.
    """
    if isinstance(obj_type, str):
        target = registry.registry_for_current_scope()
        obj: Callable[..., Any] | None = target.get(obj_type)
        if obj is None:
            from scopereg._diagnose import not_registered

            raise not_registered(obj_type, target, origin=registry)
        return obj
    if callable(obj_type):
        return obj_type
    raise InvalidConfigError(
        wrong_type(
            "type",
            "a str or valid type",
            obj_type,
            f"fix: use a name registered in {label(registry)}, a class or a function",
        )
    )


def keywords_failed(error: BaseException, config: Mapping[Any, Any]) -> bool:
    """Tell whether ``error`` is Python refusing a non-str keyword name.

    ``obj(**config)`` raises ``TypeError`` before any code of ``obj`` runs if
    a key is not a str; the build fast branch then hands the config to the
    general path, which reports it as an InvalidConfigError.
    """
    return isinstance(error, TypeError) and not all(
        isinstance(key, str) for key in config
    )


def annotate_build_error(
    error: BaseException,
    obj_type: object,
    obj: object,
    registry: object,
    config_path: str | None = None,
    arguments: Mapping[str, Any] | None = None,
) -> None:
    """Add a PEP 678 note naming the build that ``error`` escaped from.

    Called once per enclosing build as the exception unwinds, so the notes
    read as the build stack, innermost first. In recursive builds each note
    has the config path, and a scopereg error without one gets the
    innermost.

    Args:
        error: The exception escaping the build.
        obj_type: The config's ``type`` as written.
        obj: What it resolved to.
        registry: The registry the build was called on.
        config_path: Where in a nested config the build is, if known.
        arguments: The keyword arguments ``obj`` was called with: a
            ``TypeError`` of its own for an unexpected or missing keyword
            then gets validation's did-you-mean in the note, indented.
    """
    where = label(registry) if isinstance(registry, RegistryCore) else repr(registry)
    shown = obj_type if isinstance(obj_type, str) else qualified_name(obj_type)
    at = "" if config_path is None else f" at config path {show_path(config_path)}"
    note = f"while building {shown!r} ({qualified_name(obj)}) from {where}{at}"
    if arguments is not None and isinstance(error, TypeError):
        from scopereg._typeerror import type_error_fix  # error path only

        fix = type_error_fix(error, obj, arguments)
        if fix is not None and not any(
            fix in n for n in getattr(error, "__notes__", ())
        ):
            note += f"\n  {fix}"  # under the build that Python's message is about
    error.add_note(note)
    if (
        config_path is not None
        and isinstance(error, RegistryError)
        and error.config_path is None
    ):
        error._locate(config_path)
