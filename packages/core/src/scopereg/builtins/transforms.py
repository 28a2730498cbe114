"""Generic data transforms registered in :data:`scopereg.TRANSFORMS`.

A transform is a callable taking a dict of results and returning the
(updated) dict. :class:`Compose` chains transforms built from configs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from scopereg._registry import Registry
from scopereg._root import TRANSFORMS
from scopereg.builtins._items import build_callables, describe

__all__ = ["Compose", "Identity"]

TransformSpec = Mapping[str, Any] | Callable[..., Any]
"""A transform given as a config (built on demand) or as a callable."""


@TRANSFORMS.register_module()
class Compose:
    """Apply transforms in order to a dict of results.

    Configs in ``transforms`` are built with :attr:`registry` (the root
    :data:`scopereg.TRANSFORMS`, so the default scope decides where their
    names resolve); callables are used as given. Every transform must return
    a mapping: returning ``None`` is an error here (a sibling package may
    override ``Compose`` to treat it as "drop this sample").

    Args:
        transforms: Transform configs or callables, applied in order.

    Raises:
        TypeError: If an entry is neither a mapping nor a callable.

    Examples:
        >>> def double(results):
        ...     return {**results, "x": results["x"] * 2}
        >>> pipeline = Compose([double, dict(type="Identity"), double])
        >>> pipeline({"x": 3})
        {'x': 12}
        >>> len(pipeline)
        3
    """

    registry: Registry[Any] = TRANSFORMS
    """Where transform configs are built; subclasses may point elsewhere."""

    def __init__(self, transforms: Sequence[TransformSpec] = ()) -> None:
        self.transforms: list[Callable[..., Any]] = build_callables(
            transforms, type(self).registry, "transform"
        )

    def __call__(self, results: Mapping[str, Any]) -> Any:
        """Run ``results`` through every transform.

        Args:
            results: The data of one sample; it is copied, never mutated here.

        Returns:
            What the last transform returned.

        Raises:
            TypeError: If ``results`` or a transform's output is not a mapping.
        """
        if not isinstance(results, Mapping):
            raise TypeError(
                f"Compose expects a mapping of results, but got "
                f"{type(results).__name__}"
            )
        current: Any = dict(results)
        for index, transform in enumerate(self.transforms):
            current = transform(current)
            if not isinstance(current, Mapping):
                raise TypeError(
                    f"transform #{index} ({describe(transform)}) returned "
                    f"{type(current).__name__} instead of a mapping of results; "
                    "every transform must return the results dict"
                )
        return current

    def __len__(self) -> int:
        """Return the number of transforms."""
        return len(self.transforms)

    def __iter__(self) -> Iterator[Callable[..., Any]]:
        """Iterate over the built transforms, in order."""
        return iter(self.transforms)

    def __repr__(self) -> str:
        """Show the transforms by name."""
        names = ", ".join(describe(t) for t in self.transforms)
        return f"{type(self).__name__}([{names}])"


@TRANSFORMS.register_module()
class Identity:
    """Return the results unchanged (a placeholder step in a pipeline).

    Examples:
        >>> Identity()({"img": [[0]]})
        {'img': [[0]]}
    """

    def __call__(self, results: Mapping[str, Any]) -> Mapping[str, Any]:
        """Return ``results`` itself.

        Args:
            results: The data of one sample.

        Returns:
            The same object.
        """
        return results

    def __repr__(self) -> str:
        """Return ``'Identity()'``."""
        return "Identity()"
