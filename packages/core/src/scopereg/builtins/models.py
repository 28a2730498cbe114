"""Generic model components registered in :data:`scopereg.MODELS`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from scopereg._root import MODELS
from scopereg.builtins._items import build_callables, describe

__all__ = ["Identity", "Sequential"]


@MODELS.register_module()
class Sequential:
    """Chain callables: the output of each is the input of the next.

    Configs in ``modules`` are built with :data:`scopereg.MODELS` (so the
    default scope decides where their names resolve); callables are used as
    given.

    Args:
        modules: Model configs or callables, applied in order.

    Raises:
        TypeError: If an entry is neither a mapping nor a callable.

    Examples:
        >>> chain = Sequential([abs, dict(type="Identity"), str])
        >>> chain(-3)
        '3'
        >>> [type(m).__name__ for m in chain][1]
        'Identity'
    """

    def __init__(
        self, modules: Sequence[Mapping[str, Any] | Callable[..., Any]] = ()
    ) -> None:
        self.modules: list[Callable[..., Any]] = build_callables(
            modules, MODELS, "module"
        )

    def forward(self, x: Any) -> Any:
        """Run ``x`` through every module in order.

        Args:
            x: The input of the first module.

        Returns:
            The output of the last module (``x`` itself when empty).
        """
        for module in self.modules:
            x = module(x)
        return x

    __call__ = forward

    def __len__(self) -> int:
        """Return the number of modules."""
        return len(self.modules)

    def __getitem__(self, index: int) -> Callable[..., Any]:
        """Return the module at ``index``.

        Args:
            index: A position, negative from the end.

        Returns:
            The module.
        """
        return self.modules[index]

    def __iter__(self) -> Iterator[Callable[..., Any]]:
        """Iterate over the modules, in order."""
        return iter(self.modules)

    def __repr__(self) -> str:
        """Show the modules by name."""
        names = ", ".join(describe(m) for m in self.modules)
        return f"Sequential([{names}])"


@MODELS.register_module()
class Identity:
    """Return the input unchanged; accepts and ignores any keyword argument.

    Args:
        **kwargs: Ignored, so configs written for a real layer still build.

    Examples:
        >>> Identity(channels=8).forward([1, 2])
        [1, 2]
    """

    def __init__(self, **kwargs: Any) -> None:
        self.ignored: dict[str, Any] = dict(kwargs)

    def forward(self, x: Any) -> Any:
        """Return ``x``.

        Args:
            x: Anything.

        Returns:
            ``x`` itself.
        """
        return x

    __call__ = forward

    def __repr__(self) -> str:
        """Return ``'Identity()'``."""
        return "Identity()"
