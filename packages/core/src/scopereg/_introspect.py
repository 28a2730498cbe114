"""Summaries of registry trees, in mmengine's output shapes."""

from __future__ import annotations

import os
from typing import Any

from scopereg._registry import Registry

__all__ = ["count_registered_modules", "traverse_registry_tree"]


def _walk(registry: Registry[Any]) -> list[Registry[Any]]:
    """Return ``registry`` and its descendants, depth-first, pre-order."""
    found = [registry]
    for child in registry.children.values():
        found.extend(_walk(child))
    return found


def traverse_registry_tree(
    registry: Registry[Any], verbose: bool = True
) -> list[dict[str, Any]]:
    """Summarise every registry of ``registry``'s tree, from its root.

    Args:
        registry: Any registry of the tree.
        verbose: Log one line per registry on the ``scopereg`` logger.

    Returns:
        One dict per registry, depth-first from the root:
        ``{'num_modules': int, 'scope': str, <package folder>: [names]}``,
        where the folder is the defining module's package as a path.

    Examples:
        >>> ROOT = Registry("model", scope="doc_trav")
        >>> _ = ROOT.register_module(module=dict)
        >>> traverse_registry_tree(ROOT, verbose=False)
        [{'num_modules': 1, 'scope': 'doc_trav', '': ['dict']}]
    """
    summaries: list[dict[str, Any]] = []
    for reg in _walk(registry.root):
        summary: dict[str, Any] = {"num_modules": len(reg), "scope": reg.scope}
        for name, obj in reg.module_dict.items():
            module = getattr(obj, "__module__", None) or ""
            folder = "/".join(str(module).split(".")[:-1])
            summary.setdefault(folder, []).append(name)
        summaries.append(summary)
        if verbose:
            import logging

            logging.getLogger("scopereg").info(
                "Find %d modules in %s's '%s' registry",
                len(reg),
                reg.scope,
                reg.name,
            )
    return summaries


def count_registered_modules(
    save_path: str | None = None, verbose: bool = True
) -> dict[str, Any]:
    """Count what is registered in every root registry of scopereg.

    Every installed scope (entry-point group ``scopereg.scopes``) is
    imported first, and every location of every tree, so the counts are
    complete.

    Args:
        save_path: A folder to write ``modules_statistic_results.json`` to.
        verbose: Log one line per registry.

    Returns:
        A dict with ``'scan_date'`` (``'YYYY-mm-dd HH:MM:SS'``) and
        ``'registries'``: the result of :func:`traverse_registry_tree` for
        each root registry, keyed by its variable name (``'MODELS'``, ...).

    Examples:
        >>> sorted(count_registered_modules(verbose=False)["registries"])[:2]
        ['DATASETS', 'DATA_SAMPLERS']
    """
    from scopereg import _discovery, _root

    for scope in _discovery.installed_scopes():
        _discovery.import_scope(scope)
    registries: dict[str, Any] = {}
    for attr in sorted(dir(_root)):
        value = getattr(_root, attr)
        if attr.startswith("__") or not isinstance(value, Registry):
            continue
        for reg in _walk(value):
            reg.import_from_location()
        registries[attr] = traverse_registry_tree(value, verbose)
    import json
    from datetime import datetime

    result = {
        "scan_date": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        "registries": registries,
    }
    if save_path is not None:
        path = os.path.join(save_path, "modules_statistic_results.json")
        with open(path, "w", encoding="utf-8") as stream:
            json.dump(result, stream, indent=2)
        if verbose:
            import logging

            logging.getLogger("scopereg").info("Result has been saved to %s", path)
    return result
