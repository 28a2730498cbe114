"""``scopereg tree``: every registry tree, each registry's scope, depth, entries.

Text for people, ``--json`` for scripts, ``--format mermaid`` for Markdown
pages that render diagrams, ``--format dot`` for Graphviz.
"""

from __future__ import annotations

import argparse
from typing import Any

from scopereg._cli import registries
from scopereg._cli.outcome import EXIT_OK, UsageError, print_json, warn
from scopereg._discovery import declared_scope_modules, scope_import_error
from scopereg._registry import Registry

__all__ = ["add_parser", "run"]

Row = tuple[Registry[Any], int]


def add_parser(commands: Any) -> None:
    """Add the ``tree`` subcommand to ``commands`` (argparse subparsers)."""
    parser = commands.add_parser(
        "tree",
        help="show every registry tree with scopes, depths and entry counts",
        description=(
            "Show every registry tree: each registry with its scope, depth and "
            "number of entries. Trees holding nothing are summarised in one "
            "line unless --all is given or the tree is named."
        ),
    )
    parser.add_argument(
        "registry",
        nargs="?",
        metavar="REGISTRY",
        help="one tree ('model' or 'MODELS') or subtree ('srdet::model')",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--format",
        choices=("text", "mermaid", "dot"),
        default="text",
        help="text (default), a Mermaid flowchart, or a Graphviz digraph",
    )
    parser.add_argument(
        "--all", action="store_true", help="also show trees that hold nothing"
    )
    parser.set_defaults(run=run)


def _depth(registry: Registry[Any]) -> int:
    """Return how many parents ``registry`` has."""
    depth, parent = 0, registry.parent
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


def _selected(args: argparse.Namespace) -> tuple[list[tuple[str, list[Row]]], int]:
    """Return the trees to draw as ``(title, rows)`` and how many were hidden."""
    if args.registry is not None:
        start = registries.find_registry(args.registry)
        rows = list(registries.walk(start, _depth(start)))
        return [(_title(start, registries.variable_of(start)), rows)], 0
    shown, hidden = [], 0
    for info in registries.trees():
        rows = list(registries.walk(info.root))
        if not args.all and not args.json and len(rows) == 1 and not len(info.root):
            hidden += 1
            continue
        shown.append((_title(info.root, info.variable), rows))
    return shown, hidden


def _title(registry: Registry[Any], variable: str | None) -> str:
    """Name a tree (or subtree) for headings."""
    root = registry.root
    if registry is not root:
        return f"{registry.scope}::{registry.name} subtree of the {root.name} tree"
    where = f"scopereg.{variable}" if variable else f"{root.scope}::{root.name}"
    return f"{root.name} tree ({where})"


def _entries(count: int) -> str:
    """Say ``1 entry`` or ``N entries``."""
    return f"{count} {'entry' if count == 1 else 'entries'}"


def _text(trees: list[tuple[str, list[Row]]], hidden: int) -> str:
    """Draw each tree with box-drawing branches and aligned columns."""
    blocks = []
    for title, rows in trees:
        labels = [
            f"{branch}{reg.scope}::{reg.name}"
            for branch, (reg, _) in zip(_branches(rows), rows, strict=True)
        ]
        width = max(len(label) for label in labels)
        counts = [_entries(len(reg)) for reg, _ in rows]
        count_width = max(len(count) for count in counts)
        lines = [title]
        for label, count, (_, depth) in zip(labels, counts, rows, strict=True):
            lines.append(f"  {label:<{width}}  depth {depth}  {count:>{count_width}}")
        blocks.append("\n".join(lines))
    if hidden:
        blocks.append(
            f"({hidden} more trees hold nothing yet; `scopereg tree --all` shows them)"
        )
    return "\n\n".join(blocks)


def _branches(rows: list[Row]) -> list[str]:
    """Return the ``├── `` / ``└── `` prefix of each row of one tree."""
    base = rows[0][1]
    prefixes = []
    for index, (_, depth) in enumerate(rows):
        level = depth - base
        parts = []
        for ancestor in range(1, level + 1):
            more = _has_later_sibling(rows, index, ancestor, base)
            if ancestor == level:
                parts.append("├── " if more else "└── ")
            else:
                parts.append("│   " if more else "    ")
        prefixes.append("".join(parts))
    return prefixes


