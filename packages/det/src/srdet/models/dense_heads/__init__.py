"""Dense heads: per-cell classification and box prediction on every level."""

from srdet.models.dense_heads.base_dense_head import DenseHead, nms
from srdet.models.dense_heads.fcos_head import FCOSHead
from srdet.models.dense_heads.retina_head import RetinaHead

__all__ = ["DenseHead", "FCOSHead", "RetinaHead", "nms"]
