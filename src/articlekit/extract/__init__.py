"""One extractor per module. Each is a pure function over the document's blocks that returns
the spans it claims, each with a reason a user can read. The pipeline runs them in order; a
block claimed by an earlier extractor is not offered to a later one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from articlekit.text import dates
from articlekit.text.document import Block

if TYPE_CHECKING:
    from articlekit.config.context import Context


@dataclass(frozen=True, slots=True)
class Claim:
    """A span of the input (usually one whole block) given a label, with the rule that did it."""

    start: int
    end: int
    label: str
    reason: str
    block: int
    kind: str = ""  # for body claims: paragraph, heading, quote or list_item


#: Per block, the label an earlier extractor gave it, or None while it is free.
Taken = Sequence[str | None]


def whole(block: Block, label: str, reason: str, kind: str = "") -> Claim:
    return Claim(block.start, block.end, label, reason, block.index, kind)


def find_date(text: str, language: str | None, ctx: Context) -> dates.DateMatch | None:
    """:func:`dates.find` against ``ctx.now``, once per text and language in a document (the
    header, the bylines and the promo step read the same lines again)."""
    memo = ctx.memo("find_date")
    key = (text, language)
    if key not in memo:
        memo[key] = dates.find(text, now=ctx.now, language=language)
    found: dates.DateMatch | None = memo[key]
    return found
