"""Site profiles: boilerplate learned from many pages of one site.

What repeats across a site's pages (menus, footers, teaser rails, the same disclaimer) is
boilerplate, whatever its wording or language; what is unique to a page is usually the
article. :meth:`SiteProfile.learn` cleans each page once, turns every block (a line, or a
hard-wrapped paragraph) into a normalised key (:func:`block_key`) and counts on how many pages
each key occurs (once per page). Keys found on at least ``max(min_pages, share × pages)`` pages
are the site's boilerplate; those the extractors mostly read as article text need
``max(5, half the pages)``, since versions of one story share paragraphs. Each keeps the label
the extractors gave it most often (promo, disclaimer, caption; anything else is chrome, and
lines mostly read as bylines are left to the header). ``clean(..., profile=...)`` then claims
the blocks whose key the profile holds, just before the header and body are looked for, with
a reason such as "recurs on 87% of the site's pages".

Counting is linear in the pages and bounded in memory: keys are counted in a fixed-capacity
table (Misra-Gries: when it is full, the median count is taken off every key and the keys
left at zero are dropped), so a key's count is low by at most ``2 × blocks / capacity``;
duplicate pages (the same article crawled twice) are recognised by their longest body blocks,
through a fixed-size Bloom filter, and counted once.

Profiles are saved as JSON or TOML (:meth:`SiteProfile.save`, :func:`save`), one site or
several per file; see docs/site-profiles.md for the format.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from articlekit.config.sites import site_of
from articlekit.text import tokens as tx

if TYPE_CHECKING:
    from articlekit.model import Article
    from articlekit.text.document import Block, Document

__all__ = [
    "DEFAULT_CAPACITY",
    "DEFAULT_MIN_PAGES",
    "DEFAULT_SHARE",
    "Entry",
    "PageKeys",
    "ProfileError",
    "ProfileLearner",
    "SiteLearners",
    "SiteProfile",
    "as_profiles",
    "block_key",
    "load",
    "page_keys",
    "save",
    "site_keys",
]

#: A key is boilerplate when it occurs on at least this share of a site's pages...
DEFAULT_SHARE = 0.3
#: ...and on at least this many pages.
DEFAULT_MIN_PAGES = 3
#: What the extractors mostly took for article text (body, heading, quote) must recur more
#: widely to be boilerplate: versions of one story share paragraphs across a few pages.
PROSE_SHARE = 0.5
PROSE_MIN_PAGES = 5
#: Keys the learner's counting table holds at most (about 0.5 kB each at the most).
DEFAULT_CAPACITY = 20_000
#: Keys longer than this are cut, with a hash of the whole, so memory per key is bounded.
MAX_KEY = 200
#: Characters of a key's example text kept in the profile.
MAX_SAMPLE = 200
#: A page's longest body blocks must add up to this many characters to recognise its
#: duplicates by them.
FINGERPRINT_MIN = 80
#: Bits in the Bloom filter of page fingerprints (1 MB): false positives stay under 4% for a
#: million pages, and a false positive only leaves one page uncounted.
BLOOM_BITS = 1 << 23
FORMAT_VERSION = 1
#: Labels a profile entry may carry; ``byline`` entries are kept but not claimed.
LABELS = ("chrome", "promo", "disclaimer", "caption", "byline")
_KEPT = {"promo": "promo", "disclaimer": "disclaimer", "caption": "caption", "byline": "byline"}
_DIGITS_RE = re.compile(r"\d+")


class ProfileError(ValueError):
    """A profile file that cannot be read: says which file (and line) and why."""


def block_key(text: str) -> str | None:
    """The key a block is counted under: lower-cased, spaces folded, icons and punctuation
    trimmed, digit runs as ``0`` ("12 comments" and "3 comments" are one key). None for a
    block with no letters (numbers and icons say nothing about a site)."""
    key = _DIGITS_RE.sub("0", tx.key(text))
    if not any(ch.isalpha() for ch in key):
        return None
    if len(key) > MAX_KEY:
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        key = f"{key[: MAX_KEY - 20]}…#{digest}"
    return key


@dataclass(frozen=True, slots=True)
class Entry:
    """One piece of a site's boilerplate."""

    key: str
    label: str  # chrome, promo, disclaimer, caption or byline (byline: left to the header)
    pages: int  # pages it was counted on (a lower bound)
    text: str = ""  # an example of it as written
    labels: tuple[tuple[str, int], ...] = ()  # what the extractors called it, how often

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "pages": self.pages,
            "text": self.text,
            "labels": dict(self.labels),
        }


