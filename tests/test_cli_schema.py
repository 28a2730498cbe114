"""``scopereg schema``: a JSON Schema (draft 2020-12) of config files, for editors.

Validated with the ``jsonschema`` library (a test dependency only): the
example configs are valid, every typo variant of them is not, and the error
points at the typo.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, Literal

import jsonschema
import pytest

import scopereg
from scopereg import Registry

EXAMPLES = Path(__file__).parents[1] / "examples" / "configs"
TYPOS = json.loads(
    (Path(__file__).parent / "data" / "example_typos.json").read_text(encoding="utf-8")
)["typos"]


def _load(text: str, suffix: str) -> Any:
    return tomllib.loads(text) if suffix == ".toml" else json.loads(text)


_SCHEMAS: dict[str, Any] = {}  # generating and compiling it takes a second


@pytest.fixture
def validator(cli):
    if "all" not in _SCHEMAS:
        result = cli("schema")
        assert result.returncode == 0, result.stderr
        _SCHEMAS["all"] = jsonschema.Draft202012Validator(json.loads(result.stdout))
    return _SCHEMAS["all"]


def _path(error: jsonschema.ValidationError) -> str:
    parts = [
        p for p in error.absolute_path if p != "type" or error.validator != "anyOf"
    ]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def test_schema_is_a_draft_2020_12_schema(cli):
    schema = json.loads(cli("schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "name", ["retinanet.json", "pointpillars.toml", "kitti_pipeline.json"]
)
def test_example_configs_are_valid(validator, name):
    config = _load((EXAMPLES / name).read_text(encoding="utf-8"), Path(name).suffix)
    assert list(validator.iter_errors(config)) == []


@pytest.mark.parametrize("typo", TYPOS, ids=lambda typo: typo["new"])
def test_typo_variants_are_invalid_at_the_typo(validator, typo):
    text = (EXAMPLES / typo["example"]).read_text(encoding="utf-8")
    config = _load(
        text.replace(typo["old"], typo["new"], 1), Path(typo["example"]).suffix
    )
    errors = list(validator.iter_errors(config))
    assert errors
    assert {_path(error) for error in errors} == {typo["path"]}


def test_wrong_value_type_is_invalid(validator):
    config = json.loads((EXAMPLES / "retinanet.json").read_text(encoding="utf-8"))
    config["model"]["backbone"]["depth"] = "18"
    (error,) = validator.iter_errors(config)
    assert error.message == "'18' is not of type 'integer'"


def test_nested_plain_data_with_a_type_stays_valid(validator):
    config = json.loads((EXAMPLES / "retinanet.json").read_text(encoding="utf-8"))
    config["model"]["test_cfg"]["nms"] = {"type": "soft_nms", "sigma": 0.5}
    assert list(validator.iter_errors(config)) == []


def test_out_writes_the_schema_to_a_file(cli, tmp_path):
    result = cli("schema", "model", "--out", "model.schema.json")
    assert result.returncode == 0
    assert result.stdout.startswith("wrote the schema of ")
    written = json.loads((tmp_path / "model.schema.json").read_text(encoding="utf-8"))
    assert written == json.loads(cli("schema", "model").stdout)


def test_registry_narrows_the_sections_to_its_tree(cli):
    schema = json.loads(cli("schema", "MODELS").stdout)
    sections = set(schema["properties"]) - {"default_scope", "_base_"}
    assert sections == {"model", "MODELS"}


def test_unknown_registry_exits_2(cli):
    result = cli("schema", "modle")
    assert result.returncode == 2
    assert "did you mean 'model'?" in result.stderr


def test_out_into_a_missing_folder_exits_2(cli):
    result = cli("schema", "--out", "no/such/folder/s.json")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1


class Annotated:
    """A class whose annotations the schema reads."""

    def __init__(
        self,
        mode: Literal["fast", "exact"],
        size: tuple[int, int],
        names: list[str],
        ratio: float | None = None,
        head: dict[str, Any] | None = None,
        anything: object = None,
    ) -> None:
        self.mode = mode


def test_schema_reads_literal_tuple_list_optional_and_mapping_annotations(
    cli, new_scope_name
):
    registry = Registry("model", parent=scopereg.MODELS, scope=new_scope_name)
    registry.register_module(module=Annotated)
    schema = json.loads(cli("schema", "model").stdout)
    found = schema["$defs"][f"model:{new_scope_name}.Annotated"]
    properties = found["properties"]
    assert properties["type"] == {"enum": ["Annotated", f"{new_scope_name}.Annotated"]}
    assert properties["mode"] == {"enum": ["fast", "exact"]}
    assert properties["size"] == {
        "type": "array",
        "prefixItems": [{"type": "integer"}, {"type": "integer"}],
        "minItems": 2,
        "maxItems": 2,
    }
    assert properties["names"] == {"type": "array", "items": {"type": "string"}}
    assert properties["ratio"] == {
        "anyOf": [{"type": "number"}, {"type": "null"}],
        "default": None,
    }
    assert properties["head"]["then"] == {
        "$ref": f"#/$defs/nested:{new_scope_name}::model"
    }
    assert properties["anything"] == {"default": None}
    assert found["required"] == ["type", "mode", "size", "names"]
    assert found["additionalProperties"] is False


@pytest.fixture
def new_scope_name(registry_sandbox):
    return "schemaannotated"
