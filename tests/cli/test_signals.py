"""How a run takes Ctrl-C, one mechanism at a time (issue 15's Ctrl-C flake; the command
end to end is tests/cli/test_robustness.py): a Ctrl-C that lands inside a finalizer is not
lost, a second one cannot cut the teardown short, a Ctrl-C while the pool starts leaves no
worker behind, and the workers of an interrupted batch are gone when it returns.

Each signal is raised by the process to itself (``signal.raise_signal``) at the point under
test, so nothing depends on timing; the scripts run in a child with SIGINT's default
handler, which a background job would otherwise have ignored."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

import articlekit
from articlekit import batch
from tests.cli.interrupting import PATIENCE, default_signals

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="POSIX signals")


def run_script(code: str) -> str:
    """``code`` in a fresh interpreter with SIGINT at its default; what it printed."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=PATIENCE * 2,
        preexec_fn=default_signals,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_ctrl_c_inside_a_finalizer_is_raised_again_outside_it() -> None:
    # Python drops an exception raised in a finalizer ("Exception ignored in ..."), so a
    # Ctrl-C whose handler ran during a garbage collection vanished: the run went on, or
    # waited for ever on an input that never ends (here: a lock nobody releases).
    out = run_script(
        f"""
        import gc, signal, threading
        from articlekit.cli.pool import sigterm_as_interrupt

        class Cycle:
            def __del__(self):
                signal.raise_signal(signal.SIGINT)  # Ctrl-C, while the collector runs this
                sum(range(10))

        with sigterm_as_interrupt():
            c = Cycle(); c.me = c; del c
            try:
                gc.collect()
                threading.Event().wait({PATIENCE})
                print("lost")
            except KeyboardInterrupt:
                print("raised")
        """
    )
    assert out.split() == ["raised"]


def test_after_the_first_ctrl_c_further_ones_are_ignored() -> None:
    # The first Ctrl-C stops the run; a second one, landing in the pool's teardown or just
    # before the summary line, used to end the process there (a hang, or no summary).
    out = run_script(
        """
        import signal
        from articlekit.cli.pool import sigterm_as_interrupt

        with sigterm_as_interrupt():
            try:
                signal.raise_signal(signal.SIGINT)
            except KeyboardInterrupt:
                print("first")
            for _ in range(3):
                signal.raise_signal(signal.SIGINT)
                signal.raise_signal(signal.SIGTERM)
            print("summary")
        """
    )
    assert out.split() == ["first", "summary"]


def test_sigterm_is_a_clean_stop_once_too() -> None:
    out = run_script(
        """
        import signal
        from articlekit.cli.pool import Terminated, sigterm_as_interrupt

        with sigterm_as_interrupt():
            try:
                signal.raise_signal(signal.SIGTERM)
            except Terminated:
                print("terminated")
            signal.raise_signal(signal.SIGINT)
            print("summary")
        """
    )
    assert out.split() == ["terminated", "summary"]


def test_a_sigint_ignored_at_start_stays_ignored() -> None:
    # A job a script puts in the background gets SIGINT ignored: like any Unix tool, the
    # command then leaves Ctrl-C to the shell's foreground job.
    out = run_script(
        """
        import signal
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        from articlekit.cli.pool import sigterm_as_interrupt

        with sigterm_as_interrupt():
            signal.raise_signal(signal.SIGINT)
            print("ignored")
        """
    )
    assert out.split() == ["ignored"]


# -- the pool (articlekit.clean_many) ----------------------------------------------------------


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """Python's own Ctrl-C handler for the test, whatever pytest was started with."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        for child in multiprocessing.active_children():  # what a failed test left
            child.kill()
            child.join()


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="forked workers")
def test_a_ctrl_c_while_the_pool_starts_its_workers_leaves_none(
    ctrl_c: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pool forks its workers inside its first submit, holding its lock; a Ctrl-C there
    # left the worker just forked unknown to the pool: never killed, it waited for work for
    # ever (and the interpreter's exit waited on the pool).
    from multiprocessing.process import BaseProcess

    real_start = BaseProcess.start
    started: list[BaseProcess] = []

    def start_then_ctrl_c(self: BaseProcess) -> None:
        real_start(self)
        started.append(self)
        if len(started) == 2:
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(BaseProcess, "start", start_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        list(articlekit.clean_many(["The council met on Monday."] * 8, jobs=2))
    assert len(started) == 2
    assert not [p for p in started if p.is_alive()]


def test_the_workers_of_an_interrupted_batch_are_gone_when_it_returns(
    ctrl_c: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Killed is not gone: a worker killed but still dying holds the pool's pipes, and one the
    # parent does not wait for outlives it. Here a second Ctrl-C cuts the pool's orderly
    # shutdown short, so only clean_many's own wait stands between the return and the workers.
    from concurrent.futures import ProcessPoolExecutor

    real_shutdown = ProcessPoolExecutor.shutdown

    def shutdown(self: Any, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if wait:
            raise KeyboardInterrupt  # the second Ctrl-C, while the pool winds down
        real_shutdown(self, wait=False, cancel_futures=cancel_futures)

    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", shutdown)
    results = articlekit.clean_many(["The council met on Monday."] * 8, jobs=2)
    next(results)
    workers = multiprocessing.active_children()
    assert len(workers) == 2
    with pytest.raises(KeyboardInterrupt):
        results.throw(KeyboardInterrupt())
    assert all(w.exitcode is not None for w in workers)  # each one ended, and was reaped


def test_a_ctrl_c_in_the_callers_loop_ends_the_workers_at_once(
    ctrl_c: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The caller was writing a result out when Ctrl-C struck, and its cleanup closes the
    # iterator: the running items are not waited for (one could run for minutes).
    results = articlekit.clean_many(["The council met on Monday."] * 8, jobs=2)
    killed: list[Any] = []
    real_kill = batch._kill_workers

    def kill(pool: Any) -> None:
        killed.append(pool)
        real_kill(pool)

    monkeypatch.setattr(batch, "_kill_workers", kill)
    with pytest.raises(KeyboardInterrupt):
        try:
            next(results)
            signal.raise_signal(signal.SIGINT)
        finally:
            results.close()
    assert len(killed) == 1
    # closing without a Ctrl-C (a break) still lets running items finish
    quiet = articlekit.clean_many(["The council met on Monday."] * 8, jobs=2)
    next(quiet)
    quiet.close()
    assert len(killed) == 1
