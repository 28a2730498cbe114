"""A scope found through the ``{scope}.registry`` fallback, with no entry point.

``build`` reaches such a scope through :meth:`Registry.get`; ``show``,
``list`` and ``tree`` must resolve through the same code, importing the
scope's registry module and its ``locations`` the first time a key or a
registry name names it.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

FILES = {
    "clifb/__init__.py": "",
    # The names live in a location, so they exist only once it is imported.
    "clifb/registry.py": """
        import scopereg
        from scopereg import Registry

        MODELS = Registry(
            "model", parent=scopereg.MODELS, scope="clifb", locations=["clifb.heads"]
        )
    """,
    "clifb/heads.py": """
        from clifb.registry import MODELS


        @MODELS.register_module()
        class YOLOXHead:
            def __init__(self, num_classes=80):
                self.num_classes = num_classes

            def __repr__(self):
                return f"YOLOXHead({self.num_classes})"
    """,
}


@pytest.fixture
def fallback_scope(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    site = tmp_path / "fallback_site"
    for relative, text in FILES.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    try:
        yield
    finally:
        for module in [m for m in sys.modules if m.partition(".")[0] == "clifb"]:
            del sys.modules[module]
        sys.path_importer_cache.pop(str(site), None)


def test_show_of_a_key_in_a_fallback_scope_exits_0(cli, fallback_scope):
    result = cli("show", "clifb.YOLOXHead")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("clifb.YOLOXHead: class in clifb::model")


def test_show_with_registry_of_a_key_in_a_fallback_scope_exits_0(cli, fallback_scope):
    result = cli("show", "clifb.YOLOXHead", "--registry", "model")
    assert result.returncode == 0, result.stderr
    assert "class in clifb::model" in result.stdout
    assert result.stderr == ""


def test_list_with_a_pattern_naming_a_fallback_scope_lists_its_names(
    cli, fallback_scope
):
    result = cli("list", "model", "clifb.*")
    assert result.returncode == 0, result.stderr
    assert "clifb.YOLOXHead" in result.stdout


def test_tree_of_a_fallback_scope_counts_the_names_of_its_locations(
    cli, fallback_scope
):
    result = cli("tree", "clifb::model")
    assert result.returncode == 0, result.stderr
    assert "clifb::model  depth 1  1 entry" in result.stdout


def test_build_and_show_agree_on_a_fallback_scope(cli, fallback_scope, write):
    config = write("config.json", '{"model": {"type": "clifb.YOLOXHead"}}')
    built = cli("build", config)
    shown = cli("show", "clifb.YOLOXHead")
    assert (built.returncode, shown.returncode) == (0, 0)
    assert built.stdout == "model: YOLOXHead(80)\n"
