"""Word lists and patterns, loaded from the TOML data files in ``articlekit/rules/``.

Rules live in data, not in code, so a reader can audit them and a user can extend them. Each
file has an ``any`` section (all languages) and optional per-language sections.

A user rule pack (``clean(rules=...)``, see ``rulepacks.py``), the ``favour`` knob and a site
profile are threaded through a context variable that ``clean()`` sets: :func:`words` then
answers with the pack applied, and :func:`threshold` with the knob's value, so the extractors
need not be told. Without them (the default) both return the package's own values.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from articlekit.data import load

if TYPE_CHECKING:
    from articlekit.config.rulepacks import Settings

#: The settings of the ``clean()`` call running in this context (None: package defaults).
ACTIVE: ContextVar[Settings | None] = ContextVar("articlekit_settings", default=None)

N = TypeVar("N", int, float)


def active() -> Settings | None:
    """The settings (rule pack, favour, profiles, site) of the running ``clean()``, if any."""
    return ACTIVE.get()


def threshold(name: str, default: N) -> N:
    """An extractor's threshold ``name`` (e.g. ``"body.length_low"``): ``default`` (its module
    constant) unless the active ``favour`` or rule pack sets it."""
    settings = ACTIVE.get()
    if settings is None:
        return default
    value = settings.thresholds.get(name)
    return default if value is None else type(default)(value)


def words(name: str, key: str, language: str | None = None) -> frozenset[str]:
    """Lower-cased entries of ``key`` from the ``any`` section plus the language's section,
    with the active rule pack's additions and removals for the page's language and site.

    With ``language=None`` every language section is included: on a page whose language is
    unknown, a German button still reads as a button.
    """
    settings = ACTIVE.get()
    if settings is None or settings.pack is None:
        return package_words(name, key, language)
    return settings.words(name, key, language)


@cache
def package_words(name: str, key: str, language: str | None = None) -> frozenset[str]:
    """:func:`words` from the package's own files only (cached)."""
    data = load(name)
    out: set[str] = set(data.get("any", {}).get(key, ()))
    for section, values in data.items():
        if section == "any" or not isinstance(values, dict):
            continue
        if language is None or section == language:
            out.update(values.get(key, ()))
    return frozenset(w.lower() for w in out)
