"""Signals and the worker pool: how a run stops (Ctrl-C, SIGTERM, a closed pipe, a dead
worker) and how its work reaches the worker processes (``articlekit.clean_many``)."""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import articlekit
from articlekit.batch import signals_held
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


def _on_signal(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM: the first one stops the run, and from that moment on both are
    ignored, so a second Ctrl-C cannot cut the teardown or the summary short (it would land
    anywhere: in the pool's shutdown, or before the summary line)."""
    import signal

    stop_listening()
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Ctrl-C and SIGTERM (``timeout``, a service manager) stop a run cleanly, once: see
    :func:`_on_signal`, and :func:`_unraisable` for a Ctrl-C that lands in a finalizer. A
    SIGINT this process was started with ignored (a job a script put in the background) stays
    ignored, as for any Unix tool. The old handlers and hook are put back afterwards, for
    callers of ``main()`` in their own process."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous_int = signal.getsignal(signal.SIGINT)
    previous_term = signal.signal(signal.SIGTERM, _on_signal)
    if previous_int is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_signal)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = functools.partial(_unraisable, previous_hook)
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        if not _STOPPED:  # after an interruption, a late Ctrl-C must still find them ignored
            signal.signal(signal.SIGTERM, previous_term)
            if previous_int is not None:
                signal.signal(signal.SIGINT, previous_int)


def _unraisable(previous: Callable[[Any], object], unraisable: Any) -> None:
    """A Ctrl-C whose handler ran inside a finalizer (a garbage collection, a weak reference's
    callback) raised there, where Python prints and drops it: the run would go on as if
    nothing was pressed, or wait forever on an input that never ends. It is raised again, on
    the main thread, at the first point outside any finalizer (:func:`_redeliver`)."""
    import threading

    exc = unraisable.exc_value
    if isinstance(exc, KeyboardInterrupt) and threading.current_thread() is threading.main_thread():
        _redeliver_soon(type(exc))
    else:
        previous(unraisable)


def _redeliver_soon(kind: type[KeyboardInterrupt]) -> None:
    """Raise ``kind`` on the main thread once it is out of this hook: a thread trips SIGINT
    until its handler, :func:`_redeliver`, found the main thread outside the hook and raised
    it (a handler that runs inside the hook returns, and the next trip tries again)."""
    import signal
    import threading

    delivered = threading.Event()
    main = threading.main_thread().ident
    assert main is not None

    def trip() -> None:
        while True:
            signal.pthread_kill(main, signal.SIGINT)
            if delivered.wait(0.01):
                return

    signal.signal(signal.SIGINT, functools.partial(_redeliver, kind, delivered))
    threading.Thread(target=trip, name="articlekit-redeliver", daemon=True).start()


def _redeliver(kind: type[KeyboardInterrupt], delivered: Any, signum: int, frame: Any) -> None:
    hook_code = _unraisable.__code__
    while frame is not None:
        if frame.f_code is hook_code:  # raised here it would be dropped again
            return
        frame = frame.f_back
    delivered.set()
    stop_listening()
    raise kind


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


#: Hold Ctrl-C and SIGTERM back while a block runs (an output being written), then deliver.
signals_deferred = signals_held


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
