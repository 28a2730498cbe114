"""Development sessions for the scopereg monorepo; `nox -l` lists them.

`nox` alone runs the default sessions (tests, lint, typecheck), as CI does.
Each session builds its own virtualenv, on the Python that runs nox (3.11 or
newer), and installs what it needs, so a fresh machine needs only Python and
`python -m pip install nox uv`. uv, where installed, makes the virtualenvs
and installs into them; without it, virtualenv and pip do.
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path
from typing import Final

import nox
from nox.command import CommandFailed

# The noxfile runs on whatever Python runs nox, so the check is not outdated.
if sys.version_info < (3, 11):  # noqa: UP036  (one line, before nox says more)
    sys.exit(
        f"scopereg needs Python 3.11 or newer, but nox runs on Python "
        f"{platform.python_version()} ({sys.executable}): run it with a newer "
        "one, e.g. python3.12 -m pip install nox uv && python3.12 -m nox"
    )

# nox.project.dependency_groups (PEP 735) arrived in nox 2025.02.09.
nox.needs_version = ">=2025.2.9"
# uv creates a virtualenv and installs the packages in a few seconds where
# virtualenv and pip take a minute, and shows what it does; nox falls back to
# virtualenv when uv is not installed. A missing interpreter (only the
# `versions` session names any) fails the run where $CI is set and skips the
# session elsewhere: nox's own default.
nox.options.default_venv_backend = "uv|virtualenv"
# Sessions use the interpreters this machine has; uv must not download one
# (a missing version is reported, as above, instead).
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")

ROOT: Final = Path(__file__).parent
PYPROJECT: Final = nox.project.load_toml(ROOT / "pyproject.toml")
# None: the interpreter nox runs on. The test suite runs on every supported
# version in the `versions` session.
PYTHON: Final = None
SUPPORTED: Final = ("3.11", "3.12", "3.13")

# The distributions of the monorepo, in dependency order. They are installed in
# ONE pip call so that `srdet`'s dependency on `scopereg` (and `sr3d`'s on
# `srdet`) resolves to the checkout on disk instead of an index.
PACKAGES: Final = ("packages/core", "packages/det", "packages/det3d")
EDITABLE: Final = tuple(arg for path in PACKAGES for arg in ("-e", path))

# The PyTorch that `nox -s torch` tests against. The pin lives here, not in the
# scopereg[torch] extra (which accepts any torch): an open requirement resolves
# to the newest release, a multi-GB CUDA build on Linux. NumPy comes along
# because torch warns at import without it, and the suite makes warnings errors.
TORCH: Final = ("torch==2.13.0", "numpy")

# pytest's exit code when it collected nothing: the suite exists, so a run that
# finds no test means a broken testpaths, a typo in `-k`, or a collection bug.
PYTEST_NO_TESTS_COLLECTED: Final = 5


def group(name: str) -> tuple[str, ...]:
    """Return the requirements of one [dependency-groups] entry of pyproject.toml."""
    return nox.project.dependency_groups(PYPROJECT, name)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite of every package and the integration tests."""
    run_suite(session)


@nox.session(python=SUPPORTED, default=False)
def versions(session: nox.Session) -> None:
    """Run the test suite on each supported Python: 3.11, 3.12 and 3.13."""
    run_suite(session)


