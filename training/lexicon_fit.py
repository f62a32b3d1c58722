"""Fitting the lexicon (articlekit/extract/lexicon.py): a logistic model over the words of a block.

Each block is the set of its words (``lexicon.words_of``), as a sparse row scaled by one over
the square root of its word count, which is how the library scores it; the vocabulary is every
word in at least ``MIN_DF`` training blocks. scikit-learn's ``SGDClassifier`` (log loss, L2,
fixed seed, a fixed number of epochs: deterministic) fits it. Exported are the words whose
weight is at least ``MIN_WEIGHT`` in size: the rest move a score by less than rounding does.

The forest reads the lexicon's scores, so they must be honest on its training rows too:
``cross_fit`` gives every row a score from a lexicon fitted without its fold (the rows of a
page and of its site are in one fold), the usual way of stacking models.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from articlekit.extract.lexicon import words_of

MIN_DF = 30
ALPHA = 2e-6
EPOCHS = 8
MIN_WEIGHT = 0.05
SEED = 0
#: Each lexicon sees at most this many labelled blocks (a fixed-seed sample): the five
#: renderings of a page repeat its words, and 2 cores fit it in seconds.
LEX_ROWS = 600_000


def rows_of(mask: np.ndarray, seed: int) -> np.ndarray:
    """At most LEX_ROWS of the rows in ``mask``, in order, the same every run."""
    idx = np.flatnonzero(mask)
    if len(idx) <= LEX_ROWS:
        return idx
    return np.sort(np.random.default_rng(seed).choice(idx, LEX_ROWS, replace=False))


class Corpus:
    """The blocks' word sets as one sparse matrix over a vocabulary."""

    def __init__(self, texts: Sequence[str]) -> None:
        from scipy import sparse

        sets = [words_of(t) for t in texts]
        df: Counter[str] = Counter()
        for s in sets:
            df.update(s)
        self.words = sorted(w for w, c in df.items() if c >= MIN_DF)
        index = {w: i for i, w in enumerate(self.words)}
        indptr, cols, vals = [0], [], []
        for s in sets:
            hit = sorted(index[w] for w in s if w in index)
            cols.extend(hit)
            vals.extend([1.0 / np.sqrt(len(s))] * len(hit) if s else ())
            indptr.append(len(cols))
        self.matrix = sparse.csr_matrix(
            (
                np.asarray(vals, np.float64),
                np.asarray(cols, np.int32),
                np.asarray(indptr, np.int64),
            ),
            shape=(len(sets), len(self.words)),
        )


def fit(corpus: Corpus, rows: np.ndarray, y: np.ndarray) -> Any:
    from sklearn.linear_model import SGDClassifier

    model = SGDClassifier(
        loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None, random_state=SEED
    )
    model.fit(corpus.matrix[rows], y[rows])
    return model


def cross_fit(corpus: Corpus, y: np.ndarray, fold: np.ndarray, train: np.ndarray) -> np.ndarray:
    """Per row, the score of a lexicon fitted on the ``train`` rows outside the row's fold."""
    out = np.zeros(len(y))
    for f in np.unique(fold[train]):
        model = fit(corpus, rows_of(train & (fold != f), SEED + int(f)), y)
        test = np.flatnonzero(fold == f)
        out[test] = model.decision_function(corpus.matrix[test])
    return out


def export(corpus: Corpus, model: Any) -> dict[str, Any]:
    """The lexicon as the library reads it: bias and the words that weigh."""
    coef = model.coef_.ravel()
    keep = np.flatnonzero(np.abs(coef) >= MIN_WEIGHT)
    weights = {corpus.words[i]: round(float(coef[i]), 4) for i in keep}
    return {"bias": round(float(model.intercept_[0]), 4), "weights": dict(sorted(weights.items()))}
