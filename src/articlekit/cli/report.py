"""What the command says on stderr: errors, ``-v`` lines, the progress bar and the summary.

Standard output carries only articles, so everything here goes to standard error.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

import articlekit


def reason(exc: BaseException) -> str:
    """Why an input failed, in words: the OS message for files, the message for bad input,
    and the exception type too for anything unexpected."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, articlekit.InputError):
        return str(exc) or "invalid input"
    return f"{type(exc).__name__}: {exc}"


#: Characters a terminal may act on rather than show: C0 controls, DEL, C1 controls (U+009B is
#: a CSI of its own), and the bidirectional overrides and isolates that reorder what is shown.
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {cp: (f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}") for cp in _CONTROLS}
#: In article output to a terminal, line breaks, tabs and the page break between articles stay.
_TEXT_ESCAPES = {cp: e for cp, e in _ESCAPES.items() if chr(cp) not in "\n\t\f"}


def printable(message: str) -> str:
    """``message`` with the characters a terminal acts on written as escapes (``\\x1b``), so a
    file name or record id cannot move the cursor, retitle the window or clear the screen."""
    return message if message.isprintable() else message.translate(_ESCAPES)


def for_terminal(text: str) -> str:
    """Article output for a terminal: as :func:`printable`, but keeping line breaks, tabs
    and the form feed between articles."""
    return text if text.isprintable() else text.translate(_TEXT_ESCAPES)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def isatty(stream: IO[Any]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Reporter:
    """Messages and the progress bar on stderr; stdout carries only articles."""

    def __init__(self, *, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.started = time.monotonic()
        self.inputs = self.outputs = self.failed = self.skipped = 0
        self.bar: Any = None

    def start_bar(self, total: int | None, *, desc: str | None = None) -> None:
        """A progress bar, only for a person watching: stderr a terminal and not --quiet.
        ``desc`` names a pass that is not the cleaning itself (``learning``)."""
        self.close_bar()
        if self.quiet or not isatty(sys.stderr):
            return
        try:
            from tqdm import tqdm
        except ImportError:  # the bar is a nicety: run without it rather than fail
            return
        # No monitor thread: worker processes may be forked later, and fork and threads mix badly.
        tqdm.monitor_interval = 0
        self.bar = tqdm(
            total=total,
            unit="file" if total is not None else "record",
            file=sys.stderr,
            dynamic_ncols=True,
            leave=False,
            desc=desc,
        )

    def tick(self, total: int | None = None) -> None:
        """One step of a pass that counts no input (learning), and its new total if known."""
        if self.bar is not None:
            if total is not None:
                self.bar.total = total
            self.bar.update(1)

    def say(self, message: str) -> None:
        message = printable(message)  # names and ids come from the inputs
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr, flush=True)

    def info(self, message: str) -> None:
        if self.verbose:
            self.say(f"articlekit: {message}")

    def warn(self, message: str) -> None:
        if not self.quiet:
            self.say(f"articlekit: warning: {message}")

    def error(self, name: str, why: str) -> None:
        self.failed += 1
        self._done()
        self.say(f"articlekit: error: {name}: {why}")

    def wrote(self, message: str) -> None:
        self.outputs += 1
        self._done()
        self.info(message)

    def read(self, message: str) -> None:
        """An input taken in without an output of its own (the learning pass of ``learn``)."""
        self._done()
        self.info(message)

    def saved(self, message: str) -> None:
        """An output that is not one input's (the profile file of ``learn``)."""
        self.outputs += 1
        self.info(message)

    def skipped_one(self, message: str) -> None:
        self.skipped += 1
        self._done()
        self.info(message)

    def _done(self) -> None:
        """Count an input once it is finished, so an interrupted run's summary is exact."""
        self.inputs += 1
        if self.bar is not None:
            self.bar.update(1)

    def close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def seconds(self) -> float:
        return time.monotonic() - self.started

    def summary(self, *, interrupted: bool = False) -> str:
        self.close_bar()
        line = (
            f"articlekit: {plural(self.inputs, 'input')}, {plural(self.outputs, 'output')}, "
            f"{self.failed} failed, {self.skipped} skipped in {self.seconds():.2f}s"
        )
        return line + (" (interrupted)" if interrupted else "")
