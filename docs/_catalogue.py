"""Write the component catalogue from the live registries of installed packages.

Every scope that an installed package declares (entry points `scopereg.scopes`)
is imported, so the catalogue lists what a user of these installs can build.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import scopereg
from scopereg import Registry


def _roots() -> list[tuple[str, Registry[Any]]]:
    """Return the root registries of scopereg, by exported name."""
    return [
        (name, value)
        for name in scopereg.__all__
        if isinstance(value := getattr(scopereg, name), Registry)
    ]


def _walk(registry: Registry[Any]) -> list[Registry[Any]]:
    """Return the registries of a tree, depth first from ``registry``."""
    found = [registry]
    for child in registry.children.values():
        found.extend(_walk(child))
    return found


def _first_line(obj: Any) -> str:
    """Return the first line of an object's docstring, or an empty string."""
    doc = inspect.getdoc(obj) or ""
    return doc.strip().splitlines()[0].replace("|", "\\|") if doc.strip() else ""


def _signature(obj: Any) -> str:
    """Return the call signature of a registered object, when it has one."""
    try:
        return str(inspect.signature(obj)).replace("|", "\\|")
    except (TypeError, ValueError):
        return ""


def _diagram(registry: Registry[Any], depth: int = 0) -> list[str]:
    """Return the tree under ``registry`` as indented text lines."""
    lines = [f"{'    ' * depth}{registry.scope} ({len(registry.module_dict)} names)"]
    for child in registry.children.values():
        lines.extend(_diagram(child, depth + 1))
    return lines


def render() -> str:
    """Return the catalogue page as MyST Markdown."""
    for scope in scopereg.installed_scopes():
        importlib.import_module(f"{scope}.registry")
    out = [
        "# Component catalogue",
        "",
        "Generated at build time from the live registries of the installed",
        f"packages (scopes: {', '.join(scopereg.installed_scopes()) or 'none'}).",
        "",
    ]
    for export, root in _roots():
        tree = _walk(root)
        for registry in tree:
            registry.import_from_location()
        if sum(len(r.module_dict) for r in tree) == 0 and len(tree) == 1:
            continue
        out += [f"## `{export}` ({root.name})", "", "```text"]
        out += _diagram(root)
        out += ["```", "", "| scope | name | kind | signature | summary |"]
        out += ["| --- | --- | --- | --- | --- |"]
        for registry in tree:
            for name, obj in sorted(registry.module_dict.items()):
                kind = "class" if inspect.isclass(obj) else "function"
                out.append(
                    f"| {registry.scope} | `{name}` | {kind} | "
                    f"`{_signature(obj) or '-'}` | {_first_line(obj)} |"
                )
        out.append("")
    return "\n".join(out)


def write(path: Path) -> None:
    """Write the catalogue to ``path`` unless it is already current."""
    text = render()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
