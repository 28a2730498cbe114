"""Properties of ``--cfg-options``: an override sets exactly the value at its path.

For any nested config of mappings and lists and any path that exists in it,
``build --set path=value`` builds the config with that one value changed,
and checking the unchanged file afterwards finds it unchanged.
"""

from __future__ import annotations

import ast
import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scopereg
from scopereg import Registry

KEYS = st.text(alphabet="abcxyz_", min_size=1, max_size=4)
LEAVES = st.integers(-5, 5) | st.booleans() | st.text(alphabet="pq", max_size=3)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, min_size=1, max_size=3)
        | st.dictionaries(KEYS, inner, min_size=1, max_size=3)
    ),
    max_leaves=8,
)
CONFIGS = st.dictionaries(
    KEYS.filter(lambda k: k != "type"), VALUES, min_size=1, max_size=3
)


class Echo:
    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def __repr__(self):
        return repr(self.kwargs)


@pytest.fixture
def echo(registry_sandbox):
    registry = Registry("model", parent=scopereg.MODELS, scope="overrideprops")
    registry.register_module(module=Echo)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _set(config, path, value):
    target = config
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(config=CONFIGS, data=st.data())
def test_override_sets_exactly_the_value_at_its_path(cli, echo, write, config, data):
    paths = [p for p in _paths(config) if p]
    path = data.draw(st.sampled_from(paths))
    new = data.draw(st.integers(100, 200))
    model = {"type": "overrideprops.Echo", **config}
    name = write("config.json", json.dumps({"model": model}))
    dotted = ".".join(["model", *map(str, path)])
    result = cli("build", name, "--set", f"{dotted}={new}")
    assert result.returncode == 0, result.stderr
    expected = copy.deepcopy(config)
    _set(expected, path, new)
    assert ast.literal_eval(result.stdout.removeprefix("model: ")) == expected
    unchanged = cli("build", name)
    assert ast.literal_eval(unchanged.stdout.removeprefix("model: ")) == config
