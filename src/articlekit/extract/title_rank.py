"""The title ranker: p(title) for each of a page's title candidates (``extract/title.py``).

The weighed sum of the candidates' evidence cannot say that a first line is the headline only
where no later line repeats it, or that a line far above the text wins only with a byline
under it; a small forest over the same evidence, the sum, the candidate's place among the
others, its shape and its neighbourhood can. It is trained by ``training/title_ranker.py`` on
folds grouped by site (docs/learned.md) and read from ``data/title_ranker.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields, replace
from functools import cache

import numpy as np

from articlekit import data
from articlekit.config.context import Context
from articlekit.config.params import TitleParams
from articlekit.extract.forest import Forest
from articlekit.extract.title import SHAPE, Candidate

#: The weighed evidence, in the order of ``[balanced.title]``.
EVIDENCE: tuple[str, ...] = tuple(f.name for f in fields(TitleParams))
#: The ranker's columns: the evidence, the weighed score and the candidate's place among the
#: page's others, then its shape (:data:`title.SHAPE`).
RANK_FEATURES: tuple[str, ...] = (
    *EVIDENCE, "score", "score_gap", "rank", "candidates", "place", "from_end", "words_rel",
    *SHAPE,
)  # fmt: skip


def rank_rows(found: Sequence[Candidate], weights: TitleParams) -> np.ndarray:
    """The :data:`RANK_FEATURES` of a page's candidates (one row each, in page order)."""
    n = len(found)
    out = np.empty((n, len(RANK_FEATURES)), dtype=np.float64)
    if not n:
        return out
    w = np.array([getattr(weights, name) for name in EVIDENCE], dtype=np.float64)
    evidence = np.array([[c.evidence.get(k, 0.0) for k in EVIDENCE] for c in found], np.float64)
    score = evidence @ w
    rank = np.empty(n, dtype=np.float64)
    rank[np.argsort(-score, kind="stable")] = np.arange(n)
    place = np.arange(n, dtype=np.float64)
    shape = np.array([c.shape for c in found], dtype=np.float64).reshape(n, len(SHAPE))
    words = shape[:, SHAPE.index("words")]
    return np.column_stack([
        evidence, score, score - score.max(), rank, np.full(n, float(n)), place / n,
        n - 1 - place, words / max(1.0, float(words.max())), shape,
    ])  # fmt: skip


@cache
def ranker() -> Forest:
    """The packaged title ranker (read once per process), written by ``make train``
    (training/title_ranker.py)."""
    model = Forest.of(json.loads(data.read_file("title_ranker.json")))
    if model.features != RANK_FEATURES:
        raise RuntimeError(
            "data/title_ranker.json was trained on other features than extract/title_rank.py "
            "computes: retrain it (python -m training.title_ranker)"
        )
    return model


def ranked(found: Sequence[Candidate], ctx: Context) -> list[Candidate]:
    """The candidates with the ranker's p(title) (``[balanced.learned] title``; as they
    are when it is 0)."""
    if not found or not ctx.params.learned.title:
        return list(found)
    p = ranker().proba(rank_rows(found, ctx.params.title))
    return [replace(c, p=float(q)) for c, q in zip(found, p, strict=True)]


__all__ = ["EVIDENCE", "RANK_FEATURES", "rank_rows", "ranked", "ranker"]
