"""Header: the title, and the byline (source, authors, date) above the main content.

The title is the first line when it reads as one; a later line just above the content that
repeats it (a page's ``<title>`` and its ``<h1>``) is the title too. Bylines are short lines
of recognisable parts: a prefix ("By", "Source", "Von", "来源："), names, a news agency, a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from articlekit.config.context import Context
from articlekit.extract import Claim, Taken, body, title_rank, whole
from articlekit.extract import names as person
from articlekit.extract import title as headline
from articlekit.extract.bylines import Byline, parse_byline, trim_name
from articlekit.extract.page import Page
from articlekit.labels import BODY_LABELS
from articlekit.text import dates
from articlekit.text import tokens as tx
from articlekit.text.document import Block, Document

#: What stays of a byline's shape: "By Jane Doe | 3 days ago" -> "by A A 0 days ago".
_SHAPE_WORD_RE = re.compile(r"\w+")

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
    relabels: list[Claim] = field(default_factory=list)  # blocks earlier steps took, relabelled
    date_block: int | None = None  # the block the date was read from
    title_block: int | None = None
    author_block: int | None = None  # the line the authors were read from
    #: What the title was chosen from, for ``retitle``: the labels as the header read them,
    #: the byline blocks and the [start, end) run it looked above.
    view: list[str | None] = field(default_factory=list)
    bylines: frozenset[int] = frozenset()
    anchor: tuple[int, int] = (0, 0)
    #: The page's lower-case words the names were checked against (the byline memo's key).
    words: person.PageWords | None = None


def extract(
    doc: Document,
    taken: Taken,
    content: tuple[int, int],
    ctx: Context,
    user_bylines: Sequence[Block] = (),
) -> Result:
    """Title and bylines above ``content`` (the [start, end) block run the body scorer found),
    and credits just below it. ``user_bylines``: blocks a rule pack's byline patterns took,
    read for authors, source and date ahead of every other byline (the user's word)."""
    limits = ctx.params.header
    content_start, content_end = content
    result = Result()
    blocks = doc.blocks
    limit = min(len(blocks), content_start + limits.lookahead)
    zone = [b for b in blocks[:limit] if taken[b.index] is None]
    used: set[int] = set()
    named: list[tuple[int, list[str]]] = []  # (block, authors) of the zone's bylines
    common = person.PageWords(doc.source)
    cards = _Cards(doc, ctx, common)
    # Bylines first: a date line must not be mistaken for a title.
    for block in zone:
        byline = parse_byline(block.text, doc.language, ctx, common)
        if byline is None:
            continue
        used.add(block.index)
        result.claims.append(whole(block, "byline", byline.reason))
        if byline.authors:
            named.append((block.index, byline.authors))
        if byline.source and not result.source:
            result.source = byline.source
        if byline.date and (
            result.date is None or (result.date.relative and not byline.date.relative)
        ):
            result.date, result.date_block = byline.date, block.index
    if not used:
        deep = _deep_byline(
            doc, taken, limit, min(content_end, content_start + limits.deep), ctx, common
        )
        if deep is not None:
            block, byline = deep
            used.add(block.index)
            result.claims.append(whole(block, "byline", byline.reason + " (inside the text run)"))
            result.authors, result.source = byline.authors, byline.source
            result.author_block = block.index
            result.date, result.date_block = byline.date, block.index
            result.content_start = block.index + 1
    anchor = (result.content_start or content_start, content_end)
    _title(doc, taken, anchor, used, result, ctx, common)
    result.view, result.bylines, result.anchor = list(taken), frozenset(used), anchor
    result.words = common
    if not result.authors:
        own = [(i, names) for i, names in named if not cards.holds(i)]
        result.authors, result.author_block = own[0][1] if own else [], own[0][0] if own else None
    _date_near(doc, taken, used, result, (content_start, content_end), ctx, common)
    _bare_names(doc, taken, used, result, ctx, common)
    # Credits right after the content ("(责任编辑：王磊)", "Reporting by ...") are bylines too.
    for block in blocks[content_end : content_end + limits.tail]:
        if taken[block.index] is None and block.index not in used:
            byline = parse_byline(block.text.strip("()（）[]"), doc.language, ctx, common)
            if byline is not None and not byline.date:
                result.claims.append(whole(block, "byline", byline.reason + " (after the content)"))
                if not result.authors and byline.authors and not cards.holds(block.index):
                    result.authors = byline.authors
    if result.source is None and content_start < len(blocks):
        dateline = _DATELINE_RE.match(blocks[content_start].text)
        if dateline and tx.key(dateline[1]) in ctx.vocab.words("byline", "agencies"):
            result.source = dateline[1].strip()
    _user_bylines(user_bylines, result, doc.language, ctx, common)
    result.claims.sort(key=lambda c: c.start)
    return result


class _Cards:
    """Which bylines head a card of a list (teasers, related posts, a listing's entries,
    reviews) rather than the article: bylines of one shape on ``card_repeats`` lines or more,
    the nearest other within ``card_span`` lines, with fewer than ``card_prose`` paragraphs
    (lines of ``prose_words`` words or more) between. The article's byline stands apart from
    any list of its shape, the article between. Shapes are read once, when first asked."""

    def __init__(self, doc: Document, ctx: Context, common: person.PageWords | None) -> None:
        self.doc, self.ctx, self.common = doc, ctx, common
        self.shapes: dict[str, list[int]] | None = None

    def holds(self, index: int) -> bool:
        limits, blocks = self.ctx.params.header, self.doc.blocks
        if self.shapes is None:
            self.shapes = _byline_shapes(self.doc, limits.max_byline)
        same = [
            i
            for i in self.shapes.get(_shape(blocks[index].text), [index])
            if i == index or _names_someone(blocks[i], self.doc.language, self.ctx, self.common)
        ]
        if len(same) < limits.card_repeats:
            return False
        near = min((i for i in same if i != index), key=lambda i: abs(i - index))
        low, high = sorted((index, near))
        prose = sum(b.n_words >= limits.prose_words for b in blocks[low + 1 : high])
        return high - low <= limits.card_span and prose < limits.card_prose


def _names_someone(
    block: Block, language: str | None, ctx: Context, common: person.PageWords | None
) -> bool:
    byline = parse_byline(block.text, language, ctx, common)
    return byline is not None and bool(byline.authors)


def _byline_shapes(doc: Document, max_chars: int) -> dict[str, list[int]]:
    """The short lines of the page by shape, in page order."""
    shapes: dict[str, list[int]] = {}
    for block in doc.blocks:
        if len(block.text) <= max_chars:
            shapes.setdefault(_shape(block.text), []).append(block.index)
    return shapes


def _shape(text: str) -> str:
    """A line with its capitalised words as "A" and its numbers as "0": the lines of one card
    template share it ("by Kier Holmes", "by Clare Coulson" -> "by A A")."""
    return " ".join(
        "0" if w[0].isdigit() else "A" if w[0].isupper() else w.lower()
        for w in _SHAPE_WORD_RE.findall(text)
    )


def _user_bylines(
    blocks: Sequence[Block],
    result: Result,
    language: str | None,
    ctx: Context,
    common: person.PageWords | None,
) -> None:
    """What the lines a rule pack's byline patterns took say: a pattern only labels its line,
    so without this a byline the user pointed out gave no authors at all (issue 15). The first
    such line that names each part gives it, over what other bylines said."""
    authors, source, date = None, None, None
    for block in blocks:
        byline = parse_byline(block.text, language, ctx, common)
        if byline is None:
            continue
        authors = authors or byline.authors or None
        source = source or byline.source
        if byline.date is not None and (
            date is None or (date.relative and not byline.date.relative)
        ):
            date = byline.date
            result.date_block = block.index
    if authors:
        result.authors = authors
    if source:
        result.source = source
    if date is not None:
        result.date = date


def _deep_byline(
    doc: Document, taken: Taken, start: int, end: int, ctx: Context, common: person.PageWords | None
) -> tuple[Block, Byline] | None:
    """A byline with an author, below teasers that scored as prose: where the article starts.

    Only a line naming an author, right under a title-like line, counts: a date alone in a
    list of teasers would move the start for nothing.
    """
    for block in doc.blocks[start:end]:
        if taken[block.index] is not None or len(block.text) > ctx.params.header.max_byline:
            continue
        byline = parse_byline(block.text, doc.language, ctx, common)
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
    return headline.title_like(block)


def _title(
    doc: Document,
    taken: Taken,
    anchor: tuple[int, int],
    used: set[int],
    result: Result,
    ctx: Context,
    common: person.PageWords | None,
) -> None:
    """The headline: the best-scored title-like line near the top of the content
    (``extract/title.py``); the page's first line, when it repeats it, is the page title."""
    datelines: dict[int, bool] = {}

    def is_dateline(block: Block) -> bool:
        if block.index not in datelines:
            datelines[block.index] = _dateline(block, taken, doc.language, ctx, common)
        return datelines[block.index]

    found = title_rank.ranked(headline.candidates(doc, taken, anchor, used, is_dateline, ctx), ctx)
    chosen = headline.choose(found)
    if chosen is None:
        return
    block = chosen.block
    text = headline.clean_title(block.text)
    why = headline.reason(chosen)
    if chosen.evidence["first"] and block.index == 0:
        result.title, result.site = headline.split_site(text)
        result.title_block = block.index
        _mark(result, taken, block, "title", why)
        _copies(found, chosen, result.title, anchor[0], result, taken)
        return
    result.title, result.title_block = text, block.index
    _mark(result, taken, block, "title", why)
    _copies(found, chosen, text, anchor[0], result, taken)
    first = doc.blocks[0] if doc.blocks else None
    if first is None or first.index == block.index or taken[first.index] not in (None, "chrome"):
        return
    core, site = headline.split_site(headline.clean_title(first.text))
    if headline.title_like(first) and headline.similar(text, core):
        result.site = site
        _mark(result, taken, first, "title", "page title (first line)")
        return
    # A short name at the very top, above a different headline, is the site's name.
    free = [b for b in doc.blocks[: block.index] if taken[b.index] is None][:2]
    top = next((b for b in free if _site_like(b, ctx=ctx)), None)
    if top is not None:
        result.site = top.text
        result.claims.append(whole(top, "chrome", "site name (first line of the page)"))


def _copies(
    found: list[headline.Candidate],
    chosen: headline.Candidate,
    title: str,
    start: int,
    result: Result,
    taken: Taken,
) -> None:
    """Title-like lines under the headline that repeat it (what ``echo`` reads as a
    ``<title>``'s ``<h1>``), right above the content run (``start``) or among its first lines,
    are copies of it, not sub-headings: left in the body, they would stand under the headline
    in ``Article.to_text`` and, repeating the first line there, take the title when the text is
    cleaned again. Lines further up (a category tag over the date) are left alone."""
    for candidate in found:
        block = candidate.block
        if (
            block.index > chosen.block.index
            and block.index >= start - 1
            and headline.similar(headline.clean_title(block.text), title)
        ):
            _mark(result, taken, block, "title", "the headline repeated above the text")


def _date_near(
    doc: Document,
    taken: Taken,
    used: set[int],
    result: Result,
    content: tuple[int, int],
    ctx: Context,
    common: person.PageWords | None,
) -> None:
    """The date nearest the headline, on a byline-like line free or taken as chrome (date
    lines often are); without a headline or a date near it, a dated credit line at the end of
    the content ("Posted on March 30, 2015 by Admin"). Teaser cards and comments, taken by
    their steps, are not read."""
    blocks = doc.blocks
    near: list[int] = []
    if result.title_block:  # not the page's first line: a <title> stands apart from the byline
        t = result.title_block
        order = [1, 2, -1, 3, 4, -2, 5, 6]  # nearest first, below before above
        if result.date_block is not None and result.date_block - t in order:
            order = order[: order.index(result.date_block - t)]
        near = [i for d in order if 0 <= (i := t + d) < len(blocks)]
    if result.date is not None and not near:
        return
    _, end = content
    tail = [] if result.date is not None else list(range(end, min(len(blocks), end + 3)))
    for index in [*near, *tail]:
        block = blocks[index]
        if taken[index] not in (None, "chrome") or len(block.text) > ctx.params.header.max_byline:
            continue
        if result.title_block == index:
            continue
        byline = parse_byline(block.text, doc.language, ctx, common)
        if byline is None or byline.date is None or byline.date.value is None:
            continue
        result.date, result.date_block = byline.date, index
        if index not in used:
            used.add(index)
            where = "after the content" if index >= end else "next to the headline"
            _mark(result, taken, block, "byline", f"{byline.reason} ({where})")
        if byline.authors and not result.authors:
            result.authors = byline.authors
        return


def _mark(result: Result, taken: Taken, block: Block, label: str, reason: str) -> None:
    """Claim a free block; relabel one an earlier step took (it keeps its claimer)."""
    claim = whole(block, label, reason)
    (result.claims if taken[block.index] is None else result.relabels).append(claim)


def _dateline(
    block: Block, taken: Taken, language: str | None, ctx: Context, common: person.PageWords | None
) -> bool:
    """A short byline or date line, free or taken as chrome (a date line often is)."""
    if taken[block.index] not in (None, "chrome") or len(block.text) > ctx.params.header.max_byline:
        return False
    byline = parse_byline(block.text, language, ctx, common)
    return byline is not None and bool(byline.date or byline.authors)


def _site_like(block: Block, ctx: Context) -> bool:
    text = block.text
    return (
        1 <= block.n_words <= 5
        and len(text) <= 50
        and (text[0].isupper() or text[0].isdigit() or bool(block.n_cjk))
        and not tx.ends_sentence(text)
        and block.key not in ctx.vocab.words("chrome", "exact")
    )


def _bare_names(
    doc: Document,
    taken: Taken,
    used: set[int],
    result: Result,
    ctx: Context,
    common: person.PageWords | None,
) -> None:
    """A line that is only a person's name, next to a date line under the title, is the
    author ("Imogen Clarke" / "Published 3 hours ago"); an agency after it is the source
    ("Tom Davies Associated Press")."""
    if result.authors or not used:
        return
    titled = {c.block for c in (*result.claims, *result.relabels) if c.label == "title"}
    for index in sorted(used):
        for near in (index - 1, index + 1):
            if (
                not 0 <= near < len(doc.blocks)
                or taken[near] is not None
                or near in used
                or near in titled  # the headline itself: "Backup Strategy" is no author
            ):
                continue
            block = doc.blocks[near]
            beside_title = near - 1 in titled or index - 1 in titled
            name = trim_name(block.text, doc.language, ctx)
            if beside_title and _bare_name(name, common):
                result.authors = [name]
                tail = block.text[len(name) :].strip()
                if tail and tx.key(tail) in ctx.vocab.words("byline", "agencies"):
                    result.source = result.source or tail
                used.add(near)
                result.claims.append(whole(block, "byline", "a bare name between title and date"))
                return


def _bare_name(text: str, common: person.PageWords | None) -> bool:
    """A line that is a name and nothing else: with no "By" to tell it, none of its words may
    be one the page writes in lower case ("Ask Question", "HR Strategy")."""
    return (
        2 <= len(text.split()) <= 4
        and len(text) <= 40
        and person.is_name(text, None, common)
        and not (common is not None and any(w in common for w in tx.words(text.lower())))
    )


# -- byline --------------------------------------------------------------------------------------


def step(page: Page, ctx: Context) -> list[Claim]:
    """Score the page for the body, then find the header above the densest run."""
    scores = body.classify(page.doc, page.taken, ctx)
    for index, score in page.barriers.items():
        scores[index] = score
    page.scores = scores
    # A headline or date line the chrome or promo step took may be retaken; what a rule
    # pack's patterns, a site profile or any other step took stays theirs.
    taken = list(page.taken)
    for name, claim in page.claims:
        if name not in ("chrome", "promo") and taken[claim.block] in headline.RETAKE:
            taken[claim.block] = f"{claim.label} ({name})"
    user_bylines = [
        page.doc.blocks[claim.block]
        for name, claim in page.claims
        if name == "patterns" and claim.label == "byline"
    ]
    page.header = extract(page.doc, taken, body.region(scores), ctx, user_bylines)
    page.relabel(page.header.relabels)
    return page.header.claims


def retitle(page: Page, ctx: Context) -> list[Claim]:
    """After the learned step: the headline chosen again, above where the body now starts.

    The header chose the title above the rules' densest run, before the learned labeller
    moved the article's start (a menu or a teaser row was the densest, the article's first
    paragraphs were not). The same evidence and weights, read above the body as it now
    stands, choose again; a new headline (never a paragraph the labeller kept as body) is
    relabelled title and the old one goes back to what it would be without the header's
    claim: chrome above the new start, a sub-heading inside the body."""
    head = page.header
    if head is None or head.title_block is None or not head.view:
        return []
    body_at = [i for i, label in enumerate(page.taken) if label in BODY_LABELS]
    if not body_at or body_at[0] == head.anchor[0]:
        return []
    doc = page.doc
    again = Result()
    anchor = (body_at[0], body_at[-1] + 1)
    common = head.words or person.PageWords(doc.source)
    _title(doc, head.view, anchor, set(head.bylines), again, ctx, common)
    if again.title is None or again.title_block is None or again.title_block == head.title_block:
        return []
    if page.taken[again.title_block] == "body":
        return []  # a paragraph the labeller kept is the article's, never its headline
    new = {c.block: c for c in (*again.claims, *again.relabels) if c.label == "title"}
    spans = {(c.start, c.end) for _, c in page.claims}
    if any((c.start, c.end) not in spans for c in new.values()):
        return []  # a line an extractor split (a card's title glued to its summary) stays so
    out = list(new.values())
    for claim in (*head.claims, *head.relabels):
        if claim.label != "title" or claim.block in new or page.taken[claim.block] != "title":
            continue
        before = head.view[claim.block]
        if before is not None:
            label, why = before.split(" (")[0], "taken back: the headline stands nearer the body"
        elif claim.block < anchor[0]:
            label, why = "chrome", "a title-like line above the article; the headline is nearer"
        else:
            label, why = "heading", "a sub-heading: the headline stands above the body's start"
        out.append(whole(doc.blocks[claim.block], label, why))
    head.title, head.title_block = again.title, again.title_block
    if again.site:
        head.site = again.site
    return out


__all__ = ["Byline", "Result", "extract", "parse_byline", "retitle", "step", "title_like"]
