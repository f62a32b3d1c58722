"""Header: the title, and the byline (source, authors, date) above the main content.

The title is the first line when it reads as one; a later line just above the content that
repeats it (a page's ``<title>`` and its ``<h1>``) is the title too. Bylines are short lines
of recognisable parts: a prefix ("By", "Source", "Von", "来源："), names, a news agency, a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articlekit.config.context import Context
from articlekit.config.vocabulary import package_words
from articlekit.extract import Claim, Taken, body, whole
from articlekit.extract.page import Page
from articlekit.text import dates
from articlekit.text import tokens as tx
from articlekit.text.document import Block, Document

_PART_SPLIT_RE = re.compile(r"\s+[|·•/]\s+|\s+[-–—]\s+|\s{2,}|\u3000+|(?<=[^\s\d])\s?[|｜]\s?")
_TITLE_SUFFIX_RE = re.compile(r"\s(?:[|｜·•»]|[-–—]|::)\s")
_DATELINE_RE = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ .,'/-]{1,40}\s?\(([^()]{2,30})\)\s?[—–-]")


@dataclass(slots=True)
class Result:
    claims: list[Claim] = field(default_factory=list)
    title: str | None = None
    site: str | None = None  # from a "Title - Site" page title
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    date: dates.DateMatch | None = None
    content_start: int | None = None  # set when a byline shows the content starts later


@dataclass(slots=True)
class Byline:
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    date: dates.DateMatch | None = None
    reason: str = ""


def extract(
    doc: Document,
    taken: Taken,
    content: tuple[int, int],
    ctx: Context,
) -> Result:
    """Title and bylines above ``content`` (the [start, end) block run the body scorer found),
    and credits just below it."""
    limits = ctx.params.header
    content_start, content_end = content
    result = Result()
    blocks = doc.blocks
    limit = min(len(blocks), content_start + limits.lookahead)
    zone = [b for b in blocks[:limit] if taken[b.index] is None]
    used: set[int] = set()
    # Bylines first: a date line must not be mistaken for a title.
    for block in zone:
        byline = parse_byline(block.text, doc.language, ctx)
        if byline is None:
            continue
        used.add(block.index)
        result.claims.append(whole(block, "byline", byline.reason))
        if byline.authors and not result.authors:
            result.authors = byline.authors
        if byline.source and not result.source:
            result.source = byline.source
        if byline.date and (
            result.date is None or (result.date.relative and not byline.date.relative)
        ):
            result.date = byline.date
    if not used:
        deep = _deep_byline(
            doc, taken, limit, min(content_end, content_start + limits.deep), ctx=ctx
        )
        if deep is not None:
            block, byline = deep
            used.add(block.index)
            result.claims.append(whole(block, "byline", byline.reason + " (inside the text run)"))
            result.authors, result.source = byline.authors, byline.source
            result.date = byline.date
            result.content_start = block.index + 1
            zone = [b for b in blocks[: block.index + 1] if taken[b.index] is None]
    # A long headline can score as prose and open the content run; the bylines under it
    # show where the header really ends.
    head_end = max(content_start, min(used)) if used else content_start
    candidates = [b for b in zone if b.index not in used and b.index < head_end]
    if not candidates and zone and zone[0].index not in used and not tx.ends_sentence(zone[0].text):
        candidates = zone[:1]  # a long headline can score as prose; the first line still leads
    _title(doc, candidates, used, result, head_end, ctx=ctx)
    _bare_names(doc, taken, used, result)
    # Credits right after the content ("(责任编辑：王磊)", "Reporting by ...") are bylines too.
    for block in blocks[content_end : content_end + limits.tail]:
        if taken[block.index] is None and block.index not in used:
            byline = parse_byline(block.text.strip("()（）[]"), doc.language, ctx)
            if byline is not None and not byline.date:
                result.claims.append(whole(block, "byline", byline.reason + " (after the content)"))
    if result.source is None and content_start < len(blocks):
        dateline = _DATELINE_RE.match(blocks[content_start].text)
        if dateline and tx.key(dateline[1]) in ctx.vocab.words("byline", "agencies"):
            result.source = dateline[1].strip()
    result.claims.sort(key=lambda c: c.start)
    return result


def _deep_byline(
    doc: Document, taken: Taken, start: int, end: int, ctx: Context
) -> tuple[Block, Byline] | None:
    """A byline with an author, below teasers that scored as prose: where the article starts.

    Only a line naming an author, right under a title-like line, counts: a date alone in a
    list of teasers would move the start for nothing.
    """
    for block in doc.blocks[start:end]:
        if taken[block.index] is not None or len(block.text) > ctx.params.header.max_byline:
            continue
        byline = parse_byline(block.text, doc.language, ctx)
        if byline is None or not byline.authors:
            continue
        above = [
            b for b in doc.blocks[max(0, block.index - 3) : block.index] if taken[b.index] is None
        ]
        if above and title_like(above[-1]):
            return block, byline
    return None


# -- title ---------------------------------------------------------------------------------------


def title_like(block: Block) -> bool:
    text = block.text
    if len(text) > 250 or text[-1:] in ":,;" or not any(ch.isalpha() for ch in text):
        return False
    if text[0] in "([（【" and text[-1] in ")]）】":
        return False  # "(Reed Saxon / Associated Press)": a credit, not a headline
    if block.n_cjk:
        return 4 <= block.n_cjk <= 80
    if not 2 <= block.n_words <= 30:
        return False
    return not (text.endswith(".") and not text.endswith(".."))


def _title(
    doc: Document,
    candidates: list[Block],
    bylines: set[int],
    result: Result,
    head_end: int,
    ctx: Context,
) -> None:
    """Pick the headline among title-like lines above the content.

    In order of preference: a line repeating the first line (a page's <title> and its <h1>);
    the line just above the byline; a first line that is a full headline (five words or
    more); the line just above the content; the first line.
    """
    chrome_words = ctx.vocab.words("chrome", "exact")
    likely = [b for b in candidates if title_like(b) and b.key not in chrome_words]
    if not likely:
        return
    first = likely[0] if likely[0] is candidates[0] else None  # the page's first free line
    core, site = _split_site(first.text) if first is not None else ("", None)
    chosen: Block | None = None
    reason = ""
    if first is not None:
        for block in reversed(likely[1:]):
            if _similar(block.text, core):
                chosen, reason = block, "headline repeating the page title"
                break
    if chosen is None and bylines:
        above = [
            b
            for b in likely
            if b.index < min(bylines) and not _bare_name(b) and (b.n_words >= 4 or b.n_cjk >= 6)
        ]
        if above and min(bylines) - above[-1].index <= 3:
            chosen, reason = above[-1], "title-like line just above the byline"
    if chosen is None and first is not None and (first.n_words >= 5 or first.n_cjk >= 10):
        chosen = first  # a full headline on the first line (a page's <title>) beats a guess
    if chosen is first and first is not None:
        result.title, result.site = core, site
        result.claims.append(whole(first, "title", "page title (first line)"))
        return
    last = likely[-1]
    adjacent = last.index == head_end - 1
    # Without a title-like first line, the line right above the content is the best guess.
    if chosen is None and first is None and (adjacent or (len(likely) > 1 and last.n_words >= 4)):
        chosen, reason = last, "title-like line just above the content"
    if chosen is None:
        chosen = first
    if chosen is None:
        return
    if chosen is first:
        result.title, result.site = core, site
        result.claims.append(whole(first, "title", "page title (first line)"))
        return
    result.title = chosen.text
    result.claims.append(whole(chosen, "title", reason))
    if first is not None and first is not chosen and _similar(chosen.text, core):
        result.site = site
        result.claims.append(whole(first, "title", "page title (first line)"))
        return
    # A short name at the very top, above a different headline, is the site's name.
    top = next((b for b in candidates[:2] if _site_like(b, ctx=ctx)), None)
    if top is not None and top is not chosen and top.index < chosen.index:
        result.site = top.text
        result.claims.append(whole(top, "chrome", "site name (first line of the page)"))


def _site_like(block: Block, ctx: Context) -> bool:
    text = block.text
    return (
        1 <= block.n_words <= 5
        and len(text) <= 50
        and (text[0].isupper() or text[0].isdigit() or bool(block.n_cjk))
        and not tx.ends_sentence(text)
        and block.key not in ctx.vocab.words("chrome", "exact")
    )


def _bare_names(doc: Document, taken: Taken, used: set[int], result: Result) -> None:
    """A line that is only a person's name, next to a date line under the title, is the
    author ("Imogen Clarke" / "Published 3 hours ago")."""
    if result.authors or not used:
        return
    titled = {c.block for c in result.claims if c.label == "title"}
    for index in sorted(used):
        for near in (index - 1, index + 1):
            if not 0 <= near < len(doc.blocks) or taken[near] is not None or near in used:
                continue
            block = doc.blocks[near]
            beside_title = near - 1 in titled or index - 1 in titled
            if beside_title and _bare_name(block):
                result.authors = [block.text]
                used.add(near)
                result.claims.append(whole(block, "byline", "a bare name between title and date"))
                return


def _bare_name(block: Block) -> bool:
    return 2 <= len(block.text.split()) <= 4 and len(block.text) <= 40 and _is_name(block.text)


def _split_site(title: str) -> tuple[str, str | None]:
    """ "Headline - Site" -> ("Headline", "Site") when the tail is short and the head is not."""
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


def parse_byline(text: str, language: str | None, ctx: Context) -> Byline | None:
    """The parts of a byline line, or None if the line is not one."""
    if (
        len(text) > ctx.params.header.max_byline
        or tx.ends_sentence(text)
        and text.rstrip()[-1] in ".!?。"
        and len(text) > 80
    ):
        return None
    out = Byline()
    whole_date = dates.find(text, now=ctx.now, language=language)
    if whole_date is not None and len(whole_date.text) >= 0.4 * len(text):
        lead = text[: whole_date.start].strip(" ,|·:-–—")
        before = _strip_date_prefix(lead, ctx=ctx)
        after = text[whole_date.end :].strip(" ,|·:-–—")
        if not before and not after:
            out.date, out.reason = whole_date, "byline: date"
            if tx.key(lead) in ctx.vocab.words("byline", "agencies"):
                out.source, out.reason = lead, "byline: agency, date"
            return out
    parts = [p.strip() for p in _PART_SPLIT_RE.split(text) if p and p.strip()]
    reasons = []
    deferred = []
    for part in parts:
        kind = _part(part, language, out, ctx=ctx)
        if kind is None:
            deferred.append(part)
        elif kind:
            reasons.append(kind)
    # A bare name counts once the line has shown it is a byline: "Chris Davies - Nov 19, 2019".
    for part in deferred:
        kind = _part(part, language, out, 1, ctx=ctx) if (out.date or out.source) else None
        if kind is None:
            return None
        if kind:
            reasons.append(kind)
    if not (out.authors or out.source or out.date or "credit" in reasons):
        return None
    if set(reasons) <= {"publication", ""}:
        return None  # "Top News", "Northfield Science Daily": a name alone is not a byline
    out.reason = "byline: " + ", ".join(dict.fromkeys(reasons))
    return out


def _strip_date_prefix(text: str, ctx: Context) -> str:
    """Drop "Published on", "Updated", "Madrid -" style lead-ins before a date."""
    text = text.strip(" ,|·:-–—")
    key = tx.key(text)
    if not key or key in ctx.vocab.words("byline", "date_prefixes"):
        return ""
    words = text.split()
    if (len(words) == 1 or text.isupper()) and len(words) <= 3 and not tx.ends_sentence(text):
        return ""  # a dateline city: "Madrid -", "PARIS,", "NEW YORK -"
    return text


def _part(
    part: str,
    language: str | None,
    out: Byline,
    depth: int = 0,
    *,
    ctx: Context,
) -> str | None:
    """Read one part into ``out``; return what it was ('' to ignore), None if not a byline part."""
    part = " ".join(part.split())
    low = part.lower()
    key = tx.key(part)
    if key in ctx.vocab.words("byline", "not_names") or key in ctx.vocab.words("byline", "roles"):
        return ""
    if part.startswith("@") and " " not in part:
        return "handle"  # "@janedoe" next to a name
    if key in ctx.vocab.words("byline", "agencies"):
        out.source = out.source or part.strip(" ()")
        return "agency"
    prefix = tx.starts_with_phrase(low, ctx.vocab.words("byline", "source_prefixes"))
    if prefix is not None:
        rest = part[len(prefix) :].strip(" :：-–")
        if rest and len(rest) <= 60 and not tx.ends_sentence(rest):
            out.source = out.source or rest
            return "source"
        return None
    prefix = tx.starts_with_phrase(low, ctx.vocab.words("byline", "author_prefixes"))
    if prefix is not None:
        rest = part[len(prefix) :].strip(" :：")
        names = _names(rest, language, out, ctx=ctx)
        if names:
            out.authors += [n for n in names if n not in out.authors]
            return "author"
        return None
    prefix = tx.starts_with_phrase(low, ctx.vocab.words("byline", "credit_prefixes"))
    if prefix is not None:
        rest = part[len(prefix) :].strip(" :：")
        return "credit" if rest and _names(rest, language, Byline(), ctx=ctx) else None
    found = dates.find(part, now=ctx.now, language=language)
    if found is not None:
        before = _strip_date_prefix(part[: found.start], ctx=ctx)
        after = part[found.end :].strip(" ,|·:-–—")
        rest = " ".join(x for x in (before, after) if x)
        if rest and depth < 2 and _part(rest, language, out, depth + 1, ctx=ctx) in (None, ""):
            return None
        if out.date is None or (out.date.relative and not found.relative):
            out.date = found
        return "date"
    if low.endswith(("min read", "minute read", "minutes read")):
        return ""
    head, _, role = part.rpartition(",")
    if head and _is_role(role, ctx=ctx) and _is_name(head.strip()):
        out.authors.append(head.strip())
        return "author with role"
    if _is_publication(part, ctx=ctx) and len(part.split()) <= 5 and not tx.ends_sentence(part):
        out.source = out.source or part
        return "publication"
    if out.authors or out.source or depth or _handle_follows(part):
        names = _names(part.split(" @", 1)[0], language, out, ctx=ctx)
        if names:
            out.authors += [n for n in names if n not in out.authors]
            return "author"
    return None


def _handle_follows(part: str) -> bool:
    """ "Natasha Turak @NatashaTurak": a name with its social handle."""
    name, _, handle = part.partition(" @")
    return bool(handle) and " " not in handle and _is_name(name)


def _trim_name(token: str, ctx: Context) -> str:
    """Drop a trailing job title or date lead-in: "Meg James Staff Writer" -> "Meg James"."""
    words = token.split()
    tails = ctx.vocab.words("byline", "date_prefixes")
    while len(words) > 2:
        for size in (3, 2, 1):
            tail = " ".join(words[-size:]).lower()
            if len(words) - size >= 2 and (_is_role(tail, ctx=ctx) or tail in tails):
                words = words[:-size]
                break
        else:
            break
    return " ".join(words)


def _names(text: str, language: str | None, out: Byline, ctx: Context) -> list[str]:
    """Person names in "Jane Doe and John Roe, Senior Reporter" (roles and links dropped)."""
    joiners = ctx.vocab.words("byline", "name_joiners")
    found = dates.find(text, now=ctx.now, language=language)
    if found is not None:
        out.date = out.date or found
        text = (text[: found.start] + text[found.end :]).strip(" ,|·-–—")
    tokens = re.split(
        r"\s*,\s*|\s*;\s*|\s+(?:" + "|".join(re.escape(j) for j in joiners) + r")\s+|、", text
    )
    names = []
    for token in tokens:
        token = _trim_name(token.strip(" ."), ctx=ctx)
        if (
            not token
            or _is_role(token, ctx=ctx)
            or tx.key(token) in ctx.vocab.words("byline", "not_names")
        ):
            continue
        if tx.key(token) in ctx.vocab.words("byline", "agencies") or _is_publication(
            token, ctx=ctx
        ):
            out.source = out.source or token
            continue
        if _is_name(token):
            names.append(token)
        else:
            return []
    return names


def _is_role(text: str, ctx: Context) -> bool:
    """ "Senior Science Correspondent": a job title, known by its last word."""
    words = tx.key(text).split()
    roles = ctx.vocab.words("byline", "roles")
    return bool(words) and (" ".join(words) in roles or (len(words) <= 4 and words[-1] in roles))


def _is_publication(token: str, ctx: Context) -> bool:
    words = set(tx.words(token.lower()))
    return bool(words & ctx.vocab.words("byline", "publication_words"))


def _is_name(token: str) -> bool:
    if tx.CJK_RE.match(token[:1]):
        return 2 <= len(token) <= 8 and not any(ch.isdigit() for ch in token)
    words = token.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in token):
        return False
    particles = package_words("byline", "name_particles")
    return all(w[:1].isupper() or w.lower() in particles for w in words)


def step(page: Page, ctx: Context) -> list[Claim]:
    """Score the page for the body, then find the header above the densest run."""
    scores = body.classify(page.doc, page.taken, ctx)
    for index, score in page.barriers.items():
        scores[index] = score
    page.scores = scores
    page.header = extract(page.doc, page.taken, body.region(scores), ctx)
    return page.header.claims
