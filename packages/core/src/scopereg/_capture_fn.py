"""The functions ``CapturedScope.wrap`` returns: real functions that pickle.

Engines accept only real functions in places (``ray.remote`` checks
:func:`inspect.isfunction`), so ``wrap`` returns one, made with
:func:`functools.wraps`. A function pickles by reference only, as
``module.qualname``; a closure has no such name. So a wrapper of a function
that is itself importable by name is given one: its ``__qualname__`` spells
the captured scope and the wrapped function's module and qualname, and the
``scopereg._capture`` module resolves that name (PEP 562 ``__getattr__``)
to the same wrapper in the pickling process, and to a new one elsewhere.

cloudpickle (Ray, Dask) pickles the functions of a script's ``__main__`` by
value, because a worker that does not run the script cannot import them;
the wrapper of such a function is pickled by value too (see
:func:`resolve`). Other callables (partials, bound methods) keep their own
names: the wrapper then pickles only where closures do (cloudpickle).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager
from types import FrameType, TracebackType
from typing import Any, Final, Protocol

__all__ = ["NAME_PREFIX", "resolve", "scoped_function"]

NAME_PREFIX: Final = "_in_scope:"
"""How the name of a wrapper pickled by reference starts."""

_HOME: Final = "scopereg._capture"  # the module whose __getattr__ resolves names
_ESCAPES: Final = (("%", "%25"), (".", "%2E"), (":", "%3A"))
# The wrappers of this process by name, so a name resolves to the very
# wrapper that was pickled (pickle checks that identity) and to one wrapper
# per name in a receiving process.
_wrappers: Final[weakref.WeakValueDictionary[str, Callable[..., Any]]] = (
    weakref.WeakValueDictionary()
)


class Captured(Protocol):
    """What a wrapper needs of a :class:`~scopereg.CapturedScope`."""

    def __enter__(self) -> Any: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
        /,
    ) -> None: ...

    def task(self) -> AbstractContextManager[Any]: ...


def _escape(text: str) -> str:
    for char, code in _ESCAPES:
        text = text.replace(char, code)
    return text


def _unescape(text: str) -> str:
    for char, code in reversed(_ESCAPES):
        text = text.replace(code, char)
    return text


def _module_name(func: Callable[..., Any]) -> str | None:
    """Return the module ``func`` is importable from by its qualname, else None."""
    module = getattr(func, "__module__", None)
    qualname = getattr(func, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str):
        return None
    if "<" in qualname or module not in sys.modules:  # <locals>, <lambda>
        return None
    try:
        if _walk(sys.modules[module], qualname) is not func:
            return None
    except AttributeError:
        return None
    # A spawned worker runs the parent's script as '__mp_main__'.
    return "__main__" if module == "__mp_main__" else module


def _walk(obj: Any, qualname: str) -> Any:
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _name(
    names: tuple[str, str] | None, func: Callable[..., Any], task: bool
) -> str | None:
    """Return the name the wrapper pickles by, or None when it has none."""
    module = _module_name(func)
    if module is None:
        return None
    instance, scope = ("", "") if names is None else names
    parts = ("task" if task else "call", instance, scope, module, func.__qualname__)
    return NAME_PREFIX + ":".join(_escape(part) for part in parts)


def scoped_function(
    captured: Captured,
    func: Callable[..., Any],
    *,
    names: tuple[str, str] | None,
    task: bool = False,
) -> Callable[..., Any]:
    """Return a real function running ``func`` in ``captured``.

    Args:
        captured: The scope to enter for each call.
        func: What to call; a coroutine function gives a coroutine function.
        names: The captured scope's instance and scope names, or ``None``.
        task: Enter ``captured.task()`` (restores the worker's whole state)
            instead of ``captured`` (this context's scope only).

    Returns:
        The wrapper, with ``func``'s name, docstring and signature.
    """
    name = _name(names, func, task)
    if name is not None:
        known = _wrappers.get(name)
        # The name may now resolve to another function (a reloaded module).
        if known is not None and getattr(known, "__wrapped__", None) is func:
            return known
    if inspect.iscoroutinefunction(func):

        async def in_scope_async(*args: Any, **kwargs: Any) -> Any:
            with captured.task() if task else captured:
                return await func(*args, **kwargs)

        wrapper: Callable[..., Any] = in_scope_async
    else:

        def in_scope(*args: Any, **kwargs: Any) -> Any:
            with captured.task() if task else captured:
                return func(*args, **kwargs)

        wrapper = in_scope
    wrapper = functools.wraps(func)(wrapper)
    if name is not None:
        wrapper.__module__ = _HOME
        wrapper.__qualname__ = name
        _wrappers[name] = wrapper
    return wrapper


def _asked_by_cloudpickle() -> bool:
    """Tell whether cloudpickle (Ray's copy too) is looking the name up."""
    frame: FrameType | None = sys._getframe(2)
    for _ in range(4):  # cloudpickle's lookup goes through pickle's helper
        if frame is None:
            return False
        if "cloudpickle" in str(frame.f_globals.get("__name__", "")).split("."):
            return True
        frame = frame.f_back
    return False


def resolve(
    name: str, rebuild: Callable[[tuple[str, str] | None], Captured]
) -> Callable[..., Any]:
    """Return the wrapper called ``name``, making it here if needed.

    Args:
        name: A ``__qualname__`` that :func:`scoped_function` gave.
        rebuild: Makes the captured scope from its names (``None``: none).

    Returns:
        The wrapper.

    Raises:
        AttributeError: If ``name`` is no wrapper's, or cloudpickle asks for
            the wrapper of a function of ``__main__`` (so it pickles it by
            value, as it does that function).
    """
    known = _wrappers.get(name)
    parts = [_unescape(part) for part in name[len(NAME_PREFIX) :].split(":")]
    if not name.startswith(NAME_PREFIX) or len(parts) != 5:
        raise AttributeError(f"module {_HOME!r} has no attribute {name!r}")
    kind, instance, scope, module, qualname = parts
    if known is not None:
        if module == "__main__" and _asked_by_cloudpickle():
            raise AttributeError(f"{name!r} is pickled by value, as its function")
        return known
    func = _walk(importlib.import_module(module), qualname)
    names = (instance, scope) if instance else None
    return scoped_function(rebuild(names), func, names=names, task=kind == "task")
