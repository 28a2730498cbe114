"""srdet's datasets; importing this package registers them in DATASETS.

:data:`srdet.registry.DATASETS` lists this package in its ``locations``.
"""

from srdet.datasets import coco

__all__ = ["coco"]
