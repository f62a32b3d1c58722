"""What one ``clean()`` call is told, built once and passed to every step.

A :class:`Config` is what a batch shares (the rule pack, the favour knob and its thresholds, the
site profiles); a :class:`Context` adds what one document brings (its URL and so its site, the
time relative dates count from, a forced language). Both are immutable in what they tell:
nothing a step reads comes from module state, so two calls with different packs can run in any
order, or at once, and each sees only its own. A context also keeps, for its one document, the
answers of functions of a line and the context alone (:meth:`Context.memo`): the steps read the
same lines again, and a line's date or byline is the same each time.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from articlekit.config import params as thresholds
from articlekit.config import vocabulary
from articlekit.config.params import FAVOURS, Params
from articlekit.config.rulepacks import Pattern, RulePack, load_pack, matching_sites
from articlekit.config.sites import SiteProfile, as_profiles, site_of
from articlekit.config.vocabulary import Vocabulary


@dataclass(frozen=True, eq=False)
class Config:
    """The part of a call's context a whole batch shares."""

    pack: RulePack | None = None
    favour: str = "balanced"
    params: Params = field(default_factory=lambda: thresholds.for_favour("balanced"))
    profiles: tuple[SiteProfile, ...] = ()
    # One vocabulary per set of the pack's site sections a page matches, built on first use
    # (so as many as the pack has sections, whatever the number of hosts in a batch).
    _vocabularies: dict[tuple[str, ...], Vocabulary] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        rules: RulePack | str | os.PathLike[str] | None = None,
        favour: str = "balanced",
        profile: Any = None,
    ) -> Config:
        """The config for ``clean()``'s ``rules``, ``favour`` and ``profile`` arguments."""
        if favour not in FAVOURS:
            raise ValueError(f"favour must be one of {FAVOURS}, not {favour!r}")
        pack: RulePack | None
        if rules is None or isinstance(rules, RulePack):
            pack = rules
        elif isinstance(rules, (str, os.PathLike)):
            pack = load_pack(rules)
        else:
            raise TypeError(
                f"rules must be a RulePack or the path of a rule pack, not {type(rules).__name__}"
            )
        changes = pack.thresholds.get(favour, {}) if pack is not None else {}
        profiles: tuple[SiteProfile, ...] = ()
        if profile is not None:
            profiles = as_profiles(profile)
        return cls(pack, favour, thresholds.resolve(favour, changes), profiles)

    def vocabulary(self, site: str | None) -> Vocabulary:
        """The word lists for a page of ``site``: the package's own without a pack."""
        if self.pack is None:
            return vocabulary.package()
        key = tuple(matching_sites(self.pack.sites, site))
        found = self._vocabularies.get(key)
        if found is None:
            found = self._vocabularies[key] = Vocabulary(self.pack, site if key else None)
        return found

    def context(
        self,
        *,
        now: datetime | None = None,
        language: str | None = None,
        url: str | None = None,
    ) -> Context:
        """The context for one document of this batch."""
        site = site_of(url)
        return Context(self, self.vocabulary(site), self.params, now, language, url, site)


@dataclass(frozen=True, slots=True, eq=False)
class Context:
    """Everything a step may read besides the page itself."""

    config: Config
    vocab: Vocabulary
    params: Params
    now: datetime | None = None
    language: str | None = None  # forced by the caller; None: detected
    url: str | None = None
    site: str | None = None
    _memos: dict[str, dict[Hashable, Any]] = field(default_factory=dict, repr=False)

    def memo(self, name: str) -> dict[Hashable, Any]:
        """The answers of the function ``name`` kept for this context's document, by argument.

        Only for a function whose answer depends on nothing but its arguments and the context
        (a line's date, its byline): what it returns is shared by every call, so it must be
        immutable, or copied on the way out. A context is built per document (``clean()``
        builds one a call), so the memo lives and dies with the page."""
        found = self._memos.get(name)
        if found is None:
            found = self._memos[name] = {}
        return found

    @property
    def profiles(self) -> tuple[SiteProfile, ...]:
        return self.config.profiles

    def patterns(self, language: str | None) -> tuple[Pattern, ...]:
        """The rule pack's patterns for a page in ``language`` on this site."""
        pack = self.config.pack
        return pack.patterns_for(language, self.site) if pack is not None else ()


@cache
def default_config() -> Config:
    """The config of a plain ``clean()``: the package's rules, balanced (one per process: it
    is immutable, and its vocabulary keeps what it compiled for the next call)."""
    return Config()
