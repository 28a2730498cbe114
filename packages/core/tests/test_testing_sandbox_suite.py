"""Suites of packages importing each other lazily pass in any order, any split.

The suite is written to pytester's directory and run in fresh interpreters,
serially and under two xdist workers, forwards and backwards. Its packages
are like sr3d and srdet: ``lzb``'s registry is a child of ``lza``'s and its
location imports ``lza``'s model modules; ``lzc`` is found through its scope
only, and its models import ``lzc._native``, which (like numpy's C core)
cannot be imported twice in one process. The real ``sr3d``/``srdet`` case of
issue 12 is part of it too.
"""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

# Options of every run below. Hypothesis's plugin imports hypothesis for its
# summary, a second or more per process where bytecode is not cached
# (PYTHONDONTWRITEBYTECODE); these suites do not use it.
RUN_OPTIONS = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")

PACKAGES = {
    "lza/__init__.py": "",
    "lza/registry.py": """
        import scopereg
        from scopereg import Registry
        MODELS = Registry(
            "model", parent=scopereg.MODELS, scope="lza", locations=["lza.models"]
        )
    """,
    "lza/models/__init__.py": "from lza.models import heads, nets\n",
    "lza/models/heads.py": """
        from lza.registry import MODELS
        @MODELS.register_module()
        class AHead:
            kind = "real"
    """,
    "lza/models/nets.py": """
        from lza.registry import MODELS
        @MODELS.register_module()
        class ANet:
            pass
    """,
    "lzb/__init__.py": "",
    "lzb/registry.py": """
        import lza.registry
        from scopereg import Registry
        MODELS = Registry(
            "model", parent=lza.registry.MODELS, scope="lzb", locations=["lzb.models"]
        )
    """,
    "lzb/models.py": """
        from lza.models.heads import AHead
        from lzb.registry import MODELS
        @MODELS.register_module()
        class BHead(AHead):
            pass
        @MODELS.register_module()
        class BNet:
            pass
    """,
    "lzc/__init__.py": "",
    "lzc/_native.py": """
        import builtins
        if getattr(builtins, "_lzc_native_loaded", False):
            raise ImportError("cannot load module more than once per process")
        builtins._lzc_native_loaded = True
    """,
    "lzc/registry.py": """
        import scopereg
        from scopereg import Registry
        MODELS = Registry(
            "model", parent=scopereg.MODELS, scope="lzc", locations=["lzc.models"]
        )
    """,
    "lzc/models.py": """
        from lzc import _native
        from lzc.registry import MODELS
        @MODELS.register_module()
        class CNet:
            pass
    """,
}

CONFTEST = """
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parent / "site"))
"""

