"""Reading a file of any kind in bounded memory and time: the one reader behind every input a
path names (a dump, a rule pack, a profile).

A regular file over the limit is refused from its size, unread. Anything else a path can name
(a FIFO, ``/dev/zero``, a socket, ``/dev/stdin``) is read at most ``limit + 1`` bytes, enough to
know it is over; a pipe is opened without blocking (opening a FIFO no one writes to would
otherwise wait forever) and waits at most ``wait`` seconds for each piece of data.

The crawl readers take their file a piece at a time instead (:func:`open_stream`): a pipe is
opened and waited on the same way, and a device is read no further than a limit.
"""

from __future__ import annotations

import io
import os
import select
import stat
from typing import IO, Any, BinaryIO

from articlekit.errors import InputError

#: Seconds a pipe may stay silent (no writer yet, or one that stopped writing) before reading
#: it gives up; ``ARTICLEKIT_PIPE_WAIT`` in the environment sets another.
PIPE_WAIT = 10.0

_CHUNK = 1 << 20


def pipe_wait() -> float:
    """The wait in force: ``ARTICLEKIT_PIPE_WAIT`` if it is a number, else :data:`PIPE_WAIT`."""
    try:
        return max(0.0, float(os.environ.get("ARTICLEKIT_PIPE_WAIT", PIPE_WAIT)))
    except ValueError:
        return PIPE_WAIT


def read_bounded(
    path: str | os.PathLike[str],
    limit: int | None,
    *,
    what: str = "input",
    over: str | None = None,
    wait: float | None = None,
) -> bytes:
    """The bytes of ``path``; :class:`InputError` when there are more than ``limit`` (None: no
    limit) or a pipe stays silent for ``wait`` seconds, ``OSError`` when it cannot be read.
    ``what`` and ``over`` (default ``max_bytes=LIMIT``) word the messages."""
    over = over or f"max_bytes={limit}"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "Is a directory", os.fspath(path))
        if stat.S_ISREG(st.st_mode):
            if limit is not None and st.st_size > limit:
                raise InputError(f"{what} is {st.st_size} bytes, over {over}")
            os.set_blocking(fd, True)
            data = _read_all(fd, limit, what, None, first=st.st_size + 1)
        else:
            data = _read_all(fd, limit, what, pipe_wait() if wait is None else wait)
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        raise InputError(f"{what} is over {over}; not read further")
    return data


def _read_all(
    fd: int, limit: int | None, what: str, wait: float | None, *, first: int = _CHUNK
) -> bytes:
    """Read to the end or to ``limit + 1`` bytes; ``wait``: poll before each read (a pipe).
    ``first``: the size of the first read (a regular file's size and one: read at once)."""
    parts: list[bytes] = []
    size = 0
    chunk = first
    poller = None
    if wait is not None and hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN)
    while limit is None or size <= limit:
        want = chunk if limit is None else min(chunk, limit + 1 - size)
        chunk = _CHUNK
        if poller is not None and not poller.poll(int(1000 * (wait or 0))):
            raise InputError(
                f"nothing to read for {wait:g} s ({what} is a pipe with no writer?); not read"
            )
        try:
            part = os.read(fd, want)
        except BlockingIOError:
            continue
        if not part:
            break
        parts.append(part)
        size += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def open_stream(
    path: str | os.PathLike[str], limit: int | None, *, wait: float | None = None
) -> BinaryIO:
    """``path`` opened for a reader that takes it a piece at a time (JSON Lines, WARC): a
    regular file as it is; a FIFO or a socket without blocking, each read waiting at most
    ``wait`` seconds (default :func:`pipe_wait`) for data, so a pipe with no writer fails
    instead of holding the run forever; a device (``/dev/zero``) read no further than
    ``limit`` bytes, as it has no end. Past either, reading raises :class:`InputError`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", os.fspath(path))
        if stat.S_ISREG(mode):
            os.set_blocking(fd, True)
            return open(fd, "rb")  # noqa: SIM115 - the caller closes it
        piped = stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
        os.set_blocking(fd, not piped)
        raw = _Piece(
            fd,
            wait=(pipe_wait() if wait is None else wait) if piped else None,
            limit=None if piped else limit,
        )
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(raw)


def device_capped(stream: IO[bytes], limit: int | None) -> IO[bytes] | None:
    """An open stream (standard input) that is a device other than a terminal (``<
    /dev/zero``), read through its own descriptor no further than ``limit`` bytes, as it has
    no end; None for a pipe, a file, a terminal or a stream with no descriptor."""
    try:
        fd = stream.fileno()
        mode = os.fstat(fd).st_mode
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    if limit is None or not (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) or os.isatty(fd):
        return None
    return io.BufferedReader(_Piece(os.dup(fd), wait=None, limit=limit))


class _Piece(io.RawIOBase):
    """A descriptor opened without blocking, read as a blocking file: each read waits at
    most ``wait`` seconds for data (a pipe), and no more than ``limit`` bytes are read in all
    (a device)."""

    def __init__(self, fd: int, *, wait: float | None, limit: int | None) -> None:
        super().__init__()
        self._fd, self._wait, self._limit, self._left = fd, wait, limit, limit
        self._poller = None
        if wait is not None and hasattr(select, "poll"):
            self._poller = select.poll()
            self._poller.register(fd, select.POLLIN)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        want = len(buffer)
        if self._left is not None:
            if self._left <= 0:
                raise InputError(f"a device is read no further than {self._limit} bytes")
            want = min(want, self._left)
        while True:
            if self._poller is not None and not self._poller.poll(int(1000 * (self._wait or 0))):
                raise InputError(
                    f"nothing to read for {self._wait:g} s (a pipe with no writer?); not read"
                )
            try:
                data = os.read(self._fd, want)
            except BlockingIOError:  # polled readable, and the data gone: wait again
                continue
            break
        if self._left is not None:
            self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


def read_stream(stream: BinaryIO, limit: int | None) -> bytes:
    """At most ``limit + 1`` bytes of an open stream (standard input), a piece at a time, so
    memory follows what arrives, not the limit."""
    parts: list[bytes] = []
    size = 0
    while limit is None or size <= limit:
        want = _CHUNK if limit is None else min(_CHUNK, limit + 1 - size)
        part = stream.read(want)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)
