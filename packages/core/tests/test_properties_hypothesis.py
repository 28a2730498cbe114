"""Properties over random registrations, keys, scopes and nested configs.

Every outcome is a success or a documented exception; a failed operation
changes no registry and no default scope; inputs are never mutated.
"""

from __future__ import annotations

import copy
import string
import threading
import uuid
import warnings
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scopereg import DefaultScope, Registry
from scopereg.exceptions import (
    ConfigValueError,
    DuplicateRegistrationError,
    InvalidRegistrationError,
    NotRegisteredError,
    RegistryError,
    ScopeError,
    ScopeFallbackWarning,
)

settings.register_profile("scopereg", deadline=None, max_examples=150)
settings.load_profile("scopereg")


class Leaf:
    def __init__(self, a=0, b=0):
        self.a, self.b = a, b


class Node:
    def __init__(self, child=None, items=(), **kwargs):
        self.child, self.items, self.kwargs = child, items, kwargs


class Strict:
    def __init__(self, a, *, b=1):
        self.a, self.b = a, b


def make(a, b=2):
    return (a, b)


def _tree() -> tuple[Registry, Registry]:
    root = Registry("model", scope=f"root_{uuid.uuid4().hex[:10]}")
    child = Registry("model", parent=root, scope=f"child_{uuid.uuid4().hex[:10]}")
    root.register_module(module=Leaf)
    root.register_module(module=Node)
    child.register_module(module=Strict)
    child.register_module(module=make)
    return root, child


def _members(registry: Registry) -> list[Registry]:
    """Return ``registry`` and every registry below it, parents first."""
    found = [registry]
    for child in registry.children.values():
        found.extend(_members(child))
    return found


def _process_default_scope() -> DefaultScope | None:
    """Return the process-wide default scope, as a thread that entered none sees it."""
    seen: list[DefaultScope | None] = []
    thread = threading.Thread(
        target=lambda: seen.append(DefaultScope.get_current_instance())
    )
    thread.start()
    thread.join()
    return seen[0]


def _state(*registries: Registry) -> Any:
    return (
        [
            (
                dict(r.module_dict),
                dict(r.children),
                {member.scope: member for member in _members(r.root)},
            )
            for r in registries
        ],
        DefaultScope.get_current_instance(),
        _process_default_scope(),
    )


IDENT = st.text(string.ascii_letters + "_", min_size=1, max_size=6)
NAME_TEXT = st.text(string.ascii_letters + string.digits + "_. -", max_size=8)
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), NAME_TEXT)
TYPES = st.one_of(
    st.sampled_from(["Leaf", "Node", "Strict", "make"]),
    st.sampled_from(["Laef", "Nod", "missing", "os.system", "", "."]),
)
ARGS = st.sampled_from(["a", "b", "child", "items", "c", "aa"])


def _config(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"type": TYPES},
        optional={"_partial_": st.booleans()},
    ).flatmap(
        lambda head: st.dictionaries(ARGS, children, max_size=3).map(
            lambda args: {**args, **head}
        )
    )


def _configs(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        _config(children),
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(IDENT, children, max_size=3),
    )


VALUES = st.recursive(LEAVES, _configs, max_leaves=12)
CONFIGS = _config(VALUES)


@given(
    ops=st.lists(
        st.tuples(
            st.one_of(
                st.none(), NAME_TEXT, st.lists(NAME_TEXT, max_size=3), st.integers()
            ),
            st.sampled_from([Leaf, Node, make, 3, "text"]),
            st.one_of(st.booleans(), st.just(1)),
        ),
        max_size=8,
    )
)
def test_registration_succeeds_or_fails_cleanly(ops):
    registry = Registry("model", scope=f"reg_{uuid.uuid4().hex[:10]}")
    for name, obj, force in ops:
        before = _state(registry)
        try:
            registry.register_module(name=name, force=force, module=obj)
        except (InvalidRegistrationError, DuplicateRegistrationError):
            assert _state(registry) == before
        else:
            names = (
                [obj.__name__]
                if name is None
                else [name]
                if isinstance(name, str)
                else name
            )
            assert all(registry.get(n) is obj for n in names)


@given(key=st.text(max_size=12))
def test_get_returns_none_or_a_registered_object(key):
    root, child = _tree()
    registered = {id(obj) for reg in (root, child) for obj in reg.module_dict.values()}
    found = root.get(key)
    assert found is None or id(found) in registered
    assert (key in root) == (found is not None)


