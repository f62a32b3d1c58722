"""One extractor per module. Each is a pure function over the document's blocks that returns
the spans it claims, each with a reason a user can read. The pipeline runs them in order; a
block claimed by an earlier extractor is not offered to a later one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from articlekit.text.document import Block


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
