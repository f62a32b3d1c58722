"""The text path: a dump's line/block model through the steps, in a fixed order.

Each step may claim only blocks no earlier one claimed:

0. patterns    - only with a rule pack: the user's regular expressions, per label
1. disclaimer  - legal/risk/affiliate/copyright notices (before anything reads them as prose)
2. captions    - photo captions and credits
3. comments    - a comment section, before its long comments pass for prose
4. promo       - teaser cards, "related" lists, inline teasers, house ads, calls to action
5. chrome      - buttons, share rows, breadcrumbs, counters, cookie notices
6. profile     - only with a site profile: blocks that recur on many of the site's pages
7. header      - title and byline above the main content (found by the body scorer)
8. repeats     - a paragraph said twice must not hold the content run open
9. body        - prose in the main content run; what is outside it is chrome
then two relabelling steps over the claims in offset order: repeated body blocks and
sub-headings with nothing under them become chrome, so the body reads the same when cleaned
again;

10. learned    - the learned labeller keeps or drops each block the body step decided
                 (extract/learned.py);
11. retitle    - where the learned step moved the body's start, the headline is chosen
                 again above it, by the header's own evidence (header.retitle);
12. dated      - without a date from the header, a dated line next to where the body now
                 starts is the byline (extract/dated.py);
13. title echo - a body block that says the title again is chrome; then the two
                 relabellings again.

``assemble`` builds the Article from the page; then the text path reads its own text output
again and drops what that reading drops, until nothing changes (extract/settle.py).
"""

from __future__ import annotations

from articlekit.config.context import Context
from articlekit.extract import (
    Claim,
    body,
    captions,
    chrome,
    comments,
    dated,
    disclaimer,
    header,
    learned,
    patterns,
    profile,
    promo,
    repeats,
    settle,
)
from articlekit.extract.page import Page, Run, Step, run
from articlekit.model import Article
from articlekit.paths.assemble import Meta, assemble
from articlekit.text import document, language, normalise

#: The steps that take out what is not the article by its own marks, on both paths.
WIDGET_STEPS: tuple[Step, ...] = (
    Step("patterns", patterns.step),
    Step("disclaimer", disclaimer.step),
    Step("captions", captions.step),
    Step("comments", comments.step),
    Step("promo", promo.step),
    Step("chrome", chrome.step),
)

#: Invariants of the body, restored after every step that changes it: a paragraph said twice is
#: kept once, a sub-heading with nothing under it is not body.
TIDY: tuple[Step, ...] = (
    Step("repeats", repeats.relabel_repeats, mode="relabel"),
    Step("bare headings", repeats.relabel_bare_headings, mode="relabel"),
)

#: Every step up to the rules' body decision (what the learned labeller reads).
RULE_STEPS: tuple[Step, ...] = (
    *WIDGET_STEPS,
    Step("profile", profile.step),
    Step("header", header.step),
    # Claims of the path's own bookkeeping are recorded as the pipeline's.
    Step("pipeline", repeats.step),
    Step("body", body.step),
    *TIDY,
)

STEPS: tuple[Step, ...] = (
    *RULE_STEPS,
    Step("learned", learned.step, mode="relabel"),
    # After the learned step: what RULE_STEPS claim (the model's input) stays as it was.
    Step("retitle", header.retitle, mode="relabel"),
    Step("dated", dated.step, mode="relabel"),
    Step("title echo", repeats.relabel_title_echo, mode="relabel"),
    *TIDY,
)


def split(
    text: str,
    ctx: Context,
    *,
    input_format: str = "text",
    warnings: tuple[str, ...] = (),
) -> Article:
    """Every step over the line/block model of ``text``; the Article assembled from it, settled
    (extract/settle.py): its own text output, cleaned again, keeps the same body."""
    page = _steps(text, ctx)
    article = article_of(page, input_format, warnings, ctx)
    for _ in range(ctx.params.settle.rounds):
        again = article_of(_steps(article.to_text(), ctx), "text", (), ctx)
        dropped = settle.drops(page, article, again)
        if not dropped:
            break
        page = run((Step("settle", _given(dropped), mode="relabel"), *TIDY), page, ctx)
        del article, again  # a gigantic dump's segments, not held twice while they are rebuilt
        article = article_of(page, input_format, warnings, ctx)
    return article


def _given(claims: list[Claim]) -> Run:
    """A step that returns ``claims`` (found outside the page's own steps)."""
    return lambda page, ctx: claims


def _steps(text: str, ctx: Context) -> Page:
    doc = document.build(text)
    doc.language = ctx.language or language.detect(text)
    doc.markdown = normalise.reads_as_markdown(text)
    return run(STEPS, Page.of(text, doc), ctx)


def article_of(page: Page, input_format: str, warnings: tuple[str, ...], ctx: Context) -> Article:
    """The Article of a page the steps ran over (training/features.py builds its rows' body
    with it too, so the model's figures score what ``clean`` returns)."""
    head = page.header
    assert head is not None, "the header step always runs"
    date = head.date
    meta = Meta(
        title=head.title,
        source=head.source or head.site,
        authors=tuple(head.authors),
        published=date.value if date else None,
        date_text=date.text if date else None,
    )
    return assemble(page, meta, input_format=input_format, warnings=warnings, url=ctx.url)


__all__ = ["RULE_STEPS", "STEPS", "TIDY", "WIDGET_STEPS", "split"]
