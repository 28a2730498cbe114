"""sr3d's models; importing this package registers them in sr3d's MODELS.

:data:`sr3d.registry.MODELS` lists this package in its ``locations``.
"""

from sr3d.models import (
    backbones,
    dense_heads,
    detectors,
    middle_encoders,
    voxel_encoders,
)

__all__ = ["backbones", "dense_heads", "detectors", "middle_encoders", "voxel_encoders"]
