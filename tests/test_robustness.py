"""Issue 17, the library's side: every foreign exception an input can cause leaves ``clean`` as
``InputError`` with its cause; files of any kind are read in bounded memory and time; deep
nesting in rule packs, profiles and JSON-LD is an error of its own kind, not a RecursionError.
The command's side is in tests/cli/test_robustness.py; the scaling properties in
tests/test_scaling.py."""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

import articlekit
from articlekit import InputError, clean
from articlekit.errors import input_boundary
from articlekit.text import files

NOW = datetime(2025, 7, 23, tzinfo=timezone.utc)

# -- 6: codecs that are not text encodings -------------------------------------------------------

NOT_CHARSETS = ["base64", "hex", "rot13", "zlib", "bz2", "uu", "quopri", "undefined", "idna"]


@pytest.mark.parametrize("label", NOT_CHARSETS)
def test_a_declared_codec_that_is_no_charset_is_ignored(label: str) -> None:
    """Documented fallback (docs/robustness.md, Decoding): such a label is ignored like an
    unknown one, and the bytes go to detection."""
    article = clean(f'<meta charset="{label}"><p>caf\xe9 au lait</p>'.encode("latin-1"))
    assert "café" in article.text


def test_a_wrong_declaration_that_breaks_its_codec_falls_back() -> None:
    data = b'<?xml version="1.0" encoding="utf-7"?><p>\xff\xfe+AGEA-</p>'
    article = clean(data)  # an Article or an InputError, never a UnicodeError
    assert isinstance(article, articlekit.Article)


# -- 7: JSON-LD nested deep ----------------------------------------------------------------------


@pytest.mark.parametrize("opening", ['{"a":', "["])
def test_json_ld_nested_1000_deep(opening: str) -> None:
    closing = "}" if opening.startswith("{") else "]"
    inner = opening * 1000 + ("1" if closing == "}" else "") + closing * 1000
    page = (
        '<html><head><script type="application/ld+json">' + inner + "</script></head>"
        "<body><p>The council met on Tuesday and agreed the budget.</p></body></html>"
    )
    assert "council met" in clean(page).text


# -- 8: ages past the calendar -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["2030 years ago", "vor 9999 Jahren", "Posted 99999999 days ago\n\nThe council met."]
)
def test_an_age_past_the_calendar_has_no_date(text: str) -> None:
    article = clean(text, now=NOW)
    assert article.published is None


def test_a_time_zone_past_a_day_is_read_as_utc() -> None:
    article = clean("Published 2024-05-01T10:00+99:00\n\nThe council met on Tuesday.", now=NOW)
    assert article.published is None or article.published.utcoffset() is not None


# -- the boundary --------------------------------------------------------------------------------


def test_the_boundary_turns_a_foreign_exception_into_input_error_with_its_cause() -> None:
    with pytest.raises(InputError, match="RecursionError: deep") as info, input_boundary():
        raise RecursionError("deep")
    assert isinstance(info.value.__cause__, RecursionError)


@pytest.mark.parametrize("exc", [InputError("x"), MemoryError(), KeyboardInterrupt()])
def test_the_boundary_lets_its_own_and_the_machines_through(exc: BaseException) -> None:
    with pytest.raises(type(exc)), input_boundary():
        raise exc


def test_clean_wraps_a_failure_deep_inside_a_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from articlekit.paths import text as text_path

    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("a step's bug that one page reaches")

    monkeypatch.setattr(text_path, "split", broken)
    with pytest.raises(InputError, match="IndexError: a step's bug") as info:
        clean("some text")
    assert isinstance(info.value.__cause__, IndexError)


def test_calling_wrongly_is_still_not_an_input_error() -> None:
    with pytest.raises(TypeError):
        clean(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format"):
        clean("x", format="pdf")


# -- 4: bounded reading of any kind of file ------------------------------------------------------


def test_a_regular_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1000)
    with pytest.raises(InputError, match="1000 bytes, over max_bytes=10"):
        files.read_bounded(big, 10)
    assert files.read_bounded(big, 1000) == b"x" * 1000
    assert files.read_bounded(big, None) == b"x" * 1000


def test_dev_zero_is_read_no_further_than_the_limit() -> None:
    with pytest.raises(InputError, match="over max_bytes=4096"):
        files.read_bounded("/dev/zero", 4096)


