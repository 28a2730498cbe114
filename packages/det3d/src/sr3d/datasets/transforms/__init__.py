"""sr3d's transforms; importing this package registers them in TRANSFORMS.

:data:`sr3d.registry.TRANSFORMS` lists this package in its ``locations``.
"""

from sr3d.datasets.transforms import formatting, loading, processing

__all__ = ["formatting", "loading", "processing"]
