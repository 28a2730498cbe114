"""Reading config files for ``scopereg check`` and ``scopereg build``.

Four formats, chosen by the file's suffix:

- ``.json`` (:mod:`json`) and ``.toml`` (:mod:`tomllib`), standard library;
- ``.yaml`` / ``.yml`` through PyYAML (``pip install 'scopereg[yaml]'``),
  with ``yaml.safe_load`` only, so a YAML file cannot construct objects;
- ``.py``, as in mmengine: the file is **executed** and its module-level
  names (except those starting with ``_``, modules, functions and classes)
  are the config. Running a file runs its code: check and build only
  ``.py`` configs you would import.

Every failure is a :class:`UsageError` (exit status 2) naming the file and,
where the parser knows it, the line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from scopereg._cli.outcome import UsageError
from scopereg._messages import compose

__all__ = ["SUFFIXES", "load_config"]

SUFFIXES: Final = (".json", ".toml", ".yaml", ".yml", ".py")


def load_config(path: str) -> dict[str, Any]:
    """Read the config file at ``path`` into a dict.

    Args:
        path: A ``.json``, ``.toml``, ``.yaml``, ``.yml`` or ``.py`` file.

    Returns:
        The top-level mapping of the file.

    Raises:
        UsageError: If the file is missing, unreadable, malformed, of an
            unknown format, not a mapping at the top, or uses ``_base_``.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            compose(
                f"cannot read config {path!r}: unknown format {suffix or '(none)'!r}",
                fix=[f"fix: use one of {', '.join(SUFFIXES)}"],
            )
        )
    if not file.is_file():
        what = "is a directory" if file.is_dir() else "does not exist"
        raise UsageError(f"cannot read config {path!r}: the file {what}")
    readers: dict[str, Callable[[Path], Any]] = {
        ".json": _json,
        ".toml": _toml,
        ".yaml": _yaml,
        ".yml": _yaml,
        ".py": _python,
    }
    try:
        data = readers[suffix](file)
    except OSError as error:
        raise UsageError(
            f"cannot read config {path!r}: {error.strerror or error}"
        ) from error
    return _checked(data, path)


def _checked(data: object, path: str) -> dict[str, Any]:
    """Return ``data`` if it is a mapping with str keys and no ``_base_``."""
    if not isinstance(data, dict):
        raise UsageError(
            compose(
                f"config {path!r} must hold a mapping at the top, but holds "
                f"{type(data).__name__}",
                fix=["fix: write sections such as model = dict(type=...)"],
            )
        )
    if "_base_" in data:
        raise UsageError(
            compose(
                f"config {path!r} inherits through '_base_', which scopereg does "
                "not read",
                fix=["fix: merge the base config into this file"],
            )
        )
    bad = [key for key in data if not isinstance(key, str)]
    if bad:
        raise UsageError(f"config {path!r} has non-string top-level keys: {bad!r}")
    return data


def _json(file: Path) -> Any:
    """Parse a JSON file."""
    import json

    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise UsageError(
            f"cannot read config {str(file)!r}: invalid JSON at line "
            f"{error.lineno}, column {error.colno}: {error.msg}"
        ) from error


def _toml(file: Path) -> Any:
    """Parse a TOML file."""
    import tomllib

    try:
        with file.open("rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(
            f"cannot read config {str(file)!r}: invalid TOML: {error}"
        ) from error


def _yaml(file: Path) -> Any:
    """Parse a YAML file with PyYAML's safe loader."""
    try:
        import yaml
    except ImportError as error:
        raise UsageError(
            compose(
                f"cannot read config {str(file)!r}: YAML configs need PyYAML, "
                "which is not installed",
                fix=["fix: pip install 'scopereg[yaml]'"],
            )
        ) from error
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split())
        raise UsageError(
            f"cannot read config {str(file)!r}: invalid YAML: {detail}"
        ) from error


def _python(file: Path) -> dict[str, Any]:
    """Run a Python config file (trusted code) and collect its public names."""
    import runpy
    import types

    try:
        names = runpy.run_path(str(file), run_name="__scopereg_config__")
    except SyntaxError as error:
        raise UsageError(
            f"cannot read config {str(file)!r}: invalid Python at line "
            f"{error.lineno}: {error.msg}"
        ) from error
    except Exception as error:
        raise UsageError(
            compose(
                f"cannot read config {str(file)!r}: running it raised "
                f"{type(error).__name__}: {error}",
                [_line_in(file, error)],
            )
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


def _line_in(file: Path, error: BaseException) -> str:
    """Return ``at line N`` of ``file`` where ``error`` was raised, if there."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    lines = [frame.lineno for frame in frames if Path(frame.filename) == file]
    return f"at line {lines[-1]} of the config" if lines else ""
