"""Sphinx configuration of the scopereg documentation (MyST Markdown, furo).

Build with `nox -s docs` (warnings are errors). The component catalogue
(_generated/catalogue.md) is written from the live registries of the installed
packages by `_catalogue.py` before Sphinx reads the sources.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import _catalogue  # noqa: E402

import scopereg  # noqa: E402

project = "scopereg"
author = "scopereg developers"
copyright = "scopereg developers"
release = scopereg.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = f"scopereg {release}"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Mermaid diagrams are shown as text: no network or JavaScript is needed.
suppress_warnings = ["myst.header", "misc.highlighting_failure"]

_catalogue.write(HERE / "_generated" / "catalogue.md")

# The docstring examples run under pytest --doctest-modules with their module's
# globals; under `sphinx-build -b doctest` they get the public names instead.
# Their namespace also gets a module name, as a module's globals have one.
doctest_global_setup = """
__name__ = "docs_doctest"
import scopereg
from scopereg import *
from scopereg.exceptions import *
"""
