"""``make eval``, ``make bench`` and ``make scaling`` leave the committed results alone unless
asked (issue 15): they write to an ignored folder, and ``UPDATE=1`` to the tracked one. Read
from ``make -n`` (what make would run), so nothing is measured here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def planned(*args: str) -> str:
    """The commands ``make -n ARGS`` prints: the recipe, not run (the venv set-up included)."""
    proc = subprocess.run(
        ["make", "-n", "-B", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def command_of(output: str, script: str) -> str:
    (line,) = [line for line in output.splitlines() if script in line]
    return line


@pytest.mark.parametrize("target,script", [("eval", "evaluate.py"), ("scaling", "scaling.py")])
def test_results_go_to_an_ignored_folder_unless_asked(target: str, script: str) -> None:
    assert "--out .cache/results" in command_of(planned(target), script)
    assert "--out benchmarks/results" in command_of(planned(target, "UPDATE=1"), script)


def test_bench_rewrites_its_doc_page_only_when_asked() -> None:
    plain = command_of(planned("bench"), "bench.py")
    assert "--out .cache/results" in plain and "--docs .cache/results" in plain
    update = command_of(planned("bench", "UPDATE=1"), "bench.py")
    assert "--out benchmarks/results" in update and "--docs docs" in update


def test_the_results_folder_is_ignored() -> None:
    proc = subprocess.run(
        ["git", "check-ignore", "-q", ".cache/results/eval.md"], cwd=ROOT, timeout=60
    )
    if proc.returncode == 128:  # not a git checkout (an sdist)
        pytest.skip("not a git checkout")
    assert proc.returncode == 0


def test_demo_and_test_stay_targets() -> None:
    assert "articlekit.clean" in planned("demo")
    assert "-m pytest" in planned("test")


def test_make_demo_cleans_the_example_dump() -> None:
    """The README's first command, run: its recipe with this interpreter standing for the
    venv it would set up (``STAMP=``: no install; CI's ``make test`` does that part)."""
    env = {k: v for k, v in os.environ.items() if k != "MAKEFLAGS"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        ["make", "-s", "demo", f"PY={sys.executable}", "STAMP="],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    article = json.loads(proc.stdout)
    assert article["title"] == "Amazon has closed its Shanghai AI lab"
    assert "segments" not in article and article["body"]
