"""srdet's models; importing this package registers them in srdet's MODELS.

:data:`srdet.registry.MODELS` lists this package in its ``locations``, so it
is imported on the first lookup and never needs importing by hand.
"""

from srdet.models import backbones, dense_heads, detectors, necks

__all__ = ["backbones", "dense_heads", "detectors", "necks"]
