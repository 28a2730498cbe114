"""Single-stage detectors, built from sub-configs through ``srdet``'s MODELS.

:class:`RetinaNet` and :class:`FCOS` wire a backbone, a neck and a dense
head, each given as a config (built with :data:`srdet.registry.MODELS`, so
``'ResNet'`` and ``'srdet.ResNet'`` both resolve) or as a built object.
Construction checks that the channels of consecutive parts agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scopereg import Registry
from srdet.registry import MODELS
from srdet.structures import Detection, FeatureMap

__all__ = [
    "FCOS",
    "RetinaNet",
    "SingleStageDetector",
    "build_part",
    "check_channels",
    "retinanet_r50",
]


def build_part(
    cfg: Any,
    what: str,
    default_args: Mapping[str, Any] | None = None,
    registry: Registry[Any] = MODELS,
) -> Any:
    """Build ``cfg`` with ``registry`` if it is a config, else return it.

    Args:
        cfg: A config mapping, or an object built already.
        what: The part's name, for the error message.
        default_args: Passed to the build for configs.
        registry: Where configs are built; srdet's MODELS by default.

    Returns:
        The built part.

    Raises:
        TypeError: If ``cfg`` is neither a mapping nor callable.
    """
    if isinstance(cfg, Mapping):
        return registry.build(cfg, default_args=default_args)
    if not callable(cfg):
        raise TypeError(
            f"{what} must be a config dict or a built module, got {type(cfg).__name__}"
        )
    return cfg


def check_channels(produced: Any, consumer: Any, link: str) -> None:
    """Raise if ``consumer.in_channels`` differs from the ``produced`` channels.

    Parts without channel attributes (plain functions) are not checked.

    Args:
        produced: The previous part's ``out_channels`` (int or sequence).
        consumer: The next part.
        link: Names the connection in the message, e.g. ``'backbone -> neck'``.

    Raises:
        ValueError: If they disagree.

    Examples:
        >>> class Head:
        ...     in_channels = 256
        >>> check_channels(256, Head(), "neck -> bbox_head")  # they agree
        >>> check_channels(128, Head(), "neck -> bbox_head")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ValueError: neck -> bbox_head: Head expects in_channels=256 but ...
    """
    expected = getattr(consumer, "in_channels", None)
    if produced is None or expected is None:
        return
    if isinstance(expected, Sequence):
        ok = isinstance(produced, Sequence) and tuple(produced) == tuple(expected)
        expected = tuple(expected)
    elif isinstance(produced, Sequence):
        ok = all(channels == expected for channels in produced)
    else:
        ok = produced == expected
    if not ok:
        shown = tuple(produced) if isinstance(produced, Sequence) else produced
        raise ValueError(
            f"{link}: {type(consumer).__name__} expects in_channels={expected} but "
            f"the part before it produces {shown} channels"
        )


class SingleStageDetector:
    """A detector that predicts boxes directly from the neck's feature maps.

    Args:
        backbone: Backbone config or object.
        neck: Neck config or object, or ``None`` to feed the head directly.
        bbox_head: Dense head config or object; ``train_cfg`` and
            ``test_cfg`` are passed to it as default arguments.
        train_cfg: Training settings for the head.
        test_cfg: Post-processing settings for the head.
        data_preprocessor: ``mean`` and ``std`` used to normalise pixels;
            defaults to ``mean=0, std=255``.
        init_cfg: Initialisation config, kept for the record.

    Raises:
        ValueError: If consecutive parts disagree on channels.
    """

    def __init__(
        self,
        backbone: Mapping[str, Any] | Any,
        neck: Mapping[str, Any] | Any | None = None,
        bbox_head: Mapping[str, Any] | Any | None = None,
        train_cfg: Mapping[str, Any] | None = None,
        test_cfg: Mapping[str, Any] | None = None,
        data_preprocessor: Mapping[str, Any] | None = None,
        init_cfg: Mapping[str, Any] | None = None,
    ) -> None:
        if bbox_head is None:
            raise ValueError(f"{type(self).__name__} needs a bbox_head")
        head_args = {
            key: value
            for key, value in (("train_cfg", train_cfg), ("test_cfg", test_cfg))
            if value is not None
        }
        self.backbone = build_part(backbone, "backbone")
        self.neck = None if neck is None else build_part(neck, "neck")
        self.bbox_head = build_part(bbox_head, "bbox_head", head_args or None)
        produced = getattr(self.backbone, "out_channels", None)
        link = "backbone -> bbox_head"
        if self.neck is not None:
            check_channels(produced, self.neck, "backbone -> neck")
            produced = getattr(self.neck, "out_channels", None)
            link = "neck -> bbox_head"
        check_channels(produced, self.bbox_head, link)
        preprocess = {"mean": 0.0, "std": 255.0, **(data_preprocessor or {})}
        if float(preprocess["std"]) == 0:
            raise ValueError("data_preprocessor std must not be zero")
        self.data_preprocessor = preprocess
        self.train_cfg = dict(train_cfg) if train_cfg else None
        self.test_cfg = dict(test_cfg) if test_cfg else None
        self.init_cfg = dict(init_cfg) if init_cfg else None

    def _normalise(self, image: Any) -> FeatureMap:
        """Turn ``image`` into a feature map of ``(pixel - mean) / std``."""
        mean = float(self.data_preprocessor["mean"])
        std = float(self.data_preprocessor["std"])
        channels = getattr(self.backbone, "in_channels", 3)
        fmap = FeatureMap.from_image(
            image, channels if isinstance(channels, int) else 3
        )
        return fmap.map(lambda value: (value - mean) / std)

    def extract_feat(self, image: Any) -> tuple[FeatureMap, ...]:
        """Normalise ``image`` and run the backbone and the neck.

        Args:
            image: An ``H x W`` list of pixel rows (0-255), or ``C x H x W``.

        Returns:
            The feature maps the head consumes.
        """
        feats = self.backbone(self._normalise(image))
        return tuple(self.neck(feats) if self.neck is not None else feats)

    def forward(self, image: Any, mode: str = "tensor") -> Any:
        """Run the detector.

        Args:
            image: See :meth:`extract_feat`.
            mode: ``'tensor'`` returns the head's raw outputs; ``'predict'``
                returns the post-processed detections.

        Returns:
            The head outputs, or a list of :class:`Detection`.

        Raises:
            ValueError: If ``mode`` is unknown.
        """
        if mode == "tensor":
            return self.bbox_head(self.extract_feat(image))
        if mode == "predict":
            return self.predict(image)
        raise ValueError(f"mode must be 'tensor' or 'predict', got {mode!r}")

    __call__ = forward

    def predict(self, image: Any) -> list[Detection]:
        """Detect objects in ``image``.

        Args:
            image: See :meth:`extract_feat`.

        Returns:
            Detections, best score first.
        """
        result: list[Detection] = self.bbox_head.predict(self.extract_feat(image))
        return result

    def __repr__(self) -> str:
        """Name the parts."""
        parts = ", ".join(
            f"{name}={type(part).__name__}"
            for name, part in (
                ("backbone", self.backbone),
                ("neck", self.neck),
                ("bbox_head", self.bbox_head),
            )
            if part is not None
        )
        return f"{type(self).__name__}({parts})"


@MODELS.register_module()
class RetinaNet(SingleStageDetector):
    """RetinaNet: ResNet + FPN + RetinaHead (see :class:`SingleStageDetector`).

    Examples:
        >>> model = RetinaNet(
        ...     backbone=dict(type="ResNet", depth=18),
        ...     neck=dict(
        ...         type="FPN",
        ...         in_channels=[64, 128, 256, 512],
        ...         out_channels=32,
        ...         num_outs=5,
        ...     ),
        ...     bbox_head=dict(type="RetinaHead", num_classes=3, in_channels=32),
        ... )
        >>> len(model([[0] * 64] * 64)[0])
        5
    """


@MODELS.register_module()
class FCOS(SingleStageDetector):
    """FCOS: an anchor-free detector with an :class:`FCOSHead`."""


@MODELS.register_module()
def retinanet_r50(num_classes: int = 80, **overrides: Any) -> RetinaNet:
    """Build mmdet's standard RetinaNet-R50-FPN (a registered function).

    Args:
        num_classes: Number of object classes.
        **overrides: Replace whole parts, e.g. ``test_cfg=dict(score_thr=0.3)``.

    Returns:
        The built detector.

    Examples:
        >>> from srdet.registry import MODELS
        >>> model = MODELS.build(dict(type="retinanet_r50", num_classes=3))
        >>> type(model).__name__, model.backbone.depth, model.bbox_head.num_classes
        ('RetinaNet', 50, 3)
    """
    cfg: dict[str, Any] = {
        "type": "RetinaNet",
        "backbone": {"type": "ResNet", "depth": 50, "out_indices": (1, 2, 3)},
        "neck": {
            "type": "FPN",
            "in_channels": [512, 1024, 2048],
            "out_channels": 256,
            "num_outs": 5,
            "add_extra_convs": "on_input",
        },
        "bbox_head": {
            "type": "RetinaHead",
            "num_classes": num_classes,
            "in_channels": 256,
        },
        "test_cfg": {
            "score_thr": 0.05,
            "nms": {"type": "nms", "iou_threshold": 0.5},
            "max_per_img": 100,
        },
    }
    cfg.update(overrides)
    model: RetinaNet = MODELS.build(cfg)
    return model
