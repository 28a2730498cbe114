"""``--cfg-options key.path=value``: change a config from the command line.

As OpenMMLab's tools spell it (``--set`` is a shorter alias): dots walk into
mappings, a number (``pipeline.0`` or ``pipeline[0]``) indexes a list, and
the value is read as a Python literal (``101``, ``'ResNet'``, ``[1, 2]``,
``(1, 2)``, ``None``, ``True``), then as JSON (``true``, ``null``), and
otherwise kept as text, so ``model.backbone.type=ResNet`` needs no quotes;
``a,b`` without brackets is the list ``['a', 'b']``, as in mmengine.

Every part of the path must exist, so a misspelt key is an error with
did-you-mean instead of a silent new key; ``+key.path=value`` adds a key
that is not there yet. Every later problem that an override may have
caused names it (:func:`blame`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any, Final, NamedTuple

from scopereg._cli.outcome import UsageError, shorten
from scopereg._messages import join_path

__all__ = ["Override", "apply", "blame", "parse_options"]

MAX_OPTION: Final = 10_000
"""Longest ``--cfg-options`` item read (a path and its value)."""


class Override(NamedTuple):
    """One ``--cfg-options`` item.

    Attributes:
        text: The item as given, for messages.
        parts: The path: str keys and int list indexes.
        value: The parsed value.
        add: ``+path=value``: the last key may be new.

    Examples:
        >>> override = parse_options(["+model.pipeline[1].scale=(1, 2)"])[0]
        >>> override.path, override.value, override.add
        ('model.pipeline[1].scale', (1, 2), True)
    """

    text: str
    parts: tuple[str | int, ...]
    value: Any
    add: bool

    @property
    def path(self) -> str:
        """The path as a config path (``model.pipeline[0].scale``)."""
        path = ""
        for part in self.parts:
            path = join_path(path, part)
        return path


def parse_options(items: Sequence[str]) -> list[Override]:
    """Parse ``--cfg-options`` items.

    Args:
        items: ``key.path=value`` strings.

    Returns:
        The overrides, in the order given.

    Raises:
        UsageError: For an item without ``=``, an empty or malformed path,
            or one longer than :data:`MAX_OPTION` characters.

    Examples:
        >>> [o.value for o in parse_options(["a.b=101", "a.c=[1, 2]", "a.d=x,y"])]
        [101, [1, 2], ['x', 'y']]
        >>> parse_options(["pipeline[0].scale=(1, 2)"])[0].parts
        ('pipeline', 0, 'scale')
    """
    return [_parse(item) for item in items]


def _parse(item: str) -> Override:
    if len(item) > MAX_OPTION:
        raise UsageError(
            f"--cfg-options {shorten(item)} is longer than {MAX_OPTION} characters; "
            "fix: put large values in the config file"
        )
    key, eq, text = item.partition("=")
    add = key.startswith("+")
    parts = re.sub(r"\[(\d+)\]", r".\1", key[1:] if add else key).split(".")
    if not eq or any(not part or "[" in part or "]" in part for part in parts):
        raise UsageError(
            f"--cfg-options {shorten(item)}: expected key.path=value (e.g. "
            "model.backbone.depth=101); fix: name the key with dots, then = and "
            "the value"
        )
    path = tuple(int(part) if part.isdigit() else part for part in parts)
    return Override(item, path, _value(text.strip()), add)


def _value(text: str) -> Any:
    """Read a value as a Python literal, then JSON, else as the text itself."""
    import ast
    import json

    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        pass
    else:
        if isinstance(value, tuple) and not text.startswith("("):
            return list(value)  # a,b as in mmengine
        return value
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    if "," in text:
        return [_value(part.strip()) for part in text.split(",")]
    return text


def apply(
    config: dict[str, Any], overrides: Sequence[Override], shown: str
) -> dict[str, Any]:
    """Return a copy of ``config`` with every override applied, in order.

    Args:
        config: The merged config (left unchanged).
        overrides: From :func:`parse_options`.
        shown: The config file, for messages.

    Returns:
        The changed copy.

    Raises:
        UsageError: If a part of a path does not exist (with did-you-mean),
            or walks into a value that is not a mapping or list.

    Examples:
        >>> config = {"model": {"backbone": {"depth": 50}}}
        >>> apply(config, parse_options(["model.backbone.depth=101"]), "c.py")
        {'model': {'backbone': {'depth': 101}}}
    """
    changed = copy.deepcopy(config) if overrides else config
    for override in overrides:
        _set(changed, override, shown)
    return changed


def _set(config: dict[str, Any], override: Override, shown: str) -> None:
    """Apply one override in place."""
    value: Any = config
    for depth, part in enumerate(override.parts):
        last = depth == len(override.parts) - 1
        key: Any = part
        if isinstance(value, dict):
            if key not in value:
                key = str(part)  # a digit in a path is a key of a mapping too
            if key not in value and not (last and override.add):
                raise _missing(override, depth, list(value), shown)
        elif isinstance(value, list) and isinstance(part, int):
            if part >= len(value):
                raise _missing(override, depth, [], shown, size=len(value))
        else:
            raise UsageError(
                f"--cfg-options {shorten(override.text)}: {shown} holds a "
                f"{type(value).__name__} at {_prefix(override, depth)}, which has no "
                f"key {str(part)!r}; fix: override the whole value there instead"
            )
        if last:
            value[key] = copy.deepcopy(override.value)
            return
        value = value[key]


def _prefix(override: Override, depth: int) -> str:
    """Return the path of the first ``depth`` parts (``the top level`` for none)."""
    path = ""
    for part in override.parts[:depth]:
        path = join_path(path, part)
    return path or "the top level"


def _missing(
    override: Override, depth: int, keys: list[Any], shown: str, size: int = -1
) -> UsageError:
    """Explain an override path part that the config does not have."""
    import difflib

    part = override.parts[depth]
    where = _prefix(override, depth)
    if size >= 0:
        return UsageError(
            f"--cfg-options {shorten(override.text)}: the list at {where} in "
            f"{shown} has {size} items, so index {part} does not exist; fix: use an "
            f"index below {size}"
        )
    close = difflib.get_close_matches(str(part), [str(k) for k in keys], n=1)
    fix = f"did you mean {close[0]!r}?" if close else "name a key the config has"
    if depth == len(override.parts) - 1:
        fix += f" (to add a new key, write +{override.text})"
    return UsageError(
        f"--cfg-options {shorten(override.text)}: {shown} has no key {str(part)!r} "
        f"at {where}; fix: {fix}"
    )


def blame(config_path: str, overrides: Sequence[Override]) -> list[str]:
    """Return a line for each override that may have caused a problem at a path.

    An override is named for a problem at its own path, inside what it set,
    or in the config holding it (an argument it added or changed).

    Args:
        config_path: Where the problem is (``'model.backbone'``).
        overrides: The overrides applied.

    Returns:
        ``set by --cfg-options ...`` lines.

    Examples:
        >>> blame("model.backbone", parse_options(["model.backbone.depth=7"]))
        ['set by --cfg-options model.backbone.depth=7']
    """

    def within(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))

    return [
        f"set by --cfg-options {override.text}"
        for override in overrides
        if within(config_path, override.path) or within(override.path, config_path)
    ]
