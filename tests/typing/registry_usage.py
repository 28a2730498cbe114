"""Usage code that only mypy checks (never collected by pytest).

`nox -s typecheck` runs `mypy tests/typing`: each `assert_type` states the type
a user's checker infers for a typed registry, so a change to the annotations of
`Registry` that loses a type fails the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_type

from scopereg import Registry, build_from_cfg


class Activation:
    """A base class that the typed registry builds."""


class ReLU(Activation):
    """An activation registered with the decorator form."""


class GELU(Activation):
    """An activation registered with the call form."""


ACTIVATIONS: Registry[Activation] = Registry("typing-activation", scope="typing_a")
assert_type(ACTIVATIONS, Registry[Activation])

# The decorator form returns the class unchanged, with its own type.
decorated = ACTIVATIONS.register_module()(ReLU)
assert_type(decorated, type[ReLU])

named = ACTIVATIONS.register_module(name="Rectifier", force=True)(ReLU)
assert_type(named, type[ReLU])

# The call forms, positional and keyword, return the module as given.
assert_type(ACTIVATIONS.register_module("GELU", False, GELU), type[GELU])
assert_type(ACTIVATIONS.register_module(module=GELU, force=True), type[GELU])


@ACTIVATIONS.register_module()
class SiLU(Activation):
    """Decorating keeps the class a class."""


assert_type(SiLU, type[SiLU])
assert_type(SiLU(), SiLU)

# build returns the registry's type parameter.
assert_type(ACTIVATIONS.build(dict(type="ReLU")), Activation)

# get returns the registered callable or None.
assert_type(ACTIVATIONS.get("ReLU"), Callable[..., Activation] | None)

# A child registry keeps its own type parameter.
CHILD: Registry[Activation] = Registry(
    "typing-activation", parent=ACTIVATIONS, scope="typing_b"
)
assert_type(CHILD.build(dict(type="typing_a.GELU")), Activation)

# Functions register too, keeping their signature.
FUNCTIONS: Registry[int] = Registry("typing-function", scope="typing_f")


@FUNCTIONS.register_module()
def add(a: int, b: int) -> int:
    """Return the sum of two integers."""
    return a + b


assert_type(add(1, 2), int)
assert_type(FUNCTIONS.build(dict(type="add", a=1, b=2)), int)

# build_from_cfg returns Any: the registry argument does not fix the type.
built = build_from_cfg(dict(type="ReLU"), ACTIVATIONS)
assert_type(built, Any)
