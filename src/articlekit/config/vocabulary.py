"""The word lists one call sees: the package's data files with a rule pack's changes applied.

A :class:`Vocabulary` is immutable in what it answers; it memoises its answers and whatever is
compiled from them (phrase indices, regular expressions) on the instance, so a cache can never
outlive or leak between the rule packs it was built for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from articlekit import data

if TYPE_CHECKING:
    from articlekit.config.rulepacks import RulePack

T = TypeVar("T")


class Vocabulary:
    """Lower-cased entries of the data files' word lists, per language, for one pack and site."""

    __slots__ = ("_compiled", "_words", "pack", "site")

    def __init__(self, pack: RulePack | None = None, site: str | None = None) -> None:
        self.pack = pack
        self.site = site
        self._words: dict[tuple[str, str, str | None], frozenset[str]] = {}
        self._compiled: dict[Callable[[Vocabulary], Any], Any] = {}

    def words(self, name: str, key: str, language: str | None = None) -> frozenset[str]:
        """Entries of ``key`` in ``data/<name>.toml``: the ``any`` section plus the language's
        (every language's with ``language=None``: on a page whose language is unknown, a
        German button still reads as a button), with the pack's additions and removals."""
        cache_key = (name, key, language)
        hit = self._words.get(cache_key)
        if hit is None:
            if self.pack is None:
                hit = package_words(name, key, language)
            else:
                hit = self.pack.words(name, key, language, self.site)
            self._words[cache_key] = hit
        return hit

    def compiled(self, build: Callable[[Vocabulary], T]) -> T:
        """``build(self)``, computed once per vocabulary: patterns built from its word lists."""
        hit = self._compiled.get(build)
        if hit is None:
            hit = self._compiled[build] = build(self)
        return hit


@cache
def package_words(name: str, key: str, language: str | None = None) -> frozenset[str]:
    """:meth:`Vocabulary.words` of the package's own files (they never change: cached)."""
    table = data.load(name)
    out: set[str] = set(table.get("any", {}).get(key, ()))
    for section, values in table.items():
        if section == "any" or not isinstance(values, dict):
            continue
        if language is None or section == language:
            out.update(values.get(key, ()))
    return frozenset(w.lower() for w in out)


@cache
def package() -> Vocabulary:
    """The vocabulary without a rule pack, one for the process (it is immutable)."""
    return Vocabulary()
