"""Config files for ``check`` and ``build``: JSON, TOML, YAML and Python."""

from __future__ import annotations

import json
import sys

import pytest

MODEL = {
    "json": '{"model": {"type": "clidet.YoloHead", "num_classes": 3}}',
    "toml": '[model]\ntype = "clidet.YoloHead"\nnum_classes = 3\n',
    "yaml": "model:\n  type: clidet.YoloHead\n  num_classes: 3\n",
    "yml": "model: {type: clidet.YoloHead, num_classes: 3}\n",
    "py": "model = dict(type='clidet.YoloHead', num_classes=3)\n",
}


@pytest.mark.parametrize("suffix", sorted(MODEL))
def test_each_config_format_builds_the_same_object(cli, fake_scopes, write, suffix):
    config = write(f"config.{suffix}", MODEL[suffix])
    result = cli("build", config)
    assert (result.returncode, result.stdout) == (
        0,
        "model: YoloHead(num_classes=3)\n",
    )


def test_python_config_leaves_out_modules_functions_classes_and_private_names(
    cli, fake_scopes, write
):
    config = write(
        "config.py",
        """
        import os
        from collections import OrderedDict

        _channels = 3


        def helper():
            return _channels


        model = dict(type="clidet.YoloHead", num_classes=helper())
        """,
    )
    result = cli("build", config)
    assert (result.returncode, result.stdout) == (
        0,
        "model: YoloHead(num_classes=3)\n",
    )


def test_yaml_config_without_pyyaml_exits_2_naming_the_extra(
    cli, fake_scopes, write, monkeypatch
):
    config = write("config.yaml", MODEL["yaml"])
    monkeypatch.setitem(sys.modules, "yaml", None)  # `import yaml` fails
    result = cli("build", config)
    assert result.returncode == 2
    assert "YAML configs need PyYAML, which is not installed" in result.stderr
    assert "fix: pip install 'scopereg[yaml]'" in result.stderr


def test_yaml_is_read_safely_so_python_tags_are_refused(cli, write):
    config = write("config.yaml", "model: !!python/object/apply:os.getcwd []\n")
    result = cli("build", config)
    assert result.returncode == 2
    assert "invalid YAML" in result.stderr
    assert "could not determine a constructor" in result.stderr


def test_invalid_json_exits_2_with_line_and_column(cli, write):
    text = '{\n  "model": {"type": "A",}\n}'
    config = write("config.json", text)
    result = cli("build", config)
    # Where the parser stops differs between Pythons (3.13 points at the
    # trailing comma, 3.11 after it): the message names the parser's place.
    with pytest.raises(json.JSONDecodeError) as parsed:
        json.loads(text)
    where = f"line {parsed.value.lineno}, column {parsed.value.colno}"
    assert result.returncode == 2
    assert parsed.value.lineno == 2
    assert f"cannot read config 'config.json': invalid JSON at {where}" in (
        result.stderr
    )


def test_invalid_toml_exits_2_with_the_line(cli, write):
    config = write("config.toml", "[model]\ntype = \n")
    result = cli("build", config)
    assert result.returncode == 2
    assert "invalid TOML" in result.stderr
    assert "line 2" in result.stderr


def test_python_config_that_raises_exits_2_with_its_line(cli, write):
    config = write("config.py", "x = 1\nraise ValueError('no data dir')\n")
    result = cli("build", config)
    assert result.returncode == 2
    assert "running it raised ValueError: no data dir" in result.stderr
    assert "at line 2 of the config" in result.stderr


def test_missing_config_file_exits_2(cli):
    result = cli("build", "missing.json")
    assert result.returncode == 2
    assert "cannot read config 'missing.json': the file does not exist" in result.stderr


def test_unknown_config_suffix_exits_2_listing_the_formats(cli, write):
    config = write("config.ini", "[model]\n")
    result = cli("build", config)
    assert result.returncode == 2
    assert "unknown format '.ini'" in result.stderr
    assert "fix: use one of .json, .toml, .yaml, .yml, .py" in result.stderr


def test_config_that_is_not_a_mapping_exits_2(cli, write):
    config = write("config.json", '[{"type": "A"}]')
    result = cli("build", config)
    assert result.returncode == 2
    assert "must hold a mapping at the top, but holds list" in result.stderr


def test_config_whose_base_file_is_missing_exits_2_naming_both_files(cli, write):
    config = write("config.py", "_base_ = ['base.py']\nmodel = dict(type='A')\n")
    result = cli("build", config)
    assert result.returncode == 2
    assert "config 'config.py': its _base_ 'base.py' does not exist" in result.stderr
