"""Site profiles as data: what a step needs to apply one (docs/site-profiles.md).

A profile holds the blocks that recur across a site's pages (menus, footers, the same
disclaimer) under a normalised key (:func:`block_key`), each with the label the extractors gave
it most often. ``clean(profile=...)`` takes what :func:`as_profiles` reads, :func:`choose` picks
the page's profile and the ``profile`` step claims the blocks it holds. Learning (counting keys
over many cleaned pages) is ``articlekit.profiles``, above the pipeline.
Profiles are saved as JSON or TOML (:func:`save`, :func:`load`), one site or several per file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from articlekit.errors import InputError
from articlekit.text import tokens as tx
from articlekit.text.files import read_bounded

if TYPE_CHECKING:
    from articlekit.text.document import Document

__all__ = [
    "DEFAULT_CAPACITY",
    "DEFAULT_MIN_PAGES",
    "DEFAULT_SHARE",
    "Entry",
    "ProfileError",
    "SiteProfile",
    "as_profiles",
    "block_key",
    "choose",
    "load",
    "save",
    "site_of",
]

#: A key is boilerplate when it occurs on at least this share of a site's pages...
DEFAULT_SHARE = 0.3
#: ...and on at least this many pages.
DEFAULT_MIN_PAGES = 3
#: Keys the learner's counting table holds at most (about 0.5 kB each at the most).
DEFAULT_CAPACITY = 20_000
#: Keys longer than this are cut, with a hash of the whole, so memory per key is bounded.
MAX_KEY = 200
FORMAT_VERSION = 1
#: Largest profile file read (a FIFO or a device is read no further than this).
MAX_PROFILE_BYTES = 256 << 20
#: Labels a profile entry may carry; ``byline`` entries are kept but not claimed.
LABELS = ("chrome", "promo", "disclaimer", "caption", "byline")
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
    """The boilerplate of one site, as data: what ``clean(profile=...)`` applies.

    ``articlekit.SiteProfile`` is this class with learning added
    (:class:`articlekit.profiles.learn.SiteProfile`: learning runs the pipeline, which sits
    above this module)."""

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
                f"{os.fspath(path)}: holds {len(profiles)} sites; "
                "use articlekit.config.sites.load()"
            )
        return profiles[0]


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProfileError(f"{where} must be a whole number >= 0, not {value!r}")
    return value


# -- a page's site -------------------------------------------------------------------------------


def site_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, lower-cased; None when there is none."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


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
        raw = read_bounded(
            abspath,
            MAX_PROFILE_BYTES,
            what="the profile",
            over=f"the limit of {MAX_PROFILE_BYTES} bytes",
        )
        source = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError, InputError) as exc:
        raise ProfileError(f"{shown}: cannot read the profile: {exc}") from None
    data: Any
    if shown.lower().endswith(".json") or source.lstrip()[:1] == "{":
        try:
            data = json.loads(source)
        except json.JSONDecodeError as exc:
            raise ProfileError(f"{shown}:{exc.lineno}: not valid JSON: {exc.msg}") from None
        except RecursionError:
            raise ProfileError(f"{shown}: not valid JSON: nested too deeply") from None
    else:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - exercised on 3.10 only
            import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"{shown}: not valid TOML: {exc}") from None
        except RecursionError:
            raise ProfileError(f"{shown}: not valid TOML: nested too deeply") from None
    if isinstance(data, Mapping) and "sites" not in data and "articlekit_profile" in data:
        data = {**data, "sites": []}  # TOML has no empty array of tables: no site learned
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


# -- applying profiles ---------------------------------------------------------------------------


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
