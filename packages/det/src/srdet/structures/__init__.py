"""Pure-Python data structures shared by srdet's models and transforms."""

from srdet.structures.bbox import BBox, Detection, box_iou
from srdet.structures.det_data_sample import DetDataSample
from srdet.structures.feature_map import FeatureMap, Grid

__all__ = ["BBox", "DetDataSample", "Detection", "FeatureMap", "Grid", "box_iou"]
