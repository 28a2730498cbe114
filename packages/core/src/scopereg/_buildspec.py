"""What a build function declares about itself, for the engine and validation.

A registry's ``build_func`` may build configs its own way: the scheduler's
consumes conversion keys, the runner's reads ``runner_type`` instead of
``type``. :func:`declare` attaches a :class:`BuildSpec` saying so;
:meth:`scopereg.Registry.build`, :meth:`~scopereg.Registry.validate` and
``scopereg check`` read it with :func:`spec_of`, so validating a config
agrees with building it on every registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

__all__ = ["UNDECLARED", "BuildSpec", "declare", "spec_of"]

F = TypeVar("F", bound=Callable[..., Any])

_ATTRIBUTE: Final = "__scopereg_build__"


class BuildSpec:
    """The declaration of one build function.

    Attributes:
        declared: ``False`` only for :data:`UNDECLARED` (a user's function
            that says nothing: its ``recursive`` support is read from its
            signature when asked).
        like_build_from_cfg: It builds every mapping config exactly as
            :func:`scopereg.build_from_cfg` does, so the build fast branch
            may answer for it.
        recursive: It accepts ``recursive=True``.
        consumes: Config keys it reads itself and never passes to the type.
        type_key: The key that names what to build.
        default_type: What to build when the config has no ``type_key``
            (``None``: the key is required).
        passes_arguments: The config's other keys become keyword arguments
            of the type (so validation checks them against its signature).

    Examples:
        >>> spec = BuildSpec(consumes=frozenset({"epoch_length"}))
        >>> spec.type_key, "epoch_length" in spec.consumes
        ('type', True)
    """

    __slots__ = (
        "consumes",
        "declared",
        "default_type",
        "like_build_from_cfg",
        "passes_arguments",
        "recursive",
        "type_key",
    )

    # A plain class, not a NamedTuple: creating one costs a tenth of a
    # millisecond at import, and `import scopereg` is kept cheap.
    def __init__(
        self,
        *,
        declared: bool = True,
        like_build_from_cfg: bool = False,
        recursive: bool = False,
        consumes: frozenset[str] = frozenset(),
        type_key: str = "type",
        default_type: str | None = None,
        passes_arguments: bool = True,
    ) -> None:
        self.declared = declared
        self.like_build_from_cfg = like_build_from_cfg
        self.recursive = recursive
        self.consumes = frozenset(consumes)
        self.type_key = type_key
        self.default_type = default_type
        self.passes_arguments = passes_arguments

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"BuildSpec({fields})"


UNDECLARED: Final = BuildSpec(declared=False)
"""The spec of a build function that declares nothing."""


def declare(spec: BuildSpec) -> Callable[[F], F]:
    """Return a decorator attaching ``spec`` to a build function.

    Examples:
        >>> @declare(BuildSpec(recursive=True))
        ... def my_build(cfg, registry, default_args=None, *, recursive=False): ...
        >>> spec_of(my_build).recursive
        True
    """

    def attach(func: F) -> F:
        setattr(func, _ATTRIBUTE, spec)
        return func

    return attach


def spec_of(func: object) -> BuildSpec:
    """Return what ``func`` declared, or :data:`UNDECLARED`.

    Examples:
        >>> spec_of(print) is UNDECLARED
        True
    """
    spec = getattr(func, _ATTRIBUTE, None)
    return spec if isinstance(spec, BuildSpec) else UNDECLARED
