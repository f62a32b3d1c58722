"""Readers for the formats crawls come in: JSON Lines, WARC and WET.

Each reader is a generator: it opens its file when first asked for a record, reads one record at
a time and yields :class:`Record` s, so a many-gigabyte crawl file is cleaned in bounded memory.
Records go straight into ``articlekit.clean_many``, which passes each record's URL on to
``clean(url=...)``::

    from articlekit import clean_many
    from articlekit.readers import read_warc

    records = list(read_warc("CC-MAIN-...-00000.warc.wet.gz"))  # or stream them, unlisted
    for record, article in zip(records, clean_many(records, errors="return")):
        print(record.url, getattr(article, "title", article))

A record that cannot be read (a line that is not JSON, a missing field, a corrupt archive) is
not dropped: it is yielded with ``error`` set, and ``clean_many`` turns it into that error in
the record's place. A damaged archive ends with one such record saying where reading stopped.

WARC and WET need the optional extra ``articlekit[warc]`` (the ``warcio`` library).
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import json
import lzma
import os
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from typing import IO, Any, NamedTuple

from articlekit.api import DEFAULT_MAX_BYTES
from articlekit.errors import InputError
from articlekit.text.files import device_capped, open_stream
from articlekit.warc import Damage, Frame, frames, with_length

__all__ = [
    "READERS",
    "TEXT_CONTENT_TYPES",
    "WARC_TYPES",
    "Record",
    "read",
    "read_jsonl",
    "read_warc",
    "reader_for",
]

#: Reader names, as ``read(reader=...)`` and the command's ``--reader`` take them.
READERS = ("jsonl", "warc", "wet")

#: WARC record types that hold a document: a fetched page (``response``), a stored file
#: (``resource``) and extracted text (``conversion``, what WET files are made of).
WARC_TYPES = ("response", "resource", "conversion")

#: Payload types taken from a WARC; images, PDFs, scripts and the like are passed over.
TEXT_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")

_SOURCE = str | os.PathLike[str] | IO[bytes]


class Record(NamedTuple):
    """One document from a crawl file: its id, its payload, and where it came from.

    ``id`` is the WARC-Record-ID, the JSON Lines ``id`` field, or ``NAME:LINE``. ``data`` is
    what ``clean`` gets: bytes as stored, or text when the record declared its charset (and the
    bytes decode under it) or came from JSON. ``url`` is the page address, passed on to
    ``clean(url=...)``. ``error`` is set (and ``data`` empty) when the record could not be read.
    ``data`` may also be a path, which ``clean_many`` reads in its worker.
    """

    id: str
    data: str | bytes | os.PathLike[str]
    url: str | None = None
    error: Exception | None = None

    def clean_args(
        self, clean_kwargs: dict[str, Any]
    ) -> tuple[str | bytes | os.PathLike[str], dict[str, Any]]:
        """What ``clean`` is called with for this record: its data, and the caller's keywords
        with the record's URL. Raises the record's ``error`` if it has one."""
        if self.error is not None:
            raise self.error
        if self.url:
            clean_kwargs = {**clean_kwargs, "url": self.url}
        return self.data, clean_kwargs


def reader_for(name: str) -> str | None:
    """The reader a file name calls for, from its suffix (compression suffixes aside):
    ``.jsonl``/``.ndjson`` -> ``jsonl``; ``.warc``/``.arc`` -> ``warc``; ``.wet`` -> ``wet``."""
    lower = os.path.basename(name).lower()
    for comp in (".gz", ".bz2", ".xz"):
        lower = lower.removesuffix(comp)
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lower.endswith(".wet"):
        return "wet"
    if lower.endswith((".warc", ".arc")):
        return "warc"
    return None


def read(
    source: _SOURCE,
    reader: str = "auto",
    *,
    field: str = "text",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Record]:
    """Records of ``source`` with the named reader; ``auto`` goes by the file name."""
    if reader == "auto":
        found = reader_for(_name(source))
        if found is None:
            raise ValueError(f"cannot tell the format of {_name(source)!r} from its name")
        reader = found
    if reader == "jsonl":
        return read_jsonl(source, field=field, max_bytes=max_bytes)
    if reader in ("warc", "wet"):
        return read_warc(source, max_bytes=max_bytes)
    raise ValueError(f"reader must be one of {('auto', *READERS)}, not {reader!r}")


# -- JSON Lines ------------------------------------------------------------------------------


def read_jsonl(
    source: _SOURCE,
    *,
    field: str = "text",
    url_field: str = "url",
    id_field: str = "id",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Record]:
    """One record per non-blank line of a JSON Lines file (plain, gzip, bzip2 or xz).

    Each line is a JSON object; its ``field`` (a string: text or HTML) is the payload, its
    ``url_field`` the address and its ``id_field`` the id (else ``NAME:LINE``). A line that is
    not such an object, or is too long to hold a payload within ``max_bytes`` (JSON may take
    six bytes per character), gives a record with ``error`` set, and reading goes on.
    """
    name = _name(source)
    line_limit = None if max_bytes is None else 6 * max_bytes + 65_536
    lineno = 0
    with ExitStack() as stack:
        try:
            fh = stack.enter_context(_open(source, line_limit))
            for lineno, line in _lines(fh, line_limit):
                where = f"{name}:{lineno}"
                if line is None:
                    yield _failed(where, f"line {lineno} is over {line_limit} bytes")
                elif line.strip():
                    yield _json_record(line, where, field, url_field, id_field)
        except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:
            yield _failed(name, _unreadable(exc, f"after line {lineno}" if lineno else ""))


def _json_record(
    line: bytes | bytearray, where: str, field: str, url_field: str, id_field: str
) -> Record:
    try:
        obj = json.loads(line)
    except ValueError as exc:  # JSONDecodeError, and UnicodeDecodeError for bad bytes
        return _failed(where, f"not JSON: {exc}")
    except RecursionError:  # 1,000 '[' are enough
        return _failed(where, "not JSON that can be read: nested too deeply")
    if not isinstance(obj, dict):
        return _failed(where, f"not a JSON object but {type(obj).__name__}")
    url = obj.get(url_field)
    url = url if isinstance(url, str) and url else None
    rid = obj.get(id_field)
    rid = str(rid) if isinstance(rid, (str, int)) and not isinstance(rid, bool) else where
    data = obj.get(field)
    if not isinstance(data, str):
        found = "missing" if data is None else f"a {type(data).__name__}"
        error = InputError(f"{where}: field {field!r} is {found}, not a string")
        return Record(rid, "", url, error)
    return Record(rid, data, url)


_PIECE = 1 << 20  # a long line is read a megabyte at a time


def _lines(fh: IO[bytes], limit: int | None) -> Iterator[tuple[int, bytes | bytearray | None]]:
    """Numbered lines; a line over ``limit`` bytes (its line break not counted) comes as
    ``None``. A long line is read a megabyte at a time into one buffer, so it is held once
    (``readline(limit)`` held it twice while joining its pieces), and a line found over the
    limit is let go at once and the rest of it skipped piece by piece: at most ``limit`` bytes
    and a piece of it are ever held."""
    cap = sys.maxsize if limit is None else limit
    lineno = 0
    while True:
        line: bytes | bytearray = fh.readline(_PIECE)
        if not line:
            return
        lineno += 1
        buf = None
        while not line.endswith(b"\n") and len(line) >= _PIECE and len(line) <= cap:
            piece = fh.readline(_PIECE)  # the line goes on: gather it in one buffer
            if not piece:
                break
            if buf is None:
                buf = bytearray(line)
            buf += piece
            line = buf
            if len(piece) < _PIECE and not piece.endswith(b"\n"):
                break  # the end of the file
        if len(line) - line.endswith(b"\n") > cap:
            ended = line.endswith(b"\n")
            line, buf = b"", None  # over the limit: let go of it, skip the rest
            while not ended:
                piece = fh.readline(_PIECE)
                ended = not piece or piece.endswith(b"\n")
            yield lineno, None
        else:
            yield lineno, line


# -- WARC and WET ------------------------------------------------------------------------------


def read_warc(
    source: _SOURCE,
    *,
    types: tuple[str, ...] = WARC_TYPES,
    content_types: tuple[str, ...] = TEXT_CONTENT_TYPES,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Record]:
    """The documents of a WARC or WET file (gzipped or not), read with ``warcio``.

    Taken: records of the given ``types`` whose payload type is one of ``content_types`` (or
    not given), and for ``response`` records only a 2xx HTTP status (redirects, errors, DNS
    and request records are not documents). The HTTP body comes with transfer and content
    encodings undone; at most ``max_bytes + 1`` bytes are read per record, enough for
    ``clean`` to refuse a larger one. Requires ``articlekit[warc]``.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator  # noqa: F401 - is it installed?
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            "reading WARC and WET files needs warcio: pip install 'articlekit[warc]'"
        ) from exc

    name = _name(source)
    count = 0
    with ExitStack() as stack:
        try:
            fh = stack.enter_context(_open(source, _device_limit(max_bytes), decompress=False))
            gzipped, warc = _kind(fh)
            if not warc:  # ARC, or what warcio may know better: its own reading, to the end
                yield from _read_whole(fh, name, types, content_types, max_bytes)
                return
            cap = sys.maxsize if max_bytes is None else max_bytes + 1 + _HTTP_HEAD
            for item in frames(fh, cap, gzipped=gzipped):
                if isinstance(item, Damage):
                    where = f"after {count} records" if count else ""
                    yield _failed(name, _unreadable(InputError(item.why), where))
                    continue
                record = _framed(item, types, content_types, max_bytes)
                if record is not None:
                    count += 1
                    yield record
        except Exception as exc:  # the file cannot be opened or read at all
            where = f"after {count} records" if count else ""
            yield _failed(name, _unreadable(exc, where))


