"""The one exception articlekit raises on purpose, and the boundary that makes it the only one
an input can cause."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


class InputError(ValueError):
    """The input cannot be cleaned: undecodable bytes, over ``max_bytes``, or not text at all.

    Subclasses ``ValueError`` so callers that already catch bad values keep working.
    """


@contextlib.contextmanager
def input_boundary(what: str = "this input") -> Iterator[None]:
    """Whatever an input makes fail inside the block leaves it as :class:`InputError`, with
    the original exception as its ``__cause__`` and named in its message: a ``LookupError``
    from a codec, a ``RecursionError`` from a parser, an ``OverflowError`` from a date, a bug
    that only some page reaches. ``MemoryError`` (the machine, not the input) and what is not
    an ``Exception`` (Ctrl-C, ``SystemExit``) pass through unchanged."""
    try:
        yield
    except (InputError, MemoryError):
        raise
    except Exception as exc:
        raise InputError(f"cannot clean {what}: {type(exc).__name__}: {exc}") from exc
