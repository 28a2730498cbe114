"""Checking a config at every level, as the classes in it will build it.

In mmengine-style configs a class builds its own nested configs:
``RetinaNet.__init__`` calls ``MODELS.build(backbone)`` with its own
package's registry. :func:`validate_nested` follows that. Each nested
mapping with a ``type`` is checked where it would be built: in the
registry (and tree) where the enclosing type was found, else in another
tree of that registry's scope that has the name (a dataset's ``pipeline``
in the transform tree), else anywhere in the forest. It is planned there by
the engine's :class:`~scopereg._plan.Planner` with validation's signature
check, so every problem reads as the error the build would raise, with its
config path.

A nested ``type`` that resolves nowhere is a problem only when it is a near
miss of a registered name (a typo); otherwise the enclosing class takes it
as plain data (``test_cfg.nms``) and it is reported as a :class:`Note`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from scopereg._argcheck import ConfigProblem, SignatureCheck
from scopereg._buildargs import in_scope
from scopereg._buildspec import BuildSpec, spec_of
from scopereg._core import lineage, same_tree
from scopereg._lookup import locate
from scopereg._messages import join_path, label
from scopereg._plan import DEFAULT_SPEC, Node, Planner
from scopereg._scope import current_scope_name
from scopereg._suggest import is_near_miss, suggest
from scopereg._tree import alive_registries
from scopereg._validate import ValidationReport, checked_registry, problem_of
from scopereg.exceptions import RegistryError, ScopeFallbackWarning

if TYPE_CHECKING:
    from scopereg._core import RegistryCore

__all__ = ["Note", "validate_nested"]


class Note(NamedTuple):
    """Something the check saw that is not a problem.

    Attributes:
        config_path: Where in the config.
        kind: ``'plain-data'``: a nested ``type`` that names nothing
            registered, nor anything close, left to the enclosing class.
        message: One line for people.

    Examples:
        >>> Note("model.test_cfg.nms", "plain-data", "...").kind
        'plain-data'
    """

    config_path: str
    kind: str
    message: str


class _Attempt(NamedTuple):
    """One planning of a nested config in one registry."""

    node: Node | None
    errors: list[RegistryError]
    problems: list[ConfigProblem]


class _Walker:
    """Plan a config and, level by level, the configs its classes build."""

    def __init__(self) -> None:
        self.problems: list[ConfigProblem] = []
        self.notes: list[Note] = []
        self._forest: list[RegistryCore] | None = None

    def attempt(
        self,
        cfg: object,
        registry: RegistryCore,
        path: str,
        spec: BuildSpec = DEFAULT_SPEC,
        default_args: object = None,
    ) -> _Attempt:
        """Plan ``cfg`` in ``registry`` without recording anything yet."""
        errors: list[RegistryError] = []
        problems: list[ConfigProblem] = []
        planner = Planner(
            registry,
            recursive=False,
            spec=spec,
            collect=errors.append,
            check=SignatureCheck(problems, recursive=False),
            paths=True,
        )
        return _Attempt(planner.config(cfg, path, default_args), errors, problems)

    def commit(self, attempt: _Attempt) -> None:
        """Record an attempt's problems, then check what its class builds."""
        self.problems.extend(problem_of(error) for error in attempt.errors)
        self.problems.extend(attempt.problems)
        if attempt.node is not None:
            self.children(attempt.node)

    def children(self, node: Node) -> None:
        """Check each nested config of ``node`` where its class would build it."""
        with in_scope(node.scope):  # the class builds its parts inside it
            holder = self.holder(node)
            for path, cfg in _nested_configs(node.args, node.path or ""):
                self.nested(cfg, path, holder, node)

    def holder(self, node: Node) -> RegistryCore:
        """Return the registry ``node``'s type was found in."""
        target: RegistryCore = _quietly(node.registry.registry_for_current_scope)
        if isinstance(node.obj_type, str):
            found = locate(target, node.obj_type)
            if found is not None:
                holder: RegistryCore = found[0]
                return holder
        return target

    def nested(
        self, cfg: Mapping[str, Any], path: str, holder: RegistryCore, parent: Node
    ) -> None:
        """Check one nested config: where it resolves, or whether it is a typo."""
        key = cfg.get("type")
        if not isinstance(key, str):
            self.commit(self.attempt(cfg, holder, path))
            return
        candidates = self.candidates(holder)
        for registry in candidates:
            if _resolves(key, registry, cfg.get("_scope_"), registry is holder):
                self.commit(self.attempt(cfg, registry, path))
                return
        for registry in candidates:
            if any(is_near_miss(key, s) for s in suggest(key, registry)):
                self.commit(self.attempt(cfg, registry, path))
                return
        self.notes.append(
            Note(
                path,
                "plain-data",
                f"{key!r} at {path} is not registered, nor close to a registered "
                f"name, in any tree: left to {_shown(parent)} as plain data (if "
                "it names a class to build, register it or import its module)",
            )
        )

    def candidates(self, holder: RegistryCore) -> list[RegistryCore]:
        """Return where a nested config may be built, likeliest first."""
        if self._forest is None:
            self._forest = sorted(
                alive_registries(),
                key=lambda r: (len(lineage(r)), r.root.name, r.scope),
            )
        same_scope = [
            r
            for r in self._forest
            if r.scope == holder.scope and not same_tree(r, holder)
        ]
        rest = [r for r in self._forest if r is not holder and r not in same_scope]
        return [holder, *same_scope, *rest]


