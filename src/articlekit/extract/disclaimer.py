"""Disclaimers: legal and risk notices, "not financial advice", affiliate and copyright lines.

A block is a disclaimer when it opens with a disclaimer heading ("Disclaimer:", "免责声明："),
starts with a copyright sign, or is a short block that carries a disclaimer phrase. A heading
alone on its line claims the block after it too.
"""

from __future__ import annotations

from articlekit.config.context import Context
from articlekit.extract import Claim, Taken, whole
from articlekit.extract.page import Page
from articlekit.text import tokens as tx
from articlekit.text.document import Document


def extract(doc: Document, taken: Taken, ctx: Context) -> list[Claim]:
    heads = ctx.vocab.words("disclaimer", "heads")
    phrases = ctx.vocab.words("disclaimer", "phrases")
    copyright_starts = ctx.vocab.words("disclaimer", "copyright_starts")
    longest = ctx.params.disclaimer.max_phrase_block
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


def step(page: Page, ctx: Context) -> list[Claim]:
    return extract(page.doc, page.taken, ctx)
