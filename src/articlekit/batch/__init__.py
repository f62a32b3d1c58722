"""Clean many inputs in parallel: ``clean_many``.

Parallelism uses processes, because cleaning is CPU-bound Python. Work is pulled from the input
iterable lazily and at most ``4 * jobs`` chunks are in flight, so an endless or huge iterable
runs in bounded memory; results come back in input order.

An item may be a ``pathlib.Path`` (any ``os.PathLike``): the file is then read in the worker,
so the parent never holds its bytes. ``transform`` (a picklable callable such as a top-level
function, a ``functools.partial`` of one, or ``operator.methodcaller("to_json")``) runs on each
Article in the worker too, so the parent can receive small serialised strings instead of
Articles.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sized
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from articlekit.api import clean, clean_with, read_file
from articlekit.config.context import Config
from articlekit.model import Article
from articlekit.readers import Record

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Item", "clean_many", "default_jobs", "signals_held"]

T = TypeVar("T")

#: What ``clean_many`` accepts per item: text, bytes, a path to read in the worker, or a
#: crawl record (``articlekit.readers``), cleaned with its own URL.
Item = str | bytes | os.PathLike[str] | Record

#: How many chunks may be queued per worker: enough to keep workers busy, small enough that
#: memory stays bounded whatever the length of the input iterable.
_AHEAD_PER_JOB = 4

# A worker's answer for one item: (True, value) or (False, exception).
_Outcome = tuple[bool, Any]


def default_jobs() -> int:
    """The number of CPUs this process may run on (the affinity mask, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@overload
def clean_many(
    items: Iterable[Item],
    *,
    jobs: int | None = ...,
    errors: Literal["raise"] = ...,
    chunksize: int = ...,
    transform: None = ...,
    **clean_kwargs: Any,
) -> Generator[Article, None, None]: ...


@overload
def clean_many(
    items: Iterable[Item],
    *,
    jobs: int | None = ...,
    errors: Literal["return"],
    chunksize: int = ...,
    transform: None = ...,
    **clean_kwargs: Any,
) -> Generator[Article | Exception, None, None]: ...


@overload
def clean_many(
    items: Iterable[Item],
    *,
    jobs: int | None = ...,
    errors: Literal["raise"] = ...,
    chunksize: int = ...,
    transform: Callable[[Article], T],
    **clean_kwargs: Any,
) -> Generator[T, None, None]: ...


@overload
def clean_many(
    items: Iterable[Item],
    *,
    jobs: int | None = ...,
    errors: Literal["return"],
    chunksize: int = ...,
    transform: Callable[[Article], T],
    **clean_kwargs: Any,
) -> Generator[T | Exception, None, None]: ...


def clean_many(
    items: Iterable[Item],
    *,
    jobs: int | None = None,
    errors: Literal["raise", "return"] = "raise",
    chunksize: int = 1,
    transform: Callable[[Article], Any] | None = None,
    **clean_kwargs: Any,
) -> Generator[Any, None, None]:
    """Yield ``clean(item, **clean_kwargs)`` for every item, in order.

    - ``jobs``: worker processes; ``None`` means one per available CPU, ``1`` runs everything
      in this process (no pool, easiest to debug). A sized ``items`` (a list) never gets more
      workers than it has chunks.
    - ``errors="raise"``: the first failing item's exception is raised from the iterator (after
      the results before it were yielded). ``errors="return"``: the exception object (an
      ``InputError``, an ``OSError`` for an unreadable path, ...) is yielded in the item's place
      and the stream goes on.
    - ``chunksize``: items sent to a worker at a time; raise it for many tiny inputs.
    - ``transform``: applied to each Article in the worker; its result is yielded instead.

    Closing the iterator early (``break``, ``.close()``) cancels queued work and shuts the pool
    down; items already running are allowed to finish. Ctrl-C (or SIGTERM made a
    KeyboardInterrupt) ends the workers at once, whether it strikes while the iterator waits
    or while the caller handles a result and closes the iterator as it unwinds (``finally``,
    ``with contextlib.closing``); the call returns once they are gone. A worker process that dies
    (killed, out of memory) raises ``concurrent.futures.process.BrokenProcessPool`` whatever
    ``errors`` says, because the failing item cannot be told apart.

    Arguments are checked now, not on the first ``next()``: a misspelt keyword raises
    ``TypeError`` here rather than failing every item.
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    if jobs is None:
        jobs = default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer or None, not {jobs!r}")
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive integer, not {chunksize!r}")
    if transform is not None and not callable(transform):
        raise TypeError("transform must be callable")
    clean_kwargs = _with_defaults(clean_kwargs)
    if isinstance(items, Sized):
        # No more workers than chunks: with the fork start method a pool starts them all.
        jobs = min(jobs, max(1, -(-len(items) // chunksize)))

    if jobs == 1:
        return _serial(items, errors == "return", transform, clean_kwargs)
    return _parallel(iter(items), jobs, errors == "return", chunksize, transform, clean_kwargs)


def _with_defaults(clean_kwargs: dict[str, Any]) -> dict[str, Any]:
    """Check the keywords against ``clean`` now, and fill in its defaults, so a worker that
    reads a file knows the ``max_bytes`` in force and can refuse a huge file unread."""
    import inspect

    try:
        bound = inspect.signature(clean).bind("", **clean_kwargs)
    except TypeError as exc:
        raise TypeError(f"clean_many: bad keyword for clean(): {exc}") from None
    bound.apply_defaults()
    return prepared(dict(bound.kwargs))


def prepared(clean_kwargs: dict[str, Any]) -> dict[str, Any]:
    """``clean``'s keywords with ``rules``, ``favour`` and ``profile`` turned into one
    :class:`Config` (for :func:`~articlekit.api.clean_with`): a batch reads its rule pack and
    profiles once, and every worker gets them with its first chunk."""
    if "config" in clean_kwargs:
        return clean_kwargs
    kwargs = dict(clean_kwargs)
    rules, favour, profile = (kwargs.pop(k, d) for k, d in _CONFIG_KEYS)
    kwargs["config"] = Config.build(rules, favour, profile)
    return kwargs


_CONFIG_KEYS = (("rules", None), ("favour", "balanced"), ("profile", None))


def _serial(
    items: Iterable[Item],
    return_errors: bool,
    transform: Callable[[Article], Any] | None,
    clean_kwargs: dict[str, Any],
) -> Generator[Any, None, None]:
    for item in items:
        ok, value = _one(item, transform, clean_kwargs)
        if not ok and not return_errors:
            raise value
        yield value


def _parallel(
    items: Iterator[Item],
    jobs: int,
    return_errors: bool,
    chunksize: int,
    transform: Callable[[Article], Any] | None,
    clean_kwargs: dict[str, Any],
) -> Generator[Any, None, None]:
    from concurrent.futures import ProcessPoolExecutor

    chunks = iter(lambda: list(islice(items, chunksize)), [])
    pending: deque[Future[bytes]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_signals)

    def submit(chunk: list[Item]) -> None:
        # The first submit forks the workers: a Ctrl-C in there would leave one started but
        # not yet known to the pool (nobody kills it); later ones hold the pool's lock.
        with signals_held():
            pending.append(pool.submit(_run_chunk, chunk, transform, clean_kwargs))

    try:
        for chunk in islice(chunks, jobs * _AHEAD_PER_JOB):
            submit(chunk)
        while pending:
            outcomes = pickle.loads(pending.popleft().result())
            # Top up before yielding so workers stay busy while the caller handles results.
            for chunk in islice(chunks, 1):
                submit(chunk)
            for ok, value in outcomes:
                if not ok and not return_errors:
                    raise value
                yield value
    except BaseException as exc:
        # Ctrl-C, SIGTERM: stop now, not after the items; also when it struck the caller
        # (writing a result out) and the caller's cleanup closes this generator.
        if not isinstance(exc, GeneratorExit) or isinstance(exc.__context__, KeyboardInterrupt):
            _kill_workers(pool)
        raise
    finally:
        # Runs on exhaustion, on an error, on generator close and on KeyboardInterrupt alike.
        # A second Ctrl-C while it waits for the running items ends them at once.
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except BaseException:
            _kill_workers(pool)
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _kill_workers(pool: Any) -> None:
    """End the pool's worker processes at once (their results are no longer wanted) and wait
    until they are gone: nothing, not even the interpreter's exit, waits on an item still
    running, and no worker outlives the call (a killed one takes a moment to die; until then
    it still holds the pool's pipes, which the pool's shutdown may wait on)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:  # SIGKILL cannot be refused: each join ends
        with contextlib.suppress(Exception):
            process.join()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM back while the block runs, then deliver them, so that
    one never lands halfway through it (a fork, a lock held, an output half written).

    Swapping the Python-level handlers, rather than masking the signal, also works when the
    signal lands on another thread (the process pool has some). Only the main thread runs
    signal handlers, so elsewhere the block simply runs."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(signum: int, frame: object) -> None:
        held.append(signum)

    wanted = [s for s in (signal.SIGINT, signal.SIGTERM) if callable(signal.getsignal(s))]
    previous = {signum: signal.signal(signum, hold) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:
            signal.raise_signal(held[0])


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the parent, which then shuts the pool down in order; otherwise
    every worker would print its own KeyboardInterrupt traceback. SIGTERM gets its default
    action back in case the parent (forked from) had replaced it. A worker whose parent dies
    (``kill -9``) dies with it: the kernel sends it SIGKILL (Linux), or a watch thread sees
    the parent gone (elsewhere)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(os.getppid())


def _die_with_parent(parent: int) -> None:
    import sys
    import threading

    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() != parent:  # it died before the call
                    os._exit(1)
                return

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="articlekit-parent-watch", daemon=True).start()


def _run_chunk(
    chunk: list[Item],
    transform: Callable[[Article], Any] | None,
    clean_kwargs: dict[str, Any],
) -> bytes:
    """Worker side: one outcome per item, so one bad item never loses the chunk; pickled here,
    so a result that cannot travel back (a transform returning a lock, a generator) is an
    error in its item's place, as any other failure of that item, not of the whole stream."""
    outcomes = []
    for item in chunk:
        ok, value = _one(item, transform, clean_kwargs)
        if not ok:
            value = _picklable(value)
        outcomes.append((ok, value))
    try:
        return pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - find the item that cannot travel
        return pickle.dumps([_sendable(o) for o in outcomes], pickle.HIGHEST_PROTOCOL)


def _sendable(outcome: _Outcome) -> _Outcome:
    try:
        pickle.loads(pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # noqa: BLE001
        kind = "result" if outcome[0] else "error"
        why = f"{type(exc).__name__}: {exc}"
        return False, pickle.PicklingError(
            f"the item's {kind} cannot be sent back from its worker ({why})"
        )
    return outcome


def _one(
    item: Item,
    transform: Callable[[Article], Any] | None,
    clean_kwargs: dict[str, Any],
) -> _Outcome:
    try:
        if isinstance(item, Record):
            item, clean_kwargs = item.clean_args(clean_kwargs)
        data = (
            read_file(item, clean_kwargs.get("max_bytes"))
            if isinstance(item, os.PathLike)
            else item
        )
        article = clean_with(data, **clean_kwargs)
        return True, (transform(article) if transform is not None else article)
    except Exception as exc:
        return False, exc


def _picklable(exc: Exception) -> Exception:
    """An exception that can travel back to the parent; an unpicklable one would otherwise
    fail the whole chunk."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