def _quietly(call: Any) -> Any:
    """Call ``call()`` without the default-scope fallback warning (shown once already)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScopeFallbackWarning)
        return call()


def _resolves(key: str, registry: RegistryCore, scope: object, first: bool) -> bool:
    """Tell whether ``key`` resolves from ``registry`` under ``scope`` (its _scope_)."""
    try:
        with in_scope(scope if isinstance(scope, str) else None):
            name = current_scope_name()
            target = registry if name is None else registry.registry_of_scope(name)
            return (target or registry).get(key) is not None
    except (RegistryError, TypeError, ValueError):
        return first  # a broken location or _scope_: the planner reports it here


def _shown(node: Node) -> str:
    """Name a node's type for a message."""
    obj_type = node.obj_type
    return repr(obj_type) if isinstance(obj_type, str) else repr(node.obj)


def _nested_configs(args: Mapping[str, Any], path: str) -> list[tuple[str, Any]]:
    """Return the configs (mappings with ``type``) in ``args``' values, in order.

    Walks into mappings without ``type``, lists and tuples, but not into a
    config: what that builds is its own class's business. No recursion, so a
    deep config cannot exhaust the stack; a container met twice is walked once.
    """
    found: list[tuple[str, Any]] = []
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [
        (join_path(path, k), v) for k, v in reversed(list(args.items()))
    ]
    while stack:
        where, value = stack.pop()
        if not isinstance(value, Mapping | list | tuple) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Mapping):
            if "type" in value:
                found.append((where, value))
                continue
            pairs = list(value.items())
        else:
            pairs = list(enumerate(value))
        stack.extend((join_path(where, k), v) for k, v in reversed(pairs))
    return found


def validate_nested(
    cfg: object,
    registry: RegistryCore,
    *,
    default_args: Mapping[str, Any] | None = None,
    config_path: str = "",
) -> tuple[ValidationReport, tuple[Note, ...]]:
    """Check ``cfg`` and every config nested in it where its class builds it.

    Args:
        cfg: The config, as passed to ``registry.build``.
        registry: Where the top-level type resolves.
        default_args: Keyword arguments for the top-level config.
        config_path: The path of ``cfg`` inside a larger config.

    Returns:
        The report of problems, and the notes (nested plain data).

    Raises:
        TypeError: If ``registry`` is not a :class:`~scopereg.Registry`.

    Examples:
        >>> from scopereg import Registry
        >>> REG = Registry("model", scope="doc_nested")
        >>> @REG.register_module()
        ... class Head:
        ...     def __init__(self, num_classes):
        ...         self.num_classes = num_classes
        >>> @REG.register_module()
        ... class Net:
        ...     def __init__(self, head, test_cfg=None):
        ...         self.head = REG.build(head)
        >>> cfg = dict(
        ...     type="Net",
        ...     head=dict(type="Head", num_clases=3),
        ...     test_cfg=dict(nms=dict(type="nms")),
        ... )
        >>> report, notes = validate_nested(cfg, REG, config_path="model")
        >>> [(p.config_path, p.kind) for p in report.problems]
        [('model.head', 'unknown-argument'), ('model.head', 'missing-argument')]
        >>> [(n.config_path, n.kind) for n in notes]
        [('model.test_cfg.nms', 'plain-data')]
    """
    checked_registry(registry)
    walker = _Walker()
    spec = spec_of(registry.build_func)
    try:
        walker.commit(walker.attempt(cfg, registry, config_path, spec, default_args))
    except RecursionError:
        walker.problems.append(
            ConfigProblem(
                config_path,
                "invalid-config",
                f"the config at {config_path or 'the top level'} nests configs too "
                "deeply to check\n  fix: flatten it",
            )
        )
    return ValidationReport(label(registry), walker.problems), tuple(walker.notes)
