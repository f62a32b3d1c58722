"""Readers for crawl files (JSON Lines, WARC, WET); the command's ``--reader`` is tested in
tests/cli/test_records.py.

The WARC and WET fixtures are written here with warcio's own writer, in a temporary folder.
Assertions are on structure (records, ids, URLs, errors, order), not on extraction quality.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
from pathlib import Path

import pytest

from articlekit import Article, InputError, clean_many
from articlekit.readers import Record, read, read_jsonl, read_warc, reader_for

pytest.importorskip("warcio")
from warcio.archiveiterator import ArchiveIterator  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

PROSE = (
    "The council met on Tuesday and agreed that the budget would be cut by a third, "
    "officials said, after a long debate about the cost of the new bridge."
)


def page(i: int) -> bytes:
    return (
        f"<html><head><title>Storm {i}</title></head><body><h1>Storm closes schools {i}</h1>"
        f"<p>{PROSE} marker{i}.</p></body></html>"
    ).encode()


def http(status: str, ctype: str | None, extra: list[tuple[str, str]] = ()) -> StatusAndHeaders:  # type: ignore[assignment]
    headers = [("Content-Type", ctype)] if ctype else []
    return StatusAndHeaders(status, [*headers, *extra], protocol="HTTP/1.1")


def write_warc(path: Path, *, gz: bool = True) -> list[str]:
    """A small crawl: the URLs of the records a reader should take, in order."""
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "articlekit tests"}))
        w.write_record(
            w.create_warc_record(
                "https://news.example/1",
                "request",
                payload=io.BytesIO(b"GET /1 HTTP/1.1\r\nHost: news.example\r\n\r\n"),
                warc_content_type="application/http; msgtype=request",
            )
        )
        w.write_record(
            w.create_warc_record(
                "https://news.example/1",
                "response",
                payload=io.BytesIO(page(1)),
                http_headers=http("200 OK", "text/html; charset=utf-8"),
            )
        )
        w.write_record(  # a redirect: not a document
            w.create_warc_record(
                "https://news.example/old",
                "response",
                payload=io.BytesIO(b""),
                http_headers=http("301 Moved Permanently", None, [("Location", "/1")]),
            )
        )
        w.write_record(  # an image: not text
            w.create_warc_record(
                "https://news.example/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
                http_headers=http("200 OK", "image/png"),
            )
        )
        latin = page(2).replace(b"schools", "écoles".encode("cp1252"))
        w.write_record(  # declared charset: decoded by the reader
            w.create_warc_record(
                "https://news.example/2",
                "response",
                payload=io.BytesIO(latin),
                http_headers=http("200 OK", "text/html; charset=windows-1252"),
            )
        )
        body = gzip.compress(page(3))
        w.write_record(  # a gzip Content-Encoding: undone by warcio
            w.create_warc_record(
                "https://news.example/3",
                "response",
                payload=io.BytesIO(body),
                http_headers=http("200 OK", "text/html", [("Content-Encoding", "gzip")]),
            )
        )
        w.write_record(
            w.create_warc_record(
                "https://news.example/4.txt",
                "resource",
                payload=io.BytesIO(f"Storm 4\n\n{PROSE} marker4.\n".encode()),
                warc_content_type="text/plain",
            )
        )
    return [
        "https://news.example/1",
        "https://news.example/2",
        "https://news.example/3",
        "https://news.example/4.txt",
    ]


def write_wet(path: Path, n: int = 3) -> None:
    """A WET file shaped like Common Crawl's: warcinfo, then one conversion record per page."""
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"format": "WARC File Format 1.0"}))
        for i in range(n):
            text = f"Storm closes schools {i}\n{PROSE} marker{i}.\nSubscribe\n"
            w.write_record(
                w.create_warc_record(
                    f"https://news.example/{i}",
                    "conversion",
                    payload=io.BytesIO(text.encode()),
                    warc_content_type="text/plain",
                    warc_headers_dict={"WARC-Refers-To": f"<urn:uuid:{i:08d}>"},
                )
            )


# -- JSON Lines --------------------------------------------------------------------------------


JSONL_LINES = [
    json.dumps(
        {"id": "a", "url": "https://news.example/a", "text": f"Storm A\n\n{PROSE} markerA."}
    ),
    "",
    "this is not json",
    json.dumps([1, 2, 3]),
    json.dumps({"id": 7, "body": "no text field"}),
    json.dumps({"url": "https://news.example/h", "text": page(8).decode()}),
    json.dumps({"text": "lone \ud800 surrogate\n\n" + PROSE}),
]


