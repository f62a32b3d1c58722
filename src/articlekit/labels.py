"""The names articlekit gives to the parts of a document: segment labels, block and promo kinds.

A leaf module (it imports nothing of articlekit), so the model and every view can share these
constants without importing each other. ``articlekit.model`` re-exports them.
"""

from __future__ import annotations

__all__ = ["BLOCK_KINDS", "BODY_LABELS", "LABELS", "PROMO_KINDS"]

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

#: Kinds of a body ``Block``.
BLOCK_KINDS: tuple[str, ...] = ("paragraph", "heading", "quote", "list_item")
#: Kinds of a ``Promo``: a teaser card, a call to action, a house ad.
PROMO_KINDS: tuple[str, ...] = ("teaser", "cta", "ad")
