"""The error of a registry location that failed to import, fully explained.

Pure message formatting: it names the registry, where it was defined, the
user line that failed (importlib's and scopereg's frames skipped) and what
to install or correct.
"""

from __future__ import annotations

import os

from scopereg._messages import compose
from scopereg.exceptions import LocationImportError

__all__ = ["location_import_error"]


def _failure_site(err: BaseException) -> str | None:
    """Return ``file:line`` of the user code where an import failed, if any.

    Frames of importlib and of scopereg itself are skipped: a location that
    does not exist at all failed in no user file.
    """
    import importlib

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
    registry: str, defined_at: str, location: str, err: BaseException
) -> LocationImportError:
    """Build the error for a ``location`` of a registry that failed to import.

    Args:
        registry: The registry whose ``locations`` list the module, as
            ``scope::name``.
        defined_at: ``file:line`` where that registry was created.
        location: The module that failed.
        err: What importing it raised (the caller chains it).

    Returns:
        The error, ready to raise ``from err``.

    Examples:
        >>> err = location_import_error("doc::model", "x.py:1", "nope", ImportError())
        >>> str(err).splitlines()[0]
        "doc::model could not import its location 'nope': ImportError: "
    """
    where = [f"registry defined at {defined_at}"]
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
            f"{registry} could not import its location {location!r}: "
            f"{type(err).__name__}: {cause}",
            where,
            [f"fix: {fix}"],
        ),
        registry=registry,
        location=location,
    )