def test_huge_limits_are_fine(tmp_path: Path) -> None:
    small = tmp_path / "a.txt"
    small.write_bytes(b"hello")
    assert files.read_bounded(small, 10**23) == b"hello"
    assert clean("hello", max_bytes=10**23).text == "hello"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_without_a_writer_gives_up(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.process_time()
    with pytest.raises(InputError, match="nothing to read for 0.2 s"):
        files.read_bounded(fifo, 100, wait=0.2)
    assert time.process_time() - started < 5  # it waited, it did not spin


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_with_a_writer_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as fh:
            fh.write(b"The council met on Tuesday.")

    writer = threading.Thread(target=write)
    writer.start()
    assert files.read_bounded(fifo, 100, wait=10) == b"The council met on Tuesday."
    writer.join()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_clean_many_fails_a_silent_fifo_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARTICLEKIT_PIPE_WAIT", "0.2")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("The council met on Tuesday and agreed the budget.")
    out = list(articlekit.clean_many([fifo, good], jobs=1, errors="return"))
    assert isinstance(out[0], InputError)
    assert isinstance(out[1], articlekit.Article)


def test_read_stream_takes_no_more_than_the_limit_and_one() -> None:
    import io

    assert len(files.read_stream(io.BytesIO(b"x" * 5000), 100)) == 101
    assert files.read_stream(io.BytesIO(b"abc"), None) == b"abc"


# -- 9: deep rule packs and profiles -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[chrome]\nadd = " + "[" * 5000 + "]" * 5000 + "\n",
        "[chrome]\nadd = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n",
        "[chrome]\nadd = " + "[" * 900 + "]" * 900 + "\n",
    ],
    ids=["arrays", "tables", "just-under-the-limit"],
)
def test_a_deep_rule_pack_is_a_rule_error(tmp_path: Path, body: str) -> None:
    pack = tmp_path / "deep.toml"
    pack.write_text(body)
    with pytest.raises(articlekit.RuleError):
        articlekit.load_pack(pack)


def test_a_rule_pack_from_dev_zero_is_a_rule_error() -> None:
    with pytest.raises(articlekit.RuleError, match="over the limit"):
        articlekit.load_pack("/dev/zero")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_a_deep_profile_is_a_profile_error(tmp_path: Path, suffix: str) -> None:
    from articlekit.config import sites

    path = tmp_path / f"deep{suffix}"
    if suffix == ".json":
        path.write_text('{"sites": ' + "[" * 5000 + "]" * 5000 + "}")
    else:
        path.write_text("sites = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(articlekit.ProfileError, match="nested too deeply"):
        sites.load(path)


def test_a_profile_from_dev_zero_is_a_profile_error() -> None:
    from articlekit.config import sites

    with pytest.raises(articlekit.ProfileError, match="over the limit"):
        sites.load("/dev/zero")


# -- 9: an old audit page whose summary holds what no summary does ---------------------------


@pytest.mark.parametrize(
    "field", ['"title":5', '"title":["a"]', '"warnings":[1]', '"chars":1e999', '"language":{}']
)
def test_a_summary_with_a_non_string_is_no_summary(field: str) -> None:
    import html

    good = articlekit.audit_summary(clean("The council met on Tuesday.")).to_json()
    key = field.split(":")[0]
    data = __import__("json").loads(good)
    data.pop(key.strip('"'))
    bad = __import__("json").dumps(data)[:-1] + "," + field + "}"
    page = f'<meta name="articlekit-summary" content="{html.escape(bad)}">'
    assert articlekit.AuditSummary.from_page(page) is None


# -- 4: the crawl readers, given a FIFO or a device ----------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.parametrize("reader", ["jsonl", "warc"])
def test_a_reader_given_a_fifo_without_a_writer_fails_it(tmp_path: Path, reader: str) -> None:
    """Opening a FIFO no one writes to blocked forever (issue 17, item 4): now it is one failed
    record after the wait."""
    from articlekit import readers

    pytest.importorskip("warcio")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    files_read = files.pipe_wait
    try:
        files.pipe_wait = lambda: 0.2  # type: ignore[assignment]
        (record,) = readers.read(fifo, reader)
    finally:
        files.pipe_wait = files_read  # type: ignore[assignment]
    assert isinstance(record.error, InputError)
    assert "a pipe with no writer" in str(record.error)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_reader_given_a_fifo_with_a_writer_reads_every_line(tmp_path: Path) -> None:
    from articlekit import readers

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write() -> None:
        time.sleep(0.2)  # the reader is waiting before the writer comes
        with open(fifo, "wb") as fh:
            for i in range(3):
                fh.write(b'{"text": "line %d"}\n' % i)
                fh.flush()

    writer = threading.Thread(target=write)
    writer.start()
    got = list(readers.read_jsonl(fifo))
    writer.join()
    assert [r.data for r in got] == ["line 0", "line 1", "line 2"]


@pytest.mark.parametrize("reader", ["jsonl", "warc"])
@pytest.mark.parametrize("as_stdin", [False, True])
def test_a_reader_given_dev_zero_stops_at_its_limit(reader: str, as_stdin: bool) -> None:
    """/dev/zero as a crawl file (named, or as standard input) was read forever: a JSON line
    with no end skipped piece by piece, junk searched for a WARC record. A device is read no
    further than a JSON line may go."""
    from articlekit import readers

    pytest.importorskip("warcio")
    with open("/dev/zero", "rb") as zero:
        source = zero if as_stdin else "/dev/zero"
        got = list(readers.read(source, reader, max_bytes=1000))  # type: ignore[arg-type]
    assert got and all(isinstance(r.error, InputError) for r in got)
    assert "a device is read no further than 71536 bytes" in str(got[-1].error)


def test_a_stream_that_is_no_device_is_read_as_it_is() -> None:
    import io

    from articlekit import readers

    data = b'{"text": "one"}\n' * 5 + b"x" * 50_000 + b"\n" + b'{"text": "two"}\n'
    got = list(readers.read_jsonl(io.BytesIO(data), max_bytes=1000))
    assert [r.data for r in got if r.error is None] == ["one"] * 5 + ["two"]
