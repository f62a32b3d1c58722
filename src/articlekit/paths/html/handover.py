"""The hand-over to the text steps: the plan made a :class:`Hint`.

The settled claims become segments as they are (consecutive lines of one widget joined); the
lines left open become the document model the text extractors run over; the metadata and the
byline's date give the Article's fields (docs/html.md, step 8).
"""

from __future__ import annotations

from typing import Any

from articlekit.config.context import Context
from articlekit.extract import Claim
from articlekit.paths.html import claims as html_claims
from articlekit.paths.html import meta as html_meta
from articlekit.paths.html import page_type as html_page_type
from articlekit.paths.html import promos as html_promos
from articlekit.paths.html import render as html_render
from articlekit.paths.html import rule_words
from articlekit.paths.html.hint import Hint
from articlekit.text.document import Document, Line, make_block

#: Text extractors the markup makes redundant on this path (see hint.Hint.skip).
SKIP_EXTRACTORS = frozenset(["captions", "chrome"])
#: Labels whose consecutive settled lines with one reason become one segment.
_MERGED = frozenset(["chrome", "comment", "promo", "caption"])


def hint(
    rendering: html_render.Rendering,
    main: list[bool],
    meta: html_meta.Meta,
    language: str | None,
    ctx: Context,
    root: Any = None,
    how: html_page_type.Content | None = None,
) -> Hint:
    """The hint for the HTML path's text steps over ``rendering`` (``main``: trafilatura's
    main content, per rendered line; ``how``: what the page type makes the main content)."""
    how = how or html_page_type.Content()
    lines = rendering.lines
    plan = html_claims.make_plan(
        lines,
        main,
        meta.title,
        language,
        ctx,
        grids_inside=how.grids_inside,
        widgets_inside=how.widgets_inside,
    )
    date = plan.date
    published, date_text = meta.published, meta.date_text
    if published is None and date is not None and date.value is not None:
        published, date_text = date.value, date.text
    if published is None and root is not None:
        published, date_text = html_meta.find_date(root, ctx.url)
    doc, kinds = _document(rendering, plan)
    teaser_re = ctx.vocab.compiled(rule_words.inline_teaser_re)
    markup_promos = html_promos.from_claims(lines, plan, teaser_re)
    doc.language = language
    return Hint(
        doc=doc,
        claims=tuple(_merged(plan.claims)),
        main=kinds,
        title=meta.title,
        authors=meta.authors or tuple(plan.authors),
        source=meta.sitename,
        published=published,
        date_text=date_text,
        language=language,
        promos=tuple(sorted([*plan.card_promos, *markup_promos], key=lambda p: p[0])),
        metadata=html_meta.metadata_pairs(meta),
        skip=SKIP_EXTRACTORS | how.skip_steps,
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


def _document(
    rendering: html_render.Rendering, plan: html_claims.Plan
) -> tuple[Document, dict[int, str]]:
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
