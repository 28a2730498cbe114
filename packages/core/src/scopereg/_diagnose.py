"""The errors of failed lookups and failed location imports, fully explained.

Raised on error paths only: :func:`not_registered` writes its message from
:func:`scopereg._explain.explain`; :func:`location_import_error` names the
line that failed and what to install or correct.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scopereg._explain import explain
from scopereg._messages import compose, label
from scopereg.exceptions import LocationImportError, NotRegisteredError

if TYPE_CHECKING:
    from scopereg._registry import Registry

__all__ = ["location_import_error", "not_registered"]


def not_registered(
    key: str, registry: Registry[Any], origin: Registry[Any] | None = None
) -> NotRegisteredError:
    """Build the error for a ``key`` that resolves to nothing.

    Args:
        key: The key as asked.
        registry: The registry it was resolved from.
        origin: The registry ``build`` was called on, when a default scope
            redirected the lookup elsewhere.

    Returns:
        The error, ready to raise; a failed import that explains the miss
        is chained as its ``__cause__``.
    """
    explanation, cause = explain(key, registry, origin)
    error = NotRegisteredError(
        str(explanation),
        key=key,
        registry=label(registry),
        suggestions=explanation.suggestions,
        explanation=explanation,
    )
    if cause is not None:
        error.__cause__ = cause
    return error


def _failure_site(err: BaseException) -> str | None:
    """Return ``file:line`` of the user code where an import failed, if any.

    Frames of importlib and of scopereg itself are skipped: a location that
    does not exist at all failed in no user file.
    """
    import importlib
    import os

    if isinstance(err, SyntaxError) and err.filename:
        return f"{err.filename}:{err.lineno}"
    machinery = (
        os.path.dirname(importlib.__file__ or ""),
        os.path.dirname(__file__),
    )
    site = None
    tb = err.__traceback__
    while tb is not None:
        file = tb.tb_frame.f_code.co_filename
        if not file.startswith("<frozen") and os.path.dirname(file) not in machinery:
            site = f"{file}:{tb.tb_lineno}"
        tb = tb.tb_next
    return site


def location_import_error(
    registry: Registry[Any], location: str, err: BaseException
) -> LocationImportError:
    """Build the error for a ``location`` of ``registry`` that failed to import.

    Args:
        registry: The registry whose ``locations`` list the module.
        location: The module that failed.
        err: What importing it raised (the caller chains it).

    Returns:
        The error, ready to raise ``from err``.
    """
    where = [f"registry defined at {registry._defined_at}"]
    site = _failure_site(err)
    if site is not None:
        where.append(f"the import failed at {site}")
    missing = getattr(err, "name", None) if isinstance(err, ImportError) else None
    if missing and (location == missing or location.startswith(f"{missing}.")):
        fix = f"there is no module {missing!r}: correct {location!r} in locations=[...]"
    elif missing:
        fix = (
            f"install the package that provides {missing!r} (imported by "
            f"{location!r}), or remove {location!r} from locations=[...]"
        )
    else:
        fix = (
            f"correct {location!r} (its error is chained below), or remove it "
            "from locations=[...]"
        )
    cause = str(err).partition("\n")[0]  # the whole of it is chained
    return LocationImportError(
        compose(
            f"{label(registry)} could not import its location {location!r}: "
            f"{type(err).__name__}: {cause}",
            where,
            [f"fix: {fix}"],
        ),
        registry=label(registry),
        location=location,
    )
