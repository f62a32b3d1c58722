"""Disclaimers: legal and risk notices, "not financial advice", affiliate and copyright lines.

A block is a disclaimer when it opens with a disclaimer heading ("Disclaimer:", "免责声明："),
starts with a copyright sign, or is a short block that carries a disclaimer phrase. A heading
alone on its line claims the block after it too.
"""

from __future__ import annotations

from articlekit.config import rules
from articlekit.extract import Claim, Taken, whole
from articlekit.text import tokens as tx
from articlekit.text.document import Document

#: Longer blocks are prose that may quote a disclaimer, not a disclaimer.
MAX_PHRASE_BLOCK = 600


def extract(doc: Document, taken: Taken) -> list[Claim]:
    heads = rules.words("disclaimer", "heads")
    phrases = rules.words("disclaimer", "phrases")
    copyright_starts = rules.words("disclaimer", "copyright_starts")
    longest = rules.threshold("disclaimer.max_phrase_block", MAX_PHRASE_BLOCK)
    claims: list[Claim] = []
    follow = False
    for block in doc.blocks:
        if taken[block.index] is not None:
            follow = False
            continue
        low = block.text[: longest + 1].lower()
        reason = None
        if follow:
            reason = "follows a disclaimer heading"
        elif block.key in heads:
            reason = f"disclaimer heading {block.key!r}"
        elif (head := tx.starts_with_phrase(low, heads)) and low[len(head) :].lstrip()[:1] in (
            ":",
            "：",
            "-",
            "—",
        ):
            reason = f"starts with {head!r}"
        elif (mark := tx.starts_with_phrase(low, copyright_starts)) is not None:
            reason = f"copyright notice ({mark!r})"
        elif len(block.text) <= longest and (phrase := tx.contains_phrase(low, phrases)):
            reason = f"disclaimer phrase {phrase!r}"
        nxt = doc.blocks[block.index + 1] if block.index + 1 < len(doc.blocks) else None
        follow = (
            reason is not None and block.key in heads and nxt is not None and len(nxt.text) >= 60
        )
        if block.key in heads and not follow:
            reason = None  # a bare "Aviso legal" over nothing is a footer link
        if reason:
            claims.append(whole(block, "disclaimer", reason))
    return claims
