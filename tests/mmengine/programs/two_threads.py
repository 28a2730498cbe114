"""Two builds in two threads, each under its own `_scope_`; print what each saw.

Both threads enter their scope, meet at a barrier, build a nested ``Part``
from the root registry (which resolves through the default scope), and meet
again before leaving their scope. Prints ``{"pkg_a": ..., "pkg_b": ...}``:
the scope of the ``Part`` each thread got, or the error it met. On
mmengine's own registry the default scope is one global store, so while
both threads are inside their scope both see the scope entered last.
"""

from __future__ import annotations

import json
import threading

from mmengine.registry import Registry

ROOT = Registry("thing", scope="root")
BARRIER = threading.Barrier(2, timeout=30)


def make_scope(scope):
    registry = Registry("thing", parent=ROOT, scope=scope)

    @registry.register_module(name="Part")
    class Part:
        where = scope

    @registry.register_module(name="Outer")
    class Outer:
        def __init__(self):
            BARRIER.wait()  # both threads are inside their scope now
            try:
                self.part = ROOT.build(dict(type="Part"))
            finally:
                BARRIER.wait()  # neither leaves its scope before both built

    return registry


REGISTRIES = [make_scope("pkg_a"), make_scope("pkg_b")]
seen = {}


def build_in(scope):
    try:
        seen[scope] = ROOT.build(dict(type="Outer", _scope_=scope)).part.where
    except Exception as err:  # reported, as a thread's error would be lost
        seen[scope] = f"{type(err).__name__}: {err}"


threads = [threading.Thread(target=build_in, args=(s,)) for s in ("pkg_a", "pkg_b")]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(seen, sort_keys=True))