def _has_later_sibling(rows: list[Row], index: int, level: int, base: int) -> bool:
    """Tell whether a row at ``level`` follows row ``index`` before it closes."""
    for _, depth in rows[index + 1 :]:
        if depth - base <= level:
            return depth - base == level
    return False


def _node(registry: Registry[Any], depth: int) -> tuple[str, str]:
    """Return the two label lines of one registry in a diagram."""
    return (
        f"{registry.scope}::{registry.name}",
        f"depth {depth}, {_entries(len(registry))}",
    )


def _edges(rows: list[Row]) -> list[tuple[int, int]]:
    """Return ``(parent row, child row)`` index pairs within ``rows``."""
    index = {id(reg): i for i, (reg, _) in enumerate(rows)}
    return [
        (index[id(reg.parent)], i)
        for i, (reg, _) in enumerate(rows)
        if reg.parent is not None and id(reg.parent) in index
    ]


def _mermaid_text(text: str) -> str:
    """Escape ``text`` for a quoted Mermaid label (entity codes, not HTML)."""
    for char, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, entity)
    return text


def _mermaid(trees: list[tuple[str, list[Row]]]) -> str:
    """Draw the trees as a Mermaid flowchart, one subgraph per tree."""
    lines = ["flowchart TD"]
    for number, (title, rows) in enumerate(trees):
        lines.append(f'    subgraph t{number}["{_mermaid_text(title)}"]')
        for i, (reg, depth) in enumerate(rows):
            label = "<br/>".join(_mermaid_text(part) for part in _node(reg, depth))
            lines.append(f'        t{number}r{i}["{label}"]')
        lines.extend(
            f"        t{number}r{parent} --> t{number}r{child}"
            for parent, child in _edges(rows)
        )
        lines.append("    end")
    return "\n".join(lines)


def _dot_text(*parts: str) -> str:
    """Quote ``parts`` as one Graphviz string, one line each."""
    escaped = [part.replace("\\", "\\\\").replace('"', '\\"') for part in parts]
    return '"' + "\\n".join(escaped) + '"'


def _dot(trees: list[tuple[str, list[Row]]]) -> str:
    """Draw the trees as a Graphviz digraph, one cluster per tree."""
    lines = ["digraph scopereg {", "    node [shape=box];"]
    for number, (title, rows) in enumerate(trees):
        lines.append(f"    subgraph cluster_t{number} {{")
        lines.append(f"        label={_dot_text(title)};")
        lines.extend(
            f"        t{number}r{i} [label={_dot_text(*_node(reg, depth))}];"
            for i, (reg, depth) in enumerate(rows)
        )
        lines.extend(
            f"        t{number}r{parent} -> t{number}r{child};"
            for parent, child in _edges(rows)
        )
        lines.append("    }")
    lines.append("}")
    return "\n".join(lines)


def _json(trees: list[tuple[str, list[Row]]]) -> dict[str, Any]:
    """Describe the installed scopes and the trees as JSON-ready data."""
    scopes = {
        scope: {
            "module": module,
            "error": None if error is None else f"{type(error).__name__}: {error}",
        }
        for scope, module in sorted(declared_scope_modules().items())
        for error in [scope_import_error(scope)]
    }
    return {
        "installed_scopes": scopes,
        "trees": [
            {
                "tree": rows[0][0].root.name,
                "title": title,
                "registries": [
                    {
                        "label": f"{reg.scope}::{reg.name}",
                        "scope": reg.scope,
                        "name": reg.name,
                        "parent": None if reg.parent is None else reg.parent.scope,
                        "depth": depth,
                        "entries": len(reg),
                        "locations": list(reg.locations),
                    }
                    for reg, depth in rows
                ],
            }
            for title, rows in trees
        ],
    }


def run(args: argparse.Namespace) -> int:
    """Print the trees; return the exit status."""
    if args.json and args.format != "text":
        raise UsageError("--json and --format mermaid/dot exclude each other")
    for problem in registries.load_everything():
        warn(problem)
    trees, hidden = _selected(args)
    if args.json:
        print_json(_json(trees))
    elif args.format == "mermaid":
        print(_mermaid(trees))
    elif args.format == "dot":
        print(_dot(trees))
    else:
        print(_text(trees, hidden))
    return EXIT_OK
