"""Shared test helpers: the fixture folders and their expected results."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# No deadline for any property test (Hypothesis' default fails an example slower than 200 ms
# of wall clock, which a loaded machine breaks): tests assert behaviour, never timings. In CI
# the property tests also draw the same examples every run; locally they explore new ones.
settings.register_profile("articlekit", deadline=None)
settings.register_profile("ci", settings.get_profile("articlekit"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "articlekit")

FIXTURES = Path(__file__).parent / "fixtures"


def text_cases() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if (p / "input.txt").is_file())


def expected(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((case / "expected.json").read_text("utf-8"))
    return data


def now_of(case: Path) -> datetime | None:
    value = expected(case).get("now")
    return datetime.fromisoformat(value) if value else None


@pytest.fixture(params=text_cases(), ids=lambda p: p.name)
def text_case(request: pytest.FixtureRequest) -> Path:
    case: Path = request.param
    return case


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The CLI in this process, one job: (exit status, stdout, stderr)."""
    from articlekit.cli import main

    try:
        status = main(["-j", "1", *args])
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err
