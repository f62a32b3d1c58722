"""``--format audit`` and ``explain`` through the command: pages, the folder index, the
terminal report (the pages themselves are tested in tests/test_audit.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import articlekit

from ..test_audit import NOW, SEED, SGR, assert_round_trip, page_segments, parse, seed


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    script = shutil.which("articlekit", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "articlekit"]
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [*command, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=env,
    )


def test_cli_audit_one_file_to_stdout() -> None:
    proc = cli("--format", "audit", "--now", NOW.isoformat(), SEED)
    assert proc.returncode == 0, proc.stderr
    assert_round_trip(seed(), proc.stdout)


def test_cli_audit_folder_writes_pages_and_index(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SEED, src / "sub" / "seed.txt")
    (src / "chrome.txt").write_text("goTop\nShare\nquote\n")
    (src / "broken.txt").write_bytes(b"\x00\x01\x02" * 300)
    out = tmp_path / "out"
    proc = cli("-r", "-q", "-j", "1", src, "-o", out, "--format", "audit")
    assert proc.returncode == 1  # broken.txt failed
    assert "broken.txt" in proc.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "chrome.html",
        "index.html",
        "sub",
        "sub/seed.html",
    ]
    page = (out / "sub" / "seed.html").read_text("utf-8")
    assert "".join(s["text"] for s in page_segments(page)) == SEED.read_text("utf-8")

    def rows() -> list[tuple[str, list[str]]]:
        doc = parse((out / "index.html").read_text("utf-8"))
        return [
            (tr.get("data-name"), tr.xpath(".//a/@href") + tr.xpath(".//@data-share"))
            for tr in doc.xpath("//tbody/tr")
        ]

    first = rows()
    assert [name for name, _ in first] == [
        str(src / "broken.txt"),
        str(src / "chrome.txt"),
        str(src / "sub" / "seed.txt"),
    ]
    assert first[0][1] == []
    assert first[1][1][0] == "chrome.html" and first[2][1][0] == "sub/seed.html"
    for _, found in first[1:]:
        assert (out / found[0]).is_file()

    # A resumed run lists the pages it kept, with their figures read back from them.
    proc = cli("-r", "-q", src, "-o", out, "--format", "audit", "--skip-existing")
    assert proc.returncode == 1
    assert rows() == first
    assert not list(out.rglob(".*.tmp"))


def test_cli_index_name_is_reserved_and_foreign_index_kept(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "index.txt")
    shutil.copy(SEED, src / "seed.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("mine")
    proc = cli("-q", src, "-o", out, "--format", "audit")
    assert proc.returncode == 1
    assert "is already the output of the audit index" in proc.stderr
    assert "is not an articlekit index" in proc.stderr
    assert (out / "index.html").read_text() == "mine"
    proc = cli("-q", src / "seed.txt", "-o", out, "--format", "audit", "--overwrite")
    assert proc.returncode == 0, proc.stderr
    assert "articlekit audit index" in (out / "index.html").read_text()


def test_cli_audit_needs_an_outdir_for_many_inputs(tmp_path: Path) -> None:
    proc = cli("--format", "audit", SEED.parent)
    assert proc.returncode == 2
    assert "give -o OUTDIR" in proc.stderr


def test_cli_explain(tmp_path: Path) -> None:
    sub = cli("explain", "--now", NOW.isoformat(), SEED)
    flag = cli("--explain", "--now", NOW.isoformat(), SEED)
    assert sub.returncode == flag.returncode == 0, sub.stderr
    assert sub.stdout == flag.stdout == articlekit.explain(seed())
    assert "\x1b" not in sub.stdout  # stdout is a pipe: no colour
    coloured = cli("explain", "--color", "always", "--now", NOW.isoformat(), SEED)
    assert SGR.search(coloured.stdout)
    assert SGR.sub("", coloured.stdout) == sub.stdout
    # Several inputs are separated by a form feed line, like text output.
    both = cli("explain", "-q", "-j", "1", SEED, SEED)
    assert both.stdout.count("\f\n") == 1
