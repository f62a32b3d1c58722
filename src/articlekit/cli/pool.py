"""Signals and the worker pool: how a run stops (Ctrl-C, SIGTERM, a closed pipe, a dead
worker) and how its work reaches the worker processes (``articlekit.clean_many``)."""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import articlekit
from articlekit.cli.report import Reporter, reason

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM, e.g. from timeout(1) or a service manager
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what shells report when the reader went away


def clean_all(
    items: Iterable[Any], jobs: int | None, transform: Any, clean_kwargs: dict[str, Any]
) -> Any:
    """``clean_many`` over ``items`` in ``jobs`` workers, in order, errors returned in place.
    ``clean_kwargs`` travel with every task, so a worker needs nothing else (no files)."""
    return articlekit.clean_many(
        items, jobs=jobs, errors="return", transform=transform, **clean_kwargs
    )


class Shared(tuple[Any, ...]):
    """Objects every task of a run needs (the site profiles learned), passed to the workers
    in the task arguments (``clean_kwargs``), so they need no file to read them from.

    It is pickled once, into one blob that goes with every task; a worker process unpickles
    each blob once and then hands out the same objects for it, so what the library caches
    per object (a profile's index) is built once per worker, not once per task. In this
    process (``--jobs 1``) it is simply the tuple."""

    def __reduce__(self) -> tuple[Any, ...]:
        blob = self.__dict__.get("blob")
        if blob is None:
            blob = self.__dict__["blob"] = pickle.dumps(tuple(self), pickle.HIGHEST_PROTOCOL)
        return _received, (blob,)


#: In a worker process: the last blob received and what it holds.
_RECEIVED: dict[bytes, Shared] = {}


def _received(blob: bytes) -> Shared:
    found = _RECEIVED.get(blob)
    if found is None:
        _RECEIVED.clear()  # one run's objects at a time
        found = _RECEIVED[blob] = Shared(pickle.loads(blob))
    return found


def guarded(
    report: Reporter,
    body: Callable[[], int],
    *,
    quiet: bool,
    missing_module: bool = False,
) -> int:
    """Run ``body`` (a whole run over files) and turn the ways it can stop into exit statuses;
    then the summary line (unless ``quiet``, but always after an interruption).
    ``missing_module``: an ImportError (an optional reader's package) is a failed run too."""
    from concurrent.futures import BrokenExecutor

    interrupted = False
    try:
        status = body()
    except KeyboardInterrupt as exc:
        interrupted = True
        status = EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED
        stop_listening()
    except BrokenPipeError:
        return broken_pipe()
    except StdoutError as exc:  # say so, and keep Python from failing again at exit
        report.say(f"articlekit: fatal: {exc}")
        stdout_gone()
        status = EXIT_FAILED
    except BrokenExecutor as exc:  # a worker was killed: no single input is to blame
        report.say(f"articlekit: fatal: {reason(exc)}")
        status = EXIT_FAILED
    except ImportError as exc:  # warcio missing: say how to get it
        if not missing_module:
            raise
        report.say(f"articlekit: error: {exc}")
        status = EXIT_FAILED
    if not quiet or interrupted:
        report.say(report.summary(interrupted=interrupted))
    return status


class StdoutError(Exception):
    """Standard output cannot be written (a full disk, ``> /dev/full``, an I/O error): the run
    stops, since every later output would fail the same way. Not a closed pipe: that is
    ``BrokenPipeError``, a quiet stop."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(f"cannot write to standard output: {reason(cause)}")


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Let ``timeout`` or a service manager stop a run as cleanly as Ctrl-C does; the old
    handlers (of SIGTERM, and of SIGINT, which :func:`stop_listening` may set aside) are put
    back afterwards, for callers of ``main()`` in their own process."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous_int = signal.getsignal(signal.SIGINT)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        if not _STOPPED:  # after an interruption, a late Ctrl-C must still find them ignored
            signal.signal(signal.SIGTERM, previous)
            if previous_int is not None:
                signal.signal(signal.SIGINT, previous_int)


#: Set once a run was interrupted: from then on Ctrl-C and SIGTERM are ignored in this process.
_STOPPED = False


def stop_listening() -> None:
    """The run was interrupted and is ending: a second Ctrl-C (or SIGTERM) while it tears
    down and prints its summary changes nothing, so it is ignored rather than let it end the
    process with a traceback halfway through. Main thread only."""
    import signal
    import threading

    global _STOPPED
    if threading.current_thread() is threading.main_thread():
        _STOPPED = True
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM back while the block runs, then deliver them.

    Swapping the Python-level handlers, rather than masking the signal, also works when the
    signal lands on another thread (the process pool has some). Main thread only."""
    import signal

    held: list[int] = []

    def hold(signum: int, frame: object) -> None:
        held.append(signum)

    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, hold) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:
            signal.raise_signal(held[0])


def broken_pipe() -> int:
    """The reader of stdout went away (``articlekit dir/ | head``): stop quietly, and keep
    Python from complaining again when it flushes stdout at exit."""
    stdout_gone()
    return EXIT_BROKEN_PIPE


def stdout_gone() -> None:
    """Standard output can take nothing more: what is left in its buffer goes to /dev/null,
    so the flush at exit neither fails nor prints a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
