"""Date: a dated line next to where the body finally starts, when the header found no date.

The header step looks for the date before the body is known, on lines that parse as bylines
whole. Many date lines do not ("Updated on: November 19, 2019 / 10:07 AM / CBS News",
"Nov 08, 2025 7 min read"), and some stand by the article's true start only once the learned
labeller has moved it. So, after the learned step, the short lines nearest the first body block
and the headline (``[balanced.dated]``: ``above`` blocks above, ``below`` from it down) are read
for an absolute date that makes up at least ``share`` of the line; the first found is the date,
and its line becomes a byline.

Only lines the rules called chrome, promo, caption, sub-heading or byline are read, and only if
a widget, header or body step claimed them (a rule pack's or a site profile's claims stay
theirs); prose, comments and the title are never read. It runs after the learned step, so what
the rule steps claim (the learned model's input) is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from articlekit.extract import Claim, whole
from articlekit.labels import BODY_LABELS
from articlekit.text import dates
from articlekit.text import tokens as tx

if TYPE_CHECKING:
    from articlekit.config.context import Context
    from articlekit.extract.page import Page

#: Labels a date line may carry when the header passed it by.
READS = frozenset({"chrome", "promo", "caption", "heading", "byline"})
#: Steps whose claims of such lines may be relabelled (not a rule pack's, nor a profile's).
CLAIMERS = frozenset({"chrome", "promo", "captions", "header", "body"})


def step(page: Page, ctx: Context) -> list[Claim]:
    """Relabel the date line nearest the body's start as a byline, and take its date."""
    head = page.header
    if head is None or head.date is not None:
        return []
    start = next((i for i, t in enumerate(page.taken) if t in BODY_LABELS), None)
    if start is None:
        return []
    params = ctx.params.dated
    claimer = {c.block: name for name, c in page.claims}
    blocks = page.doc.blocks
    for index in _order(start, head.title_block, params.above, params.below, len(blocks)):
        block = blocks[index]
        if page.taken[index] not in READS or claimer.get(index) not in CLAIMERS:
            continue
        text = block.text
        if len(text) > ctx.params.header.max_byline or _sentence(text, block.n_words):
            continue
        found = dates.find(text, now=ctx.now, language=page.doc.language)
        if found is None or found.relative or found.value is None:
            continue
        if len(found.text) < params.share * len(text.strip()):
            continue
        head.date, head.date_block = found, index
        where = (
            "the headline"
            if head.title_block and abs(index - head.title_block) < abs(index - start)
            else "the body's start"
        )
        return [whole(block, "byline", f"byline: date (a dated line next to {where})")]
    return []


def _order(start: int, title: int | None, above: int, below: int, n: int) -> list[int]:
    """Block indices nearest the body's start (and the headline, not the page's first line)
    first: at each distance, below before above."""
    anchors = [start] if not title else [start, title]
    out: list[int] = []
    seen: set[int] = set()
    for d in range(max(above, below)):
        for a in anchors:
            for i in (a + d if d < below else -1, a - d - 1 if d < above else -1):
                if 0 <= i < n and i not in seen:
                    seen.add(i)
                    out.append(i)
    return out


def _sentence(text: str, words: int) -> bool:
    """A sentence of prose, which may mention a date without being a date line."""
    return words >= 8 and tx.ends_sentence(text) and text.rstrip()[-1] in ".!?。"


__all__ = ["CLAIMERS", "READS", "step"]
