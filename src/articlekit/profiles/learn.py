"""Learning a site profile: counting, over many pages of one site, the blocks that recur.

What repeats across a site's pages (menus, footers, teaser rails, the same disclaimer) is
boilerplate, whatever its wording or language; what is unique to a page is usually the
article. Learning cleans each page once, turns every block (a line, or a hard-wrapped
paragraph) into a normalised key (:func:`~articlekit.config.sites.block_key`) and counts on how
many pages each key occurs (once per page: :func:`page_keys`). Keys found on at least
``max(min_pages, share × pages)`` pages are the site's boilerplate; those the extractors mostly
read as article text need ``max(5, half the pages)``, since versions of one story share
paragraphs. Each keeps the label the extractors gave it most often (promo, disclaimer, caption;
anything else is chrome, and lines mostly read as bylines are left to the header). The result
is a :class:`~articlekit.config.sites.SiteProfile`, which ``clean(..., profile=...)`` applies.

Counting is linear in the pages and bounded in memory: keys are counted in a fixed-capacity
table (Misra-Gries: when it is full, the median count is taken off every key and the keys
left at zero are dropped), so a key's count is low by at most ``2 × blocks / capacity``;
duplicate pages (the same article crawled twice) are recognised by their longest body blocks,
through a fixed-size Bloom filter, and counted once.

:class:`SiteProfile` here is the profile as data (:class:`articlekit.config.sites.SiteProfile`,
which the steps apply) with :meth:`SiteProfile.learn`: the public ``articlekit.SiteProfile``.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from articlekit.api import clean
from articlekit.batch import clean_many
from articlekit.config import sites
from articlekit.config.sites import (
    DEFAULT_CAPACITY,
    DEFAULT_MIN_PAGES,
    DEFAULT_SHARE,
    Entry,
    block_key,
    site_of,
)
from articlekit.model import Article
from articlekit.text.document import build

if TYPE_CHECKING:
    from articlekit.text.document import Block

__all__ = [
    "DEFAULT_BUDGET",
    "SiteProfile",
    "PageKeys",
    "ProfileLearner",
    "SiteLearners",
    "page_keys",
    "site_keys",
]


class SiteProfile(sites.SiteProfile):
    """The boilerplate of one site, learned from its pages; pass it to ``clean(profile=...)``.

    >>> profile = SiteProfile.learn(pages, site="example.com")   # str, bytes or Articles
    >>> profile.save("example.com.profile.json")
    >>> articlekit.clean(page, profile=profile)
    """

    @classmethod
    def learn(
        cls,
        pages: Iterable[str | bytes | os.PathLike[str] | Article],
        *,
        site: str | None = None,
        share: float = DEFAULT_SHARE,
        min_pages: int = DEFAULT_MIN_PAGES,
        capacity: int = DEFAULT_CAPACITY,
        jobs: int = 1,
        **clean_kwargs: Any,
    ) -> SiteProfile:
        """Learn a site's boilerplate from its pages: text, bytes, paths, or Articles already
        cleaned (those are not cleaned again). ``clean_kwargs`` (``language``, ``format``...)
        go to ``clean`` for the others; ``jobs`` > 1 cleans them in worker processes (then
        every page must be text, bytes or a path)."""
        learner = ProfileLearner(site=site, share=share, min_pages=min_pages, capacity=capacity)
        if jobs == 1:
            for page in pages:
                learner.add(page, **clean_kwargs)
        else:
            items = []
            for page in pages:
                if not isinstance(page, (str, bytes, os.PathLike)):
                    raise TypeError("with jobs > 1, pages must be text, bytes or paths")
                items.append(page)
            for keys in clean_many(items, jobs=jobs, transform=page_keys, **clean_kwargs):
                learner.add_keys(keys)
        return learner.profile()

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SiteProfile:
        """Read a profile file holding one site (:func:`load` reads files of several)."""
        return cls.of(sites.SiteProfile.load(path))

    @classmethod
    def of(cls, profile: sites.SiteProfile) -> SiteProfile:
        """``profile`` as this class (``config.sites.load`` gives the data class)."""
        if isinstance(profile, cls):
            return profile
        return cls(
            profile.entries.values(),
            site=profile.site,
            pages=profile.pages,
            duplicates=profile.duplicates,
            share=profile.share,
            min_pages=profile.min_pages,
        )


#: What the extractors mostly took for article text (body, heading, quote) must recur more
#: widely to be boilerplate: versions of one story share paragraphs across a few pages.
PROSE_SHARE = 0.5
PROSE_MIN_PAGES = 5
#: Characters of a key's example text kept in the profile.
MAX_SAMPLE = 200
#: A page's longest body blocks must add up to this many characters to recognise its
#: duplicates by them.
FINGERPRINT_MIN = 80
#: Bits in the Bloom filter of page fingerprints (1 MB): false positives stay under 4% for a
#: million pages, and a false positive only leaves one page uncounted.
BLOOM_BITS = 1 << 23
_KEPT = {"promo": "promo", "disclaimer": "disclaimer", "caption": "caption", "byline": "byline"}


class PageKeys(NamedTuple):
    """What learning needs of one cleaned page: (key, label, example) per block, each key once,
    and the page's fingerprint (the keys of its longest body blocks) to spot duplicates."""

    keys: list[tuple[str, str, str]]
    fingerprint: str | None


