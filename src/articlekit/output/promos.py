"""Where each promo was read from: promos carry no offsets, so they are located by text."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from articlekit.model import Article, Promo, Segment

__all__ = ["promo_segments"]

_KEY_DROP_RE = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """Letters and digits only, case-folded: what survives normalisation of promo texts."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    return _KEY_DROP_RE.sub("", text).casefold()


def promo_segments(article: Article) -> list[list[int]]:
    """For each promo, the indices of the segments it was read from (empty if not found).

    Promos carry no offsets, so they are located by text: the consecutive promo segments whose
    letters and digits spell the promo's text, plus the card's image placeholders or rank
    numbers (claimed by the promo extractor but left out of the text)."""
    segs = article.segments
    keys = [_key(article.text[s.start : s.end]) if s.label == "promo" else "" for s in segs]
    used: set[int] = set()
    out: list[list[int]] = []
    cursor = 0
    for promo in article.promos:
        found = _locate(promo, segs, keys, used, cursor)
        if not found:
            found = _locate(promo, segs, keys, used, 0)
        if found:
            cursor = found[-1] + 1
            used.update(found)
        out.append(found)
    return out


def _locate(
    promo: Promo, segs: Sequence[Segment], keys: list[str], used: set[int], start: int
) -> list[int]:
    target = _key(promo.text)
    if not target:
        return []
    for first in range(start, len(segs)):
        if first in used or not keys[first] or not target.startswith(keys[first]):
            continue
        taken = [first]
        pos = len(keys[first])
        j = first + 1
        while pos < len(target) and j < len(segs):
            seg = segs[j]
            if j in used:
                break
            key = keys[j]
            if key and target.startswith(key, pos):
                taken.append(j)
                pos += len(key)
            elif seg.label == "blank":
                pass
            elif seg.extractor == "promo":  # a placeholder or rank number inside the card
                taken.append(j)
            else:
                break
            j += 1
        if pos < len(target):
            continue
        # The card's leading placeholder (its image) comes before the text.
        k = first - 1
        while k >= 0 and k not in used and segs[k].label in ("blank", "chrome", "promo"):
            if segs[k].label != "blank":
                if segs[k].extractor != "promo" or keys[k]:
                    break
                taken.insert(0, k)
            k -= 1
        return [i for i in taken if segs[i].label != "blank"]
    return []
