"""Learned word weights: how much each word says that a block is the article's, not a notice.

The rule steps know notices by word lists and thresholds; a cookie banner, a newsletter box, an
author's bio or a comment policy written as full sentences passes them as prose. These weights
are a logistic model over the set of words in a block, trained with the forest (training/
train.py) and shipped in the same file; the block's score and its neighbours' are features of
the forest (extract/features.py). Words come from every language of the training pages.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from articlekit.text.tokens import WORD_RE

#: Only the start of a long block is read (its words are what it is about by then).
HEAD_CHARS = 2000


def words_of(text: str) -> set[str]:
    """The distinct words of a block's text (``tokens.WORD_RE``), lower-cased."""
    return set(map(str.lower, WORD_RE.findall(text[:HEAD_CHARS])))


def score(text: str, weights: Mapping[str, float], bias: float) -> float:
    """The log-odds the word weights give ``text``: bias plus its words' weights over the
    square root of how many distinct words it has (so long and short blocks compare)."""
    words = words_of(text)
    if not words:
        return bias
    get = weights.get
    # fsum: exact, so the set's order (which varies per process) cannot change the last bit
    return bias + math.fsum([get(w, 0.0) for w in words]) / math.sqrt(len(words))


def scores(texts: Sequence[str], weights: Mapping[str, float], bias: float) -> list[float]:
    return [score(t, weights, bias) for t in texts]


__all__ = ["score", "scores", "words_of"]
