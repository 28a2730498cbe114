"""The error of a scope block that exits where it is not the innermost block."""

from __future__ import annotations

from scopereg import _context
from scopereg._messages import compose

__all__ = ["exit_error"]


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
