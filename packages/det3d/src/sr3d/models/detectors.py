"""3D detectors: :class:`VoxelNet`, whose parts may come from srdet.

VoxelNet builds its parts with sr3d's MODELS, whose parent is srdet's: a
config can name sr3d parts (``'SECOND'``), srdet parts explicitly
(``'srdet.FPN'``) or implicitly (``'FPN'`` falls back to srdet).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from sr3d.registry import MODELS
from sr3d.structures import Detection3D
from srdet.models.detectors import build_part, check_channels
from srdet.structures import FeatureMap

__all__ = ["VoxelNet", "pointpillars_r18"]


@MODELS.register_module()
class VoxelNet:
    """A voxel-based 3D detector: encode pillars, scatter, 2D backbone, head.

    Args:
        voxel_encoder: Pillar encoder config or object (``voxelize`` and
            ``out_channels``), e.g. ``PillarFeatureNet``.
        middle_encoder: Turns pillars into a BEV map, e.g.
            ``PointPillarsScatter``.
        backbone: A 2D backbone on the BEV map: ``SECOND`` or
            ``srdet.ResNet``.
        neck: A neck config or object, e.g. ``srdet.FPN``, or ``None``.
        bbox_head: A 3D head, e.g. ``Anchor3DHead``.
        train_cfg: Training settings passed to the head.
        test_cfg: Post-processing settings passed to the head.
        data_preprocessor: Voxelisation settings, kept for the record.
        init_cfg: Initialisation config, kept for the record.

    Raises:
        ValueError: If consecutive parts disagree on channels or grid shape.

    Examples:
        >>> model = MODELS.build(dict(type="pointpillars_r18", num_classes=3))
        >>> type(model.backbone).__module__, type(model.neck).__name__
        ('srdet.models.backbones', 'FPN')
        >>> model.predict([])  # an empty point cloud has nothing to detect
        []
    """

    def __init__(
        self,
        voxel_encoder: Mapping[str, Any] | Any,
        middle_encoder: Mapping[str, Any] | Any,
        backbone: Mapping[str, Any] | Any,
        neck: Mapping[str, Any] | Any | None = None,
        bbox_head: Mapping[str, Any] | Any | None = None,
        train_cfg: Mapping[str, Any] | None = None,
        test_cfg: Mapping[str, Any] | None = None,
        data_preprocessor: Mapping[str, Any] | None = None,
        init_cfg: Mapping[str, Any] | None = None,
    ) -> None:
        if bbox_head is None:
            raise ValueError("VoxelNet needs a bbox_head")
        head_args = {
            key: value
            for key, value in (("train_cfg", train_cfg), ("test_cfg", test_cfg))
            if value is not None
        }
        self.voxel_encoder = build_part(voxel_encoder, "voxel_encoder", registry=MODELS)
        self.middle_encoder = build_part(
            middle_encoder, "middle_encoder", registry=MODELS
        )
        self.backbone = build_part(backbone, "backbone", registry=MODELS)
        self.neck = None if neck is None else build_part(neck, "neck", registry=MODELS)
        self.bbox_head = build_part(
            bbox_head, "bbox_head", head_args or None, registry=MODELS
        )
        self._check_parts()
        self.train_cfg = dict(train_cfg) if train_cfg else None
        self.test_cfg = dict(test_cfg) if test_cfg else None
        self.data_preprocessor = dict(data_preprocessor) if data_preprocessor else None
        self.init_cfg = dict(init_cfg) if init_cfg else None

    def _check_parts(self) -> None:
        """Check channels and grid shapes between consecutive parts."""
        grid = getattr(self.voxel_encoder, "grid_shape", None)
        shape = getattr(self.middle_encoder, "output_shape", None)
        if grid is not None and shape is not None and tuple(grid) != tuple(shape):
            raise ValueError(
                f"voxel_encoder -> middle_encoder: the pillar grid {tuple(grid)} "
                f"differs from the scatter output_shape {tuple(shape)}"
            )
        chain = [
            ("voxel_encoder", self.voxel_encoder),
            ("middle_encoder", self.middle_encoder),
            ("backbone", self.backbone),
            ("neck", self.neck),
            ("bbox_head", self.bbox_head),
        ]
        parts = [(name, part) for name, part in chain if part is not None]
        for (before, producer), (after, consumer) in itertools.pairwise(parts):
            check_channels(
                getattr(producer, "out_channels", None),
                consumer,
                f"{before} -> {after}",
            )

    def extract_feat(self, points: Sequence[Sequence[float]]) -> tuple[FeatureMap, ...]:
        """Encode ``points`` into the feature maps the head consumes.

        Args:
            points: LiDAR points, ``x, y, z`` and extra features each.

        Returns:
            The BEV feature maps after the backbone and the neck.
        """
        bev = self.middle_encoder(self.voxel_encoder(points))
        feats = self.backbone(bev)
        return tuple(self.neck(feats) if self.neck is not None else feats)

    def forward(self, points: Sequence[Sequence[float]], mode: str = "tensor") -> Any:
        """Run the detector.

        Args:
            points: LiDAR points.
            mode: ``'tensor'`` for the head's raw outputs, ``'predict'`` for
                post-processed 3D detections.

        Returns:
            The head outputs, or a list of :class:`Detection3D`.

        Raises:
            ValueError: If ``mode`` is unknown.
        """
        if mode == "tensor":
            return self.bbox_head(self.extract_feat(points))
        if mode == "predict":
            return self.predict(points)
        raise ValueError(f"mode must be 'tensor' or 'predict', got {mode!r}")

    __call__ = forward

    def predict(self, points: Sequence[Sequence[float]]) -> list[Detection3D]:
        """Detect 3D objects in a point cloud.

        Args:
            points: LiDAR points.

        Returns:
            3D detections, best score first.
        """
        result: list[Detection3D] = self.bbox_head.predict(self.extract_feat(points))
        return result

    def __repr__(self) -> str:
        """Name the parts and where they come from."""
        parts = [
            f"{name}={type(part).__module__.split('.')[0]}.{type(part).__name__}"
            for name, part in (
                ("voxel_encoder", self.voxel_encoder),
                ("middle_encoder", self.middle_encoder),
                ("backbone", self.backbone),
                ("neck", self.neck),
                ("bbox_head", self.bbox_head),
            )
            if part is not None
        ]
        return f"VoxelNet({', '.join(parts)})"


@MODELS.register_module()
def pointpillars_r18(
    num_classes: int = 3,
    point_cloud_range: Sequence[float] = (0.0, -16.0, -3.0, 32.0, 16.0, 1.0),
    voxel_size: Sequence[float] = (1.0, 1.0, 4.0),
) -> VoxelNet:
    """Build PointPillars with srdet's ResNet-18 and FPN as its 2D parts.

    A registered function: ``MODELS.build(dict(type='pointpillars_r18'))``
    calls it and returns the detector.

    Args:
        num_classes: Number of object classes.
        point_cloud_range: ``(x_min, y_min, z_min, x_max, y_max, z_max)``.
        voxel_size: Pillar size ``(x, y, z)``.

    Returns:
        The built :class:`VoxelNet`.
    """
    pcr = [float(v) for v in point_cloud_range]
    rows = round((pcr[4] - pcr[1]) / voxel_size[1])
    cols = round((pcr[3] - pcr[0]) / voxel_size[0])
    cfg = {
        "type": "VoxelNet",
        "voxel_encoder": {
            "type": "PillarFeatureNet",
            "feat_channels": [64],
            "voxel_size": list(voxel_size),
            "point_cloud_range": pcr,
        },
        "middle_encoder": {
            "type": "PointPillarsScatter",
            "in_channels": 64,
            "output_shape": [rows, cols],
        },
        "backbone": {
            "type": "srdet.ResNet",
            "depth": 18,
            "in_channels": 64,
            "strides": [1, 2, 2, 2],
            "out_indices": [0, 1, 2],
            "num_stages": 3,
        },
        "neck": {
            "type": "srdet.FPN",
            "in_channels": [64, 128, 256],
            "out_channels": 64,
            "num_outs": 3,
        },
        "bbox_head": {
            "type": "Anchor3DHead",
            "num_classes": num_classes,
            "in_channels": 64,
            "stacked_convs": 0,
            "anchor_generator": {
                "ranges": [[pcr[0], pcr[1], -1.78, pcr[3], pcr[4], -1.78]],
                "sizes": [[0.8, 0.6, 1.73], [1.76, 0.6, 1.73], [3.9, 1.6, 1.56]],
                "rotations": [0.0, 1.57],
            },
        },
        # ResNet's stride-4 stem averages sparse pillars away: keep faint cells.
        "test_cfg": {
            "score_thr": 0.01,
            "nms": {"iou_threshold": 0.01},
            "max_per_img": 50,
        },
    }
    model: VoxelNet = MODELS.build(cfg)
    return model
