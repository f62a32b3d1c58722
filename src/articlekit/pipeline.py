"""Deprecated name of :mod:`articlekit.api` (``clean``, ``DEFAULT_MAX_BYTES``); importing it
still works and warns."""

from __future__ import annotations

import warnings

from articlekit.api import DEFAULT_MAX_BYTES, FORMATS, clean

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "clean"]

warnings.warn(
    "articlekit.pipeline is now articlekit.api; the old name will go",
    DeprecationWarning,
    stacklevel=2,
)
