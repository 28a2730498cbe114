"""A tour of scopereg with its two sibling packages, srdet and sr3d.

Run it after installing the three packages (``nox -s demo`` does that):

    python examples/demo.py

It prints the model registry tree, then builds the example configs in
``examples/configs``: a build that crosses packages, the same config with
and without ``DefaultScope('sr3d')``, and a dataset whose ``_scope_`` key
switches the scope for everything built inside it. Standard library only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import scopereg
import sr3d.registry
import srdet.registry
from scopereg import DefaultScope, Registry

CONFIGS = Path(__file__).resolve().parent / "configs"


def heading(title: str) -> None:
    """Print a section title."""
    print(f"\n{title}\n{'=' * len(title)}")


def origin(obj: object) -> str:
    """Return ``scope.ClassName (module)`` for a built object."""
    cls = type(obj)
    return f"{cls.__module__.split('.')[0]}.{cls.__name__} ({cls.__module__})"


def show(label: str, obj: object) -> None:
    """Print what was built: its type, where it comes from, a short repr."""
    text = repr(obj)
    text = text if len(text) <= 100 else text[:97] + "..."
    print(f"  {label}: {origin(obj)}")
    print(f"      {text}")


def walk(registry: Registry[Any], depth: int = 0) -> list[tuple[int, Registry[Any]]]:
    """Return the registries of a tree with their depth, depth-first."""
    found = [(depth, registry)]
    for child in registry.children.values():
        found.extend(walk(child, depth + 1))
    return found


def print_tree(root: Registry[Any]) -> None:
    """Print a registry tree with scopes, counts and names, indented by depth."""
    registries = walk(root)
    for _, registry in registries:
        registry.import_from_location()  # counts include lazily loaded names
    summaries = {s["scope"]: s for s in scopereg.traverse_registry_tree(root, False)}
    for depth, registry in registries:
        summary = summaries[registry.scope]
        indent = "    " * depth
        print(
            f"{indent}{registry.scope}::{registry.name}  "
            f"({summary['num_modules']} registered)"
        )
        for folder, names in summary.items():
            if folder in ("num_modules", "scope"):
                continue
            lines = textwrap.wrap(
                ", ".join(sorted(names)),
                width=76 - len(indent),
                initial_indent=f"{indent}  | {folder.replace('/', '.') or '.'}: ",
                subsequent_indent=f"{indent}  |     ",
            )
            print("\n".join(lines))


def load_json(name: str) -> dict[str, Any]:
    """Read a JSON config from ``examples/configs``."""
    with open(CONFIGS / name, encoding="utf-8") as stream:
        config: dict[str, Any] = json.load(stream)
    return config


def load_toml(name: str) -> dict[str, Any]:
    """Read a TOML config from ``examples/configs``."""
    with open(CONFIGS / name, "rb") as stream:
        return tomllib.load(stream)


def square_image(size: int = 64) -> list[list[int]]:
    """Return a black image with one white square."""
    return [
        [255 if 20 <= y < 52 and 8 <= x < 40 else 0 for x in range(size)]
        for y in range(size)
    ]


def tree_section() -> None:
    """(b) The model tree: three levels, scopes and counts."""
    heading("1. The model registry tree")
    print_tree(scopereg.MODELS)
    print("\n  Lookups walk up the tree; 'scope.Name' jumps to that scope:")
    for registry, key in [
        (sr3d.registry.MODELS, "FPN"),
        (sr3d.registry.MODELS, "RetinaHead"),
        (srdet.registry.MODELS, "RetinaHead"),
        (scopereg.MODELS, "sr3d.VoxelNet"),
    ]:
        found = registry.get(key)
        where = "nothing" if found is None else f"{found.__module__}.{found.__name__}"
        call = f"{registry.scope}::{registry.name}.get({key!r})"
        print(f"  {call:<38} -> {where}")


def crossing_section() -> None:
    """(c) Builds from the root registry that reach srdet and sr3d."""
    heading("2. Building across packages from the root registry")
    cfg = load_json("retinanet.json")["model"]
    print(f"  retinanet.json: type={cfg['type']!r}, built with scopereg.MODELS")
    detector = scopereg.MODELS.build(cfg)
    show("detector", detector)
    for part in ("backbone", "neck", "bbox_head"):
        show(f"  .{part}", getattr(detector, part))
    print("  predict() on a 64x64 image with a white square at x 8-40, y 20-52:")
    for det in detector.predict(square_image())[:3]:
        box = ", ".join(f"{v:.0f}" for v in det.bbox)
        print(f"      box=({box}) score={det.score:.2f} label={det.label}")

    cfg = load_toml("pointpillars.toml")["model"]
    print(f"\n  pointpillars.toml: type={cfg['type']!r}, neck={cfg['neck']['type']!r}")
    model = scopereg.MODELS.build(cfg)
    show("detector", model)
    from sr3d.points_io import synthesise_points

    car = (12.0, 4.0, -1.7, 3.9, 1.6, 1.56, 0.0)
    points = synthesise_points("synthetic://demo.bin", [car])
    print(f"  predict() on {len(points)} points with a car at x=12 m, y=4 m:")
    for det in model.predict(points):
        x, y = det.bbox_3d[:2]
        print(f"      centre=({x:.1f} m, {y:.1f} m) score={det.score:.2f}")

    made = scopereg.MODELS.build(dict(type="srdet.retinanet_r50", num_classes=3))
    print("\n  A registered function is called and its result returned:")
    show("srdet.retinanet_r50(num_classes=3)", made)


def default_scope_section() -> None:
    """(c) The same config, without and with DefaultScope('sr3d')."""
    heading("3. DefaultScope: the same config, two implementations")
    cfg = dict(type="RetinaHead", num_classes=3, in_channels=64)
    print(f"  config: {cfg}, built with srdet.registry.MODELS")
    show("without a default scope", srdet.registry.MODELS.build(cfg))
    with DefaultScope("sr3d"):
        head = srdet.registry.MODELS.build(cfg)
    show("inside `with DefaultScope('sr3d')`", head)
    print("  (sr3d's RetinaHead overrides srdet's name and adds direction bins)")

    dataset_cfg = dict(
        type="srdet.CocoDataset",
        num_samples=2,
        pipeline=[dict(type="LoadImageFromFile"), dict(type="Resize", scale=(32, 32))],
    )
    plain = scopereg.DATASETS.build(dataset_cfg)
    with DefaultScope("sr3d"):
        switched = scopereg.DATASETS.build(dataset_cfg)
    print("\n  A CocoDataset pipeline that says 'Resize':")
    show("without a default scope", plain.pipeline.transforms[1])
    show("inside `with DefaultScope('sr3d')`", switched.pipeline.transforms[1])


def scope_key_section() -> None:
    """(c) A dataset config whose _scope_ reaches the builds nested in it."""
    heading("4. _scope_: a pipeline that crosses scopes")
    cfg = load_json("kitti_pipeline.json")["dataset"]
    print(f"  kitti_pipeline.json: type={cfg['type']!r}, _scope_={cfg['_scope_']!r}")
    dataset = scopereg.DATASETS.build(cfg)
    show("dataset", dataset)
    print("  its pipeline (names resolved from sr3d, falling back to srdet):")
    for step, transform in zip(cfg["pipeline"], dataset.pipeline, strict=True):
        print(f"      {step['type']:<24} -> {origin(transform)}")
    without = {key: value for key, value in cfg.items() if key != "_scope_"}
    print("  The same config without _scope_ fails in the root registry:")
    try:
        scopereg.DATASETS.build(without)
    except KeyError as err:
        for line in str(err).splitlines():
            print(f"      | {line}")
    sample = dataset[0]
    packed = sample["data_samples"]
    image = sample["inputs"]["img"]
    print(
        f"  sample 0: {len(sample['inputs']['points'])} points, image "
        f"{len(image)}x{len(image[0])}, {len(packed.gt_bboxes_3d)} box(es), "
        f"cam2img[0]={packed.metainfo['cam2img'][0]} (scaled by sr3d's Resize)"
    )


def cli_section() -> None:
    """Show the `scopereg` command line on the same packages and configs."""
    heading("5. The scopereg command line")
    typo = json.loads((CONFIGS / "retinanet.json").read_text(encoding="utf-8"))
    typo["model"]["bbox_haed"] = typo["model"].pop("bbox_head")
    with tempfile.TemporaryDirectory() as folder:
        typo_path = Path(folder) / "retinanet_typo.json"
        typo_path.write_text(json.dumps(typo), encoding="utf-8")
        commands = [
            ["tree", "model"],
            ["list", "model", "srdet.*Head"],
            ["check", str(CONFIGS / "retinanet.json")],
            ["check", str(typo_path)],
        ]
        for arguments in commands:
            shown = [
                Path(arg).name if arg.endswith(".json") else arg for arg in arguments
            ]
            print(f"  $ scopereg {' '.join(shown)}")
            result = subprocess.run(
                [sys.executable, "-m", "scopereg", *arguments],
                capture_output=True,
                text=True,
                check=False,
            )
            for line in (result.stdout + result.stderr).rstrip().splitlines():
                print(f"    {line}")
            print(f"    (exit {result.returncode})")


def main() -> None:
    """Run every section."""
    print(f"scopereg {scopereg.__version__}: scopes of the model tree")
    tree_section()
    crossing_section()
    default_scope_section()
    scope_key_section()
    cli_section()


if __name__ == "__main__":
    main()
