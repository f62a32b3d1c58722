"""Issue 17, item 11: what the command prints cannot drive the terminal it prints to; workers
are capped at the CPUs; an unpicklable result is one item's error; a huge JSON line is dropped
as soon as it is known to be too long."""

from __future__ import annotations

import io
import json
import os
import pickle
import pty
import subprocess
import threading
import tracemalloc
from pathlib import Path

import articlekit
from articlekit.cli.options import _jobs
from articlekit.cli.report import for_terminal, printable
from articlekit.readers import _lines, read_jsonl
from tests.cli.test_clean import ARTICLE, COMMAND, run

HOSTILE_ID = "\x1b]0;PWNED\x07\x1b[2J\x9b2J\u202e"


def test_error_lines_escape_what_a_terminal_would_act_on(tmp_path: Path) -> None:
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(json.dumps({"id": HOSTILE_ID, "text": "x" * 100}) + "\n")
    proc = run("records", jsonl, "--max-bytes", "10", cwd=tmp_path)  # over: an error line
    assert proc.returncode == 1
    assert "\\x1b]0;PWNED\\x07\\x1b[2J\\x9b2J\\u202e" in proc.stderr
    assert not any(c in proc.stderr for c in "\x1b\x07\x9b\u202e")
    named = tmp_path / "a\x1b[2Jb.txt"
    named.write_bytes(b"\x00\x01\x02" * 100)  # binary: an error line naming the file
    proc = run(named, cwd=tmp_path)
    assert proc.returncode == 1 and "a\\x1b[2Jb.txt" in proc.stderr and "\x1b" not in proc.stderr


def test_the_escapes_keep_lines_and_ordinary_text() -> None:
    assert printable("plain näme ok") == "plain näme ok"
    assert printable("a\nb\tc") == "a\\x0ab\\x09c"  # one message is one line
    assert for_terminal("Title\n\n\tBody \x1b[31mred\x7f\f\n") == (
        "Title\n\n\tBody \\x1b[31mred\\x7f\f\n"
    )


def _to_a_terminal(*args: str | Path, cwd: Path) -> bytes:
    """The command's stdout as a terminal receives it (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    got = bytearray()

    def drain() -> None:
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:
                return
            if not data:
                return
            got.extend(data)

    reader = threading.Thread(target=drain)
    reader.start()
    proc = subprocess.run(
        [*COMMAND, *map(str, args)], cwd=cwd, stdout=follower, stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL, timeout=300, check=False,
    )  # fmt: skip
    os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    assert proc.returncode == 0
    return bytes(got)


def test_format_text_to_a_terminal_escapes_the_dumps_control_characters(tmp_path: Path) -> None:
    dump = tmp_path / "1.txt"
    dump.write_text(ARTICLE.format(i=1).replace("Investors", "\x1b]0;PWNED\x07Investors"))
    shown = _to_a_terminal("--format", "text", dump, cwd=tmp_path)
    assert b"\\x1b]0;PWNED\\x07Investors" in shown and b"\x1b]" not in shown
    piped = run("--format", "text", dump, cwd=tmp_path)  # not a terminal: the text as it is
    assert "\x1b]0;PWNED\x07Investors" in piped.stdout


def test_jobs_are_capped_at_the_cpus() -> None:
    cpus = articlekit.batch.default_jobs()
    assert _jobs(64) == cpus and _jobs(1) == 1 and _jobs(None) is None


class _Unpicklable:
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("cannot pickle this")


def _odd_ones_unpicklable(article: articlekit.Article) -> object:
    return _Unpicklable() if "odd" in article.text else article.text


def test_an_unpicklable_result_is_an_error_in_its_items_place() -> None:
    items = ["An even article about the council.", "An odd article about the budget.", "Even."]
    out = list(
        articlekit.clean_many(items, jobs=2, errors="return", transform=_odd_ones_unpicklable)
    )
    assert isinstance(out[0], str) and isinstance(out[2], str)
    assert isinstance(out[1], pickle.PicklingError) and "cannot be sent back" in str(out[1])


def test_a_line_too_long_is_let_go_as_soon_as_it_is_known(tmp_path: Path) -> None:
    jsonl = tmp_path / "big.jsonl"
    with jsonl.open("wb") as fh:
        fh.write(b'{"text": "before"}\n{"text": "')
        fh.write(b"x" * 40_000_000)
        fh.write(b'"}\n{"text": "after"}\n')
    tracemalloc.start()
    try:
        records = list(read_jsonl(jsonl, max_bytes=1_000_000))  # limit: 6 MB and 64 KB
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.data for r in records] == ["before", "", "after"] and records[1].error
    assert peak < 10_000_000, peak  # the limit and a piece, not the 40 MB line


def test_lines_at_the_limit() -> None:
    data = b"a" * 10 + b"\n" + b"b" * 11 + b"\n" + b"c" * 10
    assert [line for _, line in _lines(io.BytesIO(data), 10)] == [
        b"a" * 10 + b"\n",
        None,
        b"c" * 10,
    ]
