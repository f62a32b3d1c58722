"""The package's rule data: word lists, patterns and thresholds as TOML files, one per concern.

Rules live in data, not in code, so a reader can audit them and a user can extend them. Each
file has an ``any`` section (all languages) and optional per-language sections. This module only
reads the files; what a call sees (a rule pack's changes, the favour knob) is built on top of it
in ``articlekit.config``.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]


def read(name: str) -> str:
    """The text of the data file ``<name>.toml``."""
    return resources.files(__name__).joinpath(f"{name}.toml").read_text("utf-8")


def read_file(filename: str) -> str:
    """The text of a data file that is not TOML (the learned model's JSON)."""
    return resources.files(__name__).joinpath(filename).read_text("utf-8")


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed data file ``<name>.toml`` (the files never change while the process runs)."""
    parsed: dict[str, Any] = tomllib.loads(read(name))
    return parsed


@cache
def section(name: str, key: str) -> dict[str, Any]:
    """A whole top-level table (``[key]``) of a data file."""
    table = load(name).get(key, {})
    return dict(table) if isinstance(table, dict) else {}