@given(key=st.text(max_size=12))
def test_explain_agrees_with_get(key):
    root, _ = _tree()
    before = _state(root)
    assert root.explain(key).found is root.get(key)
    assert _state(root) == before


@given(cfg=CONFIGS, recursive=st.booleans())
def test_build_succeeds_or_raises_a_documented_error_and_changes_nothing(
    cfg, recursive
):
    root, child = _tree()
    original = copy.deepcopy(cfg)
    before = _state(root, child)
    refused: TypeError | None = None
    try:
        root.build(cfg, recursive=recursive)
    except RegistryError:
        pass
    except TypeError as error:  # a constructor refused the arguments
        refused = error
    if refused is not None:
        assert refused.__notes__[-1].startswith("while building ")
    assert cfg == original
    assert _state(root, child) == before


def _has_partial(value: Any) -> bool:
    if isinstance(value, dict):
        return "_partial_" in value or any(map(_has_partial, value.values()))
    return isinstance(value, list | tuple) and any(map(_has_partial, value))


@given(cfg=CONFIGS)
def test_validation_agrees_with_recursive_build(cfg):
    root, _ = _tree()
    report = root.validate(cfg, recursive=True)
    try:
        root.build(cfg, recursive=True)
    except (RegistryError, TypeError):
        built = False
    else:
        built = True
    if _has_partial(cfg):  # a partial with a wrong argument fails when called
        assert built or not report.ok
    else:
        assert report.ok == built


@given(cfg=CONFIGS)
def test_first_unregistered_problem_is_the_error_build_raises(cfg):
    root, _ = _tree()
    unregistered = [
        p
        for p in root.validate(cfg, recursive=True).problems
        if p.kind == "not-registered"
    ]
    if not unregistered:
        return
    raised: RegistryError | None = None
    try:
        root.build(cfg, recursive=True)
    except RegistryError as error:
        raised = error
    if isinstance(raised, NotRegisteredError):  # else another problem came first
        assert str(raised) == unregistered[0].message


@given(cfg=CONFIGS)
def test_validation_never_mutates_the_config_or_the_registries(cfg):
    root, child = _tree()
    original = copy.deepcopy(cfg)
    before = _state(root, child)
    root.validate(cfg, recursive=True)
    assert cfg == original
    assert _state(root, child) == before


@given(scope=st.text(max_size=10), recursive=st.booleans())
def test_any_scope_string_is_refused_or_honoured_and_then_restored(scope, recursive):
    root, _ = _tree()
    before = _state(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScopeFallbackWarning)
        try:
            root.build({"type": "Leaf", "_scope_": scope}, recursive=recursive)
        except ScopeError:
            assert not scope or "." in scope
        except NotRegisteredError:
            assert scope
            assert "." not in scope
    assert _state(root) == before


@given(scope=st.text(max_size=10))
def test_any_default_scope_string_is_refused_or_entered_and_left(scope):
    root, _ = _tree()
    before = _state(root)
    try:
        with DefaultScope(scope) as entered:
            assert DefaultScope.get_current_instance() is entered
    except ScopeError:
        assert not scope or "." in scope
    assert _state(root) == before


# -- hostile input: long keys, deep nesting, cycles ----------------------------

KEY_LENGTH = 1000  # the documented limits (docs/errors.md)
SCOPE_PREFIXES = 32
DEPTH = 64

PREFIX_PATTERNS = st.lists(
    st.sampled_from(["<root>", "<child>", "nowhere", ""]), min_size=1, max_size=3
)
LONG_KEYS = st.tuples(
    PREFIX_PATTERNS,
    st.integers(0, 2500),
    st.sampled_from(["Leaf", "make", "Strict", "Missing", "L" * (KEY_LENGTH + 1)]),
)


def _long_key(
    parts: tuple[list[str], int, str], root: Registry, child: Registry
) -> str:
    pattern, repeats, name = parts
    scopes = {"<root>": root.scope, "<child>": child.scope}
    prefix = "".join(f"{scopes.get(part, part)}." for part in pattern)
    return prefix * repeats + name


def _refused(key: str) -> bool:
    return len(key) > KEY_LENGTH or key.count(".") > SCOPE_PREFIXES


