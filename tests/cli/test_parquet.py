"""``--format parquet`` (issue 15): every input's row in one Parquet file typed by
``articlekit.schema()``, to stdout (never a terminal) or ``--output-file``, atomically."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

import articlekit
from articlekit.cli import main
from articlekit.cli import parquet as cli_parquet
from tests.cli.test_clean import ARTICLE, BINARY, COMMAND, HTML, summary

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

#: A text with no byline, no date and no promo: the columns a batch of it alone leaves empty.
BARE = "Notes\n\nA short note with nothing around it, long enough to be read as a paragraph.\n"


def expected(*, record: bool = False, segments: bool = False) -> pa.Schema:
    head = [pa.field("path", pa.string(), nullable=False)]
    if record:
        head.append(pa.field("record", pa.string()))
    return pa.schema([*head, *articlekit.schema(segments=segments, arrow=True)])


def run_bytes(*args: str | Path, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, *map(str, args)], cwd=cwd, input=stdin, capture_output=True, timeout=300
    )


def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE.format(i=1), "utf-8")
    (d / "b.html").write_text(HTML.format(i=2), "utf-8")
    (d / "c.bin").write_bytes(BINARY)
    (d / "d.txt").write_text(BARE, "utf-8")
    return d


def test_every_input_in_one_file_on_stdout(tmp_path: Path) -> None:
    d = inputs(tmp_path)
    proc = run_bytes("-f", "parquet", "-j", "2", d, cwd=tmp_path)
    assert proc.returncode == 1  # c.bin failed, and said so like every format says it
    err = proc.stderr.decode()
    assert f"articlekit: error: {d / 'c.bin'}: not text" in err
    assert summary(err) == (4, 3, 1, 0)
    table = pq.read_table(io.BytesIO(proc.stdout))
    assert table.schema == expected()
    rows = table.to_pylist()
    assert [r["path"] for r in rows] == [str(d / n) for n in ("a.txt", "b.html", "d.txt")]
    assert rows[0]["authors"] == ["Jane Doe"] and "marker1" in rows[0]["body"]
    assert rows[1]["input_format"] == "html" and rows[1]["title"].startswith("Storm closes")
    assert rows[2]["authors"] == [] and rows[2]["published"] is None
    # The rows are what JSON Lines says of the same inputs.
    jsonl = run_bytes("-f", "jsonl", d / "a.txt", cwd=tmp_path).stdout.decode()
    assert rows[0] == json.loads(jsonl)


def test_row_groups_as_results_arrive_all_of_one_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row group per article: each one typed the same, the one whose article has no authors,
    no date and no promos too (Arrow left to guess would make those columns null)."""
    monkeypatch.setattr(cli_parquet, "ROW_GROUP", 1)
    d = inputs(tmp_path)
    (d / "c.bin").unlink()
    out = tmp_path / "all.parquet"
    assert main(["-q", "-j", "1", "-f", "parquet", "--output-file", str(out), str(d)]) == 0
    file = pq.ParquetFile(out)
    assert file.metadata.num_row_groups == 3
    for i in range(3):
        group = file.read_row_group(i)
        assert group.schema == expected() and group.num_rows == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "all.parquet",
        "in",
    ]  # no temporary file left


def test_fields_and_segments_keep_their_types(tmp_path: Path) -> None:
    d = inputs(tmp_path)
    out = tmp_path / "few.parquet"
    proc = run_bytes(
        "-q", "-f", "parquet", "--fields", "title,authors,segments", "--output-file", out, d,
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1 and not proc.stdout
    table = pq.read_table(out)
    full = expected(segments=True)
    assert table.schema == pa.schema(
        [full.field(n) for n in ("path", "title", "authors", "segments")]
    )
    assert table.num_rows == 3 and table.column("segments")[0].as_py()[0]["start"] == 0


def test_records_carry_path_and_record(tmp_path: Path) -> None:
    pages = tmp_path / "pages.jsonl"
    good = json.dumps({"id": "x1", "text": ARTICLE.format(i=3)})
    pages.write_text(good + "\nnot json\n", "utf-8")
    proc = run_bytes("records", "-f", "parquet", pages, cwd=tmp_path)
    assert proc.returncode == 1
    assert "pages.jsonl:2: not JSON" in proc.stderr.decode()
    table = pq.read_table(io.BytesIO(proc.stdout))
    assert table.schema == expected(record=True)
    assert table.to_pylist()[0]["record"] == "x1"


def test_standard_input(tmp_path: Path) -> None:
    proc = run_bytes("-f", "parquet", cwd=tmp_path, stdin=ARTICLE.format(i=4).encode())
    assert proc.returncode == 0, proc.stderr
    table = pq.read_table(io.BytesIO(proc.stdout))
    assert table.schema == expected() and table.column("path").to_pylist() == ["-"]


def test_a_terminal_is_refused(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [*COMMAND, "-f", "parquet", "missing.txt"], cwd=tmp_path, stdout=follower,
            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=300,
        )  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert b"--format parquet is binary: redirect stdout" in proc.stderr


def test_output_file_is_never_an_input_nor_replaced_unasked(tmp_path: Path) -> None:
    d = inputs(tmp_path)
    proc = run_bytes("-f", "parquet", "--output-file", d / "a.txt", d, cwd=tmp_path)
    assert proc.returncode == 1 and b"is one of the inputs; refusing" in proc.stderr
    assert (d / "a.txt").read_text("utf-8") == ARTICLE.format(i=1)
    out = tmp_path / "out.parquet"
    out.write_bytes(b"keep me")
    proc = run_bytes("-f", "parquet", "--output-file", out, d / "a.txt", cwd=tmp_path)
    assert proc.returncode == 1 and b"exists (--overwrite replaces it)" in proc.stderr
    assert out.read_bytes() == b"keep me"
    proc = run_bytes(
        "-f", "parquet", "--output-file", out, "--overwrite", d / "a.txt", cwd=tmp_path
    )
    assert proc.returncode == 0 and pq.read_table(out).num_rows == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-o", "out"], "instead of -o/--output-dir"),
        (["-f", "csv", "--output-file", "x.parquet"], "--output-file applies to --format parquet"),
        (["--output-file", "nowhere/x.parquet"], "there is no folder nowhere"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], said: str) -> None:
    proc = run_bytes("-f", "parquet", *args, "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and said in proc.stderr.decode()


def test_without_pyarrow_it_says_how_to_get_it_before_any_work(tmp_path: Path) -> None:
    blocked = (
        "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None\n"
        "from articlekit.cli import main; sys.exit(main(['-f', 'parquet', 'missing.txt']))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", blocked], cwd=tmp_path, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "pip install 'articlekit[arrow]'" in proc.stderr
    assert "missing.txt" not in proc.stderr and "Traceback" not in proc.stderr
