"""Scaling properties (issue 17): a cost that grows with its input as the input does, measured in
this process's CPU time (never the wall clock), so a loaded machine slows both sides alike."""

from __future__ import annotations

import time
from collections.abc import Callable

#: 8 times the input may cost this many times the CPU: about 10 for linear work with fixed
#: costs, doubled as slack for a loaded machine. A quadratic cost is 64 times.
RATIO = 20


def cpu(work: Callable[[], object], *, best_of: int = 3, least: float = 0.05) -> float:
    """CPU seconds of this process for ``work()``, repeated until the run lasts ``least``
    seconds, best of ``best_of`` runs."""
    best = float("inf")
    for _ in range(best_of):
        rounds, started = 0, time.process_time()
        while True:
            work()
            rounds += 1
            spent = time.process_time() - started
            if spent >= least or rounds >= 1000:
                break
        best = min(best, spent / rounds)
    return best


def assert_linear(work: Callable[[int], object], size: int, *, best_of: int = 3) -> None:
    """Behaviour, not a time limit: ``work(8 * size)`` costs at most RATIO times
    ``work(size)``."""
    small = cpu(lambda: work(size), best_of=best_of)
    large = cpu(lambda: work(8 * size), best_of=best_of)
    assert large <= RATIO * max(small, 1e-4), (small, large)
