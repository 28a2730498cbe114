"""Reading one config file for ``scopereg check`` and ``scopereg build``.

Four formats, chosen by the file's suffix:

- ``.json`` (:mod:`json`) and ``.toml`` (:mod:`tomllib`), standard library;
- ``.yaml`` / ``.yml`` through PyYAML (``pip install 'scopereg[yaml]'``),
  with ``yaml.safe_load`` only, so a YAML file cannot construct objects;
- ``.py``, as in mmengine: the file is **executed** and its module-level
  names (except those starting with ``_``, modules, functions and classes)
  are the config. Running a file runs its code: check and build only
  ``.py`` configs you would import.

The file must be UTF-8 text holding a mapping with str keys, nested at most
:data:`MAX_DEPTH` levels. Every failure is a one-line :class:`UsageError`
(exit status 2) naming the file, the line where the parser knows it, and the
fix. ``_base_`` inheritance is read on top of this (:mod:`.inherit`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from scopereg._cli.outcome import UsageError, shorten

__all__ = ["MAX_DEPTH", "SUFFIXES", "parse", "read_text"]

SUFFIXES: Final = (".json", ".toml", ".yaml", ".yml", ".py")

MAX_DEPTH: Final = 100
"""Deepest nesting of mappings and lists a config may have (real ones: < 20)."""


def read_text(path: str) -> str:
    """Return the text of the config file at ``path``.

    Args:
        path: A ``.json``, ``.toml``, ``.yaml``, ``.yml`` or ``.py`` file.

    Returns:
        Its text, decoded as UTF-8.

    Raises:
        UsageError: If the suffix is unknown, the file is missing or
            unreadable, or it is not UTF-8.

    Examples:
        >>> read_text("no-such-config.json")
        Traceback (most recent call last):
        ...
        scopereg._cli.outcome.UsageError: cannot read config 'no-such-config.json': the file does not exist
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f"cannot read config {shorten(path)}: unknown format "
            f"{suffix or '(none)'!r}; fix: use one of {', '.join(SUFFIXES)}"
        )
    if not file.is_file():
        what = "is a directory" if file.is_dir() else "does not exist"
        raise UsageError(f"cannot read config {shorten(path)}: the file {what}")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise UsageError(
            f"cannot read config {shorten(path)}: {error.strerror or error}"
        ) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise UsageError(
            f"cannot read config {shorten(path)}: not UTF-8 text: byte "
            f"0x{data[error.start]:02x} at line {line}, column {column}; fix: save "
            "the file as UTF-8"
        ) from error


def parse(text: str, path: str) -> dict[str, Any]:
    """Parse config ``text`` read from ``path`` (its suffix picks the format).

    Args:
        text: The file's text (``_base_`` references already substituted).
        path: The file, for the format and the messages.

    Returns:
        The top-level mapping; for ``.py`` files ``_base_`` is kept in it.

    Raises:
        UsageError: If the text is malformed, too deeply nested, holds an
            integer Python refuses to read, or is not a mapping with str keys.

    Examples:
        >>> parse('model = {type = "ResNet", depth = 18}', "config.toml")
        {'model': {'type': 'ResNet', 'depth': 18}}
    """
    readers: dict[str, Callable[[str, str], Any]] = {
        ".json": _json,
        ".toml": _toml,
        ".yaml": _yaml,
        ".yml": _yaml,
        ".py": _python,
    }
    shown = shorten(path)
    try:
        data = readers[Path(path).suffix.lower()](text, path)
    except RecursionError as error:
        raise UsageError(
            f"cannot read config {shown}: nested too deeply for the parser; fix: "
            f"nest mappings and lists at most {MAX_DEPTH} levels deep"
        ) from error
    except ValueError as error:  # an integer over sys.get_int_max_str_digits()
        if not str(error).startswith("Exceeds the limit"):
            raise
        raise UsageError(_too_many_digits(shown, text)) from error
    return _checked(data, shown)


