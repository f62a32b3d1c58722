"""Word lists and patterns, loaded from the TOML data files in ``articlekit/rules/``.

Rules live in data, not in code, so a reader can audit them and a user can extend them. Each
file has an ``any`` section (all languages) and optional per-language sections.
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


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed rule file ``rules/<name>.toml``."""
    path = resources.files("articlekit").joinpath("rules").joinpath(f"{name}.toml")
    data = path.read_text("utf-8")
    parsed: dict[str, Any] = tomllib.loads(data)
    return parsed


@cache
def words(name: str, key: str, language: str | None = None) -> frozenset[str]:
    """Lower-cased entries of ``key`` from the ``any`` section plus the language's section.

    With ``language=None`` every language section is included: on a page whose language is
    unknown, a German button still reads as a button.
    """
    data = load(name)
    out: set[str] = set(data.get("any", {}).get(key, ()))
    for section, values in data.items():
        if section == "any" or not isinstance(values, dict):
            continue
        if language is None or section == language:
            out.update(values.get(key, ()))
    return frozenset(w.lower() for w in out)


@cache
def section(name: str, key: str) -> dict[str, Any]:
    """A whole top-level table (``[key]``) of a rule file."""
    table = load(name).get(key, {})
    return dict(table) if isinstance(table, dict) else {}
