"""``Registry.explain`` and ``Registry.validate``: scopereg's checks of keys and configs.

These are not part of mmengine's registry surface, so they live beside it
as a mixin of :class:`scopereg.Registry`. Both work on the live registry
and change nothing; the work is done by :mod:`scopereg._explain` and
:mod:`scopereg._validate`, imported on first use (they load ``inspect`` and
``difflib``, which ``import scopereg`` must not).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from scopereg import _scope
from scopereg._keys import check_key

if TYPE_CHECKING:
    from scopereg._core import RegistryCore
    from scopereg._explain import Explanation
    from scopereg._validate import ValidationReport

__all__ = ["Checks"]


class Checks:
    """Explaining a key and validating a config (mixed into :class:`~scopereg.Registry`)."""

    def explain(self, key: str) -> Explanation:
        """Explain how ``key`` resolves from this registry, or why it does not.

        The lookup follows :meth:`build`: under a default scope it starts in
        that scope's registry of this tree. What lookups import lazily is
        imported first (every installed scope's registry module, the
        locations of the tree), so the close names cover every name.

        Args:
            key: A name, optionally prefixed by scopes.

        Returns:
            The :class:`~scopereg.Explanation`: search path, scope state,
            failed imports, close names, the registries (of this tree or
            others) that have the exact name, and the fixes. Its ``str()``
            is the message a failed build shows.

        Raises:
            TypeError: If ``key`` is not a str.
            KeyError: :class:`~scopereg.exceptions.NotRegisteredError` if
                ``key`` has more than 1000 characters or 32 scope prefixes
                (as from :meth:`get`).

        Examples:
            >>> from scopereg import Registry
            >>> REG = Registry("model", scope="doc_explain_method")
            >>> _ = REG.register_module(module=complex)
            >>> report = REG.explain("Complex")
            >>> report.found is None, report.suggestions
            (True, ('complex',))
        """
        from scopereg._explain import explain

        if not isinstance(key, str):
            raise TypeError(f"key must be a str, but got {type(key).__name__} {key!r}")
        registry = cast("RegistryCore", self)
        check_key(key, registry)
        scope_name = _scope.current_scope_name()
        target = None if scope_name is None else registry.registry_of_scope(scope_name)
        return explain(key, target or registry, origin=registry)[0]

    def validate(
        self,
        cfg: Mapping[str, Any],
        *,
        recursive: bool = False,
        default_args: Mapping[str, Any] | None = None,
        config_path: str = "",
    ) -> ValidationReport:
        """Check a config as :meth:`build` would read it, constructing nothing.

        Every problem is collected, none raised: unknown types, configs
        without ``type``, malformed values, and keyword arguments that the
        class's ``__init__`` (or the function) would reject or miss.

        Args:
            cfg: The config, as passed to :meth:`build`.
            recursive: Check nested configs too, as ``build(cfg,
                recursive=True)`` would build them.
            default_args: As for :meth:`build`.
            config_path: The path of ``cfg`` inside a larger config (e.g.
                ``'model'``), prefixed to every reported path.

        Returns:
            A :class:`~scopereg.ValidationReport`; call
            ``raise_if_problems()`` to turn problems into one
            :class:`~scopereg.exceptions.ValidationError`.

        Examples:
            >>> from scopereg import Registry
            >>> REG = Registry("model", scope="doc_validate_method")
            >>> @REG.register_module()
            ... class Net:
            ...     def __init__(self, depth):
            ...         self.depth = depth
            >>> report = REG.validate(dict(type="Net", dpth=50))
            >>> report.ok, [p.kind for p in report.problems]
            (False, ['unknown-argument', 'missing-argument'])
        """
        from scopereg._validate import validate

        return validate(
            cfg,
            cast("RegistryCore", self),
            recursive=recursive,
            default_args=default_args,
            config_path=config_path,
        )
