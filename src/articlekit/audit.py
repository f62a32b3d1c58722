"""Deprecated name of :mod:`articlekit.output.audit`; importing it still works and warns."""

from __future__ import annotations

import warnings

from articlekit.output.audit import *  # noqa: F403
from articlekit.output.audit import __all__  # noqa: F401

warnings.warn(
    "articlekit.audit is now articlekit.output.audit; the old name will go",
    DeprecationWarning,
    stacklevel=2,
)
