"""``_base_`` inheritance, as mmengine reads it, for ``check`` and ``build``.

Bases in any format, a path or a list relative to the file, merged key by
key; ``_delete_=True`` replaces; ``{{_base_.x}}`` copies a base value. Every
bad chain exits 2 with one line naming the file and the fix.
"""

from __future__ import annotations

import json

BASE = '{"model": {"type": "clidet.Backbone", "depth": 50, "stages": 4}}'


def test_child_overrides_one_key_of_its_base(cli, fake_scopes, write):
    write("base.json", BASE)
    config = write("child.py", "_base_ = 'base.json'\nmodel = dict(depth=101)\n")
    result = cli("build", config)
    assert (result.returncode, result.stdout) == (
        0,
        "model: clidet.Backbone(depth=101)\n",
    )


def test_bases_in_a_list_in_other_formats_and_folders_are_merged(
    cli, fake_scopes, write, tmp_path
):
    (tmp_path / "bases").mkdir()
    write("bases/model.toml", '[model]\ntype = "clidet.Backbone"\ndepth = 18\n')
    write("bases/data.yaml", "work_dir: out\n")
    config = write(
        "child.json",
        '{"_base_": ["bases/model.toml", "bases/data.yaml"], "model": {"stages": 3}}',
    )
    result = cli("check", config, "--json")
    assert json.loads(result.stdout)["ok"] is True
    assert cli("build", config).stdout == "model: clidet.Backbone(depth=18)\n"


def test_base_of_a_base_is_read_relative_to_its_own_file(
    cli, fake_scopes, write, tmp_path
):
    (tmp_path / "a" / "b").mkdir(parents=True)
    write("a/b/root.json", BASE)
    write("a/mid.json", '{"_base_": "b/root.json", "model": {"depth": 34}}')
    config = write("top.json", '{"_base_": "a/mid.json"}')
    assert cli("build", config).stdout == "model: clidet.Backbone(depth=34)\n"


def test_delete_replaces_the_base_mapping_instead_of_merging(cli, fake_scopes, write):
    write("base.json", BASE)
    config = write(
        "child.py",
        "_base_ = ['base.json']\n"
        "model = dict(_delete_=True, type='clidet.YoloHead', num_classes=3)\n",
    )
    result = cli("build", config)
    assert (result.returncode, result.stdout) == (0, "model: YoloHead(num_classes=3)\n")


def test_base_reference_copies_a_base_value(cli, fake_scopes, write):
    write("base.py", "depth = 152\nmodel = dict(type='clidet.Backbone')\n")
    config = write(
        "child.py", "_base_ = ['base.py']\nmodel = dict(depth={{_base_.depth}})\n"
    )
    assert cli("build", config).stdout == "model: clidet.Backbone(depth=152)\n"


def test_quoted_base_reference_in_json_copies_a_mapping(cli, fake_scopes, write):
    write("base.json", '{"heads": {"yolo": {"type": "clidet.YoloHead"}}}')
    config = write(
        "child.json", '{"_base_": "base.json", "model": "{{_base_.heads.yolo}}"}'
    )
    assert cli("build", config).stdout == "model: YoloHead(num_classes=80)\n"


def test_base_config_with_a_typo_is_caught_by_check(cli, fake_scopes, write):
    write("base.json", BASE)
    config = write("child.json", '{"_base_": "base.json", "model": {"stage": 3}}')
    result = cli("check", config)
    assert result.returncode == 1
    assert "'stage' is not an argument of 'clidet.Backbone'" in result.stdout


def test_missing_base_exits_2_naming_the_file_that_refers_to_it(cli, write):
    config = write("child.json", '{"_base_": ["nope.json"]}')
    result = cli("check", config)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "config 'child.json': its _base_ 'nope.json' does not exist" in result.stderr


def test_cyclic_base_chain_exits_2_showing_the_cycle(cli, write):
    write("a.json", '{"_base_": "b.json"}')
    write("b.json", '{"_base_": "a.json"}')
    result = cli("check", "a.json")
    assert result.returncode == 2
    assert "the _base_ chain is a cycle:" in result.stderr
    assert "a.json' -> " in result.stderr
    assert result.stderr.count("\n") == 1


def test_key_in_two_bases_exits_2(cli, write):
    write("one.json", '{"model": {"type": "A"}}')
    write("two.json", '{"model": {"type": "B"}}')
    config = write("child.json", '{"_base_": ["one.json", "two.json"]}')
    result = cli("check", config)
    assert result.returncode == 2
    assert "key 'model' comes from two bases" in result.stderr


def test_reference_to_a_missing_base_key_exits_2_with_line_and_did_you_mean(cli, write):
    write("base.py", "model = dict(type='A', backbone=dict(type='B'))\n")
    config = write("child.py", "_base_ = 'base.py'\n\nx = {{_base_.model.bakbone}}\n")
    result = cli("check", config)
    assert result.returncode == 2
    assert "config 'child.py', line 3: {{_base_.model.bakbone}}" in result.stderr
    assert "did you mean 'backbone'?" in result.stderr


def test_mapping_over_a_plain_base_value_exits_2_suggesting_delete(cli, write):
    write("base.json", '{"model": 3}')
    config = write("child.json", '{"_base_": "base.json", "model": {"type": "A"}}')
    result = cli("check", config)
    assert result.returncode == 2
    assert "model is a mapping here but a int in its base" in result.stderr
    assert "fix: add _delete_=True" in result.stderr


def test_package_base_path_exits_2_saying_it_is_not_read(cli, write):
    config = write("child.py", "_base_ = ['mmdet::retinanet.py']\n")
    result = cli("check", config)
    assert result.returncode == 2
    assert "names a package config, which scopereg does not read" in result.stderr


def test_malformed_base_exits_2_naming_the_base_and_its_line(cli, write):
    write("base.json", '{"model": {"type": "A",}}')
    config = write("child.json", '{"_base_": "base.json"}')
    result = cli("check", config)
    assert result.returncode == 2
    assert "cannot read config 'base.json': invalid JSON at line 1" in result.stderr
