"""pytest plugin of scopereg: fixtures that keep tests from leaking registrations.

pytest loads it by itself wherever scopereg is installed (entry point
``pytest11``). It works the same under pytest-xdist: each worker process
sandboxes its own tests.

Fixtures:
    registry_sandbox: Everything the test registers, replaces or removes,
        every child registry it adds and every default scope it sets is
        undone when it ends (:func:`scopereg.testing.snapshot`); what the
        modules it imported registered stays, with the modules. Yields the
        :class:`~scopereg.testing.Snapshot`.
    default_scope: A function ``default_scope('srdet')`` setting the
        process-wide default scope for the rest of the test; also settable
        with ``@pytest.mark.parametrize('default_scope', ['srdet'],
        indirect=True)``. Restored when the test ends.

Examples:
    A test module using both fixtures::

        def test_head_builds_from_my_scope(registry_sandbox, default_scope):
            default_scope("srdet")
            MODELS.register_module(name="Head", module=MyHead)
            assert isinstance(MODELS.build(dict(type="Head")), MyHead)

    >>> import scopereg.pytest_plugin as plugin
    >>> plugin.__all__
    ['default_scope', 'registry_sandbox']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest

from scopereg import testing
from scopereg._scope import DefaultScope

__all__ = ["default_scope", "registry_sandbox"]

SetDefaultScope = Callable[[str | None], DefaultScope | None]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Forget what sandboxes kept of modules no longer imported.

    A session that pytester runs in-process starts after the previous run's
    modules left ``sys.modules``; importing them again must register again.

    Args:
        session: The session starting.
    """
    testing.forget_unimported()


@pytest.fixture
def registry_sandbox() -> Iterator[testing.Snapshot]:
    """Undo, after the test, every change it makes to any registry.

    Yields:
        The snapshot taken before the test; ``restore()`` rewinds mid-test.
    """
    with testing.snapshot() as saved:
        yield saved


@pytest.fixture
def default_scope(request: pytest.FixtureRequest) -> Iterator[SetDefaultScope]:
    """Set the process-wide default scope for the test; restored after it.

    Args:
        request: pytest's request; ``request.param`` (indirect
            parametrization) sets a scope before the test starts.

    Yields:
        ``set(scope)``, setting the scope (``None`` clears it) and returning
        the :class:`~scopereg.DefaultScope` in force.
    """
    with ExitStack() as blocks:

        def set_default_scope(scope: str | None) -> DefaultScope | None:
            return blocks.enter_context(testing.default_scope(scope))

        if hasattr(request, "param"):
            set_default_scope(request.param)
        yield set_default_scope
