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
   The **page type** (:mod:`~articlekit.paths.html.page_type`) is decided from the same
   unpruned tree; it says how the main content is found and what stays in it (a forum's
   replies, a listing's cards) and is ``Article.page_type``.
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
5. **Hand-over** (:mod:`~articlekit.paths.html.handover`, :mod:`~articlekit.paths.html.hint`)
   and **steps** (:mod:`~articlekit.paths.html.steps`): articlekit's text steps (disclaimers,
   comments, promos) run over the main-content lines, and one ``assemble`` builds the
   Article, as on the text path.

**Fallback**: when the page cannot be parsed, trafilatura fails or finds (next to) nothing,
or its text cannot be found in the rendering, :func:`clean_html` hands back a
:class:`TextPage` instead of an Article: the rendering (or, for a page lxml cannot read, the
markup with its tags stripped) and why. The caller runs the text path over it and
:meth:`TextPage.finish` puts the markup's metadata and the warning on the Article. Bad HTML
never raises.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from articlekit.config.context import Context
from articlekit.model import Article
from articlekit.paths.html import handover as html_handover
from articlekit.paths.html import main_content
from articlekit.paths.html import meta as html_meta
from articlekit.paths.html import page_type as html_page_type
from articlekit.paths.html import parse as html_parse
from articlekit.paths.html import render as html_render
from articlekit.paths.html import steps as html_steps

_LOG = logging.getLogger(__name__)

#: A rendering shorter than this is checked for text the parser's limits dropped.
DEEP_CHECK = 1000
#: ...and when even then the markup's text is this many times the rendering's, that text is read.
LOST_TEXT = 20
#: Characters of the main text the language is detected from.
LANGUAGE_SAMPLE = 1000


def render(markup: str) -> str:
    """The visible text of an HTML page, one block per line, blank lines around paragraphs."""
    return html_render.render(markup)


@dataclass(frozen=True, slots=True)
class TextPage:
    """A page the HTML path hands over to the text path: its text, why, and its metadata."""

    text: str
    why: str
    meta: html_meta.Meta | None = None
    kind: html_page_type.PageType | None = None

    def finish(self, article: Article) -> Article:
        """The text path's Article of :attr:`text`, with the markup's metadata and page type
        on it."""
        if self.meta is not None:
            article = html_meta.with_meta(article, self.meta)
        return _typed(article, self.kind) if self.kind is not None else article


def _typed(article: Article, kind: html_page_type.PageType) -> Article:
    return dataclasses.replace(article, page_type=kind.kind, page_type_reason=kind.reason)


def clean_html(markup: str, ctx: Context) -> Article | TextPage:
    """The HTML path (see the module docstring): an Article, or the page as a
    :class:`TextPage` for the text path."""
    fallback = TextPage

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
    meta = html_meta.extract(root, ctx.url)  # before pruning: JSON-LD lives in <script>
    kind = html_page_type.decide(root, ctx.url)
    try:
        page = _main_path(root, rendering, meta, kind, ctx)
    except Exception as exc:  # noqa: BLE001 - a page that trips a step falls back, never raises
        _LOG.debug("html path: %s", exc)
        page = fallback(
            rendering.text, f"the HTML path failed ({type(exc).__name__}); text path", meta
        )
    if isinstance(page, TextPage):
        return dataclasses.replace(page, kind=kind)
    return _typed(page, kind)


def _main_path(
    root: Any,
    rendering: html_render.Rendering,
    meta: html_meta.Meta,
    kind: html_page_type.PageType,
    ctx: Context,
) -> Article | TextPage:
    """Main content, claims and hand-over, once the page is parsed, its metadata read and its
    type decided."""
    fallback = TextPage
    main_content.prune(root)
    how = html_page_type.content(kind.kind)
    extracted = main_content.text(root, ctx.url, rendering, how.trafilatura)
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
    lang = ctx.language or _language(extracted) or rendering.lang
    hint = html_handover.hint(rendering, main, meta, lang, ctx, root, how)
    return html_steps.run_hint(rendering.text, hint, ctx)


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
