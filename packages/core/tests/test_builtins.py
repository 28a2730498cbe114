"""Tests of scopereg.builtins: the generic components of the root registries."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import scopereg
from scopereg.builtins.datasets import ConcatDataset, ListDataset
from scopereg.builtins.models import Identity as IdentityModel
from scopereg.builtins.models import Sequential
from scopereg.builtins.transforms import Compose, Identity


def add(key: str, value: int) -> Any:
    def transform(results: dict[str, Any]) -> dict[str, Any]:
        return {**results, key: results.get(key, 0) + value}

    return transform


def test_root_transforms_resolve_builtins_through_their_location() -> None:
    assert scopereg.TRANSFORMS.get("Compose") is Compose
    assert scopereg.TRANSFORMS.get("Identity") is Identity


def test_root_models_and_datasets_resolve_builtins_through_their_location() -> None:
    assert scopereg.MODELS.get("Sequential") is Sequential
    assert scopereg.MODELS.get("Identity") is IdentityModel
    assert scopereg.DATASETS.get("ConcatDataset") is ConcatDataset


def test_builtins_package_does_not_import_its_submodules() -> None:
    code = (
        "import sys, scopereg.builtins; "
        "print(sorted(m for m in sys.modules if m.startswith('scopereg.builtins.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_compose_applies_transforms_in_order() -> None:
    pipeline = Compose([add("x", 1), lambda r: {**r, "x": r["x"] * 10}])
    assert pipeline({"x": 1}) == {"x": 20}


def test_compose_builds_mapping_entries_with_root_transforms() -> None:
    pipeline = Compose([dict(type="Identity"), add("x", 1)])
    assert isinstance(pipeline.transforms[0], Identity)
    assert len(pipeline) == 2


def test_compose_does_not_mutate_the_given_results() -> None:
    results = {"x": 1}
    Compose([lambda r: r.update(x=5) or r])(results)
    assert results == {"x": 1}


def test_compose_rejects_a_transform_that_returns_none() -> None:
    pipeline = Compose([add("x", 1), lambda r: None])
    with pytest.raises(TypeError, match=r"transform #1 \(<lambda>\) returned NoneType"):
        pipeline({})


def test_compose_rejects_an_entry_that_is_neither_config_nor_callable() -> None:
    with pytest.raises(TypeError, match="transform #1 must be a config mapping"):
        Compose([add("x", 1), 42])  # type: ignore[list-item]


def test_compose_rejects_a_single_config_instead_of_a_list() -> None:
    with pytest.raises(TypeError, match="wrap a single transform in a list"):
        Compose(dict(type="Identity"))  # type: ignore[arg-type]


def test_compose_rejects_results_that_are_not_a_mapping() -> None:
    with pytest.raises(TypeError, match="expects a mapping of results"):
        Compose([])([1, 2])  # type: ignore[arg-type]


def test_compose_reports_unregistered_transform_names() -> None:
    with pytest.raises(KeyError, match="NoSuchTransform is not in the "):
        Compose([dict(type="NoSuchTransform")])


def test_compose_without_transforms_returns_a_copy_of_the_results() -> None:
    results = {"x": 1}
    out = Compose()(results)
    assert out == results
    assert out is not results


def test_identity_transform_returns_results_unchanged() -> None:
    results = {"img": [[1]]}
    assert Identity()(results) is results


def test_list_dataset_serves_samples_through_its_pipeline() -> None:
    data = ListDataset([{"x": 1}, {"x": 2}], pipeline=[add("x", 10)])
    assert [data[0], data[1]] == [{"x": 11}, {"x": 12}]


def test_list_dataset_pipeline_does_not_change_the_stored_samples() -> None:
    data = ListDataset([{"x": 1}], pipeline=[lambda r: r.update(x=0) or r])
    data[0]
    assert data.samples == [{"x": 1}]


def test_list_dataset_without_pipeline_returns_samples_as_stored() -> None:
    sample = object()
    assert ListDataset([sample])[0] is sample


def test_list_dataset_supports_negative_indices() -> None:
    assert ListDataset(["a", "b", "c"])[-1] == "c"


def test_list_dataset_raises_index_error_out_of_range() -> None:
    with pytest.raises(IndexError, match=r"out of range \(length 2\)"):
        ListDataset(["a", "b"])[2]


def test_list_dataset_rejects_a_string_as_samples() -> None:
    with pytest.raises(TypeError, match="samples must be an iterable"):
        ListDataset("abc")


def test_list_dataset_builds_from_the_root_registry() -> None:
    data = scopereg.DATASETS.build(dict(type="ListDataset", samples=[1, 2, 3]))
    assert isinstance(data, ListDataset)
    assert len(data) == 3


def test_concat_dataset_builds_datasets_from_configs() -> None:
    data = ConcatDataset([dict(type="ListDataset", samples=["a", "b"]), ["c"]])
    assert [data[i] for i in range(len(data))] == ["a", "b", "c"]


def test_concat_dataset_locates_indices_across_parts() -> None:
    data = ConcatDataset([["a", "b"], [], ["c", "d"]])
    assert data.cumulative_sizes == [2, 2, 4]
    assert data.locate(2) == (2, 0)
    assert data.locate(-1) == (2, 1)


def test_concat_dataset_rejects_an_empty_list() -> None:
    with pytest.raises(ValueError, match="at least one dataset"):
        ConcatDataset([])


def test_concat_dataset_rejects_an_object_that_is_not_a_dataset() -> None:
    with pytest.raises(TypeError, match="dataset #1 must have __len__ and __getitem__"):
        ConcatDataset([["a"], 3])  # type: ignore[list-item]


def test_concat_dataset_raises_index_error_past_the_end() -> None:
    with pytest.raises(IndexError, match="ConcatDataset index out of range"):
        ConcatDataset([["a"], ["b"]])[2]


def test_sequential_chains_modules_in_order() -> None:
    chain = Sequential([lambda x: x + 1, lambda x: x * 3])
    assert chain(1) == 6
    assert chain.forward(2) == 9


def test_sequential_builds_configs_with_root_models() -> None:
    chain = Sequential([dict(type="Identity"), abs])
    assert isinstance(chain[0], IdentityModel)
    assert chain(-4) == 4


def test_sequential_without_modules_returns_its_input() -> None:
    assert Sequential()([1]) == [1]


def test_sequential_rejects_a_module_that_is_not_callable() -> None:
    with pytest.raises(TypeError, match="module #0 must be a config mapping"):
        Sequential(["relu"])  # type: ignore[list-item]


def test_identity_model_ignores_constructor_arguments() -> None:
    model = scopereg.MODELS.build(dict(type="Identity", channels=8))
    assert model(3) == 3
    assert model.ignored == {"channels": 8}