#: Room for a response's HTTP header on top of ``max_bytes`` of payload.
_HTTP_HEAD = 1 << 18


def _device_limit(max_bytes: int | None) -> int | None:
    """How far a device named as a crawl file is read: as far as a JSON line may go."""
    return None if max_bytes is None else 6 * max_bytes + 65_536


def _kind(fh: Any) -> tuple[bool, bool]:
    """(gzipped, starts with a WARC record) from the first bytes."""
    head = fh.peek(8192)[:8192] if hasattr(fh, "peek") else b""
    gzipped = head.startswith(b"\x1f\x8b")
    if gzipped:
        try:
            head = zlib.decompressobj(31).decompress(head, 256)
        except zlib.error:  # plain records after a stray magic, or a damaged first member
            return b"WARC/" not in head, True
    arc = head.lstrip().startswith(b"filedesc://") and b"WARC/" not in head
    return gzipped, not arc


def _framed(
    frame: Frame, types: tuple[str, ...], content_types: tuple[str, ...], max_bytes: int | None
) -> Record | None:
    """One framed record parsed (by warcio) and taken or passed over; whatever goes wrong
    fails this record only."""
    from warcio.archiveiterator import ArchiveIterator

    head = frame.head
    if len(frame.block) < frame.length:
        head = with_length(head, len(frame.block))
    rid = ""
    try:
        rec = next(iter(ArchiveIterator(io.BytesIO(head + frame.block + b"\r\n\r\n"))))
        rid = rec.rec_headers.get_header("WARC-Record-ID") or ""
        return _warc_record(rec, types, content_types, max_bytes)
    except Exception as exc:
        where = rid or f"the record at byte {frame.offset}"
        return _failed(rid or f"record@{frame.offset}", f"{where}: {type(exc).__name__}: {exc}")


