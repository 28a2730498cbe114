"""mmengine's dotted-path import fallback in ``get``, off unless allowlisted.

mmengine's ``Registry.get('torch.nn.ReLU')`` imports ``torch.nn`` and returns
its ``ReLU`` when no registry holds the name, for any module path a config
names. scopereg keeps the closed set: a config reaches registered names only.
With the bridge, a user may open it for named module prefixes
(``install(allow_import=['torch.nn'])`` or ``SCOPEREG_MMENGINE_ALLOW_IMPORT``):
a key that nothing registered resolves, and that starts with an allowed
prefix, is then imported as mmengine would.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable
from typing import Any

from scopereg._lookup import set_miss_resolver

__all__ = ["confirm", "enable", "import_dotted", "read_prefixes"]

_enabled: tuple[str, ...] | None = None


def read_prefixes(values: Iterable[str]) -> tuple[str, ...]:
    """Return the module prefixes in ``values``, checked, blanks dropped.

    Args:
        values: Dotted module names, e.g. ``['torch.nn', ' mmdet ']``.

    Returns:
        The stripped, de-duplicated prefixes, sorted.

    Raises:
        ValueError: If a value is not a dotted module name.

    Examples:
        >>> read_prefixes(["torch.nn", " mmdet ", ""])
        ('mmdet', 'torch.nn')
    """
    if isinstance(values, str):
        values = [values]
    prefixes = set()
    for value in values:
        if not isinstance(value, str):
            raise ValueError(
                f"allow_import takes module names (str), but got {value!r}"
            )
        prefix = value.strip()
        if not prefix:
            continue
        if not all(part.isidentifier() for part in prefix.split(".")):
            raise ValueError(
                f"allow_import: {prefix!r} is not a dotted module name; fix: "
                "name module prefixes such as 'torch.nn' or 'mmdet.models'"
            )
        prefixes.add(prefix)
    return tuple(sorted(prefixes))


def import_dotted(key: str) -> Any:
    """Return the object a dotted path names, importing its module; else ``None``.

    As mmengine's ``get_object_from_string``: the longest importable module
    prefix is imported and the rest read as attributes.

    Args:
        key: A dotted path such as ``'collections.OrderedDict'``.

    Returns:
        The object, or ``None`` if the path names nothing importable.

    Examples:
        >>> import_dotted("collections.OrderedDict").__name__
        'OrderedDict'
        >>> import_dotted("collections.NoSuchName") is None
        True
    """
    parts = key.split(".")
    for end in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return None if inspect.ismodule(obj) else obj
    return None


def _allowed(key: str, prefixes: tuple[str, ...]) -> bool:
    """Tell whether ``key`` lies under one of ``prefixes``."""
    return any(key.startswith(f"{prefix}.") for prefix in prefixes)


def enable(prefixes: tuple[str, ...]) -> None:
    """Let ``get`` import keys under ``prefixes`` (nothing if empty).

    Every registry's ``get`` then imports an allowlisted key that nothing
    registered resolves; a registered name still wins. The answer is not
    cached, so each build of such a key takes scopereg's general path.
    """
    global _enabled
    _enabled = prefixes
    if not prefixes:
        return

    def resolve(key: str) -> Any:
        return import_dotted(key) if _allowed(key, prefixes) else None

    set_miss_resolver(resolve)


def confirm(prefixes: tuple[str, ...]) -> None:
    """Check that a repeated install asks for the allowlist already in force.

    Raises:
        ValueError: If ``prefixes`` differ from the enabled ones.
    """
    if prefixes != _enabled:
        raise ValueError(
            f"the scopereg mmengine bridge is installed with allow_import="
            f"{list(_enabled or ())!r}; it cannot change to {list(prefixes)!r}; "
            "fix: pass the same allowlist (or set it once, in "
            "SCOPEREG_MMENGINE_ALLOW_IMPORT)"
        )
