"""The error of a key that resolves to nothing, written from its explanation.

Raised on error paths only: :func:`not_registered` writes its message from
:func:`scopereg._explain.explain`, so the error and ``Registry.explain``
never disagree.
"""

from __future__ import annotations

from scopereg._core import RegistryCore
from scopereg._explain import explain
from scopereg._messages import label
from scopereg.exceptions import NotRegisteredError

__all__ = ["not_registered"]


def not_registered(
    key: str, registry: RegistryCore, origin: RegistryCore | None = None
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

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", scope="doc_not_registered")
        >>> not_registered("Nope", REG).key
        'Nope'
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
