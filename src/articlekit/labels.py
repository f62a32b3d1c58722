"""The labels a segment can carry, and the kinds of blocks and promos: plain constants every
layer may read (a leaf: it imports nothing)."""

from __future__ import annotations

#: Every label a segment can carry. ``blank`` is whitespace between claimed spans.
LABELS: tuple[str, ...] = (
    "title",
    "byline",
    "body",
    "heading",
    "quote",
    "disclaimer",
    "promo",
    "chrome",
    "caption",
    "comment",
    "blank",
)

#: Labels whose text makes up the article body.
BODY_LABELS: frozenset[str] = frozenset({"body", "heading", "quote"})

BLOCK_KINDS: tuple[str, ...] = ("paragraph", "heading", "quote", "list_item")
PROMO_KINDS: tuple[str, ...] = ("teaser", "cta", "ad")
