"""benchmarks/bench.py's throughput loop: paired runs, every page through every tool each
repetition, and ratios to trafilatura per repetition. Timings themselves are not asserted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import bench  # noqa: E402
from benchmarks.tools import Extraction, Input, Tool  # noqa: E402


def test_throughput_is_paired_page_by_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = []
    for i in range(4):
        (tmp_path / f"p{i}.dump.txt").write_bytes(f"dump {i}".encode())
        (tmp_path / f"p{i}.html").write_bytes(f"<p>html</p> {i}".encode())
        pages.append(
            bench.Page(f"c/p{i}", tmp_path / f"p{i}.dump.txt", tmp_path / f"p{i}.html", None)
        )
    calls: list[tuple[str, bytes]] = []

    def tool(name: str, kind: Input, fail_on: bytes | None = None) -> Tool:
        def run(data: bytes, url: str | None) -> Extraction:
            calls.append((name, data))
            if data == fail_on:
                raise ValueError("bad page")
            return Extraction(body="x")

        return Tool(name, kind, run, name)

    tools = {
        "mine": tool("mine", "text", fail_on=b"dump 2"),
        "trafilatura": tool("trafilatura", "html"),
    }
    monkeypatch.setattr(bench, "TOOLS", tools)
    out = bench.throughput(pages, ["mine", "trafilatura"], reps=2)

    timed = calls[6:]  # after 3 warm-up pages per tool
    assert len(timed) == 2 * 4 * 2
    # page by page: both tools on a page before the next page, the first one rotating
    for k in range(0, len(timed), 2):
        pair = timed[k : k + 2]
        assert {name for name, _ in pair} == {"mine", "trafilatura"}
        assert pair[0][1][-1:] == pair[1][1][-1:]  # the same page number
    assert [name for name, _ in timed[:4]] == ["mine", "trafilatura", "trafilatura", "mine"]
    assert [data for name, data in timed if name == "mine"][:4] == [
        f"dump {i}".encode() for i in range(4)
    ]
    assert out["mine"]["errors"] == 1 and out["trafilatura"]["errors"] == 0
    assert len(out["mine"]["time_ratios"]) == 2
    assert out["trafilatura"]["time_ratios"] == [1.0, 1.0]
    assert out["trafilatura"]["vs_trafilatura"] == 1.0
