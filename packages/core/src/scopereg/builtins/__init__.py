"""Small, generic, dependency-free components for the root registries.

The root registries load these modules lazily through ``locations``, on
their first lookup, so ``import scopereg`` stays cheap:

* :mod:`scopereg.builtins.transforms` fills :data:`scopereg.TRANSFORMS`
  with ``Compose`` and ``Identity``;
* :mod:`scopereg.builtins.datasets` fills :data:`scopereg.DATASETS` with
  ``ListDataset`` and ``ConcatDataset``;
* :mod:`scopereg.builtins.models` fills :data:`scopereg.MODELS` with
  ``Sequential`` and ``Identity``.

A sibling package may register its own component under the same name in its
child registry (``srdet`` has its own ``Compose``); inside that package, or
under its default scope, the override wins.
"""
