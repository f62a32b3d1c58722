"""``--reader``: crawl files (JSON Lines, WARC, WET) through the command (the readers
themselves are tested in tests/test_readers.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ..test_readers import JSONL_LINES, PROSE, page, write_warc, write_wet


def run(
    *args: str | Path, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "articlekit", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )  # type: ignore[call-overload, no-any-return]


def test_cli_cleans_a_wet_file_directly(tmp_path: Path) -> None:
    write_wet(tmp_path / "crawl.warc.wet.gz", n=4)
    proc = run(
        "--reader", "wet", "-j", "2", "--fields", "url,body", "crawl.warc.wet.gz", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [row["url"] for row in rows] == [f"https://news.example/{i}" for i in range(4)]
    assert all(list(row)[:2] == ["path", "record"] for row in rows)
    assert {row["path"] for row in rows} == {"crawl.warc.wet.gz"}
    assert b"4 inputs, 4 outputs, 0 failed" in proc.stderr


def test_cli_jsonl_auto_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "docs.jsonl").write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "one.txt").write_text(f"Storm\n\n{PROSE}\n", encoding="utf-8")
    proc = run("--reader", "auto", "docs.jsonl", "crawl.warc.gz", "one.txt", cwd=tmp_path)
    assert proc.returncode == 1  # the bad lines of docs.jsonl
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [row["path"] for row in rows] == ["docs.jsonl"] * 3 + ["crawl.warc.gz"] * 4 + ["one.txt"]
    assert rows[-1]["record"] is None
    errors = [line for line in proc.stderr.decode().splitlines() if "error:" in line]
    assert len(errors) == 3 and "docs.jsonl:3: not JSON" in errors[0]

    lines = "\n".join(json.dumps({"content": page(i).decode()}) for i in range(3)).encode()
    proc = run(
        "--reader", "jsonl", "--field", "content", "--format", "text", cwd=tmp_path, stdin=lines
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(b"\f\n") == 2


def test_cli_reader_usage_errors(tmp_path: Path) -> None:
    assert run("--reader", "wet", "-o", "out", "x.wet", cwd=tmp_path).returncode == 2
    assert run("--field", "html", "x.txt", cwd=tmp_path).returncode == 2
    assert run("--reader", "auto", cwd=tmp_path, stdin=b"").returncode == 2


# -- articlekit records ----------------------------------------------------------------------------


def test_records_is_clean_with_a_reader(tmp_path: Path) -> None:
    (tmp_path / "docs.jsonl").write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "one.txt").write_text(f"Storm\n\n{PROSE}\n", encoding="utf-8")
    inputs = ("docs.jsonl", "crawl.warc.gz", "one.txt")
    old = run("--reader", "auto", "-j", "2", *inputs, cwd=tmp_path)
    new = run("records", "-j", "2", *inputs, cwd=tmp_path)  # --reader auto is its default
    before = run("-j", "2", "records", *inputs, cwd=tmp_path)
    assert old.returncode == new.returncode == before.returncode == 1  # docs.jsonl's bad lines
    assert old.stdout == new.stdout == before.stdout
    assert old.stdout.count(b'{"path": ') == 8

    lines = "\n".join(json.dumps({"content": page(i).decode()}) for i in range(3)).encode()
    args = ("--reader", "jsonl", "--field", "content", "--format", "text")
    old = run(*args, cwd=tmp_path, stdin=lines)
    new = run("records", *args, "-", cwd=tmp_path, stdin=lines)
    assert old.returncode == new.returncode == 0, new.stderr
    assert old.stdout == new.stdout and new.stdout.count(b"\f\n") == 2


def test_records_usage_errors(tmp_path: Path) -> None:
    for args in (
        ["records"],  # --reader auto goes by file names: not for standard input
        ["records", "-o", "out", "x.wet"],
        ["records", "--format", "audit", "x.wet"],
        ["records", "--reader", "file", "x.wet"],
        ["records", "--overwrite", "x.wet"],
    ):
        proc = run(*args, cwd=tmp_path, stdin=b"")
        assert proc.returncode == 2, args
        assert proc.stderr.startswith(b"usage: articlekit records "), args
        assert proc.stdout == b""
