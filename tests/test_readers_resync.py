"""Issue 17, item 5: one bad record costs that record, never the rest of the file. The readers
resynchronise on the next record (``articlekit.warc``: framing by Content-Length, gzip member
by member, then each record parsed alone), and a JSON Lines line nested past the parser's
depth is one failed record."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articlekit import InputError, warc
from articlekit.readers import Record, read_jsonl, read_warc

pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

PROSE = "The council met on Tuesday and agreed that the budget would be cut by a third."


def response(i: int, *, ctype: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    """One uncompressed WARC response record, as warcio writes it."""
    out = io.BytesIO()
    w = WARCWriter(out, gzip=False)
    body = f"<html><body><h1>Storm {i}</h1><p>{PROSE} marker{i}.</p></body></html>".encode()
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    w.write_record(
        w.create_warc_record(
            f"https://news.example/{i}", "response", payload=io.BytesIO(body), http_headers=headers
        )
    )
    return out.getvalue()


def urls(records: list[Record]) -> list[str | None]:
    return [r.url for r in records if r.error is None]


def errors(records: list[Record]) -> list[str]:
    return [str(r.error) for r in records if r.error is not None]


def test_a_response_declaring_charset_undefined_costs_nothing() -> None:
    data = b"".join(
        response(i, ctype="text/html; charset=undefined" if i == 1 else "text/html")
        for i in range(5)
    )
    got = list(read_warc(io.BytesIO(data)))
    assert urls(got) == [f"https://news.example/{i}" for i in range(5)]
    assert not errors(got)


@pytest.mark.parametrize("codec", ["base64", "zlib", "rot13", "hex"])
def test_a_response_declaring_a_codec_that_is_no_charset(codec: str) -> None:
    data = response(0, ctype=f"text/html; charset={codec}")
    (record,) = read_warc(io.BytesIO(data))
    assert record.error is None and isinstance(record.data, bytes)


@pytest.mark.parametrize("junk", [b"JUNK", b"\x00\x01\x02\x03", b"WARC/", b"x" * 100_000])
def test_junk_between_records_is_reported_and_reading_goes_on(junk: bytes) -> None:
    records = [response(i) for i in range(3)]
    data = records[0] + junk + records[1] + records[2]
    got = list(read_warc(io.BytesIO(data)))
    assert urls(got) == [f"https://news.example/{i}" for i in range(3)]
    (error,) = errors(got)
    assert "no WARC record" in error and f"at byte {len(records[0])}" in error


def test_junk_before_the_first_record() -> None:
    data = b"garbage\n" + response(0) + response(1)
    got = list(read_warc(io.BytesIO(data)))
    assert urls(got) == ["https://news.example/0", "https://news.example/1"]
    assert len(errors(got)) == 1


def test_trailing_garbage_after_whole_gzip_members_keeps_the_last_record() -> None:
    data = b"".join(gzip.compress(response(i)) for i in range(3)) + b"trailing garbage"
    got = list(read_warc(io.BytesIO(data)))
    assert urls(got) == [f"https://news.example/{i}" for i in range(3)]
    (error,) = errors(got)
    assert "not gzip" in error


def test_a_damaged_gzip_member_costs_that_member() -> None:
    members = [gzip.compress(response(i)) for i in range(3)]
    broken = members[1][:10] + bytes(b ^ 0x55 for b in members[1][10:-8]) + members[1][-8:]
    got = list(read_warc(io.BytesIO(members[0] + broken + members[2])))
    assert urls(got) == ["https://news.example/0", "https://news.example/2"]
    assert errors(got)


@pytest.mark.parametrize("length", [b"100000000000000000000", b"999999", b"12"])
def test_a_wrong_content_length_costs_that_record(length: bytes) -> None:
    records = [response(i) for i in range(3)]
    start = records[1].index(b"Content-Length: ") + len(b"Content-Length: ")
    end = records[1].index(b"\r\n", start)
    bad = records[1][:start] + length + records[1][end:]
    got = list(read_warc(io.BytesIO(records[0] + bad + records[2])))
    assert urls(got) == ["https://news.example/0", "https://news.example/2"]
    (error,) = errors(got)
    assert "length" in error or "ends" in error


def test_an_unparseable_status_line_is_a_failed_record() -> None:
    data = response(0) + response(1).replace(b"HTTP/1.1 200 OK", b"HTTX garbage!!!") + response(2)
    got = list(read_warc(io.BytesIO(data)))
    assert urls(got) == ["https://news.example/0", "https://news.example/2"]
    (error,) = errors(got)
    assert "no HTTP status line" in error


def test_a_non_2xx_response_is_still_passed_over_not_failed() -> None:
    got = list(read_warc(io.BytesIO(response(0, status="404 Not Found") + response(1))))
    assert urls(got) == ["https://news.example/1"] and not errors(got)


# -- JSON Lines ----------------------------------------------------------------------------


def test_a_json_line_nested_past_the_parsers_depth_is_one_failed_record(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    lines = [json.dumps({"text": PROSE}), "[" * 1050, '{"a":' * 5000, json.dumps({"text": "after"})]
    path.write_text("\n".join(lines) + "\n")
    got = list(read_jsonl(path))
    assert [r.data for r in got if r.error is None] == [PROSE, "after"]
    assert len(errors(got)) == 2 and all("nested too deeply" in e for e in errors(got))


# -- fuzz: any damage, and the reader still goes on ---------------------------------------------

RECORDS = [response(i) for i in range(4)]
WHOLE = b"".join(RECORDS)
BASELINE = {r.url: r.data for r in read_warc(io.BytesIO(WHOLE))}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    at=st.integers(0, len(WHOLE)),
    junk=st.binary(min_size=0, max_size=40),
    cut=st.integers(0, 40),
    gz=st.booleans(),
    piece=st.sampled_from([5, 64, 1 << 16]),
)
def test_damage_anywhere_costs_at_most_the_records_it_touches(
    at: int, junk: bytes, cut: int, gz: bool, piece: int
) -> None:
    """Bytes inserted at, or removed from, any place: every record the damage does not touch
    is read, exactly as from the undamaged file, and nothing raises. (A touched record may be
    failed, or taken changed when the damage is in a header field no one checks.)"""
    data = WHOLE[:at] + junk + WHOLE[at + cut :]
    if gz:  # one member per record, the damage inside whichever member it falls in
        data = gzip.compress(data)
    got = read_in_pieces(data, piece)
    starts = [sum(len(r) for r in RECORDS[:i]) for i in range(len(RECORDS) + 1)]
    untouched = [
        f"https://news.example/{i}"
        for i in range(len(RECORDS))
        if starts[i + 1] <= at or starts[i] >= at + cut + (1 if not junk and not cut else 0)
    ]
    taken = {r.url: r.data for r in got if r.error is None}
    for url in untouched:  # read, and read the same as from the whole file
        assert taken.get(url) == BASELINE[url], (url, sorted(map(str, taken)))


def read_in_pieces(data: bytes, piece: int) -> list[Record]:
    """The reader with the file taken in ``piece`` bytes at a time: records and headers
    straddle the pieces."""
    saved = warc._PIECE
    warc._PIECE = piece
    try:
        return list(read_warc(io.BytesIO(data)))
    finally:
        warc._PIECE = saved


@pytest.mark.parametrize("piece", [1, 3, 17, 1000])
def test_every_record_whatever_the_pieces(piece: int) -> None:
    for data in (WHOLE, b"".join(gzip.compress(r) for r in RECORDS), b"xx" + WHOLE + b"yy"):
        assert {r.url: r.data for r in read_in_pieces(data, piece) if r.error is None} == BASELINE


def test_errors_are_input_errors() -> None:
    got = list(read_warc(io.BytesIO(b"junk" + WHOLE)))
    assert all(isinstance(r.error, InputError) for r in got if r.error is not None)


JSON_LINES = st.one_of(
    st.integers(0, 99).map(lambda i: json.dumps({"text": f"{PROSE} {i}"}).encode()),
    st.sampled_from(["[", "{", '{"a":', '{"text": [']).flatmap(
        lambda o: st.integers(1, 3000).map(lambda n: (o * n).encode())
    ),
    st.binary(max_size=30).filter(lambda b: b"\n" not in b and b"\r" not in b),
    st.sampled_from([b"[1, 2]", b'"text"', b"null", b'{"text": 5}', b'{"text": "\\ud800"}']),
    st.integers(1, 3).map(lambda k: b'{"text": "' + b"x" * (2000 * k) + b'"}'),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSON_LINES, max_size=12))
@example([b'{"text": "The council met."}', b"[" * 1050, b'{"text": "The council met again."}'])
def test_any_json_lines_give_one_record_a_line_and_read_on(lines: list[bytes]) -> None:
    """Item 5's strategy for JSON Lines: a line nested past the parser's depth, junk, a line
    that is no object or too long, among good lines: every good line read as written, one
    failed record for each other non-blank line, and nothing raised."""
    if lines and lines[0].startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ")):
        lines = lines[1:]  # a file that starts as gzip, bzip2 or xz is read as one
    data = b"\n".join(lines) + b"\n"
    got = list(read_jsonl(io.BytesIO(data), max_bytes=1000))
    wanted = [line for line in lines if line.strip()]
    assert len(got) == len(wanted)
    for line, record in zip(wanted, got, strict=True):
        if line.startswith(b'{"text": "The council'):
            assert record.error is None and record.data == json.loads(line)["text"]
        elif record.error is not None:
            assert isinstance(record.error, InputError)