class SiteProfile:
    """The boilerplate of one site, learned from its pages; pass it to ``clean(profile=...)``.

    >>> profile = SiteProfile.learn(pages, site="example.com")   # str, bytes or Articles
    >>> profile.save("example.com.profile.json")
    >>> articlekit.clean(page, profile=profile)
    """

    def __init__(
        self,
        entries: Iterable[Entry] = (),
        *,
        site: str | None = None,
        pages: int = 0,
        duplicates: int = 0,
        share: float = DEFAULT_SHARE,
        min_pages: int = DEFAULT_MIN_PAGES,
    ) -> None:
        self.site = site
        self.pages = pages
        self.duplicates = duplicates
        self.share = share
        self.min_pages = min_pages
        self.entries: dict[str, Entry] = {e.key: e for e in entries}

    def __repr__(self) -> str:
        return f"SiteProfile(site={self.site!r}, pages={self.pages}, entries={len(self.entries)})"

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.get(text) is not None

    def get(self, text: str) -> Entry | None:
        """The entry for a block's text (any spacing, case or numbers), if it is boilerplate."""
        key = block_key(text)
        return self.entries.get(key) if key is not None else None

    def share_of(self, entry: Entry) -> float:
        return entry.pages / self.pages if self.pages else 0.0

    # -- learning ---------------------------------------------------------------------------

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
            from articlekit.batch import clean_many

            items = []
            for page in pages:
                if not isinstance(page, (str, bytes, os.PathLike)):
                    raise TypeError("with jobs > 1, pages must be text, bytes or paths")
                items.append(page)
            for keys in clean_many(items, jobs=jobs, transform=page_keys, **clean_kwargs):
                learner.add_keys(keys)
        return learner.profile()

    # -- files ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        entries = sorted(self.entries.values(), key=lambda e: (-e.pages, e.key))
        return {
            "site": self.site,
            "pages": self.pages,
            "duplicates": self.duplicates,
            "share": self.share,
            "min_pages": self.min_pages,
            "entries": [e.to_dict() for e in entries],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "<profile>") -> SiteProfile:
        if not isinstance(data, Mapping):
            raise ProfileError(f"{where}: a site must be a table, not {type(data).__name__}")
        pages = _int(data.get("pages", 0), f"{where}: pages")
        entries = []
        raw = data.get("entries", [])
        if not isinstance(raw, list):
            raise ProfileError(f"{where}: entries must be a list")
        for i, item in enumerate(raw):
            here = f"{where}: entries[{i}]"
            if not isinstance(item, Mapping):
                raise ProfileError(f"{here} must be a table")
            text = item.get("text", "")
            key = item.get("key") or (block_key(text) if isinstance(text, str) else None)
            if not isinstance(key, str) or not key:
                raise ProfileError(f"{here}: needs a key (or a text to make one from)")
            label = item.get("label", "chrome")
            if label not in LABELS:
                raise ProfileError(f"{here}: label {label!r} is not one of {', '.join(LABELS)}")
            labels = item.get("labels", {})
            if not isinstance(labels, Mapping):
                raise ProfileError(f"{here}: labels must be a table of counts")
            entries.append(
                Entry(
                    key=key,
                    label=label,
                    pages=_int(item.get("pages", pages), f"{here}: pages"),
                    text=str(text),
                    labels=tuple((str(k), _int(v, f"{here}: labels")) for k, v in labels.items()),
                )
            )
        site = data.get("site")
        return cls(
            entries,
            site=str(site) if site else None,
            pages=pages,
            duplicates=_int(data.get("duplicates", 0), f"{where}: duplicates"),
            share=float(data.get("share", DEFAULT_SHARE)),
            min_pages=_int(data.get("min_pages", DEFAULT_MIN_PAGES), f"{where}: min_pages"),
        )

    def save(self, path: str | os.PathLike[str], *, format: str | None = None) -> None:
        """Write the profile as JSON, or TOML when ``path`` ends in ``.toml`` (or ``format``)."""
        save(path, [self], format=format)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SiteProfile:
        """Read a profile file holding one site (:func:`load` reads files of several)."""
        profiles = load(path)
        if len(profiles) != 1:
            raise ProfileError(
                f"{os.fspath(path)}: holds {len(profiles)} sites; use articlekit.profile.load()"
            )
        return profiles[0]


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProfileError(f"{where} must be a whole number >= 0, not {value!r}")
    return value


# -- learning ------------------------------------------------------------------------------------


class PageKeys(NamedTuple):
    """What learning needs of one cleaned page: (key, label, example) per block, each key once,
    and the page's fingerprint (the keys of its longest body blocks) to spot duplicates."""

    keys: list[tuple[str, str, str]]
    fingerprint: str | None


def page_keys(article: Article) -> PageKeys:
    """The keys of a cleaned page's blocks, with the label its segments give each block.

    A top-level function, so ``clean_many(..., transform=page_keys)`` can run it in workers."""
    from articlekit.text.document import build

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
        from articlekit.model import Article

        if not isinstance(page, Article):
            from articlekit.api import clean

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


