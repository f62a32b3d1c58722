"""Deprecated name of :mod:`articlekit.integrations.dask_engine` (a module named ``dask``
shadowed the dependency it wraps). Importing it still works and warns."""

from __future__ import annotations

import warnings

from articlekit.integrations.dask_engine import *  # noqa: F403
from articlekit.integrations.dask_engine import __all__  # noqa: F401

warnings.warn(
    "articlekit.dask is now articlekit.integrations.dask_engine; the old name will go",
    DeprecationWarning,
    stacklevel=2,
)
