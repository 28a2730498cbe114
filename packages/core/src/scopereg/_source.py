"""Where a registered object was defined, worked out only when asked.

Nothing is stored per entry at registration (memory matters at 100k
entries): functions carry their file and line in ``__code__``; classes are
located through :mod:`inspect`, imported here lazily because only error
messages and introspection need it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from types import FrameType
from typing import Any, Final, NamedTuple

__all__ = [
    "Source",
    "caller_site",
    "outside_frame",
    "script_scope",
    "source_of",
    "top_level_package",
    "user_stacklevel",
]

# Frames in these folders are scopereg's own (or contextlib's, which runs
# the `with` blocks of switch_scope_and_registry): warnings skip them.
_INTERNAL_PREFIXES: Final = (
    os.path.dirname(os.path.abspath(__file__)) + os.sep,
    os.path.dirname(os.path.abspath(contextlib.__file__)) + os.sep + "contextlib",
)


class Source(NamedTuple):
    """The definition site of a registered object.

    Attributes:
        module: The defining module's name (``__module__``), or ``None``.
        qualname: The qualified name, or the repr for objects without one.
        file: The source file, or ``None`` when unknown (REPL, ``exec``).
        line: The first line of the definition, or ``None`` when unknown.
    """

    module: str | None
    qualname: str
    file: str | None
    line: int | None

    @property
    def location(self) -> str:
        """``file:line`` where known, else the dotted name."""
        if self.file is not None:
            return f"{self.file}:{self.line}" if self.line else self.file
        dotted = f"{self.module}.{self.qualname}" if self.module else self.qualname
        return f"{dotted} (source file unknown)"


def _unwrap(obj: Any) -> Any:
    """Return the function or class that actually carries the definition."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    if not isinstance(obj, type) and not hasattr(obj, "__code__"):
        wrapped = getattr(obj, "__wrapped__", None)
        if wrapped is not None:
            return _unwrap(wrapped)
        if callable(obj) and not hasattr(obj, "__qualname__"):
            return type(obj)
    return obj


def _class_line(cls: type) -> tuple[str | None, int | None]:
    """Find a class's file and first line with :mod:`inspect` (slow path)."""
    import inspect

    try:
        file = inspect.getsourcefile(cls) or inspect.getfile(cls)
    except (TypeError, OSError):
        return None, None
    try:
        _, line = inspect.findsource(cls)
    except (OSError, TypeError, IndexError):
        return file, None
    return file, line + 1


def source_of(obj: object) -> Source:
    """Return where ``obj`` was defined.

    Args:
        obj: A registered class, function, partial or callable instance.

    Returns:
        Its :class:`Source`; fields are ``None`` where they cannot be known.

    Examples:
        >>> source_of(source_of).qualname
        'source_of'
    """
    target = _unwrap(obj)
    module = getattr(target, "__module__", None)
    qualname = getattr(target, "__qualname__", None) or repr(target)
    code = getattr(target, "__code__", None)
    if code is not None:
        return Source(module, qualname, code.co_filename, code.co_firstlineno)
    if isinstance(target, type):
        file, line = _class_line(target)
        return Source(module, qualname, file, line)
    return Source(module, qualname, None, None)


def caller_site(frame: FrameType | None) -> str:
    """Return ``file:line`` of ``frame``, for where a registry was created."""
    if frame is None:
        return "<unknown>"
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


def script_scope(scope: str) -> str:
    """Return ``scope``, naming the main script ``'__main__'`` in every process.

    A spawn or forkserver worker of :mod:`multiprocessing` runs the parent's
    main script again as module ``'__mp_main__'``; its registries are the
    script's registries, so they get the scope they have in the parent.

    Examples:
        >>> script_scope("__mp_main__"), script_scope("srdet")
        ('__main__', 'srdet')
    """
    return "__main__" if scope == "__mp_main__" else scope


def top_level_package(frame: FrameType | None) -> str | None:
    """Return the top-level package of the module running ``frame``.

    The main script is ``'__main__'``, also in a spawned worker
    (:func:`script_scope`).
    """
    if frame is None:
        return None
    module = frame.f_globals.get("__name__")
    if not isinstance(module, str) or not module:
        return None
    return script_scope(module.partition(".")[0])


def _internal(file: str) -> bool:
    """Tell whether ``file`` is scopereg's own code or contextlib's."""
    return file.startswith(_INTERNAL_PREFIXES)


def user_stacklevel() -> int:
    """Return the ``stacklevel`` that makes a warning point at the user's line.

    Counted from the function that calls :func:`warnings.warn` (level 1) out
    to the first frame that is neither scopereg's nor contextlib's, so the
    warning names the user's ``build(...)`` on every path into it.

    Examples:
        >>> user_stacklevel() >= 1
        True
    """
    level = 1
    frame = sys._getframe(1)
    while frame.f_back is not None and _internal(frame.f_code.co_filename):
        frame = frame.f_back
        level += 1
    return level


def outside_frame(skip_files: tuple[str, ...], registry_type: type) -> FrameType | None:
    """Return the first frame that is not scopereg's or a Registry ``__init__``.

    Subclasses of ``Registry`` whose ``__init__`` calls ``super().__init__``
    are skipped too, so the scope is the instantiating module's (mmengine
    infers the subclass's module there instead).
    """
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_filename in skip_files:
            frame = frame.f_back
            continue
        if code.co_name == "__init__" and isinstance(
            frame.f_locals.get("self"), registry_type
        ):
            frame = frame.f_back
            continue
        return frame
    return None