# -- files ---------------------------------------------------------------------------------------


def save(
    path: str | os.PathLike[str],
    profiles: Sequence[SiteProfile],
    *,
    format: str | None = None,
) -> None:
    """Write profiles to one file: JSON, or TOML for a ``.toml`` path (or ``format``)."""
    name = os.fspath(path)
    fmt = format or ("toml" if name.lower().endswith(".toml") else "json")
    data = {"articlekit_profile": FORMAT_VERSION, "sites": [p.to_dict() for p in profiles]}
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    elif fmt == "toml":
        text = _to_toml(data)
    else:
        raise ValueError(f"format must be 'json' or 'toml', not {format!r}")
    tmp = f"{name}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, name)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()
        )
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _to_toml(data: Mapping[str, Any]) -> str:
    lines = [
        "# articlekit site profile: a site's boilerplate, learned (docs/site-profiles.md)",
        f"articlekit_profile = {data['articlekit_profile']}",
    ]
    for site in data["sites"]:
        lines += ["", "[[sites]]"]
        for key, value in site.items():
            if key != "entries" and value is not None:
                lines.append(f"{key} = {_toml_value(value)}")
        for entry in site["entries"]:
            lines += ["", "[[sites.entries]]"]
            lines += [f"{key} = {_toml_value(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"


def load(path: str | os.PathLike[str]) -> list[SiteProfile]:
    """Read a profile file (JSON or TOML, by suffix or content): one profile per site."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except OSError as exc:
        raise ProfileError(f"{name}: cannot read the profile: {exc.strerror or exc}") from None
    return list(_load_cached(os.path.abspath(name), name, st.st_mtime_ns, st.st_size))


@cache
def _load_cached(abspath: str, shown: str, mtime: int, size: int) -> tuple[SiteProfile, ...]:
    try:
        source = Path(abspath).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{shown}: cannot read the profile: {exc}") from None
    data: Any
    if shown.lower().endswith(".json") or source.lstrip()[:1] == "{":
        try:
            data = json.loads(source)
        except json.JSONDecodeError as exc:
            raise ProfileError(f"{shown}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    else:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - exercised on 3.10 only
            import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"{shown}: not valid TOML: {exc}") from None
    if not isinstance(data, Mapping) or "sites" not in data:
        raise ProfileError(f"{shown}: not an articlekit profile (no 'sites')")
    version = data.get("articlekit_profile", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ProfileError(f"{shown}: profile format {version!r}; this articlekit reads 1")
    sites = data["sites"]
    if not isinstance(sites, list):
        raise ProfileError(f"{shown}: 'sites' must be a list")
    return tuple(
        SiteProfile.from_dict(site, where=f"{shown}: sites[{i}]") for i, site in enumerate(sites)
    )


def as_profiles(value: Any) -> tuple[SiteProfile, ...]:
    """What ``clean(profile=...)`` takes: a SiteProfile, several, or a profile file's path."""
    if isinstance(value, SiteProfile):
        return (value,)
    if isinstance(value, (str, os.PathLike)):
        return tuple(load(value))
    if isinstance(value, Iterable):
        out = tuple(value)
        if all(isinstance(p, SiteProfile) for p in out):
            return out
    raise TypeError(
        "profile must be a SiteProfile, a list of them, or the path of a profile file, "
        f"not {type(value).__name__}"
    )


def choose(profiles: Sequence[SiteProfile], site: str | None, doc: Document) -> SiteProfile | None:
    """The profile for a page: the one for the page's site (its URL's host), if any; else a
    single profile without a site; else the profile whose boilerplate the page shares most of
    (at least two blocks), among those without a site and, when the page's site is unknown,
    those with one."""
    if site:
        for profile in profiles:
            if profile.site and (site == profile.site or site.endswith("." + profile.site)):
                return profile
    candidates = [i for i, p in enumerate(profiles) if not site or not p.site]
    if len(candidates) == 1 and not profiles[candidates[0]].site:
        return profiles[candidates[0]]
    if not candidates:
        return None
    index = _index(tuple(profiles))
    hits = [0] * len(profiles)
    for block in doc.blocks:
        key = block_key(block.text)
        for i in index.get(key, ()) if key is not None else ():
            hits[i] += 1
    best = max(candidates, key=lambda i: (hits[i], -i))
    return profiles[best] if hits[best] >= 2 else None


@lru_cache(maxsize=8)
def _index(profiles: tuple[SiteProfile, ...]) -> dict[str, list[int]]:
    """Key -> the profiles holding it (profiles hash by identity, so a file's profiles,
    loaded once per process, are indexed once)."""
    out: dict[str, list[int]] = {}
    for i, profile in enumerate(profiles):
        for key in profile.entries:
            out.setdefault(key, []).append(i)
    return out
