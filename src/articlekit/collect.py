"""The cyclic garbage collector's full passes held off while a gigantic input is cleaned.

A full pass walks every tracked object, and while a dump is cleaned that is every block's
``Line``, ``Block``, claim, score and segment. CPython starts one each time the objects that
survived the young generations reach a quarter of the old ones, and cleaning keeps making
objects that live a few steps, so the passes come about as often in a large dump as in a small
one and each walks the whole dump: on a 1 MB dump they cost 0.05 CPU-s/MB, on 8 MB 0.19 and on
32 MB 0.22 (docs/robustness.md, issue 17). Cleaning makes next to no cyclic garbage (a 8 MB dump
peaks at the same memory with the collector off), so for an input of :data:`LARGE` characters
or more the oldest generation's threshold is raised out of reach for the call and put back
after; the young generations are collected as usual. Output does not depend on it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Inputs from this size (characters or bytes) on have the full passes held off.
LARGE = 1_000_000

_OUT_OF_REACH = 1 << 30
_lock = threading.Lock()
_holding = 0  # calls in progress that hold the passes off (threads)
_saved: tuple[int, ...] = ()


@contextmanager
def full_passes_held_off(size: int) -> Iterator[None]:
    """For an input of ``size``: no full pass of the collector inside the block when it is
    large; the thresholds the process had come back when the last such block ends."""
    if size < LARGE:
        yield
        return
    _hold()
    try:
        yield
    finally:
        _release()


def _hold() -> None:
    global _holding, _saved
    with _lock:
        if _holding == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], max(_saved[2], _OUT_OF_REACH))
        _holding += 1


def _release() -> None:
    global _holding
    with _lock:
        _holding -= 1
        if _holding == 0:
            gc.set_threshold(*_saved)
