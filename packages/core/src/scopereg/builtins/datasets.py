"""Generic datasets registered in :data:`scopereg.DATASETS`.

A dataset here is anything with ``__len__`` and ``__getitem__`` (the map
style of ``torch.utils.data.Dataset``), without depending on torch.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from scopereg._root import DATASETS
from scopereg.builtins.transforms import Compose

__all__ = ["ConcatDataset", "ListDataset", "MapDataset"]


@runtime_checkable
class MapDataset(Protocol):
    """What the datasets here accept and provide: sized and indexable."""

    def __len__(self) -> int:
        """Return the number of samples."""
        ...

    def __getitem__(self, index: int) -> Any:
        """Return the sample at ``index``."""
        ...


def _normalise_index(index: object, length: int, owner: str) -> int:
    """Check ``index`` against ``length``; map negative indices from the end."""
    if isinstance(index, bool) or not isinstance(index, int):
        raise TypeError(
            f"{owner} indices must be integers, but got {type(index).__name__}"
        )
    if index < 0:
        index += length
    if not 0 <= index < length:
        raise IndexError(f"{owner} index out of range (length {length})")
    return index


@DATASETS.register_module()
class ListDataset:
    """Serve samples from a list, through an optional pipeline of transforms.

    The pipeline is a :class:`~scopereg.builtins.transforms.Compose` whose
    configs are built with :data:`scopereg.TRANSFORMS`. Each sample that
    reaches the pipeline is a shallow copy, so transforms never change the
    stored list.

    Args:
        samples: The samples; mappings when a pipeline is given.
        pipeline: Transform configs or callables, applied on each access.

    Raises:
        TypeError: If ``samples`` is a str or a mapping, or a pipeline entry
            is invalid.

    Examples:
        >>> data = ListDataset([{"x": 1}, {"x": 2}], pipeline=[dict(type="Identity")])
        >>> len(data), data[-1]
        (2, {'x': 2})
    """

    def __init__(
        self,
        samples: Iterable[Any],
        pipeline: Sequence[Mapping[str, Any] | Callable[..., Any]] = (),
    ) -> None:
        if isinstance(samples, (str, bytes, Mapping)):
            raise TypeError(
                f"samples must be an iterable of samples, but got "
                f"{type(samples).__name__}"
            )
        self.samples: list[Any] = list(samples)
        self.pipeline: Compose | None = Compose(pipeline) if pipeline else None

    def __len__(self) -> int:
        """Return the number of samples."""
        return len(self.samples)

    def __getitem__(self, index: int) -> Any:
        """Return sample ``index`` after the pipeline.

        Args:
            index: A position, negative from the end.

        Returns:
            The (transformed) sample.

        Raises:
            IndexError: If ``index`` is out of range.
            TypeError: If a pipeline is set and the sample is not a mapping.
        """
        sample = self.samples[_normalise_index(index, len(self), "ListDataset")]
        if self.pipeline is None:
            return sample
        return self.pipeline(sample)

    def __repr__(self) -> str:
        """Show the size and the pipeline."""
        return f"ListDataset(num_samples={len(self)}, pipeline={self.pipeline!r})"


@DATASETS.register_module()
class ConcatDataset:
    """Join datasets end to end, as one indexable dataset.

    Args:
        datasets: Dataset configs (built with :data:`scopereg.DATASETS`) or
            ready-made datasets; at least one.

    Raises:
        TypeError: If an entry is neither a mapping nor sized and indexable.
        ValueError: If ``datasets`` is empty.

    Examples:
        >>> both = ConcatDataset([dict(type="ListDataset", samples=["a", "b"]), ["c"]])
        >>> len(both), both[2], both.cumulative_sizes
        (3, 'c', [2, 3])
    """

    def __init__(self, datasets: Sequence[Mapping[str, Any] | MapDataset]) -> None:
        if isinstance(datasets, (str, bytes, Mapping)):
            raise TypeError(
                f"datasets must be a sequence of dataset configs or datasets, "
                f"but got {type(datasets).__name__}"
            )
        built: list[MapDataset] = []
        for index, item in enumerate(datasets):
            dataset = DATASETS.build(item) if isinstance(item, Mapping) else item
            if not isinstance(dataset, MapDataset):
                raise TypeError(
                    f"dataset #{index} must have __len__ and __getitem__, but got "
                    f"{type(dataset).__name__}"
                )
            built.append(dataset)
        if not built:
            raise ValueError("ConcatDataset needs at least one dataset")
        self.datasets: list[MapDataset] = built
        self.cumulative_sizes: list[int] = []
        total = 0
        for dataset in built:
            total += len(dataset)
            self.cumulative_sizes.append(total)

    def __len__(self) -> int:
        """Return the total number of samples."""
        return self.cumulative_sizes[-1]

    def locate(self, index: int) -> tuple[int, int]:
        """Return which dataset serves ``index``, and the index inside it.

        Args:
            index: A position in the joined dataset, negative from the end.

        Returns:
            ``(dataset_index, sample_index)``.

        Raises:
            IndexError: If ``index`` is out of range.
        """
        index = _normalise_index(index, len(self), "ConcatDataset")
        which = bisect.bisect_right(self.cumulative_sizes, index)
        start = self.cumulative_sizes[which - 1] if which else 0
        return which, index - start

    def __getitem__(self, index: int) -> Any:
        """Return sample ``index`` from the dataset that holds it.

        Args:
            index: A position in the joined dataset, negative from the end.

        Returns:
            The sample, as that dataset returns it.
        """
        which, inner = self.locate(index)
        return self.datasets[which][inner]

    def __repr__(self) -> str:
        """Show the parts and their sizes."""
        parts = ", ".join(f"{type(d).__name__}({len(d)})" for d in self.datasets)
        return f"ConcatDataset([{parts}])"
