"""sr3d: mm3d-style 3D detection components for scopereg, in pure Python.

Importing ``sr3d`` registers nothing. :mod:`sr3d.registry` creates the
``sr3d`` registries: its MODELS and TRANSFORMS are children of srdet's (a
tree three levels deep), so sr3d configs reach 2D parts as ``'srdet.FPN'``
and inherit every srdet name; its DATASETS hangs from the root directly.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """Serve ``__version__`` lazily from the installed distribution's metadata."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("sr3d")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
