"""Bad input never gets a traceback: exit status 2 and one line saying why.

Invalid UTF-8, an integer Python refuses to read, nesting deeper than a
parser or the config limit allows, and command-line values far too long,
for every format and command; with ``--json`` the reason is JSON too.
"""

from __future__ import annotations

import json

import pytest

DIGITS = "9" * 5000

HUGE_INTEGER = {
    "json": f'{{"model": {{"type": "A", "x": {DIGITS}}}}}',
    "toml": f'[model]\ntype = "A"\nx = {DIGITS}\n',
    "yaml": f"model:\n  type: A\n  x: {DIGITS}\n",
    "py": f"model = dict(type='A', x={DIGITS})\n",
}


def _one_line_error(result, command="check"):
    assert result.returncode == 2, result
    assert result.stderr.startswith(f"scopereg {command}: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize("suffix", ["json", "toml", "yaml", "py"])
def test_invalid_utf8_exits_2_with_line_and_column(cli, tmp_path, suffix):
    (tmp_path / f"bad.{suffix}").write_bytes(b"x = 1\n\nmodel = '\xff'\n")
    stderr = _one_line_error(cli("check", f"bad.{suffix}"))
    assert (
        f"cannot read config 'bad.{suffix}': not UTF-8 text: byte 0xff at line 3, column 10"
        in stderr
    )
    assert "fix: save the file as UTF-8" in stderr


@pytest.mark.parametrize("suffix", sorted(HUGE_INTEGER))
def test_integer_over_the_digit_limit_exits_2(cli, write, suffix):
    config = write(f"big.{suffix}", HUGE_INTEGER[suffix])
    stderr = _one_line_error(cli("build", config), "build")
    assert "4300" in stderr
    assert DIGITS not in stderr


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        ("json", '{"model": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("toml", "model = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("yaml", "model: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ],
)
def test_100k_deep_file_exits_2(cli, write, suffix, text):
    config = write(f"deep.{suffix}", text)
    stderr = _one_line_error(cli("check", config))
    assert "nested too deeply" in stderr


def test_config_nested_past_the_limit_exits_2(cli, write):
    config = write("deep.json", '{"model": ' + "[" * 150 + "]" * 150 + "}")
    stderr = _one_line_error(cli("check", config))
    assert "is nested more than 100 levels deep" in stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "A" * 100_000],
        ["show", "srdet." * 2000 + "ResNet"],
        ["list", "model", "*" * 5000],
        ["tree", "m" * 100_000],
        ["check", "c.json", "--key", "k" * 100_000],
        ["check", "c.json", "--registry", "r" * 100_000],
        ["check", "c" * 100_000 + ".json"],
    ],
    ids=["show", "show-scopes", "list", "tree", "key", "registry", "config"],
)
def test_very_long_argument_exits_2(cli, write, argv):
    write("c.json", '{"model": {"type": "A"}}')
    stderr = _one_line_error(cli(*argv), argv[0])
    assert "characters long; fix: give one of at most" in stderr


def test_long_type_in_a_config_is_reported_shortened(cli, write):
    config = write("c.json", '{"model": {"type": "' + "A" * 100_000 + '"}}')
    result = cli("check", config)
    assert result.returncode == 1
    assert len(result.stdout) < 10_000


def test_json_output_of_a_bad_input_is_json_too(cli, tmp_path):
    (tmp_path / "bad.json").write_bytes(b'{"model": "\xff"}')
    result = cli("check", "bad.json", "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert "not UTF-8 text" in data["error"]


def test_bad_override_with_json_gives_json(cli, write):
    config = write("c.json", '{"model": {"type": "A"}}')
    result = cli("check", config, "--json", "--set", "model")
    assert result.returncode == 2
    assert "expected key.path=value" in json.loads(result.stdout)["error"]


def test_very_long_top_level_key_is_shown_shortened(cli, write):
    config = write("c.json", '{"' + "m" * 100_000 + '": {"type": "A"}}')
    result = cli("check", config)
    assert result.returncode == 2
    assert "(100000 characters)" in result.stderr
    assert len(result.stderr) < 2_000


def test_python_config_that_calls_exit_exits_2_with_its_line(cli, write):
    config = write("c.py", "import sys\n\nsys.exit(3)\n")
    stderr = _one_line_error(cli("check", config))
    assert "running it called exit(3) at line 3 of the config" in stderr


@pytest.mark.parametrize("key", ["", ".", "srdet.", "..ResNet"])
def test_show_of_a_key_with_an_empty_name_exits_2(cli, key):
    stderr = _one_line_error(cli("show", key), "show")
    assert "is not a key: its names must not be empty" in stderr
