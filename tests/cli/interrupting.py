"""Starting the command so that a test can interrupt it, with nothing left to timing.

Two things make a signal test flaky, and each has its cure here:

- A process a script starts in the background (``make test &``, a CI runner's job) inherits
  SIGINT *ignored*, and Python then installs no KeyboardInterrupt handler: the command would
  shrug off every Ctrl-C the test sends, as it rightly does for such a job. :func:`start`
  gives the child the default SIGINT and SIGTERM back, as a terminal would.
- A test that sleeps and hopes the run is still going when its signal lands fails on a fast
  machine and on a loaded one. The inputs end with an :func:`endless` FIFO instead, which no
  one writes to: the run cannot finish, so once the outputs before it are on disk the run is
  provably mid-way, waiting on that last input.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.cli.test_clean import COMMAND

#: How long the command waits on a silent pipe: longer than any test, so the FIFO never ends.
ENV_ENDLESS = {**os.environ, "ARTICLEKIT_PIPE_WAIT": "3600"}

#: A wait, not a bound: how long a loaded machine may take to reach a state (never asserted).
PATIENCE = 300.0


def default_signals() -> None:
    """In the child before it runs the command: SIGINT and SIGTERM as a terminal gives them."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def endless(folder: Path, name: str = "zz-endless") -> Path:
    """A FIFO that nobody writes to: named last among the inputs, the run never finishes."""
    path = folder / name
    os.mkfifo(path)
    return path


def start(args: list[str | Path], cwd: Path) -> subprocess.Popen[str]:
    """The command in its own session (no signal of ours reaches pytest), SIGINT not ignored."""
    return subprocess.Popen(
        [*COMMAND, *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV_ENDLESS,
        start_new_session=True,
        preexec_fn=default_signals,
    )


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen[str], what: str) -> None:
    """Until ``ready()``; the run must still be going then (its endless input holds it)."""
    deadline = time.monotonic() + PATIENCE
    while not ready():
        assert proc.poll() is None, f"the run ended before {what}: {proc.stderr.read()}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline, f"no {what} after {PATIENCE:.0f} s"
        time.sleep(0.02)
    assert proc.poll() is None, f"the run ended before it could be interrupted ({what})"


def outputs(folder: Path, suffix: str = ".json") -> list[Path]:
    return sorted(p for p in folder.glob(f"*{suffix}")) if folder.is_dir() else []


def workers(pid: int) -> list[int]:
    """The child processes of ``pid`` (its pool's workers), read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def finish(proc: subprocess.Popen[str]) -> str:
    """The command's standard error once it ended; a run still going after
    :data:`PATIENCE` hung, and is killed."""
    try:
        _, err = proc.communicate(timeout=PATIENCE)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError("the run hung after its signal") from None
    return err