def page_keys(article: Article) -> PageKeys:
    """The keys of a cleaned page's blocks, with the label its segments give each block.

    A top-level function, so ``clean_many(..., transform=page_keys)`` can run it in workers."""
    doc = build(article.text)
    segments = [s for s in article.segments if s.label != "blank"]
    keys: dict[str, tuple[str, str, str]] = {}
    prose: list[tuple[int, str]] = []
    i = 0
    for block in doc.blocks:
        while i < len(segments) and segments[i].end <= block.start:
            i += 1
        label = _label_of(block, segments, i)
        key = block_key(block.text)
        if key is None:
            continue
        if key not in keys:
            keys[key] = (key, label, block.text[:MAX_SAMPLE])
        if label in ("body", "quote") and len(block.text) >= FINGERPRINT_MIN // 2:
            prose.append((len(block.text), key))
    # The three longest body blocks: a long recurring block the body scorer kept (a footer
    # paragraph) cannot make different articles look alike on its own.
    longest = sorted(prose, reverse=True)[:3]
    fingerprint = None
    if sum(n for n, _ in longest) >= FINGERPRINT_MIN:
        fingerprint = "\n".join(sorted(k for _, k in longest))
    return PageKeys(list(keys.values()), fingerprint)


def _label_of(block: Block, segments: Sequence[Any], i: int) -> str:
    """The label covering most of ``block`` (segments from index ``i`` on)."""
    best, best_len = "chrome", 0
    for seg in segments[i:]:
        if seg.start >= block.end:
            break
        overlap = min(seg.end, block.end) - max(seg.start, block.start)
        if overlap > best_len:
            best, best_len = seg.label, overlap
    return str(best)


class _Bloom:
    """A fixed-size set of strings that may answer "seen" wrongly, never "not seen" wrongly."""

    def __init__(self, bits: int = BLOOM_BITS) -> None:
        self.bits = bits
        self.data = bytearray(bits // 8)

    def add(self, item: str) -> bool:
        """Add ``item``; return whether it was (probably) there already."""
        digest = hashlib.blake2b(item.encode("utf-8", "surrogatepass"), digest_size=12).digest()
        seen = True
        for k in range(3):
            bit = int.from_bytes(digest[4 * k : 4 * k + 4], "little") % self.bits
            byte, mask = bit >> 3, 1 << (bit & 7)
            if not self.data[byte] & mask:
                seen = False
                self.data[byte] |= mask
        return seen


@dataclass
class _Counts:
    """Misra-Gries heavy hitters over keys, with the labels and an example per key."""

    capacity: int
    counts: dict[str, int] = field(default_factory=dict)
    labels: dict[str, dict[str, int]] = field(default_factory=dict)
    samples: dict[str, str] = field(default_factory=dict)
    undercount: int = 0  # the most any count may be low by

    def add(self, key: str, label: str, sample: str) -> None:
        count = self.counts.get(key)
        if count is None:
            if len(self.counts) >= self.capacity:
                self._compact()
            self.counts[key] = 1
            self.labels[key] = {label: 1}
            self.samples[key] = sample
        else:
            self.counts[key] = count + 1
            labels = self.labels[key]
            labels[label] = labels.get(label, 0) + 1

    def _compact(self) -> None:
        """Take the median count off every key and drop those left at zero: at least half
        the table frees up, so this O(capacity) step runs once per capacity / 2 new keys."""
        values = sorted(self.counts.values())
        cut = values[len(values) // 2]
        self.undercount += cut
        for key in list(self.counts):
            left = self.counts[key] - cut
            if left <= 0:
                del self.counts[key], self.labels[key], self.samples[key]
            else:
                self.counts[key] = left


class ProfileLearner:
    """Counts a site's pages one at a time; :meth:`profile` gives the :class:`SiteProfile`.

    Memory is bounded by ``capacity`` keys (plus a 1 MB filter of page fingerprints) however
    many pages are added; each page costs time linear in its size."""

    def __init__(
        self,
        *,
        site: str | None = None,
        share: float = DEFAULT_SHARE,
        min_pages: int = DEFAULT_MIN_PAGES,
        capacity: int = DEFAULT_CAPACITY,
    ) -> None:
        if not 0 < share <= 1:
            raise ValueError(f"share must be in (0, 1], not {share!r}")
        if min_pages < 2:
            raise ValueError(f"min_pages must be at least 2, not {min_pages!r}")
        if capacity < 16:
            raise ValueError(f"capacity must be at least 16, not {capacity!r}")
        self.site = site
        self.share = share
        self.min_pages = min_pages
        self.pages = 0
        self.duplicates = 0
        self._counts = _Counts(capacity)
        self._seen: _Bloom | None = None  # made on the first fingerprint (or shared)

    def add(self, page: str | bytes | os.PathLike[str] | Article, **clean_kwargs: Any) -> None:
        """Count one page: an Article, or text, bytes or a path to clean first."""
        if not isinstance(page, Article):
            if isinstance(page, os.PathLike):
                page = Path(page).read_bytes()
            page = clean(page, **clean_kwargs)
        self.add_keys(page_keys(page))

    def add_keys(self, keys: PageKeys) -> None:
        """Count one page from its :func:`page_keys` (e.g. computed in a worker process)."""
        if keys.fingerprint is not None:
            if self._seen is None:
                self._seen = _Bloom()
            if self._seen.add(keys.fingerprint):
                self.duplicates += 1
                return
        self.pages += 1
        for key, label, sample in keys.keys:
            self._counts.add(key, label, sample)

    @property
    def needed(self) -> int:
        """Pages a key must occur on to be boilerplate: max(min_pages, share × pages)."""
        return max(self.min_pages, math.ceil(self.share * self.pages))

    def profile(self) -> SiteProfile:
        needed = self.needed
        prose_needed = max(needed, PROSE_MIN_PAGES, math.ceil(PROSE_SHARE * self.pages))
        entries = []
        counts = self._counts
        for key, count in counts.counts.items():
            if count < needed:
                continue
            labels = counts.labels[key]
            top = max(sorted(labels), key=lambda name: labels[name])
            if top in ("body", "heading", "quote") and count < prose_needed:
                continue
            entries.append(
                Entry(
                    key=key,
                    label=_KEPT.get(top, "chrome"),
                    pages=min(count, self.pages),
                    text=counts.samples[key],
                    labels=tuple(sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))),
                )
            )
        return SiteProfile(
            entries,
            site=self.site,
            pages=self.pages,
            duplicates=self.duplicates,
            share=self.share,
            min_pages=self.min_pages,
        )


