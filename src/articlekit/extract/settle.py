"""Settling: the body of a text must survive being cleaned again.

``clean`` should give its own text output back unchanged. The learned labeller decides a block
with the page around it, so a paragraph kept among the dump's chrome may be dropped once that
chrome is gone. The text path therefore cleans its own ``to_text()`` again (``[balanced.settle]``
``rounds`` times at most) and drops from the page the body blocks that second reading drops;
once a reading drops nothing, the text is a fixed point and cleaning it again changes nothing.

Only drops are taken over, and only when the two readings match block for block (every body
block of the second reading is one of the first's, or its title line): a second reading that
splits or joins blocks differently, or that keeps what the first dropped, teaches nothing about
the first. The title is not taken over: the first reading chose it with the whole dump's
evidence (the ``<title>`` line it echoes, the byline beside it), which the cleaned text lacks.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from articlekit.extract import Claim
from articlekit.labels import BODY_LABELS
from articlekit.text import normalise

if TYPE_CHECKING:
    from articlekit.extract.page import Page
    from articlekit.model import Article

REASON = "settled: dropped when the cleaned text is read again (the body does not hold alone)"


def drops(page: Page, first: Article, again: Article) -> list[Claim]:
    """Chrome claims for the body blocks of ``page`` (read as ``first``) that ``again`` (the
    text path on ``first.to_text()``) leaves out; none when the readings do not match."""
    kept = Counter(_key(b.text) for b in again.blocks)
    if again.title and again.title != first.title:
        kept[_key(again.title)] += 1  # a line of our body the second reading took as its title
    ours = [(c, _key(_written(page, c))) for _, c in page.claims if c.label in BODY_LABELS]
    have = Counter(key for _, key in ours)
    if first.title:
        have[_key(first.title)] += 1  # our title line may come back as a paragraph
    if any(n > have[key] for key, n in kept.items()):
        return []  # the second reading made blocks the first did not: no match
    out = []
    for c, key in ours:
        if kept[key] > 0:
            kept[key] -= 1
        else:
            out.append(Claim(c.start, c.end, "chrome", REASON, c.block))
    return out


def _written(page: Page, claim: Claim) -> str:
    """A body claim's text as the Article writes it."""
    raw = page.text[claim.start : claim.end]
    return normalise.block(claim.kind or "paragraph", raw, markdown=page.doc.markdown).text


def _key(text: str) -> str:
    """A block's text as both readings give it (a list item's bullet, spacing aside)."""
    return " ".join(text.split()).lstrip("-•*· ").strip()


__all__ = ["REASON", "drops"]
