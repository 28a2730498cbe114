"""The named default scopes ``DefaultScope.get_instance`` made: mmengine's ``_instance_dict``.

mmengine keeps them in an ordered class attribute whose last entry is the
current default scope, and the test helpers it ships reset the default by
clearing it (``RunnerTestCase.tearDown`` calls
``DefaultScope._instance_dict.clear()``) or by assigning a new mapping. Here
the store is a real ``dict`` whose every change made by hand also sets the
process-wide default (:mod:`scopereg._context`) to its last instance, so those
helpers work unchanged. ``with DefaultScope(...)`` blocks are per thread and
task and still win inside them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

from scopereg import _context

__all__ = ["InstanceStore", "lock"]

# Guards the store and the process-wide default it sets. Reentrant: a change
# made by hand inside a locked section (a warning filter, a __del__) must not
# deadlock.
lock = threading.RLock()


class InstanceStore(dict[str, Any]):
    """The instances by name, in creation order; the last is the process default.

    Args:
        kind: The class every value must be an instance of.
    """

    __slots__ = ("_kind",)

    def __init__(self, kind: type) -> None:
        super().__init__()
        self._kind = kind

    # -- used by DefaultScope and the sandbox ----------------------------------

    def put_last(self, name: str, instance: Any) -> None:
        """Store ``instance`` under ``name`` as the newest entry and make it current."""
        with lock:
            dict.pop(self, name, None)
            dict.__setitem__(self, name, instance)
            self._changed()

    def load(self, entries: Mapping[str, Any]) -> None:
        """Replace the entries, leaving the process-wide default alone (restores)."""
        with lock:
            dict.clear(self)
            dict.update(self, entries)

    def assign(self, entries: object) -> None:
        """Replace the entries with ``entries`` (``DefaultScope._instance_dict = ...``).

        Raises:
            TypeError: If ``entries`` is not a mapping of str to instances;
                nothing changes then.
        """
        if not isinstance(entries, Mapping):
            raise TypeError(
                f"DefaultScope._instance_dict must be a mapping of instance names "
                f"to DefaultScope, but got {type(entries).__name__} {entries!r:.80}; "
                "assign {} or collections.OrderedDict() to reset it"
            )
        checked = dict(entries)
        for name, instance in checked.items():
            self._check(name, instance)
        with lock:
            dict.clear(self)
            dict.update(self, checked)
            self._changed()

    # -- the dict interface, each change resetting the default -------------------

    def __setitem__(self, name: str, instance: Any) -> None:
        """Store ``instance``; the newest entry is the process-wide default."""
        self._check(name, instance)
        with lock:
            dict.__setitem__(self, name, instance)
            self._changed()

    def __delitem__(self, name: str) -> None:
        """Forget an instance; the default becomes the newest one left."""
        with lock:
            dict.__delitem__(self, name)
            self._changed()

    def pop(self, name: str, *default: Any) -> Any:
        """Forget an instance and return it; the default becomes the newest left."""
        with lock:
            value = dict.pop(self, name, *default)
            self._changed()
            return value

    def popitem(self) -> tuple[str, Any]:
        """Forget the newest instance; the one before becomes the default."""
        with lock:
            item = dict.popitem(self)
            self._changed()
            return item

    def clear(self) -> None:
        """Forget every instance: no process-wide default scope is left."""
        with lock:
            dict.clear(self)
            self._changed()

    def setdefault(self, name: str, instance: Any = None) -> Any:
        """Store ``instance`` unless ``name`` exists; return what is stored."""
        if name in self:
            return self[name]
        self[name] = instance
        return instance

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Store several instances; the newest entry is the default."""
        entries = dict(*args, **kwargs)
        for name, instance in entries.items():
            self._check(name, instance)
        with lock:
            dict.update(self, entries)
            self._changed()

    def __ior__(self, other: Any) -> InstanceStore:  # type: ignore[override,misc]
        """Merge instances in place (``|=``)."""
        self.update(other)
        return self

    def _check(self, name: object, instance: object) -> None:
        if not isinstance(name, str) or not isinstance(instance, self._kind):
            raise TypeError(
                f"DefaultScope._instance_dict maps instance names (str) to "
                f"{self._kind.__name__} objects, but got {name!r}: {instance!r:.80}; "
                "create instances with DefaultScope.get_instance(name, scope_name=...)"
            )

    def _changed(self) -> None:
        """Make the newest instance the process-wide default (lock held)."""
        newest = next(reversed(self.values()), None)
        if newest is None:
            _context.set_process_default(None, None)
        else:
            _context.set_process_default(newest.scope_name, newest)


def _after_fork_in_child() -> None:
    """Give the forked child a free lock (its holder may not exist there)."""
    global lock
    lock = threading.RLock()


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