@given(parts=LONG_KEYS)
def test_get_of_a_long_key_resolves_or_is_refused_by_the_documented_limits(parts):
    root, child = _tree()
    key = _long_key(parts, root, child)
    registered = {id(obj) for reg in (root, child) for obj in reg.module_dict.values()}
    if _refused(key):
        with pytest.raises(NotRegisteredError, match="fix: use the registered name"):
            root.get(key)
    else:
        found = root.get(key)
        assert found is None or id(found) in registered


@given(parts=LONG_KEYS)
def test_explain_of_a_long_key_agrees_with_get(parts):
    root, child = _tree()
    key = _long_key(parts, root, child)
    if _refused(key):
        for lookup in (root.get, root.explain):
            with pytest.raises(NotRegisteredError) as info:
                lookup(key)
            assert info.value.key == key
    else:
        assert root.explain(key).found is root.get(key)


@given(parts=LONG_KEYS, recursive=st.booleans())
def test_build_of_a_long_key_builds_or_raises_and_validate_agrees(parts, recursive):
    root, child = _tree()
    key = _long_key(parts, root, child)
    cfg = {"type": "Node", "child": {"type": key, "a": 1}}
    before = _state(root, child)
    report = root.validate(cfg, recursive=recursive)
    try:
        root.build(cfg, recursive=recursive)
    except RegistryError:
        built = False
    else:
        built = True
    assert report.ok == built
    assert _state(root, child) == before


# A short pattern of wrappers repeated: nesting from 2 to about 200 levels.
WRAPPERS = st.tuples(
    st.lists(
        st.sampled_from(["config", "list", "tuple", "dict"]), min_size=1, max_size=3
    ),
    st.integers(0, 66),
).map(lambda drawn: drawn[0] * drawn[1])


def _nested(kinds: list[str]) -> dict[str, Any]:
    """Return a config whose innermost Leaf sits ``len(kinds) + 1`` levels down."""
    inner: Any = {"type": "Leaf"}
    for kind in reversed(kinds):
        if kind == "config":
            inner = {"type": "Node", "child": inner}
        elif kind == "list":
            inner = [inner]
        elif kind == "tuple":
            inner = (inner,)
        else:
            inner = {"key": inner}
    return {"type": "Node", "child": inner}


@settings(max_examples=60)
@given(kinds=WRAPPERS)
def test_recursive_build_of_deep_nesting_builds_or_names_the_depth_limit(kinds):
    root, child = _tree()
    cfg = _nested(kinds)
    depth = len(kinds) + 2
    before = _state(root, child)
    if depth > DEPTH:
        with pytest.raises(ConfigValueError, match=f"more than {DEPTH} levels deep"):
            root.build(cfg, recursive=True)
    else:
        root.build(cfg, recursive=True)
    assert _state(root, child) == before


@settings(max_examples=60)
@given(kinds=WRAPPERS)
def test_validation_of_deep_nesting_reports_what_build_raises_and_never_raises(kinds):
    root, _ = _tree()
    report = root.validate(_nested(kinds), recursive=True)
    deep = [p for p in report.problems if "levels deep" in p.message]
    assert report.ok == (len(kinds) + 2 <= DEPTH)
    assert len(deep) == (0 if report.ok else 1)


CYCLES = st.sampled_from(["config", "list", "dict", "two-step"])


def _with_cycle(cfg: dict[str, Any], how: str) -> dict[str, Any]:
    """Return ``cfg`` with a cycle through it or through a container in it."""
    cfg = dict(cfg)
    if how == "config":
        cfg["items"] = [cfg]
    elif how == "list":
        loop: list[Any] = [{"type": "Leaf"}]
        loop.append(loop)
        cfg["items"] = loop
    elif how == "dict":
        box: dict[str, Any] = {}
        box["again"] = box
        cfg["items"] = box
    else:
        inner = {"type": "Node"}
        inner["child"] = {"type": "Node", "child": inner}
        cfg["items"] = inner
    return cfg


@given(cfg=CONFIGS, how=CYCLES)
def test_cyclic_config_raises_a_registry_error_and_validation_reports_it(cfg, how):
    root, child = _tree()
    cyclic = _with_cycle(cfg, how)
    before = _state(root, child)
    try:
        root.build(cyclic, recursive=True)
    except RegistryError:
        pass
    else:
        raise AssertionError("a cyclic config built recursively")
    report = root.validate(cyclic, recursive=True)
    assert any("contains itself" in p.message for p in report.problems)
    assert _state(root, child) == before
