"""Captions: photo captions and credits ("Photo: Getty Images", "... (AP Photo/Jane Doe)")."""

from __future__ import annotations

import re

from articlekit.config.context import Context
from articlekit.extract import Claim, Taken, whole
from articlekit.extract.page import Page
from articlekit.text import tokens as tx
from articlekit.text.document import Document

_TAIL_RE = re.compile(r"[(\[（【]([^()\[\]（）【】]{1,80})[)\]）】]\s*$")


def extract(doc: Document, taken: Taken, ctx: Context) -> list[Claim]:
    starts = ctx.vocab.words("sections", "credit_starts")
    credits = ctx.vocab.words("sections", "credit_words")
    longest = ctx.params.captions.max_caption
    # Lines that stand where an image was ("Image", "【图片】"): the line after is its caption.
    markers = ctx.vocab.words("sections", "image_markers")
    claims: list[Claim] = []
    for block in doc.blocks:
        if taken[block.index] is not None or len(block.text) > longest:
            continue
        if block.key in markers:
            continue  # the marker itself is chrome; the line after it is the caption
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
    credit_lines = {c.block for c in claims if c.reason.startswith(("starts with", "a photo"))}
    return claims + _captions_by_position(doc, taken, credit_lines, longest, markers)


def _captions_by_position(
    doc: Document, taken: Taken, credits: set[int], longest: int, markers: frozenset[str]
) -> list[Claim]:
    """A short line right after an image marker, or right before a credit line, is a caption."""
    out = []
    for block in doc.blocks:
        i = block.index
        if taken[i] is not None or i in credits or len(block.text) > longest:
            continue
        if block.key in markers:
            continue
        prev = doc.blocks[i - 1] if i else None
        nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
        if prev is not None and not block.blank_before and prev.key in markers:
            out.append(whole(block, "caption", f"follows the image marker {prev.text!r}"))
        elif nxt is not None and not nxt.blank_before and nxt.index in credits:
            out.append(whole(block, "caption", "stands right above a photo credit"))
    return out


def _is_credit_line(low: str, credits: frozenset[str]) -> bool:
    """Short lines made of a credit: "Getty Images", "Reuters/Jane Doe", "© dpa", "X via Y".

    Set lookups of the parts around each "/" and " via ", so the cost does not grow with the
    word list."""
    core = low.strip(" ©()[]")
    if core in credits:
        return True
    k = core.find("/")
    while k >= 0:
        after = core[k + 1 :]
        if core[:k] in credits or after in credits or (after[:1] == " " and after[1:] in credits):
            return True
        k = core.find("/", k + 1)
    k = core.find(" via ")
    while k >= 0:
        if core[k + 5 :] in credits:
            return True
        k = core.find(" via ", k + 1)
    return False


def step(page: Page, ctx: Context) -> list[Claim]:
    return extract(page.doc, page.taken, ctx)
