"""Markdown tables, the machine description, and the results file."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Table:
    """One section of the results.

    Attributes:
        title: The section heading.
        headers: Column headings.
        rows: Cells, already formatted.
        notes: Lines printed under the table (method, targets, verdicts).
    """

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """Render the section as Markdown."""
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(self.headers) + " |")
        lines.append(
            "|"
            + "|".join("---" if i == 0 else "---:" for i in range(len(self.headers)))
            + "|"
        )
        lines.extend("| " + " | ".join(row) + " |" for row in self.rows)
        if self.notes:
            lines.append("")
            lines.extend(self.notes)
        return "\n".join(lines) + "\n"


def ns(value: float | None) -> str:
    """Format nanoseconds: three significant digits, thousands separated."""
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}"


def ratio(value: float | None) -> str:
    """Format a ratio as ``1.23x``."""
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}x"
    return f"{value:.2f}x"


def verdict(holds: bool | None) -> str:
    """Say whether a target holds."""
    if holds is None:
        return "n/a"
    return "yes" if holds else "**no**"


def git_commit() -> str:
    """Return the checkout's commit (with ``+dirty``), or ``unknown``."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}+dirty" if dirty else commit


def cpu_model() -> str:
    """Return the CPU model name where the platform tells it."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine(versions: dict[str, str]) -> list[str]:
    """Describe the machine, interpreter and library versions as list items."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"- date: {now}; commit: {git_commit()}",
        f"- machine: {cpu_model()}, {os.cpu_count()} logical CPUs, "
        f"{platform.system()} {platform.release()} ({platform.machine()})",
        f"- python: {platform.python_implementation()} {sys.version.split()[0]} "
        f"({platform.python_build()[1]})",
    ]
    lines.append(
        "- libraries: " + ", ".join(f"{name} {ver}" for name, ver in versions.items())
    )
    return lines


def document(header: list[str], tables: list[Table]) -> str:
    """Join the header lines and every table into the results document."""
    parts = ["## scopereg benchmark results", "", *header, ""]
    parts.extend(table.markdown() for table in tables)
    return "\n".join(parts)


START = "<!-- benchmark results: start -->"
END = "<!-- benchmark results: end -->"


def update_docs(path: Path, text: str) -> None:
    """Replace the results between the START and END markers of ``path``.

    Raises:
        ValueError: If the file lacks the markers.
    """
    page = path.read_text(encoding="utf-8")
    head, start, rest = page.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"{path} has no {START} ... {END} block to replace")
    body = text.replace("## scopereg benchmark results\n\n", "", 1)
    path.write_text(f"{head}{START}\n{body}\n{END}{tail}", encoding="utf-8")
