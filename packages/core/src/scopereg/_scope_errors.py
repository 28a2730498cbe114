"""The errors of the default-scope API: bad instance names and arguments, out-of-order exits."""

from __future__ import annotations

from typing import Any

from scopereg import _context
from scopereg._messages import compose, shown
from scopereg.exceptions import ScopeAssertionError

__all__ = [
    "exit_error",
    "get_instance_arguments_error",
    "instance_name_error",
    "instance_name_type_error",
]


def exit_error(block: object) -> RuntimeError:
    """Return the error of a scope block that exits where it is not the innermost.

    Shared by :class:`DefaultScope` and :class:`~scopereg.CapturedScope`. The
    two causes get their own message: blocks entered inside this one are
    still open here, or this thread or task never entered it (a generator
    that yields inside the block and is resumed elsewhere).

    Args:
        block: The object whose ``__exit__`` found another frame on top.

    Returns:
        The error to raise; nothing has been popped.

    Examples:
        >>> from scopereg import DefaultScope
        >>> print(exit_error(DefaultScope("srdet")))  # doctest: +ELLIPSIS
        DefaultScope('srdet', scope_name='srdet') exited in a thread or asyncio task that did not enter it
        ...
    """
    if _context.holds(block):
        inner = _context.active_scope()
        shown = "a block of no scope" if inner is None else repr(inner)
        return RuntimeError(
            compose(
                f"{block!r} exited, but it is not the innermost active scope of "
                f"this thread or asyncio task: {shown}, entered inside it, is "
                "still open",
                [
                    "scope blocks must nest: the inner one was entered and not "
                    "exited yet (an __enter__() without its __exit__(), or a "
                    "generator paused at a yield inside a scope block of its own)"
                ],
                [
                    "fix: exit the inner block first by writing every scope block "
                    "as a `with` statement; in a generator, enter the scope around "
                    "each step and yield outside the block"
                ],
            )
        )
    return RuntimeError(
        compose(
            f"{block!r} exited in a thread or asyncio task that did not enter it",
            [
                "a generator or async generator that yields inside the block does "
                "this when it is resumed or closed in another thread or task (also "
                "by the garbage collector, or by asyncio when the loop shuts "
                "down); the thread or task that entered the block keeps its scope"
            ],
            [
                "fix: do not yield inside the block: enter the scope around each "
                "step and yield outside it (`with scope: item = MODELS.build(cfg)`"
                ", then `yield item`), or enter it in the code that consumes the "
                "generator"
            ],
        )
    )


def instance_name_error(name: object) -> ScopeAssertionError:
    """Return the error of a ``DefaultScope`` name that is no non-empty str."""
    return ScopeAssertionError(
        compose(
            # mmengine's sentence, its grammar included, then ours
            "name argument must be an non-empty string. DefaultScope got "
            f"{shown(name)} ({type(name)})",
            fix=[
                "fix: name the instance, e.g. DefaultScope.get_instance("
                "'task', scope_name='srdet')"
            ],
        ),
        scope=None,
    )


def instance_name_type_error(name: object) -> ScopeAssertionError:
    """Return the error of ``get_instance`` asked for a name that is no str."""
    return ScopeAssertionError(
        compose(
            f"type of name should be str, but got {type(name)}: {shown(name)}",
            fix=["fix: name the instance with a str, e.g. 'task'"],
        ),
        scope=None,
    )


def get_instance_arguments_error(name: str, kwargs: dict[str, Any]) -> TypeError:
    """Return the error of a new ``get_instance`` call without (only) ``scope_name``."""
    if "scope_name" not in kwargs:
        what = "missing 1 required keyword argument: 'scope_name'"
    else:
        what = (
            f"got unexpected keyword arguments {sorted(set(kwargs) - {'scope_name'})}"
        )
    return TypeError(
        compose(
            f"DefaultScope.get_instance() {what}: no instance {name!r} exists to "
            "return, and a new one needs its scope",
            fix=[
                f"fix: DefaultScope.get_instance({name!r}, scope_name='srdet'), or "
                f"`with DefaultScope({name!r}):` for a block in this thread or task"
            ],
        )
    )
