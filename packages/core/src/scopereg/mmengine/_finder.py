"""The import hook that builds ``mmengine.registry`` on scopereg's classes.

mmengine's registry package is five modules. Two are replaced: the modules
``mmengine.registry.registry`` and ``mmengine.registry.default_scope`` hold
scopereg's :class:`~scopereg.Registry` and :class:`~scopereg.DefaultScope`
under mmengine's names. The other three run from mmengine's own files, so
their behaviour is mmengine's exactly: ``root.py`` creates the 23 root
registries (scope ``mmengine``, inferred from the module creating them, as
mmengine does), ``build_functions.py`` keeps mmengine's model, optimizer,
scheduler and runner build functions, and ``utils.py`` its
``init_default_scope``, ``count_registered_modules`` and
``traverse_registry_tree``. Once ``build_functions.py`` has run, its
``build_from_cfg`` becomes scopereg's, so every generic build, also those made
inside mmengine's special build functions, goes through scopereg's engine.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, Final

import scopereg

__all__ = ["activate", "active"]

_PACKAGE: Final = "mmengine.registry"
# The replaced modules: what each holds, by mmengine's names.
_REPLACED: Final[dict[str, dict[str, Any]]] = {
    f"{_PACKAGE}.registry": {"Registry": scopereg.Registry},
    f"{_PACKAGE}.default_scope": {"DefaultScope": scopereg.DefaultScope},
}
_BUILD_FUNCTIONS: Final = f"{_PACKAGE}.build_functions"


class _Replacement(importlib.abc.Loader):
    """Create a replaced module holding scopereg's class under mmengine's name."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        """Use the default module creation."""
        return

    def exec_module(self, module: ModuleType) -> None:
        """Fill the module with its names and say where they come from."""
        names = _REPLACED[module.__name__]
        vars(module).update(names)
        module.__all__ = sorted(names)  # type: ignore[attr-defined]
        module.__doc__ = (
            f"mmengine's {module.__name__} module, replaced by scopereg.mmengine: "
            f"{', '.join(sorted(names))} are scopereg's."
        )


class _AfterExec(importlib.abc.Loader):
    """Run mmengine's own module, then adjust it (``after(module)``)."""

    def __init__(self, loader: Any, after: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._after = after

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        """Create the module as mmengine's own loader would."""
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        """Execute mmengine's code, then adjust the module."""
        self._loader.exec_module(module)
        self._after(module)

    def __getattr__(self, name: str) -> Any:
        # get_source, get_filename, ... (inspect and tracebacks ask for them).
        return getattr(self._loader, name)


def _use_scopereg_build(module: ModuleType) -> None:
    """Make ``build_from_cfg`` of mmengine's build functions scopereg's."""
    module.build_from_cfg = scopereg.build_from_cfg  # type: ignore[attr-defined]


class _Finder(importlib.abc.MetaPathFinder):
    """Find the modules of ``mmengine.registry`` that the bridge changes."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """Return the spec of a replaced or adjusted module, else ``None``."""
        if fullname in _REPLACED:
            return importlib.util.spec_from_loader(
                fullname, _Replacement(), origin="scopereg.mmengine"
            )
        if fullname != _BUILD_FUNCTIONS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _AfterExec(spec.loader, _use_scopereg_build)
        return spec


_FINDER: Final = _Finder()


def activate() -> None:
    """Put the finder first on :data:`sys.meta_path` (once; the caller locks)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def active() -> bool:
    """Tell whether the finder is on :data:`sys.meta_path`."""
    return _FINDER in sys.meta_path