def _read_whole(
    fh: Any,
    name: str,
    types: tuple[str, ...],
    content_types: tuple[str, ...],
    max_bytes: int | None,
) -> Iterator[Record]:
    """A file that does not start with a WARC record (ARC), read by warcio to the end."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        records = ArchiveIterator(fh)
        reader = records.reader
        # A record is held back until warcio has read past it: only then is it known to
        # be whole (warcio stops quietly at a cut-off file, which would lose it unsaid).
        held: tuple[Any, Record | None] | None = None
        for rec in records:
            if held is not None:
                _check_whole(held[0], records.err_count)
                if held[1] is not None:
                    count += 1
                    yield held[1]
            key = "Content-Length" if rec.format.startswith("warc") else "length"
            if not (rec.rec_headers.get_header(key) or "").strip().isdigit():
                raise InputError(f"a record without a valid {key} (cut off?)")
            held = rec, _warc_record(rec, types, content_types, max_bytes)
        if held is not None:
            _check_whole(held[0], records.err_count)
            if held[1] is not None:
                count += 1
                yield held[1]
        if reader.decompressor is not None and not reader.decompressor.eof:
            raise InputError("the file ends inside a gzip member (truncated?)")
        if records.offset != records.fh.tell():  # bytes after the last whole record
            raise InputError(f"a damaged or cut-off record at byte {records.offset}")
    except Exception as exc:  # warcio raises many kinds on a damaged archive
        where = f"after {count} records" if count else ""
        yield _failed(name, _unreadable(exc, where))


def _check_whole(rec: Any, framing_errors: int) -> None:
    """Raise if the file ended before the record's declared length, or if warcio found that
    a record was not followed by the blank lines its length promised."""
    missing = getattr(rec.raw_stream, "limit", 0)
    if missing:
        raise InputError(f"the file ends {missing} bytes into a record (truncated?)")
    if framing_errors:
        raise InputError("a record's length does not match its content (damaged archive?)")


def _warc_record(
    rec: Any, types: tuple[str, ...], content_types: tuple[str, ...], max_bytes: int | None
) -> Record | None:
    if rec.rec_type not in types:
        return None
    headers = rec.rec_headers
    http = rec.http_headers
    rid = headers.get_header("WARC-Record-ID") or ""
    url = headers.get_header("WARC-Target-URI") or None
    if rec.rec_type == "response" and http is not None:
        status = http.get_statuscode() or ""
        if not _STATUS.match(f"{http.protocol} {http.statusline}"):
            line = f"{http.protocol} {http.statusline}"[:80]
            return Record(rid, "", url, InputError(f"{rid or url}: no HTTP status line: {line!r}"))
        if not status.startswith("2"):
            return None
        ctype = http.get_header("Content-Type") or ""
    else:
        ctype = headers.get_header("Content-Type") or ""
    mime, charset = _content_type(ctype)
    if mime and mime not in content_types:
        return None
    try:  # undoing a broken transfer or content encoding fails this record, not the file
        stream = rec.content_stream()
        payload: bytes = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    except Exception as exc:
        error = InputError(f"{rid or url}: cannot read its content: {type(exc).__name__}: {exc}")
        return Record(rid, "", url, error)
    data: str | bytes = payload
    if charset:
        try:
            if not getattr(codecs.lookup(charset), "_is_text_encoding", True):
                raise LookupError(charset)  # base64, zlib, rot13...: no charset
            data = payload.decode(charset)
        except (LookupError, UnicodeError):  # UnicodeError: what 'undefined' raises
            data = payload  # a wrong declaration: leave it to detection
    return Record(rid, data, url)


_STATUS = re.compile(r"HTTP/\d(?:\.\d)? \d{3}(?:\s|$)", re.IGNORECASE)


def _content_type(value: str) -> tuple[str, str | None]:
    """``text/html; charset=UTF-8`` -> ``("text/html", "UTF-8")``."""
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset


# -- shared ------------------------------------------------------------------------------------


def _name(source: _SOURCE) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fsdecode(source)
    return str(getattr(source, "name", "<stream>"))


def _open(source: _SOURCE, limit: int | None, *, decompress: bool = True) -> IO[bytes]:
    """A binary file for ``source``; gzip, bzip2 and xz are undone (found by their magic
    bytes) when ``decompress``. A file object passed in is not closed afterwards. A path
    that names a pipe waits a bounded time for data, and a device (a path, or standard input
    from ``/dev/zero``) is read at most ``limit`` bytes: neither holds the run forever."""
    if isinstance(source, (str, os.PathLike)):
        fh: IO[bytes] = open_stream(source, limit)
    else:
        fh = device_capped(source, limit) or _Unclosed(source)
    if not decompress:
        return fh
    head = fh.peek(6)[:6] if hasattr(fh, "peek") else b""
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    if head.startswith(b"BZh"):
        return bz2.BZ2File(fh, "rb")
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(fh, "rb")
    return fh


class _Unclosed(io.BufferedReader):
    """A caller's binary stream, buffered (so its magic bytes can be peeked) and left open."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__(_RawView(raw))

    def close(self) -> None:
        pass


class _RawView(io.RawIOBase):
    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _failed(where: str, message: str) -> Record:
    return Record(where, "", None, InputError(f"{where}: {message}"))


def _unreadable(exc: Exception, where: str) -> str:
    if isinstance(exc, OSError) and exc.strerror and not isinstance(exc, gzip.BadGzipFile):
        reason = exc.strerror
    elif isinstance(exc, InputError):
        reason = str(exc)
    else:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"cannot read {where}: {reason}" if where else f"cannot read: {reason}"
