"""The config ``check`` and ``build`` act on: the file, its bases, the overrides.

:func:`load_config` reads the file (:mod:`.config`), merges its ``_base_``
chain (:mod:`.inherit`) and applies ``--cfg-options`` (:mod:`.overrides`), in
that order, as mmengine's tools do. The overrides stay with the config, so
every problem they may have caused can name them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from scopereg._cli import inherit
from scopereg._cli.outcome import shorten
from scopereg._cli.overrides import Override, apply, blame, parse_options

__all__ = ["Loaded", "load_config"]


class Loaded(NamedTuple):
    """A config ready to check or build.

    Attributes:
        path: The file as given.
        config: The merged, overridden config.
        overrides: The ``--cfg-options`` applied.

    Examples:
        >>> Loaded("config.json", {"model": {}}, ()).path
        'config.json'
    """

    path: str
    config: dict[str, Any]
    overrides: tuple[Override, ...]

    def blame(self, config_path: str) -> list[str]:
        """Return a line naming each override that may have caused a problem there.

        Examples:
            >>> Loaded("c.json", {}, ()).blame("model")
            []
        """
        return blame(config_path, self.overrides)


def load_config(path: str, options: Sequence[str] = ()) -> Loaded:
    """Read ``path`` with its bases and apply ``options``.

    Args:
        path: The config file.
        options: ``--cfg-options`` items (``key.path=value``).

    Returns:
        The loaded config.

    Raises:
        UsageError: For anything that keeps the config from being read,
            malformed overrides first (they are checked before the file).

    Examples:
        >>> import pathlib, tempfile
        >>> config = pathlib.Path(tempfile.mkdtemp()) / "config.json"
        >>> _ = config.write_text('{"model": {"type": "ResNet", "depth": 18}}')
        >>> load_config(str(config), ["model.depth=50"]).config
        {'model': {'type': 'ResNet', 'depth': 50}}
    """
    overrides = parse_options(options)
    config = inherit.load(path)
    return Loaded(path, apply(config, overrides, shorten(path)), tuple(overrides))