def _too_many_digits(shown: str, text: str) -> str:
    """Say where an integer longer than Python reads is, and the fix."""
    import re
    import sys

    limit = sys.get_int_max_str_digits()
    match = re.search(rf"\d{{{limit + 1},}}", text)
    where = (
        "" if match is None else f" at line {text.count(chr(10), 0, match.start()) + 1}"
    )
    return (
        f"cannot read config {shown}: an integer{where} has more than {limit} "
        "digits, which Python refuses to read; fix: write it as a string or a float"
    )


def _checked(data: object, shown: str) -> dict[str, Any]:
    """Return ``data`` if it is a mapping with str keys, nested within the limit."""
    if not isinstance(data, dict):
        raise UsageError(
            f"config {shown} must hold a mapping at the top, but holds "
            f"{type(data).__name__}; fix: write sections such as model = dict(type=...)"
        )
    bad = [key for key in data if not isinstance(key, str)]
    if bad:
        raise UsageError(
            f"config {shown} has non-string top-level keys: {bad!r:.80}; fix: "
            "quote them"
        )
    if _depth_over(data, MAX_DEPTH):
        raise UsageError(
            f"config {shown} is nested more than {MAX_DEPTH} levels deep; fix: "
            "flatten it"
        )
    return data


def _depth_over(data: object, limit: int) -> bool:
    """Tell whether mappings and lists nest deeper than ``limit`` (no recursion)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    seen: set[int] = set()
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, dict | list | tuple) or id(value) in seen:
            continue
        if depth > limit:
            return True
        seen.add(id(value))
        items = value.values() if isinstance(value, dict) else value
        stack.extend((item, depth + 1) for item in items)
    return False


def _json(text: str, path: str) -> Any:
    """Parse JSON text."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"cannot read config {shorten(path)}: invalid JSON at line "
            f"{error.lineno}, column {error.colno}: {error.msg}; fix: correct the "
            "JSON there"
        ) from error


def _toml(text: str, path: str) -> Any:
    """Parse TOML text."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(
            f"cannot read config {shorten(path)}: invalid TOML: {error}; fix: "
            "correct the TOML there"
        ) from error


def _yaml(text: str, path: str) -> Any:
    """Parse YAML text with PyYAML's safe loader."""
    try:
        import yaml
    except ImportError as error:
        raise UsageError(
            f"cannot read config {shorten(path)}: YAML configs need PyYAML, which "
            "is not installed; fix: pip install 'scopereg[yaml]'"
        ) from error
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split())
        raise UsageError(
            f"cannot read config {shorten(path)}: invalid YAML: {detail:.300}; fix: "
            "correct the YAML there"
        ) from error


def _python(text: str, path: str) -> dict[str, Any]:
    """Run a Python config (trusted code) and collect its public names."""
    import types

    names: dict[str, Any] = {"__name__": "__scopereg_config__", "__file__": path}
    try:
        code = compile(text, path, "exec")
    except SyntaxError as error:
        raise UsageError(
            f"cannot read config {shorten(path)}: invalid Python at line "
            f"{error.lineno}: {error.msg}; fix: correct the code there"
        ) from error
    try:
        exec(code, names)
    except SystemExit as error:  # the config's own exit() must not end the command
        raise UsageError(
            f"cannot read config {shorten(path)}: running it called exit({error.code!r:.40})"
            f"{_line_in(path, error)}; fix: remove the exit from the config"
        ) from error
    except Exception as error:
        raise UsageError(
            f"cannot read config {shorten(path)}: running it raised "
            f"{type(error).__name__}: {error!s:.200}{_line_in(path, error)}"
            "; fix: make the file run on its own"
        ) from error
    skipped = (types.ModuleType, types.FunctionType, type)
    config = {
        name: value
        for name, value in names.items()
        if not name.startswith("_") and not isinstance(value, skipped)
    }
    if "_base_" in names:
        config["_base_"] = names["_base_"]
    return config


def _line_in(path: str, error: BaseException) -> str:
    """Return `` at line N of the config`` where ``error`` was raised, if there."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    lines = [frame.lineno for frame in frames if frame.filename == path]
    return f" at line {lines[-1]} of the config" if lines else ""
