"""Metadata from the page's markup: title, authors, site name, date, language.

trafilatura reads the markup's metadata (``<meta>`` tags, Open Graph, JSON-LD, ``<title>``)
and htmldate the date; this module calls their quick readers on the already parsed tree and
leaves out the slow ones (trafilatura's XPath search for author names, htmldate's free-text
search), because the visible byline in the rendering finds authors and dates the metadata
lacks (see :mod:`articlekit.paths.html.claims`). A full published timestamp (with its time and
zone) comes from JSON-LD ``datePublished``, ``article:published_time`` or a
``<time datetime>``; htmldate (:func:`find_date`) runs only where neither the metadata nor the
byline has a date.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from articlekit.model import Article

_LOG = logging.getLogger(__name__)

#: <meta> names and properties that hold the publication time.
_PUBLISHED_META = {
    key: rank
    for rank, key in enumerate(
        [
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "published_time",
            "publishdate",
            "publish-date",
            "publish_date",
            "pubdate",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dcterms.issued",
            "dcterms.created",
            "dc.date",
            "date",
        ]
    )
}
#: JSON-LD ``datePublished`` ranks after the explicit publication keys, before generic ones.
_JSON_LD_RANK = 6
_TIME_RANK = 100
MIN_YEAR = 1990
_URL_DATE_RE = re.compile(
    r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|$|[-_.])"
)
_ISO_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    sitename: str | None = None
    published: datetime | None = None
    date_text: str | None = None
    description: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    canonical: str | None = None


def extract(root: Any, url: str | None) -> Meta:
    """Whatever the page's markup tells; empty fields where it is silent or the readers fail."""
    try:
        from trafilatura import metadata as tmeta
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        return _own(root)
    try:
        doc = tmeta.examine_meta(root)
        if doc.author and " " not in doc.author:
            doc.author = None  # a single word is a handle or a site, not a name
        try:
            doc = tmeta.extract_meta_json(root, doc)
        except Exception as exc:  # noqa: BLE001 - JSON-LD in the wild is often broken
            _LOG.debug("JSON-LD metadata: %s", exc)
        if not doc.title:
            doc.title = tmeta.extract_title(root)
        if not doc.sitename:
            doc.sitename = tmeta.extract_sitename(root)
    except Exception as exc:  # noqa: BLE001 - metadata must never sink the article
        _LOG.debug("trafilatura metadata: %s", exc)
        return _own(root)
    own = _own(root)
    published, date_text = own.published, own.date_text
    sitename = doc.sitename.lstrip("@") if doc.sitename else None
    return Meta(
        title=_clean(doc.title),
        authors=_authors(doc.author),
        sitename=_clean(sitename),
        published=published,
        date_text=date_text,
        description=_clean(doc.description),
        categories=tuple(doc.categories or ()),
        tags=tuple(doc.tags or ()),
        canonical=doc.url or url,
    )


def _own(root: Any) -> Meta:
    """The publication time from <meta> tags, JSON-LD or <time>, read directly: the most
    specific source first (``article:published_time`` before a bare ``date``)."""
    found: list[tuple[int, datetime, str]] = []  # (rank, time, text)
    for node in root.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        rank = _PUBLISHED_META.get(key)
        if rank is not None:
            value = (node.get("content") or "").strip()
            parsed = _plausible(parse_iso(value))
            if parsed is not None:
                found.append((rank, parsed, value))
    if not found or min(found)[0] > _JSON_LD_RANK:
        for node in root.iter("script"):
            if (node.get("type") or "").lower() != "application/ld+json" or not node.text:
                continue
            try:
                data = json.loads(node.text)
            except (ValueError, RecursionError):  # broken, or nested past the parser's depth
                continue
            value = _find_key(data, "datePublished")
            if isinstance(value, str):
                parsed = _plausible(parse_iso(value))
                if parsed is not None:
                    found.append((_JSON_LD_RANK, parsed, value.strip()))
                    break
    if not found:
        for node in root.iter("time"):
            value = (node.get("datetime") or "").strip()
            parsed = _plausible(parse_iso(value))
            if parsed is not None:
                found.append((_TIME_RANK, parsed, value))
                break
    if not found:
        return Meta()
    _, published, text = min(found, key=lambda f: f[0])
    return Meta(published=published, date_text=text)


def _plausible(value: datetime | None) -> datetime | None:
    """A publication time from the web's first years to next year; placeholders like
    ``0001-01-01`` are not dates."""
    if value is None or not MIN_YEAR <= value.year <= datetime.now(timezone.utc).year + 1:
        return None
    return value


def _find_key(data: Any, key: str, depth: int = 0) -> Any:
    if depth > 6:
        return None
    if isinstance(data, dict):
        if key in data:
            return data[key]
        for value in data.values():
            if isinstance(value, (dict, list)):
                found = _find_key(value, key, depth + 1)
                if found is not None:
                    return found
    elif isinstance(data, list):
        for item in data[:20]:
            found = _find_key(item, key, depth + 1)
            if found is not None:
                return found
    return None


def parse_iso(value: str) -> datetime | None:
    """An ISO 8601 date or timestamp; no zone given means UTC (as on the text path)."""
    match = _ISO_RE.match(value or "")
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        tz = timezone.utc
        if zone and zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            from datetime import timedelta

            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def find_date(root: Any, url: str | None) -> tuple[datetime | None, str | None]:
    """The publication date when the markup's metadata and the visible byline have none: the
    URL's date, else htmldate's quick search (its slower free-text search left out)."""
    if url:
        match = _URL_DATE_RE.search(url)
        if match is not None:
            year, month, day = match.groups()
            text = f"{year}-{month}-{day}"
            parsed = parse_iso(text)
            if parsed is not None:
                return parsed, text
    try:
        from htmldate import find_date

        found = find_date(root, extensive_search=False, original_date=True, url=url)
    except Exception as exc:  # noqa: BLE001
        _LOG.debug("htmldate: %s", exc)
        return None, None
    if not found:
        return None, None
    return parse_iso(found), found


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    out: list[str] = []
    for part in value.split(";"):
        name = " ".join(part.split())
        if name and name not in out:
            out.append(name)
    return tuple(out)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


# -- onto the Article ---------------------------------------------------------------------


def with_meta(article: Article, meta: Meta) -> Article:
    """The text path's Article with what the page's markup says of it where it says it."""
    published, date_text = article.published, article.date_text
    if meta.published is not None:
        published, date_text = meta.published, meta.date_text
    return replace(
        article,
        title=meta.title or article.title,
        source=meta.sitename or article.source,
        authors=meta.authors or article.authors,
        published=published,
        date_text=date_text,
        metadata=metadata_pairs(meta),
    )


def metadata_pairs(meta: Meta) -> tuple[tuple[str, str], ...]:
    """``Article.metadata``: the site name, description, canonical URL, categories and tags
    the markup gives."""
    out: list[tuple[str, str]] = []
    for name in ("sitename", "description", "canonical"):
        value = getattr(meta, name)
        if value:
            out.append((name, value))
    if meta.categories:
        out.append(("categories", "; ".join(meta.categories)))
    if meta.tags:
        out.append(("tags", "; ".join(meta.tags)))
    return tuple(out)
