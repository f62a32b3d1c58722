"""Framing a WARC file into its records, and finding the next record after damage.

warcio parses one record well but stops at the first damage in a file, quietly or with an
exception, and everything after it is lost. Here the file is cut into records by their
``Content-Length`` first, gzip member by member; each record is then parsed alone (by the
reader, with warcio), so damage costs the damaged record and no other:

- junk between records (bytes that are not a record's version line) is reported with its
  place, and reading goes on at the next ``WARC/`` line;
- a record whose length does not fit (the bytes after it are not the blank lines that end a
  record, or the file ends first, as with ``Content-Length: 10**20``) is reported, and the
  next record is looked for in its bytes after its header;
- a gzip member that does not inflate, or bytes after the last member that are not gzip, are
  reported and reading goes on at the next member;
- a record over ``cap`` bytes is read no further than that (the rest is skipped unkept).

Memory stays bounded: the buffer holds at most one record's first ``cap`` bytes and a piece.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import IO, NamedTuple

__all__ = ["Damage", "Frame", "frames", "is_warc", "with_length"]

_PIECE = 1 << 16
_MAX_HEAD = 1 << 18  # a record's header block: a few hundred bytes, rarely more than a KB
_GZIP_MAGIC = b"\x1f\x8b\x08"
_VERSION = re.compile(rb"WARC/\d+\.\d+\r?\n")
_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\S*)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_HEAD_END = re.compile(rb"\r?\n\r?\n")


class Frame(NamedTuple):
    """One whole record: its header block (version line to blank line) and its block, cut
    at ``cap`` bytes when longer (``length`` is what it declared)."""

    offset: int
    head: bytes
    block: bytes
    length: int


class Damage(NamedTuple):
    """Bytes that are no whole record, where they start (in the decompressed stream, or for
    gzip damage in the file) and why."""

    offset: int
    why: str


def with_length(head: bytes, length: int) -> bytes:
    """A header block with its ``Content-Length`` set to ``length`` (a record cut at ``cap``)."""
    return _LENGTH.sub(b"Content-Length: %d\r" % length, head, count=1)


def is_warc(head: bytes) -> bool:
    """Whether a file's first bytes (decompressed) start a WARC record (not ARC, not junk)."""
    return _VERSION.match(head.lstrip(b"\r\n")) is not None


def frames(fh: IO[bytes], cap: int, *, gzipped: bool) -> Iterator[Frame | Damage]:
    """The records of a WARC file in order, with a :class:`Damage` in place of whatever is
    not a whole record."""
    pieces = _gzip_pieces(fh) if gzipped else _plain_pieces(fh)
    return _Framer(pieces, cap, gzipped).run()


def _plain_pieces(fh: IO[bytes]) -> Iterator[bytes | Damage]:
    while piece := fh.read(_PIECE):
        yield piece


def _gzip_pieces(fh: IO[bytes]) -> Iterator[bytes | Damage]:
    """The inflated bytes of every gzip member in turn; a :class:`Damage` for a member that
    does not inflate or for bytes between members that are not gzip (then on to the next
    member's magic bytes). Offsets are the file's."""
    raw = b""
    at = 0  # file offset of raw[0]
    inflate = None
    start = junk = 0  # where the member or the junk began
    eof = False
    while True:
        if len(raw) < _PIECE and not eof:
            more = fh.read(_PIECE)
            eof = not more
            raw += more
        if inflate is None:
            if len(raw) < len(_GZIP_MAGIC) and not eof:
                more = fh.read(_PIECE)
                eof = not more
                raw += more
                continue
            found = raw.find(_GZIP_MAGIC)
            if found != 0:
                cut = len(raw) if found < 0 else found
                if found < 0 and not eof:  # the magic bytes may straddle two pieces
                    cut = max(0, len(raw) - len(_GZIP_MAGIC) + 1)
                if not junk:
                    start = at
                at, raw, junk = at + cut, raw[cut:], junk + cut
                if found < 0 and not eof:
                    continue
            if junk:
                yield Damage(start, f"{junk} bytes that are not gzip at byte {start} of the file")
                junk = 0
            if not raw:
                return
            inflate, start = zlib.decompressobj(31), at
        try:
            out = inflate.decompress(raw, _PIECE)
        except zlib.error as exc:
            yield Damage(start, f"a gzip member at byte {start} of the file is damaged ({exc})")
            found = raw.find(_GZIP_MAGIC, 1)
            cut = len(raw) if found < 0 else found
            at, raw, inflate = at + cut, raw[cut:], None
            continue
        rest = inflate.unused_data if inflate.eof else inflate.unconsumed_tail
        at, raw = at + len(raw) - len(rest), rest
        if out:
            yield out
        if inflate.eof:
            inflate = None
        elif not raw and eof:
            yield Damage(start, "the file ends inside a gzip member (truncated?)")
            return