def site_keys(article: Article) -> tuple[str | None, PageKeys]:
    """The page's site (its URL's host) and :func:`page_keys`: a ``clean_many`` transform
    for learning over a batch of many sites."""
    return site_of(article.url), page_keys(article)


#: Keys all the learners of a :class:`SiteLearners` hold together, at most.
DEFAULT_BUDGET = 200_000


class SiteLearners:
    """One :class:`ProfileLearner` per site of a mixed batch, within one memory budget.

    ``add_keys(site, keys)`` counts a page for its site; :meth:`profiles` gives the profiles of
    the sites that had enough pages and something recurring. When the learners together hold
    more than ``budget`` keys, every learner above its fair share is compacted (the median
    count taken off, as when one is full), so memory stays bounded however many sites come."""

    def __init__(
        self,
        *,
        share: float = DEFAULT_SHARE,
        min_pages: int = DEFAULT_MIN_PAGES,
        capacity: int = DEFAULT_CAPACITY,
        budget: int = DEFAULT_BUDGET,
    ) -> None:
        self.share = share
        self.min_pages = min_pages
        self.capacity = capacity
        self.budget = budget
        self.learners: dict[str, ProfileLearner] = {}
        self._seen = _Bloom()
        self._size = 0

    def add_keys(self, site: str, keys: PageKeys) -> None:
        learner = self.learners.get(site)
        if learner is None:
            learner = ProfileLearner(
                site=site, share=self.share, min_pages=self.min_pages, capacity=self.capacity
            )
            learner._seen = self._seen  # one filter for all; fingerprints carry the site
            self.learners[site] = learner
        if keys.fingerprint is not None:
            keys = keys._replace(fingerprint=f"{site}\n{keys.fingerprint}")
        before = len(learner._counts.counts)
        learner.add_keys(keys)
        self._size += len(learner._counts.counts) - before
        if self._size > self.budget:
            fair = self.budget // (2 * len(self.learners)) + 1
            for other in self.learners.values():
                counts = other._counts
                while len(counts.counts) > fair:
                    size = len(counts.counts)
                    counts._compact()
                    self._size -= size - len(counts.counts)

    def profiles(self) -> list[SiteProfile]:
        found = []
        for learner in self.learners.values():
            if learner.pages >= self.min_pages:
                profile = learner.profile()
                if profile.entries:
                    found.append(profile)
        return found
