"""The normaliser: claimed spans to clean text and body blocks.

Unicode NFC, invisible and no-break spaces, HTML entities, folded whitespace; hard-wrapped lines
were already joined into one block by the document model. Bullets and quote markers come off
list items and quotes. (Repeated paragraphs are relabelled by the pipeline, so the audit
trail shows them.)
"""

from __future__ import annotations

import html
import re

from articlekit.model import Block
from articlekit.text import tokens as tx

_BULLET_RE = re.compile(r"^(?:[•●▪◦‣∙·*+\-–—]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+)")
_QUOTE_MARK_RE = re.compile(r"^(?:>\s?)+")
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


#: Most rounds of entity decoding: text escaped twice over ("&amp;lt;") is decoded through,
#: so that the output holds no entity that cleaning it again would decode.
_UNESCAPE_ROUNDS = 4


def clean_text(text: str) -> str:
    """One paragraph's text, normalised for output."""
    for _ in range(_UNESCAPE_ROUNDS):
        if "&" not in text or not _ENTITY_RE.search(text):
            break
        text = html.unescape(text)
    return tx.normalise(text)


def block(kind: str, raw: str) -> Block:
    text = clean_text(raw)
    if kind == "list_item":
        text = _BULLET_RE.sub("", text, count=1)
    elif kind == "quote":
        text = _QUOTE_MARK_RE.sub("", text, count=1)
    return Block(kind, text)
