"""mmengine's config inheritance, read with the standard library: ``_base_``.

A config may name base configs in ``_base_`` (a path or a list of paths,
relative to the file's folder, in any of the four formats). The bases are
read first, merged with each other (a top-level key may come from one base
only), and the file is merged on top of them:

- a mapping merges into the base's mapping of the same key, key by key, at
  every level; ``_delete_=True`` in it replaces the base's mapping instead;
- any other value replaces the base's value;
- ``{{_base_.model.backbone}}`` (quoted or not) is replaced by a copy of the
  merged bases' value at that path (digits index lists), before merging.

These are the rules of ``mmengine.Config.fromfile`` for these three
features. mmengine's package paths (``'mmdet::...'``), ``read_base()``
imports and ``_deprecation_`` are not read: such a config exits with status
2 and says so. Every problem is a one-line :class:`UsageError` naming the
file and the fix.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Final

from scopereg._cli.config import parse, read_text
from scopereg._cli.outcome import UsageError, shorten

__all__ = ["load"]

BASE_KEY: Final = "_base_"
DELETE_KEY: Final = "_delete_"

_REFERENCE: Final = re.compile(
    r"""(?P<quote>["']?)\{\{\s*_base_\.(?P<path>[\w.]+)\s*\}\}(?P=quote)"""
)
_PLACEHOLDER: Final = "__scopereg_base_reference_{}__"


def load(path: str) -> dict[str, Any]:
    """Read the config at ``path`` with its ``_base_`` chain merged in.

    Args:
        path: The config file.

    Returns:
        The merged config, without ``_base_`` and ``_delete_`` keys.

    Raises:
        UsageError: For an unreadable or malformed file anywhere in the
            chain, a missing base, a cycle, duplicate keys among bases, a
            reference to a key no base has, or a mapping that cannot merge.

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "base.json").write_text(
        ...     '{"model": {"type": "A", "depth": 50}}'
        ... )
        >>> child = ["_base_ = 'base.json'", "[model]", "depth = 101"]
        >>> _ = (folder / "child.toml").write_text(chr(10).join(child))
        >>> load(str(folder / "child.toml"))
        {'model': {'type': 'A', 'depth': 101}}
    """
    return _load(Path(path), path, ())


def _load(
    file: Path, shown: str, chain: tuple[tuple[Path, str], ...]
) -> dict[str, Any]:
    """Read ``file`` and its bases; ``chain`` is the files that led to it."""
    resolved = file.resolve()
    if any(resolved == seen for seen, _ in chain):
        names = " -> ".join(
            shorten(name, 60) for _, name in (*chain, (resolved, shown))
        )
        raise UsageError(
            f"config {shorten(shown)}: the _base_ chain is a cycle: {names}; fix: "
            "remove one of these _base_ entries"
        )
    text = read_text(shown)
    references: dict[str, tuple[str, int]] = {}
    config = parse(_substitute(text, references), shown)
    bases = _base_paths(config.pop(BASE_KEY, None), file, shown)
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for base in bases:
        base_config = _load(base, str(base), (*chain, (resolved, shown)))
        for key in base_config:
            if key in merged:
                raise UsageError(
                    f"config {shorten(shown)}: key {shorten(key)} comes from two "
                    f"bases, {shorten(origin[key])} and {shorten(str(base))}; fix: "
                    "keep it in one base"
                )
            origin[key] = str(base)
        merged.update(base_config)
    config = _resolved(config, merged, references, shown)
    return _merge(config, merged, shown, "")


def _substitute(text: str, references: dict[str, tuple[str, int]]) -> str:
    """Replace each ``{{_base_.x}}`` by a quoted placeholder, noting its line."""

    def placeholder(match: re.Match[str]) -> str:
        name = _PLACEHOLDER.format(len(references))
        line = text.count("\n", 0, match.start()) + 1
        references[name] = (match["path"], line)
        return f'"{name}"'

    return _REFERENCE.sub(placeholder, text)


def _base_paths(value: object, file: Path, shown: str) -> list[Path]:
    """Return the base files ``_base_`` names, relative to ``file``'s folder."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(
        isinstance(i, str) for i in items
    ):
        raise UsageError(
            f"config {shorten(shown)}: _base_ must be a path or a list of paths, "
            f"not {type(value).__name__}; fix: write _base_ = ['base.py']"
        )
    paths = []
    for item in items:
        if "::" in item:
            raise UsageError(
                f"config {shorten(shown)}: _base_ {shorten(item)} names a package "
                "config, which scopereg does not read; fix: copy that config next "
                "to this one and name it by path"
            )
        base = file.parent / item
        if not base.is_file():
            raise UsageError(
                f"config {shorten(shown)}: its _base_ {shorten(item)} does not "
                f"exist (looked for {shorten(str(base))}); fix: give the path "
                "relative to this config's folder"
            )
        paths.append(base)
    return paths


def _resolved(
    value: Any,
    bases: dict[str, Any],
    references: dict[str, tuple[str, int]],
    shown: str,
) -> Any:
    """Return ``value`` with every placeholder replaced by the bases' value."""
    if isinstance(value, dict):
        return {k: _resolved(v, bases, references, shown) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_resolved(v, bases, references, shown) for v in value)
    if not isinstance(value, str) or "__scopereg_base_reference_" not in value:
        return value
    if value not in references:
        path, line = next(ref for name, ref in references.items() if name in value)
        raise UsageError(
            f"config {shorten(shown)}, line {line}: {{{{_base_.{path}}}}} must be a "
            "whole value, not part of a string; fix: write key = {{_base_.x}}"
        )
    path, line = references[value]
    return copy.deepcopy(_lookup(bases, path, line, shown))


def _lookup(bases: dict[str, Any], path: str, line: int, shown: str) -> Any:
    """Return the merged bases' value at dotted ``path``."""
    import difflib

    value: Any = bases
    walked: list[str] = []
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            where = ".".join(walked) or "the top level"
            keys = [str(k) for k in value] if isinstance(value, dict) else []
            close = difflib.get_close_matches(part, keys, n=1)
            fix = (
                f"did you mean {close[0]!r}?" if close else "name a key the bases have"
            )
            raise UsageError(
                f"config {shorten(shown)}, line {line}: {{{{_base_.{path}}}}} refers "
                f"to {part!r}, which the bases do not have at {where}; fix: {fix}"
            )
        walked.append(part)
    return value


def _merge(
    child: dict[str, Any], base: dict[str, Any], shown: str, at: str
) -> dict[str, Any]:
    """Merge ``child`` into a copy of ``base`` as mmengine does (see the module)."""
    merged = dict(base)
    for key, value in child.items():
        path = f"{at}.{key}" if at else str(key)
        if not isinstance(value, dict):
            merged[key] = value
            continue
        value = dict(value)
        delete = value.pop(DELETE_KEY, False)
        if not isinstance(delete, bool):
            raise UsageError(
                f"config {shorten(shown)}: {path}.{DELETE_KEY} must be True or "
                f"False, not {delete!r:.40}; fix: write {DELETE_KEY}=True"
            )
        if key in merged and not delete:
            if not isinstance(merged[key], dict):
                raise UsageError(
                    f"config {shorten(shown)}: {path} is a mapping here but a "
                    f"{type(merged[key]).__name__} in its base, so it cannot merge; "
                    f"fix: add {DELETE_KEY}=True to it to replace the base's value"
                )
            merged[key] = _merge(value, merged[key], shown, path)
        else:
            merged[key] = _merge(value, {}, shown, path)  # drops nested _delete_
    return merged
