"""The one exception articlekit raises on purpose."""

from __future__ import annotations


class InputError(ValueError):
    """The input cannot be cleaned: undecodable bytes, over ``max_bytes``, or not text at all.

    Subclasses ``ValueError`` so callers that already catch bad values keep working.
    """
