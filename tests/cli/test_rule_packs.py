"""``--rules`` and ``--favour`` through the command (rule packs themselves are tested in
tests/test_rulepacks.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import run_cli
from ..test_rulepacks import PAGE, write


def test_cli_rules_and_favour(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = write(tmp_path, PAGE, "page.txt")
    pack = write(tmp_path, '[chrome.any]\nexact = ["weekly tide letter"]\n')
    status, out, err = run_cli(capsys, "--rules", str(pack), "--with-segments", str(dump))
    assert status == 0, err
    data = json.loads(out)
    assert "Weekly Tide Letter" in data["chrome"]
    status, out, _ = run_cli(capsys, "--favour", "precision", "--fields", "body", str(dump))
    assert status == 0 and "body" in json.loads(out)


def test_cli_bad_rules_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = write(tmp_path, PAGE, "page.txt")
    pack = write(tmp_path, "[promo.any]\npatterns = ['(a|aa)+']\n")
    status, out, err = run_cli(capsys, "--rules", str(pack), str(dump))
    assert status == 2 and not out
    assert f"--rules: {pack}:2: pattern '(a|aa)+'" in err
    status, _, err = run_cli(capsys, "--favour", "fast", str(dump))
    assert status == 2 and "--favour" in err