def run_suite(session: nox.Session) -> None:
    """Install the packages editable with the test tools and run pytest."""
    session.install(*EDITABLE, *group("test"))
    # Arguments after `--` go to pytest after the defaults, so they can narrow
    # the run or override the worker count: `nox -s tests -- -n0 -k scope --pdb`.
    try:
        session.run("pytest", "-n", "auto", *session.posargs)
    except CommandFailed as err:
        if err.return_code == PYTEST_NO_TESTS_COLLECTED:
            session.error(
                "pytest ran no tests (exit code 5): check testpaths in "
                "pyproject.toml and any selection passed after `--`"
            )
        raise


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check lint rules and formatting with ruff, and scopereg's import layers."""
    session.install(*group("lint"))
    session.run("ruff", "check", ".", *session.posargs)
    session.run("ruff", "format", "--check", ".")
    # The import layers of scopereg ([tool.importlinter] in pyproject.toml),
    # read from the source tree: nothing of ours needs installing for it.
    session.run("lint-imports", env={"PYTHONPATH": str(ROOT / "packages/core/src")})


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """Type-check the source of every package with mypy --strict."""
    # The packages are installed (editable) so that mypy sees them exactly as
    # their users' type checkers will, through their py.typed markers.
    session.install(*EDITABLE, *group("typecheck"))
    session.run("mypy", *session.posargs)
    # Usage code checked by mypy only (tests/typing/*.py have no test_ prefix,
    # so pytest never collects them): assert_type on typed builds and lookups.
    session.run("mypy", "tests/typing")


@nox.session(python=PYTHON, default=False)
def demo(session: nox.Session) -> None:
    """Install the packages as a user would and run examples/demo.py."""
    # Regular (non-editable) installs from the local paths, in one pip call so
    # the packages resolve each other from disk. --force-reinstall keeps a
    # reused virtualenv (`nox -R`) from running a stale build of the same
    # version.
    session.install("--force-reinstall", *(f"./{path}" for path in PACKAGES))
    # `python examples/demo.py` puts examples/ (not the repository root, nor any
    # src/ directory) on sys.path, so the imports come from the installed
    # wheels.
    session.run("python", "examples/demo.py", *session.posargs)
    # The packages stay installed in this session's virtualenv: say how to use
    # them (the README's next section runs the scopereg command).
    session.log(
        "scopereg, srdet and sr3d stay installed in this session's virtualenv; "
        f"to use them and the scopereg command, activate it: . {session.bin}/activate"
    )


# pip, as the documented lines use it (and torch for 3.11 comes from local disk).
@nox.session(python="3.11", default=False, venv_backend="virtualenv")
def install_lines(session: nox.Session) -> None:
    """Run every install line of the README, docs/ and package READMEs, each fresh."""
    # The packages too: tests/conftest.py, shared by every test, imports them.
    session.install(*EDITABLE, *group("test"))
    session.run(
        "pytest",
        "-n",
        "auto",
        "-p",
        "no:cacheprovider",
        "tests/install",
        *session.posargs,
        env={"SCOPEREG_INSTALL_LINES": "1"},
    )


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmark against mmengine-lite and fvcore; write benchmarks/results.md."""
    # The libraries compared against go into this session's virtualenv only,
    # never into our packages' dependencies. Arguments after `--` go to the
    # runner: `nox -s bench -- --quick` for a smoke run.
    session.install(*EDITABLE, *group("bench"))
    session.run("python", "-m", "benchmarks", *session.posargs)


# pip, not uv, and Python 3.11: pip takes torch 2.13.0 (a CPU build for 3.11)
# from this machine's local disk, where uv would download a multi-GB CUDA build.
@nox.session(python="3.11", default=False, venv_backend="virtualenv")
def torch(session: nox.Session) -> None:
    """Run the PyTorch integration tests (tests/torch) against torch 2.13.0."""
    session.install(*EDITABLE, *group("test"), *TORCH)
    # The doctests of scopereg.torch need torch, so only this session runs them.
    session.run(
        "pytest",
        "-n",
        "auto",
        "tests/torch",
        "--doctest-modules",
        "packages/core/src/scopereg/torch.py",
        *session.posargs,
    )


# The engines of docs/scaling.md, pinned to the versions its figures were
# measured with; pytest-timeout bounds each example in time.
SCALE: Final = ("ray==2.60.0", "dask[distributed]==2026.8.0", "pytest-timeout")


# As the torch session: pip and Python 3.11, for torch 2.13.0 from local disk.
@nox.session(python="3.11", default=False, venv_backend="virtualenv")
def scale(session: nox.Session) -> None:
    """Run docs/scaling.md's examples: torch ranks, loader workers, Ray and Dask."""
    session.install(*EDITABLE, *group("test"), *TORCH, *SCALE)
    # One example at a time: each starts two ranks or workers of its own on
    # this machine's two cores, on 127.0.0.1 only.
    session.run("pytest", "--timeout", "600", "tests/scale", *session.posargs)


