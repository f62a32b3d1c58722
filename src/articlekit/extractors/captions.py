"""Captions: photo captions and credits ("Photo: Getty Images", "... (AP Photo/Jane Doe)")."""

from __future__ import annotations

import re

from .. import rules
from .. import text as tx
from ..document import Document
from . import Claim, Taken, whole

MAX_CAPTION = 400
_TAIL_RE = re.compile(r"[(\[]([^()\[\]]{2,80})[)\]]\s*$")


def extract(doc: Document, taken: Taken) -> list[Claim]:
    starts = rules.words("sections", "credit_starts")
    credits = rules.words("sections", "credit_words")
    claims: list[Claim] = []
    for block in doc.blocks:
        if taken[block.index] is not None or len(block.text) > MAX_CAPTION:
            continue
        low = block.text.lower()
        reason = None
        head = tx.starts_with_phrase(low, starts)
        if head and low[len(head) :].lstrip()[:1] in (":", "/", "：", "|", "©"):
            reason = f"starts with {head!r}"
        elif (tail := _TAIL_RE.search(block.text)) and tx.contains_phrase(tail[1].lower(), credits):
            reason = f"ends with a photo credit ({tail[1]!r})"
        elif len(block.text) <= 80 and _is_credit_line(low, credits):
            reason = "a photo credit"
        if reason:
            claims.append(whole(block, "caption", reason))
    return claims


def _is_credit_line(low: str, credits: frozenset[str]) -> bool:
    """Short lines made of a credit: "Getty Images", "Reuters/Jane Doe", "© dpa"."""
    core = low.strip(" ©()[]")
    for word in credits:
        if core == word or core.startswith(word + "/") or core.endswith("/" + word):
            return True
        if core.endswith(" / " + word) or core.endswith("/ " + word) or core.endswith(" via " + word):
            return True
    return False
