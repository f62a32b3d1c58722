"""Packaging: the dependencies are what the source imports, the metadata is complete, the sdist
holds what its tests need, and the wheel installed into a fresh environment (the interpreter's
own pip, no access to this one's packages) cleans an HTML page through trafilatura, or fails
loudly naming what is broken.

The install test needs the package index (or pip's cache / find-links) and takes about a
minute: a venv to build in (setuptools >= 77 from the index), the sdist, the wheel built from
that sdist, a fresh venv with the wheel and its dependencies. It runs in ``make test``; set
``ARTICLEKIT_SKIP_INSTALL_TEST=1`` to skip it on a machine with no index at all.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest

from articlekit.data import tomllib

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "articlekit"
HTML_PAGE = REPO / "tests" / "fixtures" / "jsonld-wire-story-html" / "input.html"

#: Import name -> the distribution that provides it, where they differ.
DISTRIBUTION = {"justext": "justext", "charset_normalizer": "charset-normalizer"}
#: Optional imports (only in the modules that need them) -> the extra that installs them.
OPTIONAL = {
    "dask": "dask",
    "distributed": "dask",
    "pandas": "dask",
    "warcio": "warc",
    "pyarrow": "arrow",
}
#: Declared but not imported, and why (see the comment beside it in pyproject.toml).
DECLARED_NOT_IMPORTED = {"lxml-html-clean": "jusText imports lxml.html.clean from it"}


def _pyproject() -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    return data


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement string (PEP 503)."""
    found = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert found, requirement
    return re.sub(r"[-_.]+", "-", found.group()).lower()


def _imports() -> set[str]:
    """Top-level third-party modules the package imports, lazily or not, or looks up by name
    (``find_spec("justext")``)."""
    out: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "find_spec"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names = [str(node.args[0].value)]
            out.update(n.split(".")[0] for n in names)
    return {n for n in out if n not in sys.stdlib_module_names and n != "articlekit"}


def test_dependencies_are_exactly_what_the_source_imports() -> None:
    project = _pyproject()["project"]
    declared = {_name(r) for r in project["dependencies"]}
    imported = _imports()
    core = {_name(DISTRIBUTION.get(m, m)) for m in imported if m not in OPTIONAL}
    # HTML-path helpers trafilatura imports for us are still declared: articlekit calls them
    assert declared - core == set(DECLARED_NOT_IMPORTED), "declared, never imported"
    assert core - declared == set(), "imported, not declared"
    for module in imported & set(OPTIONAL):
        extra = {_name(r) for r in project["optional-dependencies"][OPTIONAL[module]]}
        assert _name(module) in extra, (module, OPTIONAL[module])
    assert not {"beautifulsoup4", "python-dateutil"} & declared  # never imported by src/


def test_every_dependency_has_a_lower_bound() -> None:
    for requirement in _pyproject()["project"]["dependencies"]:
        assert ">=" in requirement, requirement


def test_metadata_licence_classifiers() -> None:
    project = _pyproject()["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert "MIT License" in (REPO / "LICENSE").read_text("utf-8")
    classifiers = project["classifiers"]
    assert "Typing :: Typed" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # PEP 639: the expression
    versions = [c.rsplit(" ", 1)[-1] for c in classifiers if re.search(r"Python :: 3\.\d+$", c)]
    assert versions and versions[0] == project["requires-python"].removeprefix(">=")


#: A repository's address as a README would give it.
_REPOSITORY = re.compile(r"https://(?:github\.com|gitlab\.com|codeberg\.org)/[\w.-]+/[\w.-]+")


def test_project_urls_are_the_readmes_repository_or_absent() -> None:
    """No invented address: the project's URLs all lie under the repository the README names,
    and without one (none is published yet) there are none."""
    urls = _pyproject()["project"].get("urls", {})
    named = _REPOSITORY.findall((REPO / "README.md").read_text("utf-8"))
    if not named:
        assert urls == {}, "project URLs that the README does not give: where do they point?"
        return
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls)
    assert all(url.startswith(named[0]) for url in urls.values()), (named[0], urls)


def test_a_broken_html_dependency_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import articlekit
    from articlekit import DependencyError, api

    # None in sys.modules makes the next import of that name fail, as a broken install does
    api.require_html.cache_clear()
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    try:
        with pytest.raises(DependencyError, match=r"'trafilatura' for HTML input.*trafilatura"):
            articlekit.clean(HTML_PAGE.read_bytes())
        text = "The council approved the new ferry timetable on Tuesday. " * 8
        assert articlekit.clean(text).body  # the text path needs none of it
    finally:
        monkeypatch.undo()
        api.require_html.cache_clear()
    assert articlekit.clean(HTML_PAGE.read_bytes()).input_format == "html"


def test_missing_stop_word_lists_are_an_error_naming_jusText(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from articlekit import DependencyError
    from articlekit.text import language

    language._stoplist_dir.cache_clear()
    monkeypatch.setattr(language, "find_spec", lambda name: None)
    try:
        with pytest.raises(DependencyError, match="'jusText'"):
            language._stoplist_dir()
    finally:
        monkeypatch.undo()
        language._stoplist_dir.cache_clear()
    assert language._stoplist_dir().is_dir()


def test_the_error_survives_a_worker_process() -> None:
    import pickle

    from articlekit import DependencyError

    error = DependencyError("trafilatura", "HTML input", ImportError("boom"))
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, ImportError) and str(again) == str(error)
    assert again.package == "trafilatura"


# -- build, install, run -----------------------------------------------------------------------


