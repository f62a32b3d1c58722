"""Comment sections: from a comments header ("12 Comments", "Leave a reply") to the end.

Comments are reader text, often long and well written, so they must be claimed before the body
scorer sees them. The section stops at a block an earlier extractor claimed as a promo list
or disclaimer, which is where page footers start.
"""

from __future__ import annotations

import re

from .. import rules
from ..document import Block, Document
from . import Claim, Taken, whole
from .promo import is_related_header

_COUNT_HEADER_RE = re.compile(r"^(\d{1,6})\s+(.{1,30})$")
PROSE = 150  # blocks this long count as prose when weighing what stands around a header


def _prose_before(doc: Document, header: Block) -> bool:
    """More long text above the header than below it: the article is done by then."""
    before = sum(len(b.text) for b in doc.blocks[: header.index] if len(b.text) >= PROSE)
    after = sum(len(b.text) for b in doc.blocks[header.index + 1 :] if len(b.text) >= PROSE)
    return before > after


def extract(doc: Document, taken: Taken) -> list[Claim]:
    headers = rules.words("sections", "headers")
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
                and not is_related_header(rest[0])
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
