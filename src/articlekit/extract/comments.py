"""Comment sections: from a comments header ("12 Comments", "Leave a reply") to the end.

Comments are reader text, often long and well written, so they must be claimed before the body
scorer sees them. The section stops at a block an earlier extractor claimed as a promo list
or disclaimer, which is where page footers start.
"""

from __future__ import annotations

import re

from articlekit.config.context import Context
from articlekit.extract import Claim, Taken, whole
from articlekit.extract.page import Page
from articlekit.extract.promo import is_related_header
from articlekit.text.document import Block, Document

_COUNT_HEADER_RE = re.compile(r"^(\d{1,6})\s+(.{1,30})$")


def _among_buttons(doc: Document, block: Block, ctx: Context) -> bool:
    """A button in a share row ("Twitter / Comments / Print"), not a section header."""
    ui = ctx.vocab.words("chrome", "exact") | ctx.vocab.words("chrome", "button_words")
    near = doc.blocks[max(0, block.index - 1) : block.index + 2]
    return any(b.key in ui for b in near if b is not block)


def _prose_before(doc: Document, header: Block, ctx: Context) -> bool:
    """Some of the article's prose stands above the header: comments follow an article.

    (Not "more prose above than below": a long thread can outweigh a short article.)
    """
    prose = ctx.params.comments.prose
    before = sum(len(b.text) for b in doc.blocks[: header.index] if len(b.text) >= prose)
    return before >= ctx.params.comments.article_before


def extract(doc: Document, taken: Taken, ctx: Context) -> list[Claim]:
    headers = ctx.vocab.words("sections", "headers")
    start = None
    for block in doc.blocks:
        key = block.key
        m = _COUNT_HEADER_RE.match(key)
        if key in headers or (m and m[2] in headers):
            rest = [b for b in doc.blocks[block.index + 1 :] if taken[b.index] is None]
            # A lone "Comment" button above a teaser list is not a comment section.
            if (
                len(rest) >= 2
                and block.index > len(doc.blocks) // 3
                and not is_related_header(rest[0], ctx)
                and not _among_buttons(doc, block, ctx)
                and _prose_before(doc, block, ctx)
            ):
                start = block.index
                break
    if start is None:
        return []
    claims = []
    for block in doc.blocks[start:]:
        label = taken[block.index]
        if label in ("promo", "disclaimer"):
            break
        if label is None:
            claims.append(whole(block, "comment", "in the comment section"))
    return claims


def step(page: Page, ctx: Context) -> list[Claim]:
    return extract(page.doc, page.taken, ctx)