def _run(
    *args: str | Path, cwd: Path | None = None, timeout: float = 300, log: Path | None = None
) -> str:
    """Standard output of the command, which must succeed; its standard error is added to
    ``log`` if given (what a build warned about)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"{args}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    if log is not None:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(proc.stderr)
    return proc.stdout


def _venv(where: Path) -> Path:
    """A fresh venv of the interpreter these tests run on: its own pip, no system packages."""
    _run(sys.executable, "-m", "venv", where)
    cfg = (where / "pyvenv.cfg").read_text("utf-8")
    assert "include-system-site-packages = false" in cfg
    return where / ("Scripts" if os.name == "nt" else "bin")


def _copy_tree(dest: Path) -> Path:
    """The repository's files (no build leftovers, caches or renderings) in a fresh folder, so
    the build sees what a clean clone has and writes nothing into the work tree."""
    skip = shutil.ignore_patterns(
        ".git",
        ".venv",
        "build",
        "dist",
        "*.egg-info",
        "__pycache__",
        ".*_cache",
        "renderings",
        ".hypothesis",
    )
    shutil.copytree(REPO, dest, ignore=skip)
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, the wheel built from it, and a fresh venv with the wheel installed."""
    if os.environ.get("ARTICLEKIT_SKIP_INSTALL_TEST"):
        pytest.skip("ARTICLEKIT_SKIP_INSTALL_TEST is set")
    root = tmp_path_factory.mktemp("packaging")
    tree = _copy_tree(root / "tree")
    builder = _venv(root / "build-env")
    _run(
        builder / "python",
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "setuptools>=77",
    )
    out = root / "dist"
    out.mkdir()
    backend = (
        "import sys; from setuptools import build_meta as b; "
        "print(getattr(b, sys.argv[1])(sys.argv[2]))"
    )
    log = root / "build.log"
    sdist = _run(builder / "python", "-c", backend, "build_sdist", out, cwd=tree, log=log)
    sdist = out / sdist.split()[-1]
    with tarfile.open(sdist) as tar:
        tar.extractall(root / "unpacked", filter="data")
    (unpacked,) = (root / "unpacked").iterdir()
    wheel = _run(builder / "python", "-c", backend, "build_wheel", out, cwd=unpacked, log=log)
    wheel = out / wheel.split()[-1]
    fresh = _venv(root / "fresh")
    _run(fresh / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel)
    return {"sdist": sdist, "wheel": wheel, "bin": fresh, "unpacked": unpacked, "log": log}


@pytest.mark.slow
def test_building_warns_of_nothing_about_the_licence(built: dict[str, Path]) -> None:
    # A [project] license table, or License :: classifiers beside an SPDX expression, make
    # setuptools warn on every build.
    log = built["log"].read_text("utf-8")
    assert "project.license" not in log and "License classifiers" not in log, log[-3000:]
    assert "license" not in log.lower(), log[-3000:]


@pytest.mark.slow
def test_the_sdist_holds_the_tests_and_their_fixtures(built: dict[str, Path]) -> None:
    unpacked = built["unpacked"]
    for name in (
        "LICENSE",
        "README.md",
        "Makefile",
        "tests/conftest.py",
        "docs/object.md",
        "benchmarks/metrics.py",
        "tests/fixtures/known_gaps.json",
    ):
        assert (unpacked / name).is_file(), name
    cases = sorted(p.name for p in (REPO / "tests" / "fixtures").iterdir() if p.is_dir())
    for case in cases:
        got = {p.name for p in (unpacked / "tests" / "fixtures" / case).iterdir()}
        want = {p.name for p in (REPO / "tests" / "fixtures" / case).iterdir()}
        assert got == want, case
    assert not list(unpacked.rglob("__pycache__"))


@pytest.mark.slow
def test_the_wheel_in_a_fresh_venv_cleans_html_through_trafilatura(built: dict[str, Path]) -> None:
    import json

    fresh = built["bin"]
    assert "usage: articlekit" in _run(fresh / "articlekit", "--help")
    article = json.loads(_run(fresh / "articlekit", HTML_PAGE))
    assert article["input_format"] == "html"
    assert article["title"] == "Harbour bridge reopens after two-year repair"
    assert article["body"] and article["warnings"] == []  # no fallback to the text path
    code = (
        "import articlekit, sys, trafilatura\n"
        "a = articlekit.clean(open(sys.argv[1], 'rb').read())\n"
        "assert a.input_format == 'html' and not a.warnings, a.warnings\n"
        "assert articlekit.__file__.startswith(sys.prefix), articlekit.__file__\n"
        "print(articlekit.schema(arrow=False)['metadata'])\n"
    )
    assert "string" in _run(fresh / "python", "-c", code, HTML_PAGE)
    meta = (
        "from importlib.metadata import metadata as m; print(m('articlekit')['License-Expression'])"
    )
    assert _run(fresh / "python", "-c", meta).strip() == "MIT"


@pytest.mark.slow
def test_a_broken_install_fails_loudly_naming_the_package(built: dict[str, Path]) -> None:
    """The issue's case: trafilatura's import fails (lxml.html.clean gone). An error naming it,
    exit status 1, never the text path's quietly worse output."""
    fresh = built["bin"]
    _run(fresh / "python", "-m", "pip", "uninstall", "-q", "-y", "lxml_html_clean")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    proc = subprocess.run(
        [str(fresh / "articlekit"), str(HTML_PAGE)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 1 and not proc.stdout
    assert "DependencyError: articlekit needs 'trafilatura' for HTML input" in proc.stderr
    assert "lxml_html_clean" in proc.stderr
