"""HTML input: the page's main content and metadata through trafilatura, then articlekit's own
widget detection, all labelled over the page's text rendering (docs/html.md).

:func:`clean_html` takes a page through its stages, one module each:

1. **Parse once** (:mod:`~articlekit.paths.html.parse`, as trafilatura parses) and **render**
   the page to text with its block structure (:mod:`~articlekit.paths.html.render`): one block
   per line, blank lines around paragraphs. The rendering is ``Article.text``; every segment
   is a span of it. Each line records its block kind (heading, quote, list item), its link
   text and the widget verdicts of the classified elements it sits in (class/id vocabulary,
   ARIA role, ``<aside>``/``<footer>``/``<nav>``; :mod:`~articlekit.paths.html.widgets`).
2. **Metadata** from the markup (:mod:`~articlekit.paths.html.meta`): trafilatura's quick
   readers, JSON-LD and ``<meta>`` times, htmldate where nothing else dates the page.
3. **Main content** (:mod:`~articlekit.paths.html.main_content`): trafilatura extracts it
   from the same tree, pruned of what it would drop anyway (its fast mode, its default mode
   where the fast one keeps little of the page's prose; comments left out: articlekit labels
   them itself), and its text is mapped back onto the rendered lines
   (:mod:`~articlekit.paths.html.align`).
4. **Claims from the markup** (:mod:`~articlekit.paths.html.claims`), the plan: lines
   trafilatura left out are what their markup says (promo, comment, disclaimer, caption) or
   chrome; inside the main content, a widget it kept is taken out when the markup names it
   and its text agrees; teaser grids are found by their repeated cards
   (:mod:`~articlekit.paths.html.cards`); the title and bylines are placed. Promos are read
   from the promo lines (:mod:`~articlekit.paths.html.promos`).
5. **Hand-over** (:mod:`~articlekit.paths.html.handover`): articlekit's text extractors
   (disclaimers, comments, promos) run over the main-content lines through
   ``pipeline.split(..., hint=...)`` (:mod:`~articlekit.paths.html.hint`).

**Fallback**: when the page cannot be parsed, trafilatura fails or finds (next to) nothing,
or its text cannot be found in the rendering, the text path runs over the rendering (or, for
a page lxml cannot read, over the markup with its tags stripped), with a warning on the
Article. Bad HTML never raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from articlekit.extract import Claim
from articlekit.extract import header as header_extractor
from articlekit.model import Article, Promo
from articlekit.paths.html import align as html_align
from articlekit.paths.html import cards as html_cards
from articlekit.paths.html import main_content, rule_words
from articlekit.paths.html import meta as html_meta
from articlekit.paths.html import parse as html_parse
from articlekit.paths.html import render as html_render
from articlekit.paths.html import widgets as html_widgets
from articlekit.paths.html.hint import Hint
from articlekit.text import dates
from articlekit.text.document import Document, Line, make_block

_LOG = logging.getLogger(__name__)

#: A rendering shorter than this is checked for text the parser's limits dropped.
DEEP_CHECK = 1000
#: ...and when even then the markup's text is this many times the rendering's, that text is read.
LOST_TEXT = 20
#: Characters of the main text the language is detected from.
LANGUAGE_SAMPLE = 1000
#: Lines after the title where a byline may stand.
BYLINE_WINDOW = 8
MAX_BYLINE_CHARS = 200
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
#: Text extractors the markup makes redundant on this path (see html_hint.Hint.skip).
SKIP_EXTRACTORS = frozenset(["captions", "chrome"])
#: Lines a byline may stand into the main content, and the longest notice taken outside it.
BYLINE_INTO_MAIN = 3
#: Lines past the main content's start where a line the markup names a byline is still read,
#: and the longest such line read as a bare name.
BYLINE_DEEP = 40
MAX_NAME_LINE = 60
MAX_NOTICE_CHARS = 300
_OUTSIDE = "outside the main content trafilatura found"
#: Labels whose consecutive settled lines with one reason become one segment.
_MERGED = frozenset(["chrome", "comment", "promo", "caption"])
_INLINE_TEASER = "an inline teaser outside the main content (a lead-in like 'Read more:')"
_NOTICE = "a notice outside the main content (copyright, disclaimer or risk heading)"
_BODY_KIND = {
    "heading": "heading",
    "quote": "quote",
    "list_item": "list_item",
}
_CTA_WORDS = (
    "newsletter",
    "subscri",
    "signup",
    "sign-up",
    "academy",
    "webinar",
    "cta",
    "call-to-action",
    "calltoaction",
    "offer",
    "upsell",
    "course",
)
_AD_WORDS = frozenset(["ad", "ads", "adv", "dfp", "pub", "commercial"])
_AD_PREFIXES = (
    "sponsor",
    "advert",
    "adslot",
    "ad-",
    "adunit",
    "adcontainer",
    "adwrapper",
    "anzeige",
    "werbung",
    "publicit",
    "pubblicit",
    "outbrain",
    "taboola",
    "gpt-ad",
    "native-ad",
    "partner",
)


def render(markup: str) -> str:
    """The visible text of an HTML page, one block per line, blank lines around paragraphs."""
    return html_render.render(markup)


def clean_html(
    markup: str,
    *,
    now: datetime | None,
    language: str | None,
    url: str | None,
    split: Callable[..., Article],
) -> Article:
    """The HTML path (see the module docstring); ``split`` is ``pipeline.split``."""

    def fallback(text: str, why: str, meta: html_meta.Meta | None = None) -> Article:
        article = split(
            text, now=now, language=language, url=url, input_format="html", warnings=(why,)
        )
        return html_meta.with_meta(article, meta) if meta is not None else article

    try:
        root = html_parse.parse(markup)
        rendering = html_render.render_tree(root) if root is not None else None
    except Exception as exc:  # noqa: BLE001 - bad HTML must never raise
        _LOG.debug("parse/render: %s", exc)
        root = rendering = None
    if root is None or rendering is None:
        text = html_parse.strip_tags(markup)
        return fallback(text, "the HTML could not be parsed; text path over the markup's text")
    if len(rendering.text) < DEEP_CHECK:
        stripped = html_parse.strip_tags(markup)
        if len(stripped) > 2 * len(rendering.text):
            # libxml2 drops what lies deeper than 256 elements or in a text node over 10 MB
            # unless told not to: read such a page again without those limits.
            deep = _parse_huge(markup)
            if deep is not None:
                root, rendering = deep
            if len(stripped) > LOST_TEXT * max(len(rendering.text), 1):
                return fallback(stripped, "the HTML nests deeper than its parser reads; text path")
    if not rendering.lines:
        return fallback(rendering.text, "the HTML holds no visible text")
    meta = html_meta.extract(root, url)  # before pruning: JSON-LD lives in <script>
    try:
        return _main_path(root, rendering, meta, url, language, now, split, fallback)
    except Exception as exc:  # noqa: BLE001 - a page that trips a step falls back, never raises
        _LOG.debug("html path: %s", exc)
        return fallback(
            rendering.text, f"the HTML path failed ({type(exc).__name__}); text path", meta
        )


def _main_path(
    root: Any,
    rendering: html_render.Rendering,
    meta: html_meta.Meta,
    url: str | None,
    language: str | None,
    now: datetime | None,
    split: Callable[..., Article],
    fallback: Callable[..., Article],
) -> Article:
    """Main content, claims and hand-over, once the page is parsed and its metadata read."""
    main_content.prune(root)
    extracted = main_content.text(root, url, rendering)
    if extracted is None:
        return fallback(
            rendering.text,
            "trafilatura found no main content; articlekit's text path over the rendered page",
            meta,
        )
    main = main_content.lines(rendering, extracted)
    if main is None:
        return fallback(
            rendering.text,
            "trafilatura's text was not found in the rendered page; text path over the rendering",
            meta,
        )
    lang = language or _language(extracted) or rendering.lang
    hint = _hint(rendering, main, meta, lang, now, root, url)
    return split(
        rendering.text,
        now=now,
        language=language,
        url=url,
        input_format="html",
        hint=hint,
    )


def _parse_huge(markup: str) -> tuple[Any, html_render.Rendering] | None:
    try:
        root = html_parse.parse(markup, huge=True)
        return (root, html_render.render_tree(root)) if root is not None else None
    except Exception as exc:  # noqa: BLE001
        _LOG.debug("huge parse: %s", exc)
        return None


def _language(text: str) -> str | None:
    from articlekit.text import language

    return language.detect(text[:LANGUAGE_SAMPLE])


# -- the plan: what the markup settles, line by line -------------------------------------


@dataclass(slots=True)
class _Plan:
    """Per rendered line, the claim the markup settles (None: left to the text extractors),
    and the kind of each main-content line still open."""

    claims: list[Claim | None]
    kinds: dict[int, str]
    carded: set[int] = field(default_factory=set)  # lines of teaser cards found by shape


def _hint(
    rendering: html_render.Rendering,
    main: list[bool],
    meta: html_meta.Meta,
    language: str | None,
    now: datetime | None,
    root: Any = None,
    url: str | None = None,
) -> Hint:
    lines = rendering.lines
    plan = _Plan([None] * len(lines), {})
    reasons: dict[int, str] = {}  # one reason string per widget, shared by its lines
    notice, teaser = rule_words.notice_re().match, rule_words.inline_teaser_re().match
    for line, is_main in zip(lines, main, strict=True):
        if is_main:
            plan.kinds[line.index] = _BODY_KIND.get(line.kind, "paragraph")
        else:
            plan.claims[line.index] = _outside(line, reasons, notice, teaser)
    _inside_widgets(lines, main, plan)
    card_promos = _teaser_grids(lines, main, plan, language, now)
    title_at = _title_line(lines, main, plan, meta.title)
    if title_at is not None:
        _settle(plan, lines[title_at], "title", "the page's headline (matches its metadata)")
    authors, date = _bylines(lines, main, plan, title_at, language, now)
    published, date_text = meta.published, meta.date_text
    if published is None and date is not None and date.value is not None:
        published, date_text = date.value, date.text
    if published is None and root is not None:
        published, date_text = html_meta.find_date(root, url)
    doc, kinds = _document(rendering, plan)
    doc.language = language
    return Hint(
        doc=doc,
        claims=tuple(_merged(plan.claims)),
        main=kinds,
        title=meta.title,
        authors=meta.authors or tuple(authors),
        source=meta.sitename,
        published=published,
        date_text=date_text,
        language=language,
        promos=tuple(sorted([*card_promos, *_promos(lines, plan)], key=lambda p: p[0])),
        metadata=html_meta.metadata_pairs(meta),
        skip=SKIP_EXTRACTORS,
    )


def _merged(claims: list[Claim | None]) -> list[Claim]:
    """The settled claims, consecutive lines of one widget with one reason joined into one
    span (a menu is one chrome segment, not one per item); disclaimers stay one per line, as
    each is a notice of its own."""
    out: list[Claim] = []
    last: Claim | None = None  # the previous line's claim, if settled
    for claim in claims:
        if claim is None:
            last = None
            continue
        if (
            last is not None
            and out
            and claim.label == last.label
            and claim.reason is last.reason
            and claim.label in _MERGED
        ):
            top = out[-1]
            out[-1] = Claim(top.start, claim.end, top.label, top.reason, top.block, top.kind)
        else:
            out.append(claim)
        last = claim
    return out


def _settle(plan: _Plan, line: html_render.Line, label: str, reason: str) -> None:
    plan.claims[line.index] = Claim(line.start, line.end, label, reason, line.index)
    plan.kinds.pop(line.index, None)


def _document(rendering: html_render.Rendering, plan: _Plan) -> tuple[Document, dict[int, str]]:
    """The document model of the lines the markup left open (one block per rendered line,
    offsets into the whole rendering), and the main-content kind of each of its blocks."""
    lines: list[Line] = []
    kinds: dict[int, str] = {}
    for rl in rendering.lines:
        if plan.claims[rl.index] is not None:
            continue
        if rl.index in plan.kinds:
            kinds[len(lines)] = plan.kinds[rl.index]
        lines.append(Line(len(lines), rl.start, rl.end, rl.text, rl.blank_before))
    blocks = [make_block(i, (line,)) for i, line in enumerate(lines)]
    return Document(source=rendering.text, lines=lines, blocks=blocks), kinds


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
            return Claim(line.start, line.end, "promo", _INLINE_TEASER, line.index)
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


def _inside_widgets(lines: list[html_render.Line], main: list[bool], plan: _Plan) -> None:
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


def _teaser_grids(
    lines: list[html_render.Line],
    main: list[bool],
    plan: _Plan,
    language: str | None,
    now: datetime | None,
) -> list[tuple[int, Promo]]:
    """Teaser grids found by their shape (html_cards): outside the main content always; inside
    it when the grid is a small, link-heavy part of it. Menus (in navigation) stay chrome."""
    total = sum(len(line.text) for line, m in zip(lines, main, strict=True) if m) or 1
    out: list[tuple[int, Promo]] = []
    for grid in html_cards.find(lines, [True] * len(lines)):
        members = grid.lines
        if sum(1 for line in members if _in_navigation(line)) * 2 > len(members):
            continue
        inside = [line for line in members if main[line.index]]
        if inside:
            if grid.card_tag in CONTENT_CARDS:
                continue  # a table or a run of paragraphs in the article is its content
            multi = sum(1 for card in grid.cards if len(card.lines) >= 2)
            if grid.card_tag in LIST_CARDS and multi * 2 < len(grid.cards):
                continue  # a list of links in the article: content, unless its items are cards
            chars = sum(len(line.text) for line in inside)
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
    lines: list[html_render.Line], main: list[bool], plan: _Plan, first: html_render.Line
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


def _title_line(
    lines: list[html_render.Line], main: list[bool], plan: _Plan, title: str | None
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
    plan: _Plan,
    title_at: int | None,
    language: str | None,
    now: datetime | None,
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
        byline = header_extractor.parse_byline(line.text, language, now)
        if byline is None and named and not main[line.index] and len(line.text) <= MAX_NAME_LINE:
            byline = header_extractor.parse_byline("By " + line.text, language, now)
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


def _promos(lines: list[html_render.Line], plan: _Plan) -> list[tuple[int, Promo]]:
    """Promos from the lines claimed as promo by their markup, one widget at a time: a widget
    of several headline links is a list of teaser cards (headline, then the lines under it as
    the summary); any other is one promo."""
    out: list[tuple[int, Promo]] = []
    group: list[html_render.Line] = []
    owner: html_widgets.Verdict | None = None
    for line in lines:
        claim = plan.claims[line.index]
        if claim is None or claim.label != "promo" or line.index in plan.carded:
            if group and owner is not None:
                out.extend(_widget_promos(group, _promo_kind(owner.word)))
            group, owner = [], None
            continue
        verdict = _promo_verdict(line)
        if verdict is None and claim.reason == _INLINE_TEASER:
            if group and owner is not None:
                out.extend(_widget_promos(group, _promo_kind(owner.word)))
            group, owner = [], None
            title = rule_words.inline_teaser_re().sub("", line.text, count=1).strip()
            out.append((line.start, Promo("teaser", line.text, title=title or None)))
            continue
        if verdict is not owner:
            if group and owner is not None:
                out.extend(_widget_promos(group, _promo_kind(owner.word)))
            group, owner = [], verdict
        group.append(line)
    if group and owner is not None:
        out.extend(_widget_promos(group, _promo_kind(owner.word)))
    return out


def _promo_verdict(line: html_render.Line) -> html_widgets.Verdict | None:
    for verdict in reversed(line.verdicts):
        if verdict.label == "promo":
            return verdict
    return None


def _widget_promos(group: list[html_render.Line], kind: str) -> list[tuple[int, Promo]]:
    if all(line.kind == "heading" for line in group):
        return []  # the header of a widget ("Related stories") whose items are cards
    heads = [i for i, line in enumerate(group) if _headline_link(line)]
    if kind == "teaser" and len(heads) >= 2:
        out = []
        for n, at in enumerate(heads):
            end = heads[n + 1] if n + 1 < len(heads) else len(group)
            title = group[at].text
            rest = [line.text for line in group[at + 1 : end]]
            summary = " ".join(rest) or None
            text = " ".join([title, *rest])
            out.append((group[at].start, Promo("teaser", text, title=title, summary=summary)))
        return out
    joined = " ".join(line.text for line in group)
    headline = group[heads[0]].text if heads else None
    return [(group[0].start, Promo(kind, joined, title=headline))]


def _headline_link(line: html_render.Line) -> bool:
    return line.link_chars >= 0.6 * len(line.text) and len(line.text.split()) >= 3


def _promo_kind(word: str) -> str:
    if any(w in word for w in _CTA_WORDS):
        return "cta"
    if word in _AD_WORDS or any(word.startswith(w) for w in _AD_PREFIXES):
        return "ad"
    return "teaser"