# mmengine-lite (the registry, config, runner, hooks, optimizers, ...) and what
# it imports without declaring: OpenCV (hooks, visualizer), matplotlib
# (visualizer), pkg_resources (setuptools before 81, which drops it).
MMENGINE: Final = (
    "mmengine-lite==0.10.7",
    "opencv-python-headless",
    "matplotlib",
    "setuptools<81",
)


# As the torch session: pip and Python 3.11, for torch 2.13.0 from local disk.
@nox.session(python="3.11", default=False, venv_backend="virtualenv")
def mmengine(session: nox.Session) -> None:
    """Run mmengine's Runner and OpenMMLab-style code on scopereg (tests/mmengine)."""
    # scopereg with its `mmengine` extra, which the switch distribution on disk
    # (packages/mmengine-switch, with its .pth file) satisfies in the same call.
    core = [f"{path}[mmengine]" if path == PACKAGES[0] else path for path in PACKAGES]
    session.install(
        *(arg for path in core for arg in ("-e", path)),
        "./packages/mmengine-switch",
        *group("test"),
        *TORCH,
        *MMENGINE,
    )
    # Every process of the run, xdist workers and the programs the tests start
    # included, has the bridge (the switch's .pth reads the variable); a test
    # module keeps its tests in one worker, which shares its training runs.
    session.run(
        "pytest",
        "-n",
        "auto",
        "--dist",
        "loadfile",
        "tests/mmengine",
        "--doctest-modules",
        "packages/core/src/scopereg/mmengine",
        *session.posargs,
        env={"SCOPEREG_MMENGINE": "1"},
    )


@nox.session(python=PYTHON, default=False)
def docs(session: nox.Session) -> None:
    """Build the Sphinx site (warnings are errors) and run its doctests."""
    # The packages are installed so that the catalogue page lists the live
    # registries of srdet and sr3d, found through their entry points.
    session.install(*EDITABLE, *group("docs"))
    session.run("sphinx-build", "-W", "-b", "html", "docs", "docs/_build/html")
    session.run("sphinx-build", "-W", "-b", "doctest", "docs", "docs/_build/doctest")


@nox.session(python=PYTHON, default=False)
def dist(session: nox.Session) -> None:
    """Build a wheel and an sdist of each package; test the installed wheels."""
    outdir = ROOT / "dist"
    session.install("build", *group("test"))
    for path in PACKAGES:
        session.run("python", "-m", "build", "--outdir", str(outdir), path)
    # The newest wheel of each distribution (dist/ may hold older versions).
    wheels = [
        str(max(outdir.glob(f"{name}-*.whl"), key=lambda w: w.stat().st_mtime))
        for name in ("scopereg", "srdet", "sr3d")
    ]
    # Not editable, in one pip call so srdet and sr3d find scopereg on disk;
    # --force-reinstall replaces a previous build of the same version.
    session.install("--force-reinstall", "--no-deps", *wheels)
    # The suite must import the wheels, never the src trees.
    session.run(
        "python",
        "-c",
        "import scopereg, srdet, sr3d, sys; "
        "bad = [m.__file__ for m in (scopereg, srdet, sr3d) "
        "if 'site-packages' not in m.__file__]; "
        "sys.exit(f'imported from the checkout: {bad}' if bad else 0)",
    )
    # pytest-cache off: the run leaves nothing in the checkout.
    session.run("pytest", "-n", "auto", "-p", "no:cacheprovider", *session.posargs)
