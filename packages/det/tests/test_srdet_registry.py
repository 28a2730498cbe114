"""Tests of srdet's registries: their place in the tree and lazy loading."""

from __future__ import annotations

import subprocess
import sys

import scopereg
from scopereg.builtins.transforms import Compose as CoreCompose
from scopereg.builtins.transforms import Identity
from srdet import registry
from srdet.datasets.transforms.compose import Compose as DetCompose
from srdet.models.backbones import ResNet


def test_srdet_registries_are_children_of_the_root_registries() -> None:
    assert registry.MODELS.parent is scopereg.MODELS
    assert registry.DATASETS.parent is scopereg.DATASETS
    assert registry.TRANSFORMS.parent is scopereg.TRANSFORMS


def test_srdet_registries_have_the_srdet_scope() -> None:
    scopes = {
        reg.scope for reg in (registry.MODELS, registry.DATASETS, registry.TRANSFORMS)
    }
    assert scopes == {"srdet"}


def test_srdet_registries_declare_their_component_packages_as_locations() -> None:
    assert registry.MODELS.locations == ("srdet.models",)
    assert registry.DATASETS.locations == ("srdet.datasets",)
    assert registry.TRANSFORMS.locations == ("srdet.datasets.transforms",)


def test_scoped_name_from_the_root_resolves_an_srdet_model() -> None:
    assert scopereg.MODELS.get("srdet.ResNet") is ResNet


def test_importing_srdet_registry_does_not_import_its_components() -> None:
    code = (
        "import sys, srdet.registry; "
        "print(sorted(m for m in sys.modules if m.startswith(('srdet.models', "
        "'srdet.datasets'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_srdet_compose_overrides_the_core_compose_in_the_srdet_scope() -> None:
    assert registry.TRANSFORMS.get("Compose") is DetCompose
    assert scopereg.TRANSFORMS.get("Compose") is CoreCompose
    assert issubclass(DetCompose, CoreCompose)


def test_srdet_transforms_inherit_root_names() -> None:
    assert registry.TRANSFORMS.get("Identity") is Identity


def test_srdet_function_entries_are_callables_in_the_registry() -> None:
    factory = registry.MODELS.get("retinanet_r50")
    assert factory is not None
    assert factory.__name__ == "retinanet_r50"
