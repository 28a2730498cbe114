"""sr3d's datasets; importing this package registers them in DATASETS.

:data:`sr3d.registry.DATASETS` lists this package in its ``locations``.
"""

from sr3d.datasets import kitti

__all__ = ["kitti"]
