"""srdet's ``Compose``: like the core one, but ``None`` drops the sample."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scopereg import Registry
from scopereg.builtins.transforms import Compose as BaseCompose
from srdet.registry import TRANSFORMS

__all__ = ["Compose"]


@TRANSFORMS.register_module()
class Compose(BaseCompose):
    """Apply detection transforms in order; a ``None`` result drops the sample.

    Overrides the core ``Compose`` inside the ``srdet`` scope (and for any
    build under ``DefaultScope('srdet')``). Configs are built with srdet's
    TRANSFORMS, so ``'Resize'`` means srdet's ``Resize`` unless a default
    scope redirects the build. When a transform returns ``None`` (a filter
    rejecting the sample), the remaining transforms are skipped and
    ``None`` is returned, so a dataset can fetch another sample.

    Args:
        transforms: Transform configs or callables, applied in order.

    Examples:
        >>> pipeline = Compose([lambda r: None, dict(type="PackDetInputs")])
        >>> print(pipeline({"img": [[0]]}))
        None
    """

    registry: Registry[Any] = TRANSFORMS

    def __call__(self, results: Mapping[str, Any]) -> Any:
        """Run ``results`` through the transforms, stopping at a ``None``.

        Args:
            results: The data of one sample; copied, never mutated here.

        Returns:
            The last transform's output, or ``None`` if the sample was dropped.

        Raises:
            TypeError: If ``results`` is not a mapping.
        """
        if not isinstance(results, Mapping):
            raise TypeError(
                f"Compose expects a mapping of results, got {type(results).__name__}"
            )
        current: Any = dict(results)
        for transform in self.transforms:
            current = transform(current)
            if current is None:
                return None
        return current
