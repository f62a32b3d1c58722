"""What the markup settles, line by line, once trafilatura's main content is known: the plan.

In the order :func:`make_plan` takes them (docs/html.md, step 7): lines outside the main content
are what their markup says (promo, comment, disclaimer, caption) or chrome; inside it, a
widget trafilatura kept is taken out when the markup names it and its text agrees; teaser
grids are found by their repeated cards (:mod:`articlekit.paths.html.cards`); then the
headline and the bylines are placed. What is left open goes to the text steps
(:mod:`articlekit.paths.html.handover`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from articlekit.config.context import Context
from articlekit.extract import Claim, bylines
from articlekit.model import Promo
from articlekit.paths.html import align as html_align
from articlekit.paths.html import cards as html_cards
from articlekit.paths.html import render as html_render
from articlekit.paths.html import rule_words
from articlekit.paths.html import widgets as html_widgets
from articlekit.text import dates

#: Verdict labels that name what a line is, inside the main content or outside it.
_WIDGET_LABELS = ("promo", "comment", "disclaimer")
_INSIDE_LABELS = frozenset(["promo", "comment", "disclaimer", "chrome"])
#: A widget inside the main content is at most this share of it...
MAX_WIDGET_SHARE = 0.25
#: ...and mostly links, or no line longer than this, or a notice or comments.
LINK_HEAVY = 0.5
#: A teaser grid inside the main content is at least this share links.
CARD_LINKS = 0.25
MAX_GRID_HEADER = 60
#: Repeated elements that inside the main content are its own structure, never teaser cards.
CONTENT_CARDS = frozenset(["tr", "td", "p", "h1", "h2", "h3", "h4", "h5", "h6"])
#: List items inside the main content are teaser cards only when most hold several lines.
LIST_CARDS = frozenset(["li", "dt", "dd"])
SHORT_WIDGET_LINE = 150
#: Lines after the title where a byline may stand.
BYLINE_WINDOW = 8
MAX_BYLINE_CHARS = 200
#: Lines a byline may stand into the main content, and the longest notice taken outside it.
BYLINE_INTO_MAIN = 3
#: Lines past the main content's start where a line the markup names a byline is still read,
#: and the longest such line read as a bare name.
BYLINE_DEEP = 40
MAX_NAME_LINE = 60
MAX_NOTICE_CHARS = 300
_OUTSIDE = "outside the main content trafilatura found"
INLINE_TEASER = "an inline teaser outside the main content (a lead-in like 'Read more:')"
_NOTICE = "a notice outside the main content (copyright, disclaimer or risk heading)"
_BODY_KIND = {
    "heading": "heading",
    "quote": "quote",
    "list_item": "list_item",
}


@dataclass(slots=True)
class Plan:
    """Per rendered line, the claim the markup settles (None: left to the text extractors),
    and the kind of each main-content line still open."""

    claims: list[Claim | None]
    kinds: dict[int, str]
    carded: set[int] = field(default_factory=set)  # lines of teaser cards found by shape
    card_promos: list[tuple[int, Promo]] = field(default_factory=list)  # their teasers
    authors: list[str] = field(default_factory=list)  # from the bylines
    date: dates.DateMatch | None = None  # the bylines' date


def make_plan(
    lines: list[html_render.Line],
    main: list[bool],
    title: str | None,
    language: str | None,
    ctx: Context,
    *,
    grids_inside: bool = True,
    widgets_inside: bool = True,
) -> Plan:
    """What the markup settles on the rendered ``lines`` (``main``: trafilatura's main content;
    ``title``: the metadata title). ``grids_inside`` / ``widgets_inside`` False: teaser grids
    and named widgets inside the main content stay in it (a listing's cards are its content)."""
    plan = Plan([None] * len(lines), {})
    reasons: dict[int, str] = {}  # one reason string per widget, shared by its lines
    notice = ctx.vocab.compiled(rule_words.notice_re).match
    teaser = ctx.vocab.compiled(rule_words.inline_teaser_re).match
    for line, is_main in zip(lines, main, strict=True):
        if is_main:
            plan.kinds[line.index] = _BODY_KIND.get(line.kind, "paragraph")
        else:
            plan.claims[line.index] = _outside(line, reasons, notice, teaser)
    if widgets_inside:
        _inside_widgets(lines, main, plan)
    plan.card_promos = _teaser_grids(lines, main, plan, language, ctx.now, inside=grids_inside)
    title_at = _title_line(lines, main, plan, title)
    if title_at is not None:
        _settle(plan, lines[title_at], "title", "the page's headline (matches its metadata)")
    plan.authors, plan.date = _bylines(lines, main, plan, title_at, language, ctx)
    return plan


def _settle(plan: Plan, line: html_render.Line, label: str, reason: str) -> None:
    plan.claims[line.index] = Claim(line.start, line.end, label, reason, line.index)
    plan.kinds.pop(line.index, None)


# -- outside the main content: what the markup says, else chrome ---------------------------


def _outside(
    line: html_render.Line,
    reasons: dict[int, str],
    notice: Callable[[str], Any],
    teaser: Callable[[str], Any],
) -> Claim:
    """A line trafilatura left out: what its markup says it is, else chrome (``notice`` and
    ``teaser`` match a notice's and an inline teaser's opening words)."""
    chain = line.verdicts
    text = line.text
    short = len(text) <= MAX_NOTICE_CHARS
    if not chain:
        if short and notice(text):
            return Claim(line.start, line.end, "disclaimer", _NOTICE, line.index)
        if short and teaser(text):
            return Claim(line.start, line.end, "promo", INLINE_TEASER, line.index)
        return Claim(line.start, line.end, "chrome", _OUTSIDE, line.index)
    for verdict in reversed(chain):
        if verdict.label in _WIDGET_LABELS:
            return Claim(line.start, line.end, verdict.label, _reason(verdict, reasons), line.index)
    if short and notice(text):
        return Claim(line.start, line.end, "disclaimer", _NOTICE, line.index)
    label = "caption" if chain[-1].label == "caption" else "chrome"
    return Claim(line.start, line.end, label, _reason(chain[-1], reasons), line.index)


def _reason(verdict: html_widgets.Verdict, reasons: dict[int, str]) -> str:
    reason = reasons.get(id(verdict))
    if reason is None:
        reason = reasons[id(verdict)] = f"outside the main content; {verdict.reason}"
    return reason


# -- inside it: widgets trafilatura kept ---------------------------------------------------


def _inside_widgets(lines: list[html_render.Line], main: list[bool], plan: Plan) -> None:
    """Widgets trafilatura kept: main-content lines under an element whose name is trusted
    inside the content (data/html.toml [inside]), when the widget is a small part of the
    article and its text agrees: mostly links, or short lines, or a notice or comments."""
    rules = html_widgets.rules()
    groups: dict[int, tuple[html_widgets.Verdict, list[html_render.Line]]] = {}
    total = 0
    for line, is_main in zip(lines, main, strict=True):
        if not is_main:
            continue
        total += len(line.text)
        for verdict in line.verdicts:  # the outermost trusted widget holds the line
            if verdict.word in rules.inside and verdict.label in _INSIDE_LABELS:
                groups.setdefault(id(verdict), (verdict, []))[1].append(line)
                break
    for verdict, members in groups.values():
        chars = sum(len(line.text) for line in members)
        if chars > MAX_WIDGET_SHARE * total:
            continue  # a name on a column that holds much of the article: not a widget
        links = sum(line.link_chars for line in members) / chars
        longest = max(len(line.text) for line in members)
        if links >= LINK_HEAVY:
            why = f"{links:.0%} links"
        elif longest <= SHORT_WIDGET_LINE:
            why = "short lines"
        elif verdict.label in ("disclaimer", "comment"):
            why = "a notice" if verdict.label == "disclaimer" else "comments"
        else:
            continue
        reason = f"a widget inside the main content: {verdict.reason}; {why}"
        for line in members:
            _settle(plan, line, verdict.label, reason)


# -- teaser grids, by the shape of their cards ---------------------------------------------


def _teaser_grids(
    lines: list[html_render.Line],
    main: list[bool],
    plan: Plan,
    language: str | None,
    now: datetime | None,
    *,
    inside: bool = True,
) -> list[tuple[int, Promo]]:
    """Teaser grids found by their shape (html_cards): outside the main content always; inside
    it when the grid is a small, link-heavy part of it. Menus (in navigation) stay chrome."""
    total = sum(len(line.text) for line, m in zip(lines, main, strict=True) if m) or 1
    out: list[tuple[int, Promo]] = []
    for grid in html_cards.find(lines, [True] * len(lines)):
        members = grid.lines
        if sum(1 for line in members if _in_navigation(line)) * 2 > len(members):
            continue
        within = [line for line in members if main[line.index]]
        if within:
            if not inside:
                continue  # the page type's cards are its content
            if grid.card_tag in CONTENT_CARDS:
                continue  # a table or a run of paragraphs in the article is its content
            multi = sum(1 for card in grid.cards if len(card.lines) >= 2)
            if grid.card_tag in LIST_CARDS and multi * 2 < len(grid.cards):
                continue  # a list of links in the article: content, unless its items are cards
            chars = sum(len(line.text) for line in within)
            links = sum(line.link_chars for line in members) / sum(len(ln.text) for ln in members)
            if chars > MAX_WIDGET_SHARE * total or links < CARD_LINKS:
                continue
        header = _grid_header(lines, main, plan, members[0])
        if header is not None:
            _settle(plan, header, "promo", "the header of the teaser grid below it")
        shape = _describe(grid.cards[0].element)
        n = len(grid.cards)
        for k, card in enumerate(grid.cards, 1):
            reason = f"teaser card {k} of {n}: repeated {shape} siblings led by a headline link"
            for line in card.lines:
                _settle(plan, line, "promo", reason)
        out.extend(html_cards.promos(grid, language, now))
        for line in members:
            plan.carded.add(line.index)
    return out


def _grid_header(
    lines: list[html_render.Line], main: list[bool], plan: Plan, first: html_render.Line
) -> html_render.Line | None:
    """A short heading right above a grid's first card ("More from Science")."""
    if first.index == 0:
        return None
    line = lines[first.index - 1]
    claim = plan.claims[line.index]
    if main[line.index] or line.kind != "heading" or len(line.text) > MAX_GRID_HEADER:
        return None
    if claim is not None and claim.label not in ("chrome", "promo"):
        return None
    return line


def _in_navigation(line: html_render.Line) -> bool:
    return any(v.label == "chrome" and ("nav" in v.word or "menu" in v.word) for v in line.verdicts)


def _describe(node: Any) -> str:
    cls = node.get("class") if node is not None else None
    tag = node.tag if node is not None else "?"
    if cls:
        cls = " ".join(cls.split())
        return f'<{tag} class="{cls[:40]}">'
    return f"<{tag}>"


# -- the headline and the bylines ----------------------------------------------------------


def _title_line(
    lines: list[html_render.Line], main: list[bool], plan: Plan, title: str | None
) -> int | None:
    """The rendered line holding the headline: the metadata title, else the first <h1>;
    never a line of a teaser (the page's own headline repeated in a rail)."""
    first_main = next((i for i, m in enumerate(main) if m), len(lines))
    h1 = None
    key = _key(title) if title else ""
    low, high = 0.7 * len(title or "") - 5, 1.3 * len(title or "") + 5
    for line in lines[: first_main + 3]:
        claim = plan.claims[line.index]
        if claim is not None and claim.label == "promo":
            continue
        if key and low <= len(line.text) <= high and _key(line.text) == key:
            return line.index
        if h1 is None and line.heading_level == 1:
            h1 = line.index
    if h1 is None:
        return None
    if not key:
        return h1
    h1_key = _key(lines[h1].text)
    return h1 if h1_key and (h1_key in key or key in h1_key) else None


def _key(text: str) -> str:
    return " ".join(html_align.tokens(text))


def _bylines(
    lines: list[html_render.Line],
    main: list[bool],
    plan: Plan,
    title_at: int | None,
    language: str | None,
    ctx: Context,
) -> tuple[list[str], dates.DateMatch | None]:
    """Byline lines: between the headline and the first lines of the main content, and lines
    the markup names a byline or an author (class "byline", "author") a little further on,
    where a bare name ("Dallas Robinson") outside the main content is read as if it had its
    "By"."""
    first_main = next((i for i, m in enumerate(main) if m), len(lines))
    start = title_at + 1 if title_at is not None else max(0, first_main - BYLINE_WINDOW)
    stop = min(len(lines), max(start, first_main) + BYLINE_INTO_MAIN, start + 2 * BYLINE_WINDOW)
    window = range(start, stop)
    deep = min(len(lines), max(stop, first_main + BYLINE_DEEP))
    authors: list[str] = []
    date: dates.DateMatch | None = None
    for line in lines[start:deep]:
        claim = plan.claims[line.index]
        if len(line.text) > MAX_BYLINE_CHARS or (claim is not None and claim.label == "promo"):
            continue
        named = any(v.label == "byline" for v in line.verdicts)
        if line.index not in window and not named:
            continue
        byline = bylines.parse_byline(line.text, language, ctx)
        if byline is None and named and not main[line.index] and len(line.text) <= MAX_NAME_LINE:
            byline = bylines.parse_byline("By " + line.text, language, ctx)
            if byline is not None and (byline.date is not None or not byline.authors):
                byline = None  # "By Updated 3 hours ago" is no author
        if byline is None:
            continue
        _settle(plan, line, "byline", byline.reason)
        if byline.authors and not authors:
            authors = list(byline.authors)
        if byline.date is not None and (
            date is None or (date.relative and not byline.date.relative)
        ):
            date = byline.date
    return authors, date
