"""Header: the title, and the byline (source, authors, date) above the main content.

The title is the first line when it reads as one; a later line just above the content that
repeats it (a page's ``<title>`` and its ``<h1>``) is the title too. Bylines are short lines
of recognisable parts: a prefix ("By", "Source", "Von", "来源："), names, a news agency, a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .. import dates, rules
from .. import text as tx
from ..document import Block, Document
from . import Claim, Taken, whole

MAX_BYLINE = 200
LOOKAHEAD = 4  # blocks into the content where a byline may still stand
_PART_SPLIT_RE = re.compile(r"\s+[|·•]\s+|\s+[-–—]\s+|\s{2,}|\u3000+|(?<=[^\s\d])\s?[|｜]\s?")
_TITLE_SUFFIX_RE = re.compile(r"\s(?:[|｜·•»]|[-–—]|::)\s")
_NAME_PARTICLES = frozenset(
    "von van der den de da del della di du le la bin al el ibn dos das y e ten ter".split()
)
_DATELINE_RE = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ .,'/-]{1,40}\s?\(([^()]{2,30})\)\s?[—–-]")


@dataclass(slots=True)
class Result:
    claims: list[Claim] = field(default_factory=list)
    title: str | None = None
    site: str | None = None  # from a "Title - Site" page title
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    date: dates.DateMatch | None = None


@dataclass(slots=True)
class Byline:
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    date: dates.DateMatch | None = None
    reason: str = ""


def extract(
    doc: Document, taken: Taken, content_start: int, *, now: datetime | None = None
) -> Result:
    result = Result()
    blocks = doc.blocks
    limit = min(len(blocks), content_start + LOOKAHEAD)
    zone = [b for b in blocks[:limit] if taken[b.index] is None]
    used: set[int] = set()
    # Bylines first: a date line must not be mistaken for a title.
    for block in zone:
        byline = parse_byline(block.text, doc.language, now)
        if byline is None:
            continue
        used.add(block.index)
        result.claims.append(whole(block, "byline", byline.reason))
        if byline.authors and not result.authors:
            result.authors = byline.authors
        if byline.source and not result.source:
            result.source = byline.source
        if byline.date and (result.date is None or (result.date.relative and not byline.date.relative)):
            result.date = byline.date
    _title(doc, [b for b in zone if b.index not in used and b.index < content_start], result)
    if result.source is None and content_start < len(blocks):
        dateline = _DATELINE_RE.match(blocks[content_start].text)
        if dateline and tx.key(dateline[1]) in rules.words("byline", "agencies"):
            result.source = dateline[1].strip()
    result.claims.sort(key=lambda c: c.start)
    return result


# -- title ---------------------------------------------------------------------------------------


def title_like(block: Block) -> bool:
    text = block.text
    if len(text) > 250 or text[-1:] in ":,;" or not any(ch.isalpha() for ch in text):
        return False
    if block.n_cjk:
        return 4 <= block.n_cjk <= 80
    if not 2 <= block.n_words <= 30:
        return False
    return not (text.endswith(".") and block.n_words > 15)


def _title(doc: Document, candidates: list[Block], result: Result) -> None:
    likely = [b for b in candidates if title_like(b) and b.key not in rules.words("chrome", "exact")]
    if not likely:
        return
    first = likely[0] if likely[0].index == _first_index(doc) else None
    page_title = first.text if first is not None else None
    page_core, site = _split_site(page_title) if page_title else (None, None)
    h1 = None
    for block in reversed(likely):
        if block is first:
            break
        if page_title is None or _similar(block.text, page_core or page_title):
            h1 = block
            break
    chosen = h1 or first or likely[-1]
    if chosen is likely[-1] and first is None and chosen.n_words < 4 and not chosen.n_cjk:
        return
    result.title = chosen.text if h1 is not None or first is None else (page_core or chosen.text)
    if site and not h1:
        result.site = site
    elif site and h1 is not None and page_title and _similar(h1.text, page_core or ""):
        result.site = site
    for block in (first, h1) if h1 is not None else (chosen,):
        if block is not None:
            reason = "page title (first line)" if block is first else "headline repeating the page title"
            if first is None and block is chosen:
                reason = "title-like line just above the content"
            result.claims.append(whole(block, "title", reason))


def _first_index(doc: Document) -> int:
    return doc.blocks[0].index if doc.blocks else -1


def _split_site(title: str) -> tuple[str, str | None]:
    """"Headline - Site" -> ("Headline", "Site") when the tail is short and the head is not."""
    parts = _TITLE_SUFFIX_RE.split(title)
    if len(parts) < 2:
        return title, None
    head, tail = " - ".join(parts[:-1]) if len(parts) > 2 else parts[0], parts[-1].strip()
    if len(tail.split()) <= 4 and len(head.split()) >= 3 and len(tail) < len(head):
        return head.strip(), tail
    return title, None


def _similar(a: str, b: str) -> bool:
    wa, wb = set(tx.words(a.lower())), set(tx.words(b.lower()))
    if not wa or not wb:
        return False
    if a.lower() in b.lower() or b.lower() in a.lower():
        return True
    return len(wa & wb) / len(wa | wb) >= 0.6


# -- byline --------------------------------------------------------------------------------------


def parse_byline(text: str, language: str | None, now: datetime | None) -> Byline | None:
    """The parts of a byline line, or None if the line is not one."""
    if len(text) > MAX_BYLINE or tx.ends_sentence(text) and text.rstrip()[-1] in ".!?。" and len(text) > 80:
        return None
    parts = [p.strip() for p in _PART_SPLIT_RE.split(text) if p and p.strip()]
    out = Byline()
    reasons = []
    for part in parts:
        kind = _part(part, language, now, out)
        if kind is None:
            return None
        if kind:
            reasons.append(kind)
    if not (out.authors or out.source or out.date):
        return None
    out.reason = "byline: " + ", ".join(dict.fromkeys(reasons))
    return out


def _part(part: str, language: str | None, now: datetime | None, out: Byline) -> str | None:
    """Read one part into ``out``; return what it was ('' to ignore), None if not a byline part."""
    part = " ".join(part.split())
    low = part.lower()
    key = tx.key(part)
    if key in rules.words("byline", "not_names") or key in rules.words("byline", "roles"):
        return ""
    if key in rules.words("byline", "agencies"):
        out.source = out.source or part.strip(" ()")
        return "agency"
    prefix = tx.starts_with_phrase(low, rules.words("byline", "source_prefixes"))
    if prefix is not None:
        rest = part[len(prefix) :].strip(" :：-–")
        if rest and len(rest) <= 60 and not tx.ends_sentence(rest):
            out.source = out.source or rest
            return "source"
        return None
    prefix = tx.starts_with_phrase(low, rules.words("byline", "author_prefixes"))
    if prefix is not None:
        rest = part[len(prefix) :].strip(" :：")
        names = _names(rest, language, now, out)
        if names:
            out.authors += [n for n in names if n not in out.authors]
            return "author"
        return None
    found = dates.find(part, now=now, language=language)
    if found is not None:
        rest = (part[: found.start] + part[found.end :]).strip(" ,|·:-–—")
        if not rest or tx.key(rest) in rules.words("byline", "date_prefixes") or len(rest) <= 0.5 * len(part):
            if out.date is None or (out.date.relative and not found.relative):
                out.date = found
            return "date"
        return None
    if low.endswith(("min read", "minute read", "minutes read")):
        return ""
    if out.authors or out.source:
        names = _names(part, language, now, out)
        if names:
            out.authors += [n for n in names if n not in out.authors]
            return "author"
    return None


def _names(text: str, language: str | None, now: datetime | None, out: Byline) -> list[str]:
    """Person names in "Jane Doe and John Roe, Senior Reporter" (roles and links dropped)."""
    joiners = rules.words("byline", "name_joiners")
    roles = rules.words("byline", "roles")
    found = dates.find(text, now=now, language=language)
    if found is not None:
        out.date = out.date or found
        text = (text[: found.start] + text[found.end :]).strip(" ,|·-–—")
    tokens = re.split(r"\s*,\s*|\s*;\s*|\s+(?:" + "|".join(re.escape(j) for j in joiners) + r")\s+|、", text)
    names = []
    for token in tokens:
        token = token.strip(" .")
        if not token or tx.key(token) in roles or tx.key(token) in rules.words("byline", "not_names"):
            continue
        if tx.key(token) in rules.words("byline", "agencies"):
            out.source = out.source or token
            continue
        if _is_name(token):
            names.append(token)
        else:
            return []
    return names


def _is_name(token: str) -> bool:
    if tx.CJK_RE.match(token[:1]):
        return 2 <= len(token) <= 8 and not any(ch.isdigit() for ch in token)
    words = token.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in token):
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)
