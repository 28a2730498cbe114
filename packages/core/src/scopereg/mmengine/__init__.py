"""Run OpenMMLab code on scopereg: make scopereg *be* ``mmengine.registry``.

After :func:`install`, importing mmengine gives ``mmengine.registry`` whose
``Registry`` and ``DefaultScope`` are scopereg's, whose 23 root registries are
scopereg registries of scope ``mmengine`` (with mmengine's own build
functions for models, optimizers, parameter schedulers and runners), and whose
``build_from_cfg`` is scopereg's. mmengine's Runner, hooks, optimizers and
evaluators, and every downstream package that parents its registries on
mmengine's roots (mmdet, mmpose, ...), then run unchanged on scopereg: one
tree per root that ``scopereg tree / list / show / check`` can read, a default
scope per thread and asyncio task, and scopereg's error messages.

Three ways to turn it on, none of which changes a line of the user's code:

* ``scopereg.mmengine.install()`` before mmengine is first imported;
* ``python -m scopereg.mmengine SCRIPT [ARGS...]``, which runs ``SCRIPT`` as
  ``python SCRIPT ARGS`` would, with the bridge installed;
* ``SCOPEREG_MMENGINE=1`` in the environment, honoured at interpreter start
  by the ``.pth`` file of the ``scopereg-mmengine`` distribution
  (``pip install 'scopereg[mmengine]'``).

``import scopereg`` never imports this module, nor mmengine.

Examples:
    >>> import scopereg.mmengine
    >>> scopereg.mmengine.SWITCH_ENV, scopereg.mmengine.ALLOW_IMPORT_ENV
    ('SCOPEREG_MMENGINE', 'SCOPEREG_MMENGINE_ALLOW_IMPORT')
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable
from typing import Final

from scopereg.mmengine import _fallback, _finder

__all__ = ["ALLOW_IMPORT_ENV", "SWITCH_ENV", "install", "installed"]

SWITCH_ENV: Final = "SCOPEREG_MMENGINE"
"""The environment variable that installs the bridge at interpreter start."""

ALLOW_IMPORT_ENV: Final = "SCOPEREG_MMENGINE_ALLOW_IMPORT"
"""Comma-separated module prefixes that ``get`` may import a dotted type from."""

# Modules whose presence means mmengine's registry is already built.
_MMENGINE: Final = ("mmengine", "mmengine.registry")
_install_lock: Final = threading.Lock()


def install(*, allow_import: Iterable[str] | None = None) -> None:
    """Make scopereg the registry of mmengine, before mmengine is imported.

    Idempotent: a second call only checks its arguments against the first.

    Args:
        allow_import: Module prefixes (``'torch.nn'``, ``'mmdet'``) from
            which a registry's ``get`` may import an unregistered dotted type,
            as mmengine always does; ``None`` reads
            :data:`ALLOW_IMPORT_ENV`, and an empty value keeps the closed set:
            only registered names build.

    Raises:
        RuntimeError: If mmengine was imported before, without the bridge:
            its registries already exist and cannot be replaced.
        ValueError: If a prefix is not a dotted module name, or differs from
            the allowlist of an earlier call.

    Examples:
        Before anything imports mmengine (a test of this example would
        install the bridge in the process that runs it)::

            import scopereg.mmengine

            scopereg.mmengine.install(allow_import=["torch.nn"])
            import mmengine  # its registry is scopereg's
    """
    prefixes = _fallback.read_prefixes(
        allow_import
        if allow_import is not None
        else os.environ.get(ALLOW_IMPORT_ENV, "").split(",")
    )
    with _install_lock:
        if _finder.active():
            _fallback.confirm(prefixes)
            return
        early = [name for name in _MMENGINE if name in sys.modules]
        if early:
            raise RuntimeError(
                f"scopereg.mmengine.install() was called after {early[0]!r} was "
                "imported, so mmengine's registries already exist and stay "
                "mmengine's; fix: call install() before the first import of "
                "mmengine (or of any OpenMMLab package), run the program with "
                f"`python -m scopereg.mmengine SCRIPT`, or set {SWITCH_ENV}=1"
            )
        _fallback.enable(prefixes)
        _finder.activate()


def installed() -> bool:
    """Tell whether the bridge is installed in this process.

    Returns:
        ``True`` after :func:`install` (or the launcher, or the switch once
        mmengine is imported): then mmengine's ``Registry`` is scopereg's.

    Examples:
        >>> import sys
        >>> import scopereg
        >>> from scopereg.mmengine import installed
        >>> registry_module = sys.modules.get("mmengine.registry")
        >>> installed() is (
        ...     registry_module is not None
        ...     and registry_module.Registry is scopereg.Registry
        ... )
        True
    """
    return _finder.active()
