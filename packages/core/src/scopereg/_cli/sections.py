"""Which parts of a config ``check`` and ``build`` act on, in which registry.

The rules, in order:

1. ``--key K`` picks the value at ``K`` (dots walk nested mappings:
   ``train_dataloader.dataset``). Else a config with a top-level ``type`` is
   one object. Else every top-level key that names a tree (``model``,
   ``dataset``, ``TRANSFORMS``, ...) is a section; other keys are ignored.
2. The registry is ``--registry R`` when given; else the tree named by the
   section's key (the last part of ``K``). A whole-config object needs
   ``--registry``.
3. A list or tuple section is one target per item (``transform[1]``).
4. A top-level ``default_scope`` (mmengine's convention) is the default
   scope while the targets are checked or built.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NamedTuple

from scopereg._cli import registries
from scopereg._cli.outcome import UsageError, shorten
from scopereg._messages import compose, did_you_mean, join_path
from scopereg._registry import Registry

__all__ = [
    "Target",
    "add_arguments",
    "default_scope",
    "in_default_scope",
    "targets",
]


class Target(NamedTuple):
    """One config to check or build.

    Attributes:
        path: Where it sits in the file (``'model'``, ``'transform[1]'``;
            ``''`` for a whole-file object).
        cfg: The config itself.
        registry: Where its ``type`` resolves.
    """

    path: str
    cfg: Any
    registry: Registry[Any]


def add_arguments(parser: Any, verb: str) -> None:
    """Add CONFIG, ``--key``, ``--registry``, ``--cfg-options``, ``--recursive``.

    Args:
        parser: The ``check`` or ``build`` subparser.
        verb: ``'check'`` or ``'build'``, for the help texts.
    """
    import argparse

    parser.add_argument(
        "config", metavar="CONFIG", help="a .json, .toml, .yaml/.yml or .py file"
    )
    parser.add_argument(
        "--key", metavar="KEY", help=f"{verb} only this section (dots walk into it)"
    )
    parser.add_argument(
        "--registry",
        metavar="R",
        help=f"{verb} in this tree ('model') or registry ('sr3d::model')",
    )
    parser.add_argument(
        "--cfg-options",
        "--set",
        dest="cfg_options",
        metavar="KEY=VALUE",
        nargs="+",
        action="extend",
        default=[],
        help=(
            "override a config value before the "
            f"{verb}: model.backbone.depth=101 (values read as Python literals; "
            "+key=value adds a new key)"
        ),
    )
    parser.add_argument(
        "--recursive",
        action=argparse.BooleanOptionalAction,
        default=False,
        help=(
            f"{verb} nested configs with a 'type' too, in the same tree, as "
            "build(cfg, recursive=True) does; by default only each section's own "
            "config, as build(cfg) and mmengine do"
        ),
    )


def default_scope(config: Mapping[str, Any]) -> str | None:
    """Return the config's ``default_scope``, if it sets one.

    Examples:
        >>> default_scope({"default_scope": "srdet", "model": {}})
        'srdet'
    """
    scope = config.get("default_scope")
    return None if scope is None else str(scope)


@contextmanager
def in_default_scope(config: Mapping[str, Any]) -> Iterator[None]:
    """Make the config's ``default_scope`` (if any) the default in the block.

    Raises:
        ScopeError: If ``default_scope`` is not a valid scope name.

    Examples:
        >>> from scopereg import DefaultScope
        >>> with in_default_scope({"default_scope": "srdet"}):
        ...     DefaultScope.get_current_instance().scope_name
        'srdet'
    """
    from scopereg._scope import DefaultScope

    with DefaultScope.overwrite_default_scope(default_scope(config)):
        yield


def targets(
    config: Mapping[str, Any], *, key: str | None, registry: str | None
) -> list[Target]:
    """Return the targets of ``config`` under the rules of the module docstring.

    Args:
        config: The whole config file.
        key: ``--key``: the section to act on, dotted for nested mappings.
        registry: ``--registry``: where every target resolves.

    Returns:
        At least one target.

    Raises:
        UsageError: If ``key`` is missing, no registry can be told, or no
            section names a registry.
    """
    forced = None if registry is None else registries.find_registry(registry)
    scope = default_scope(config)
    if key is not None:
        sections = [(key, _at(config, key))]
    elif "type" in config:
        sections = [("", config)]
    else:
        sections = [
            (name, value)
            for name, value in config.items()
            if registries.tree_named(name) is not None
        ]
    if not sections:
        raise _nothing_to_do(config)
    found = []
    for path, value in sections:
        target_registry = forced or _registry_for(path, scope)
        if isinstance(value, list | tuple):
            found += [
                Target(join_path(path, i), item, target_registry)
                for i, item in enumerate(value)
            ]
        else:
            found.append(Target(path, value, target_registry))
    return found


def _at(config: Mapping[str, Any], key: str) -> Any:
    """Return the value at dotted ``key``, or explain what is there instead."""
    value: Any = config
    walked: list[str] = []
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            import difflib

            keys = [str(k) for k in value] if isinstance(value, Mapping) else []
            where = ".".join(walked) or "the top level"
            raise UsageError(
                compose(
                    f"--key {key!r}: {where} has no key {part!r}",
                    [f"keys there: {_listed(keys) or '(not a mapping)'}"],
                    [did_you_mean(difflib.get_close_matches(part, keys, n=3))],
                )
            )
        value = value[part]
        walked.append(part)
    return value


def _registry_for(path: str, scope: str | None) -> Registry[Any]:
    """Return the root of the tree a section's key names (with ``scope``), or explain."""
    name = path.rpartition(".")[2]
    info = registries.tree_named(name, scope) if name else None
    if info is not None:
        return info.root
    what = f"no registry is named {name!r}" if name else "the config is one object"
    raise UsageError(
        compose(
            f"cannot tell which registry builds {path or 'the config'}: {what}",
            fix=["fix: name one with --registry (e.g. --registry model)"],
        )
    )


def _nothing_to_do(config: Mapping[str, Any]) -> UsageError:
    """Explain that no top-level key of ``config`` names a registry."""
    names = ", ".join(info.root.name for info in registries.trees())
    return UsageError(
        compose(
            "no top-level key of the config names a registry, and it has no 'type'",
            [f"keys: {_listed(list(config)) or '(none)'}", f"registries: {names}"],
            ["fix: pick a section with --key and its registry with --registry"],
        )
    )


def _listed(keys: list[Any], limit: int = 20) -> str:
    """Join up to ``limit`` keys for a message, each cut to 40 characters.

    Examples:
        >>> _listed(["model", "x" * 50, *"abc"], limit=3)
        "model, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (50 characters), a, ... (2 more)"
    """
    shown = [key if len(str(key)) <= 40 else shorten(str(key), 40) for key in keys]
    more = f", ... ({len(keys) - limit} more)" if len(keys) > limit else ""
    return ", ".join(str(key) for key in shown[:limit]) + more
