"""The version of the ``scopereg`` distribution, kept in this one place.

Hatchling reads it at build time (``[tool.hatch.version]``); at run time the
installed metadata is the source of truth.
"""

__version__ = "0.1.0"
