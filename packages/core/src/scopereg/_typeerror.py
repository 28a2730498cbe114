"""The fix for a constructor's own keyword ``TypeError``, written at build time.

Python says ``X.__init__() got an unexpected keyword argument 'in_channel'``
but not the fix; :func:`type_error_fix` gives it the did-you-mean that
validation (:mod:`scopereg._argcheck`) gives, and the build note of the call
that Python refused carries it (:func:`scopereg._buildargs.
annotate_build_error`). Error path only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scopereg._argcheck import accepted_names, keyword_names
from scopereg._messages import did_you_mean

__all__ = ["type_error_fix"]


def type_error_fix(
    error: BaseException, obj: object, arguments: Mapping[str, Any]
) -> str | None:
    """Return a did-you-mean line for a constructor's keyword ``TypeError``.

    Python's own messages (``X.__init__() got an unexpected keyword argument
    'in_channel'``, ``... missing 1 required positional argument: 'depth'``)
    say what but not the fix; this gives the same fix validation gives.

    Args:
        error: The exception a call of ``obj`` raised.
        obj: The class or function that was called.
        arguments: The keyword arguments it was called with.

    Returns:
        ``'fix: ...'``, or ``None`` if ``error`` is no such error of ``obj``.

    Examples:
        >>> def head(num_classes, in_channels=3):
        ...     pass
        >>> try:
        ...     head(num_classes=3, in_channel=8)
        ... except TypeError as error:
        ...     print(type_error_fix(error, head, {"num_classes": 3, "in_channel": 8}))
        fix: did you mean 'in_channels'?
    """
    import difflib
    import re

    if not isinstance(error, TypeError):
        return None
    # Python 3.13 and later end the unexpected-keyword message with their
    # own "Did you mean ...?"; the fix scopereg writes does not depend on it.
    match = re.fullmatch(
        r"(?P<who>[\w.<>]+)\(\) (?:got an unexpected keyword argument '(?P<key>\w+)'"
        r"(?:\. Did you mean '\w+'\?)?|"
        r"missing \d+ required (?:positional|keyword-only) arguments?: (?P<names>.+))",
        str(error),
    )
    if match is None or not _names_a_part_of(match["who"], obj):
        return None
    if not _raised_by_the_call(error, obj):
        return None
    accepted = accepted_names(obj)
    if accepted is None:
        found = keyword_names(obj, skip_first=False)
        accepted = [] if found is None else found[0]
    key = match["key"]
    if key is not None:  # the fix validation gives for an unknown argument
        free = [name for name in accepted if name not in arguments]
        close = difflib.get_close_matches(key, free, n=3)
        return (
            f"fix: {did_you_mean(close)}"
            if close
            else f"fix: remove {key!r} from the config"
        )
    missing = re.findall(r"'(\w+)'", match["names"])
    unknown = [key for key in arguments if key not in accepted]
    fixes = []
    for name in missing:
        close = difflib.get_close_matches(name, unknown, n=1)
        fixes.append(
            f"did you mean {name!r} instead of {close[0]!r}?"
            if close
            else f"add {name}=... to the config"
        )
    return f"fix: {'; '.join(fixes)}" if fixes else None


def _names_a_part_of(who: str, obj: object) -> bool:
    """Tell whether ``who`` (from a TypeError) is ``obj`` or an ``__init__`` of its MRO."""
    if not isinstance(obj, type):
        return who == getattr(obj, "__qualname__", None)
    return any(
        who in (f"{klass.__qualname__}.__init__", klass.__qualname__)
        for klass in obj.__mro__
        if "__init__" in klass.__dict__
    )


def _raised_by_the_call(error: BaseException, obj: object) -> bool:
    """Tell whether ``error`` came from calling ``obj``, not from a build inside it.

    The traceback starts at the frame handling ``error``, the one that
    called ``obj``. Python refuses arguments before the callee runs, so the
    error was raised there, or in an ``__init__`` of ``obj``'s classes that
    passed ``**kwargs`` on to its base.
    """
    tb = error.__traceback__
    if tb is None:
        return False
    caller = tb.tb_frame
    while tb.tb_next is not None:
        tb = tb.tb_next
    if tb.tb_frame is caller:
        return True
    inits = [
        getattr(klass.__dict__["__init__"], "__code__", None)
        for klass in getattr(obj, "__mro__", ())
        if "__init__" in klass.__dict__
    ]
    return tb.tb_frame.f_code in inits