# Tests that build only, and sandboxed tests that register or first import.
TESTS = {
    "test_lazy_b.py": """
        import lzb.registry
        import scopereg

        class Stub:
            kind = "stub"

        def test_builds_b_net_in_a_sandbox(registry_sandbox):
            assert type(scopereg.MODELS.build({"type": "lzb.BNet"})).__name__ == "BNet"

        def test_stubs_a_head_before_any_lookup(registry_sandbox):
            lzb.registry.MODELS.parent.register_module(
                name="AHead", module=Stub, force=True
            )
            assert scopereg.MODELS.build({"type": "lza.AHead"}).kind == "stub"
            assert scopereg.MODELS.build({"type": "lzb.BHead"}).kind == "real"

        def test_builds_the_real_a_head():
            assert scopereg.MODELS.build({"type": "lza.AHead"}).kind == "real"
    """,
    "test_lazy_c.py": """
        import scopereg

        def test_builds_c_net_through_its_scope_in_a_sandbox(registry_sandbox):
            assert type(scopereg.MODELS.build({"type": "lzc.CNet"})).__name__ == "CNet"

        def test_builds_c_net():
            assert type(scopereg.MODELS.build({"type": "lzc.CNet"})).__name__ == "CNet"

        def test_imports_lzc_models_in_a_sandbox(registry_sandbox):
            import lzc.models
            assert scopereg.MODELS.get("lzc.CNet") is lzc.models.CNet

        def test_from_lza_models_import_heads_finds_the_registered_class():
            from lza.models import heads
            assert scopereg.MODELS.get("lza.AHead") is heads.AHead

        def test_builds_a_net_in_a_sandbox(registry_sandbox):
            assert type(scopereg.MODELS.build({"type": "lza.ANet"})).__name__ == "ANet"
    """,
    "test_real_sr3d.py": """
        import sr3d.registry
        import scopereg

        class Stub:
            pass

        def test_builds_an_sr3d_backbone_in_a_sandbox(registry_sandbox):
            assert type(sr3d.registry.MODELS.build({"type": "SECOND"})).__name__ == "SECOND"

        def test_builds_srdet_resnet():
            built = scopereg.MODELS.build({"type": "srdet.ResNet", "depth": 18})
            assert type(built).__name__ == "ResNet"

        def test_stubs_srdet_resnet_in_a_sandbox(registry_sandbox):
            sr3d.registry.MODELS.parent.register_module(
                name="ResNet", module=Stub, force=True
            )
            assert isinstance(scopereg.MODELS.build({"type": "srdet.ResNet"}), Stub)
    """,
}
TEST_IDS = [
    f"{file}::{line.split('(')[0].removeprefix('def ')}"
    for file, source in TESTS.items()
    for line in textwrap.dedent(source).splitlines()
    if line.startswith("def test_")
]


def write_suite(pytester: pytest.Pytester) -> None:
    for relative, source in PACKAGES.items():
        path = pytester.path / "site" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    pytester.makeconftest(CONFTEST)
    for name, source in TESTS.items():
        pytester.path.joinpath(name).write_text(textwrap.dedent(source))


@pytest.mark.parametrize("order", ["forwards", "backwards"])
@pytest.mark.parametrize("workers", [0, 2], ids=["serially", "two-workers"])
def test_the_lazy_suite_passes_in_either_order_serially_and_on_two_workers(
    pytester: pytest.Pytester, order: str, workers: int
) -> None:
    if workers:
        pytest.importorskip("xdist")
    write_suite(pytester)
    ids = TEST_IDS if order == "forwards" else TEST_IDS[::-1]
    options = ["-n", str(workers)] if workers else ["-p", "no:xdist"]

    result = pytester.runpytest_subprocess(*options, *RUN_OPTIONS, *ids)

    result.assert_outcomes(passed=len(TEST_IDS))


@pytest.mark.usefixtures("registry_sandbox")
def test_a_scope_imported_by_one_in_process_run_is_imported_again_by_the_next(
    pytester: pytest.Pytester,
) -> None:
    # pytester drops the modules a run imported; the next run imports them
    # again, and its registries must not find their scope taken.
    scope = f"inproc_{pytester.path.name[-12:].replace('-', '_')}"
    package = pytester.path / "site" / scope
    package.mkdir(parents=True)
    package.joinpath("__init__.py").write_text("")
    package.joinpath("registry.py").write_text(
        "import scopereg\n"
        "MODELS = scopereg.Registry('model', parent=scopereg.MODELS, "
        f"scope='{scope}')\n"
        "@MODELS.register_module()\n"
        "class Head:\n"
        "    pass\n"
    )
    pytester.syspathinsert(pytester.path / "site")
    pytester.makepyfile(
        f"""
        import scopereg
        import {scope}.registry

        def test_builds_in_a_sandbox(registry_sandbox):
            assert scopereg.MODELS.get("{scope}.Head") is {scope}.registry.Head
        """
    )

    first = pytester.runpytest("-p", "no:xdist", *RUN_OPTIONS)
    second = pytester.runpytest("-p", "no:xdist", *RUN_OPTIONS)

    first.assert_outcomes(passed=1)
    second.assert_outcomes(passed=1)
