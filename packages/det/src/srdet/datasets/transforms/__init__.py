"""srdet's transforms; importing this package registers them in TRANSFORMS.

:data:`srdet.registry.TRANSFORMS` lists this package in its ``locations``.
"""

from srdet.datasets.transforms import compose, formatting, loading, processing

__all__ = ["compose", "formatting", "loading", "processing"]
