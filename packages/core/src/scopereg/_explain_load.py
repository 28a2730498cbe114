"""What :func:`scopereg._explain.explain` imports before it answers, and what failed.

An explanation is only right once every location of the tree and every
installed scope's registry module has been imported, as a lookup would;
the imports that fail become part of the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from scopereg import _discovery
from scopereg.exceptions import LocationImportError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scopereg._core import RegistryCore

__all__ = ["Failure", "load_installed_scopes", "load_locations", "location_failure"]


class Failure(NamedTuple):
    """A failed import met while explaining: what, how to fix, the exception."""

    text: str
    hint: str
    error: BaseException


def location_failure(error: LocationImportError) -> Failure:
    """Return the failure of a registry's location, as explain reports it."""
    return Failure(
        str(error).partition("\n")[0],
        f"make {error.location!r} importable: the names it registers are missing "
        "until it imports",
        error,
    )


def load_locations(registries: Iterable[RegistryCore]) -> list[Failure]:
    """Import the locations of ``registries``, returning the failures."""
    failures = []
    for reg in registries:
        try:
            reg.import_from_location()
        except LocationImportError as error:
            failures.append(location_failure(error))
    return failures


def load_installed_scopes() -> list[Failure]:
    """Import every installed scope's registry module (once), as a lookup would."""
    failures = []
    for scope in _discovery.installed_scopes():
        error = _discovery.import_scope(scope)
        if error is not None:
            module = _discovery.scope_module_name(scope)
            failures.append(
                Failure(
                    f"installed scope {scope!r}: importing {module!r} failed: "
                    f"{type(error).__name__}: {error}",
                    f"make {module!r} importable: scope {scope!r} is missing until "
                    "it imports",
                    error,
                )
            )
    return failures
