"""Writing outputs: to stdout, or atomically to a file (a whole file or none, never a
temporary one left behind), with Ctrl-C held back until the output is whole and counted."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from articlekit.cli.pool import StdoutError, signals_deferred
from articlekit.cli.report import Reporter, for_terminal, isatty, reason


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new output file gets: what ``open`` would give it under the umask."""
    return 0o666 & ~umask()


def write_atomic(target: Path, data: bytes, *, overwrite: bool, mode: int) -> None:
    """Write to a temporary file beside ``target``, then rename it into place: readers and an
    interrupted run only ever see no file or a whole one. Without ``overwrite`` the final step
    is a hard link, which fails rather than replace a file that appeared meanwhile. The caller
    holds Ctrl-C back meanwhile, so the temporary file is always removed."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):  # not on Windows before 3.13
                os.fchmod(fh.fileno(), mode)
            fh.write(data)
        place(Path(tmp), target, overwrite=overwrite)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def place(tmp: Path, target: Path, *, overwrite: bool) -> None:
    """Give the whole temporary file ``tmp`` the name ``target``: a rename with ``overwrite``,
    else a hard link, which fails rather than replace a file that appeared meanwhile (the
    caller removes ``tmp`` after)."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(f"{target} exists") from None
        os.replace(tmp, target)


#: The temporary files ``write_atomic`` makes: ``.NAME.XXXXXXXX.tmp`` (tempfile's 8 characters).
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def remove_stale(targets: Iterable[Path]) -> int:
    """Remove the temporary files an earlier run left beside these outputs (killed with
    ``kill -9`` while writing, or on a power cut): the hidden ``.NAME.XXXXXXXX.tmp`` of each
    target NAME, and nothing else. One listing per folder. How many were removed."""
    by_folder: dict[Path, set[str]] = {}
    for target in targets:
        by_folder.setdefault(target.parent, set()).add(target.name)
    removed = 0
    for folder, names in by_folder.items():
        try:
            entries = os.scandir(folder)
        except OSError:  # not made yet, or unreadable: nothing of ours in it
            continue
        with entries:
            for entry in entries:
                m = _TEMPORARY.match(entry.name)
                if m and m["name"] in names and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
    return removed


def to_stdout(text: str, report: Reporter, message: str, *, coloured: bool = False) -> None:
    """One output on stdout, flushed and counted before Ctrl-C is let through. To a terminal,
    the control characters of the article (a dump's ESC bytes) are written as escapes, unless
    the output is ``--format explain`` in colour, whose own escapes must reach the terminal."""
    if not coloured and isatty(sys.stdout):
        text = for_terminal(text)
    with signals_deferred():
        try:
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StdoutError(exc) from exc
        report.wrote(message)


def to_file(
    name: str, target: Path, text: str, report: Reporter, *, overwrite: bool, mode: int
) -> bool:
    """One output written atomically to ``target`` and counted; False (reported as the
    failure of input ``name``) if it could not be."""
    with signals_deferred():
        try:
            write_atomic(target, text.encode("utf-8"), overwrite=overwrite, mode=mode)
        except OSError as exc:
            report.error(name, f"cannot write {target}: {reason(exc)}")
            return False
        report.wrote(f"{name} -> {target}")
    return True
