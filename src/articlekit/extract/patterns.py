"""User patterns: regular expressions from a rule pack, each giving its label to a block.

Runs first: a pattern is the user's explicit word on their site. A pattern is searched for in
the block's text (spaces folded; case ignored unless the pattern says ``(?-i:...)``), and only
in blocks of at most ``MAX_PATTERN_LINE`` characters: patterns were checked for catastrophic
backtracking when the pack was loaded, and the cap keeps the cost linear in the input.
"""

from __future__ import annotations

from collections.abc import Sequence

from articlekit.config.context import Context
from articlekit.config.rulepacks import MAX_PATTERN_LINE, Pattern
from articlekit.extract import Claim, Taken, whole
from articlekit.extract.page import Page
from articlekit.text.document import Document


def extract(doc: Document, taken: Taken, patterns: Sequence[Pattern]) -> list[Claim]:
    claims: list[Claim] = []
    if not patterns:
        return claims
    for block in doc.blocks:
        if taken[block.index] is not None or len(block.text) > MAX_PATTERN_LINE:
            continue
        text = " ".join(block.text.split())
        for pattern in patterns:
            if pattern.regex.search(text) is not None:
                reason = f"user pattern {pattern.regex.pattern!r} ({pattern.origin})"
                claims.append(whole(block, pattern.label, reason))
                break
    return claims


def step(page: Page, ctx: Context) -> list[Claim]:
    """The rule pack's patterns for the page's language and site (none without a pack)."""
    return extract(page.doc, page.taken, ctx.patterns(page.doc.language))
