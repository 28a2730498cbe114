"""srdet: mmdet-style 2D detection components for scopereg, in pure Python.

Importing ``srdet`` registers nothing. :mod:`srdet.registry` creates the
``srdet`` child registries (``MODELS``, ``DATASETS``, ``TRANSFORMS``); their
``locations`` import :mod:`srdet.models`, :mod:`srdet.datasets` and
:mod:`srdet.datasets.transforms` on the first lookup. A config anywhere in
the tree reaches these components as ``'srdet.ResNet'`` and so on.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """Serve ``__version__`` lazily from the installed distribution's metadata."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("srdet")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