def test_jsonl_records_and_errors_in_place(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    records = list(read_jsonl(path))
    name = str(path)
    assert [r.id for r in records] == ["a", f"{name}:3", f"{name}:4", "7", f"{name}:6", f"{name}:7"]
    assert [r.error is None for r in records] == [True, False, False, False, True, True]
    assert records[0].url == "https://news.example/a"
    assert "markerA" in str(records[0].data)
    assert all(isinstance(r.error, InputError) for r in records if r.error is not None)
    assert "not JSON" in str(records[1].error) and f"{name}:3" in str(records[1].error)
    assert "'text'" in str(records[3].error)

    results = list(clean_many(records, jobs=2, errors="return"))
    assert len(results) == len(records)
    ok = [r for r in results if isinstance(r, Article)]
    assert [a.url for a in ok] == ["https://news.example/a", "https://news.example/h", None]
    assert ok[1].input_format == "html"
    assert "\ufffd" in ok[2].text  # the lone surrogate, replaced so the JSON can be written
    ok[2].to_json().encode("utf-8")


def test_jsonl_other_field_and_compression(tmp_path: Path) -> None:
    data = "\n".join(json.dumps({"html": page(i).decode()}) for i in range(3)).encode()
    for suffix, pack in (("", bytes), (".gz", gzip.compress), (".bz2", bz2.compress)):
        path = tmp_path / f"pages.jsonl{suffix}"
        path.write_bytes(pack(data))
        records = list(read(path, field="html"))
        assert [r.error for r in records] == [None] * 3, suffix
        for i, record in enumerate(records):
            assert f"marker{i}." in str(record.data)
    xz = io.BytesIO(lzma.compress(data))  # a file object works too, and stays open
    assert len(list(read_jsonl(xz, field="html"))) == 3
    assert not xz.closed


def test_jsonl_is_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    line = json.dumps({"text": PROSE}) + "\n"
    path.write_text(line * 50_000, encoding="utf-8")
    with open(path, "rb") as fh:
        records = read_jsonl(fh)
        first = next(records)
        assert first.data == PROSE
        assert fh.tell() < 100_000  # a buffer's worth, not the 8 MB file
        records.close()


def test_jsonl_overlong_line_is_an_error_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    huge = json.dumps({"text": "x" * 300_000})
    path.write_text(f"{huge}\n" + json.dumps({"text": PROSE}) + "\n", encoding="utf-8")
    first, second = read_jsonl(path, max_bytes=10_000)
    assert isinstance(first.error, InputError) and "over" in str(first.error)
    assert second.error is None and second.data == PROSE


def test_missing_and_corrupt_files_give_one_error_record(tmp_path: Path) -> None:
    (missing,) = read_jsonl(tmp_path / "missing.jsonl")
    assert isinstance(missing.error, InputError) and "No such file" in str(missing.error)
    (missing,) = read_warc(tmp_path / "missing.warc.gz")
    assert isinstance(missing.error, InputError)

    broken = tmp_path / "broken.jsonl.gz"
    packed = gzip.compress(b"".join(b'{"text": "%d"}\n' % (i * 7919) for i in range(5000)))
    broken.write_bytes(packed[: len(packed) // 2])
    records = list(read_jsonl(broken))
    assert records[-1].error is not None
    assert all(r.error is None for r in records[:-1])

    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"this is not an archive\n" * 10)
    (record,) = read_warc(garbage)
    assert isinstance(record.error, InputError) and "cannot read" in str(record.error)


# -- WARC and WET ------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_warc_takes_text_documents_only(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    urls = write_warc(path, gz=gz)
    records = list(read(path))
    assert [r.url for r in records] == urls
    assert all(r.error is None and r.id.startswith("<urn:uuid:") for r in records)
    assert isinstance(records[1].data, str) and "écoles" in records[1].data  # its charset
    assert b"marker3" in bytes(records[2].data)  # type: ignore[arg-type]  # gzip undone

    articles = list(clean_many(records, jobs=1))
    assert [a.url for a in articles] == urls
    assert [f"marker{i + 1}" in a.body for i, a in enumerate(articles)] == [True] * 4


def test_wet_file_like_common_crawl(tmp_path: Path) -> None:
    path = tmp_path / "CC-MAIN-test-00000.warc.wet.gz"
    write_wet(path, n=5)
    assert reader_for(path.name) == "wet"
    records = list(read(path))
    assert [r.url for r in records] == [f"https://news.example/{i}" for i in range(5)]
    articles = list(clean_many(records, jobs=2))
    assert [f"marker{i}." in a.text for i, a in enumerate(articles)] == [True] * 5


def test_warc_record_over_max_bytes_is_refused_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        big = b"<html><body><p>" + b"word " * 200_000 + b"</p></body></html>"
        w.write_record(
            w.create_warc_record(
                "https://news.example/big",
                "response",
                payload=io.BytesIO(big),
                http_headers=http("200 OK", "text/html"),
            )
        )
    (record,) = read_warc(path, max_bytes=1000)
    assert len(record.data) == 1001
    (result,) = clean_many([record], jobs=1, errors="return", max_bytes=1000)
    assert isinstance(result, InputError)


@pytest.mark.parametrize("gz", [True, False])
def test_cut_off_archive_never_yields_a_partial_record(tmp_path: Path, gz: bool) -> None:
    """warcio stops quietly at a truncated file; the reader must not pass a cut-off record on
    as if whole, and must say so when the cut falls inside a document it would take."""
    path = tmp_path / "crawl.warc"
    write_warc(path, gz=gz)
    data = path.read_bytes()
    full = list(read_warc(io.BytesIO(data)))
    spans = []  # byte ranges of the records the reader takes
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            rid = rec.rec_headers.get_header("WARC-Record-ID")
            start, length = it.get_record_offset(), it.get_record_length()
            if rid in {r.id for r in full}:
                spans.append((start, start + length))
    step = 7 if gz else 11
    for cut in range(1, len(data), step):
        got = list(read_warc(io.BytesIO(data[:cut])))
        good = [r for r in got if r.error is None]
        assert good == full[: len(good)], cut
        # Inside a taken record, short of its last bytes (the closing blank lines and the
        # gzip trailer, whose loss leaves the record whole).
        if any(start < cut < end - 12 for start, end in spans):
            assert got and got[-1].error is not None, cut


def test_reader_names() -> None:
    assert reader_for("a.jsonl") == reader_for("a.ndjson.gz") == "jsonl"
    assert reader_for("x.warc.gz") == reader_for("x.warc") == "warc"
    assert reader_for("CC-MAIN-1.warc.wet.gz") == "wet"
    assert reader_for("page.html") is None
    with pytest.raises(ValueError):
        read("page.html")
    with pytest.raises(ValueError):
        read("a.jsonl", "csv")


def test_record_is_a_pair_first() -> None:
    rid, data, *_ = Record("r1", "text", "https://news.example/r1")
    assert (rid, data) == ("r1", "text")