class _Framer:
    """Records cut from a stream of pieces, over one buffer read from ``at``."""

    def __init__(self, pieces: Iterator[bytes | Damage], cap: int, gzipped: bool) -> None:
        self.pieces = pieces
        self.cap = cap
        self.gzipped = gzipped
        self.buf = bytearray()
        self.at = 0  # where unread bytes start in buf
        self.base = 0  # stream offset of buf[0]
        self.eof = False
        self.damage: Damage | None = None  # a piece that broke the stream, not yet said
        self.mark: int | None = None  # a stream offset the buffer must keep (to go back to)

    # -- the buffer ------------------------------------------------------------------------

    def _more(self) -> bool:
        """One more piece into the buffer; False at the end or at damage."""
        if self.eof or self.damage is not None:
            return False
        piece = next(self.pieces, None)
        if piece is None:
            self.eof = True
            return False
        if isinstance(piece, Damage):
            self.damage = piece
            return False
        keep = self.at if self.mark is None else min(self.at, self.mark - self.base)
        if keep > len(self.buf) // 2:  # compact: keeps taking from the front linear
            del self.buf[:keep]
            self.base += keep
            self.at -= keep
        self.buf += piece
        return True

    def _have(self, n: int) -> bool:
        while len(self.buf) - self.at < n:
            if not self._more():
                return False
        return True

    def _offset(self) -> int:
        return self.base + self.at

    def _drop_all(self) -> int:
        """Forget the unread bytes (after damage); how many there were."""
        n = len(self.buf) - self.at
        self.at = len(self.buf)
        return n

    # -- records ---------------------------------------------------------------------------

    def run(self) -> Iterator[Frame | Damage]:
        while True:
            self._skip_blank()
            if len(self.buf) == self.at and not self._more():
                if self.damage is None:
                    return
                yield self.damage
                self.damage = None
                continue
            start = self._offset()
            head = self._head()
            if head is None:
                self._resync(start, skip=1)
                yield self._said(start, f"{self._offset() - start} bytes that are no WARC record")
                continue
            yield from self._record(start, head)

    def _skip_blank(self) -> None:
        while True:
            while self.at < len(self.buf) and self.buf[self.at] in b"\r\n":
                self.at += 1
            if self.at < len(self.buf) or not self._more():
                return

    def _head(self) -> bytes | None:
        """The header block at the read position (consumed), or None if there is none."""
        self._have(12)
        if _VERSION.match(self.buf, self.at) is None:
            return None
        searched = self._offset()  # a stream offset: taking in more may move the buffer
        while True:
            m = _HEAD_END.search(self.buf, max(self.at, searched - self.base - 4))
            if m is not None and m.end() - self.at <= _MAX_HEAD:
                head = bytes(self.buf[self.at : m.end()])
                self.at = m.end()
                return head
            searched = self.base + len(self.buf)
            if len(self.buf) - self.at > _MAX_HEAD or not self._more():
                return None

    def _record(self, start: int, head: bytes) -> Iterator[Frame | Damage]:
        m = _LENGTH.search(head)
        if m is None or not m[1].isdigit():
            yield self._said(start, "a record without a valid Content-Length")
            self._resync(self._offset())
            return
        length = int(m[1])
        after_head: int | None = self._offset()
        self.mark = after_head
        try:
            yield from self._block(start, head, length)
        finally:
            self.mark = None

    def _block(self, start: int, head: bytes, length: int) -> Iterator[Frame | Damage]:
        """The block of the record whose header ended at the mark."""
        after_head = self.mark
        kept = min(length, self.cap)
        whole = self._have(kept)
        block = bytes(self.buf[self.at : self.at + kept])
        self.at += len(block)
        if whole and length > kept:
            self.mark = after_head = None  # its bytes are not kept: no going back into them
            whole = self._skip(length - kept)
        if whole and self._end_of_record():
            yield Frame(start, head, block, length)
            return
        if self.damage is not None:
            why = "a record cut off by a damaged gzip member"
        elif not whole:
            why = f"the file ends {length - len(block)} bytes into a record (truncated?)"
        else:
            why = "a record whose length does not match its content"
        yield self._said(start, why)
        if after_head is not None:  # the next record may be inside this one's bytes
            self.at = after_head - self.base
        self._resync(self._offset())

    def _said(self, start: int, why: str) -> Damage:
        where = " of the inflated stream" if self.gzipped else ""
        return Damage(start, f"{why}, at byte {start}{where}")

    def _skip(self, n: int) -> bool:
        while n > 0:
            if self.at == len(self.buf) and not self._more():
                return False
            step = min(n, len(self.buf) - self.at)
            self.at += step
            n -= step
        return True

    def _end_of_record(self) -> bool | None:
        """Consume the blank lines that end a record: True, or None when other bytes follow
        (the length was wrong). At the end of the stream a part of them is enough (a cut
        that takes only them leaves the record whole)."""
        self._have(4)
        tail = bytes(self.buf[self.at : self.at + 4])
        for end in (b"\r\n\r\n", b"\n\n"):
            if tail.startswith(end):
                self.at += len(end)
                return True
        if len(tail) < 4 and b"\r\n\r\n".startswith(tail) and (self.eof or self.damage):
            self.at += len(tail)
            return True
        return None

    def _resync(self, start: int, skip: int = 0) -> None:
        """Move from ``start`` (and ``skip`` bytes on) to the next version line (or the end,
        or the next piece after damage)."""
        self.at = max(self.at, start - self.base)
        while True:
            m = _VERSION.search(self.buf, self.at + skip)
            if m is not None:
                self.at = m.start()
                return
            self.at, skip = max(self.at, len(self.buf) - 12), 0
            if not self._more():
                self._drop_all()
                return
