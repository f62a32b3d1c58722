"""Site profile: blocks that recur on many of the site's pages are its boilerplate.

Runs after the extractors that recognise widgets by their structure (disclaimers, captions,
comments, promos, chrome) and before the header and body are looked for, so a menu, a footer
paragraph or a teaser line the site repeats on every page neither opens the content run nor
passes for the title; the blocks it claims still part content runs (:func:`barrier`). Each
claim keeps the label the extractors gave that block on the pages the profile was learned
from; lines they mostly read as bylines are left to the header.
"""

from __future__ import annotations

from articlekit.config.context import Context
from articlekit.config.sites import SiteProfile, block_key, choose
from articlekit.extract import Claim, Taken, whole
from articlekit.extract.body import Score, classify
from articlekit.extract.page import Page
from articlekit.text.document import Document


def extract(doc: Document, taken: Taken, profile: SiteProfile) -> list[Claim]:
    claims: list[Claim] = []
    if not profile.entries or not profile.pages:
        return claims
    source = f" in the profile of {profile.site}" if profile.site else ""
    for block in doc.blocks:
        if taken[block.index] is not None:
            continue
        key = block_key(block.text)
        entry = profile.entries.get(key) if key is not None else None
        if entry is None or entry.label == "byline":
            continue
        share = profile.share_of(entry)
        reason = (
            f"recurs on {share:.0%} of the site's pages ({entry.pages} of {profile.pages}"
            f"{source}); learned as {entry.label}"
        )
        claims.append(whole(block, entry.label, reason))
    return claims


def barrier(score: Score | None) -> Score:
    """The body score of a block this extractor claimed: it no longer counts as content, but
    it still parts content runs as it did unclaimed (at least as much as a bad block), so
    taking a recurring menu line away never joins a footer to the article."""
    value = score.value if score is not None and score.value < 0 else -1.0
    return Score("learned", score.density if score is not None else 0.0, value)


def step(page: Page, ctx: Context) -> list[Claim]:
    """The chosen site profile's boilerplate; what the body scorer made of those blocks is
    kept in ``page.barriers`` so they still part the content runs."""
    learned = step_without_barriers(page, ctx)
    if learned:
        scores = classify(page.doc, page.taken, ctx)
        page.barriers = {c.block: barrier(scores[c.block]) for c in learned}
    return learned


def step_without_barriers(page: Page, ctx: Context) -> list[Claim]:
    """The chosen site profile's boilerplate (the HTML path: the markup gives the content)."""
    if not ctx.profiles:
        return []
    chosen = choose(ctx.profiles, ctx.site, page.doc)
    return extract(page.doc, page.taken, chosen) if chosen is not None else []
