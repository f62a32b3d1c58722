"""Repeats and bare headings: the body must read the same when cleaned again.

A paragraph the page says twice (a pull quote, a teaser of the article itself) is the body's
once: the second time it is chrome. Found before the body is settled (:func:`step`), so that a
repeat does not hold the content run open; checked again over the final claims
(:func:`relabel_repeats`), then sub-headings with no body text under them become chrome
(:func:`relabel_bare_headings`); once the body is decided, a block that says the title
again is chrome (:func:`relabel_title_echo`). The text path only: on an HTML page, repeats
trafilatura kept are content (tables, step lists).
"""

from __future__ import annotations

from collections.abc import Iterable

from articlekit.config.context import Context
from articlekit.extract import Claim, body
from articlekit.extract.page import Page
from articlekit.labels import BODY_LABELS
from articlekit.text import normalise


def step(page: Page, ctx: Context) -> list[Claim]:
    """Body claims of a first look whose text an earlier one already has, as chrome; the
    look is kept for the body step when there are none."""
    assert page.scores is not None and page.header is not None, "the header step runs first"
    found = body.extract(
        page.doc, page.taken, page.scores, start=page.header.content_start, ctx=ctx
    )
    repeats = _repeated(page, found)
    if repeats:  # a repeated paragraph must not hold the content run open: look again
        for claim in repeats:
            page.scores[claim.block] = None
        page.provisional_body = None
    else:
        page.provisional_body = found
    return repeats


def relabel_repeats(page: Page, ctx: Context) -> list[Claim]:
    """A body block whose text already appeared in the body becomes chrome."""
    return _repeated(page, (claim for _, claim in page.claims))


def relabel_bare_headings(page: Page, ctx: Context) -> list[Claim]:
    """A sub-heading with no body text under it (the end, or another heading, comes next)
    heads nothing: chrome."""
    out = []
    following = "end"
    for _, claim in reversed(page.claims):
        if claim.label not in BODY_LABELS:
            continue
        if claim.label == "heading" and following != "text":
            reason = "a sub-heading with no body text under it"
            out.append(Claim(claim.start, claim.end, "chrome", reason, claim.block))
            continue
        following = "heading" if claim.label == "heading" else "text"
    return out


def relabel_title_echo(page: Page, ctx: Context) -> list[Claim]:
    """A body block that says the title again (a page's ``<title>`` line over its ``<h1>``)
    is chrome: the text output writes the title once, and cleaned again it must read so."""
    title = page.header.title if page.header is not None else None
    if not title:
        return []
    key = normalise.clean_text(title).casefold()
    reason = "repeats the title"
    return [
        Claim(c.start, c.end, "chrome", reason, c.block)
        for _, c in page.claims
        if c.label in BODY_LABELS and _key(page, c) == key
    ]


def _key(page: Page, claim: Claim) -> str:
    """What a claim's span says, for telling repeats: its cleaned text, case folded. Every
    tidy pass and the title echo read the body's spans so: each is cleaned once a page."""
    span = (claim.start, claim.end)
    found = page.span_keys.get(span)
    if found is None:
        text = page.text[claim.start : claim.end]
        found = page.span_keys[span] = normalise.clean_text(text).casefold()
    return found


def _repeated(page: Page, claims: Iterable[Claim]) -> list[Claim]:
    seen: dict[str, int] = {}
    out = []
    for claim in claims:
        if claim.label not in BODY_LABELS:
            continue
        key = _key(page, claim)
        if key in seen:
            reason = f"repeats the body block at offset {seen[key]}"
            out.append(Claim(claim.start, claim.end, "chrome", reason, claim.block))
        else:
            seen[key] = claim.start
    return out
