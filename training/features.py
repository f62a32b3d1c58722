"""Feature rows for the learned body labeller: one row per block of articlekit's own text path.

``page_features(rendering)`` builds the page exactly as ``paths/text.py:split`` does
(``document.build``, ``language.detect``, ``run(RULE_STEPS, Page.of(text, doc), ctx)`` with
``ctx = default_config().context(now=NOW)``), so the rows are what the learned step reads at run
time: ``articlekit.extract.features.matrix`` computes them for both (the columns are
documented there). It also assembles the rules' own Article from the same page ("today": the
text path without the learned step).

``block_labels`` turns training/labels.py's line labels into block labels (1 body, 0 not
body, -1 unknown): a block is body when most of its characters are in body lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from articlekit.api import _scrub
from articlekit.config.context import default_config
from articlekit.extract import features
from articlekit.extract.page import Page, run
from articlekit.paths.text import RULE_STEPS, article_of
from articlekit.text import document, language

#: A fixed "now" so relative dates, and so the features, are the same on every run.
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
FEATURES = features.RULE_FEATURES  # what the cache holds; the lexicon's columns come later
N_BASE = features.N_BASE
CONTEXT = features.CONTEXT


@dataclass
class PageFeatures:
    X: np.ndarray  # float32 [blocks, len(FEATURES)]
    blocks: list[str]  # block texts, in order
    line_spans: list[tuple[int, int]]  # per block, [first, last + 1) of document lines
    n_lines: int  # non-blank lines of the document
    text_body: str  # the rules' body (the text path without the learned step)
    language: str | None


def page_features(rendering: str) -> PageFeatures:
    text = _scrub(rendering)
    ctx = default_config().context(now=NOW)
    doc = document.build(text)
    doc.language = language.detect(text)
    page = run(RULE_STEPS, Page.of(text, doc), ctx)
    article = article_of(page, "text", (), ctx)
    X = features.rule_matrix(page, ctx)
    spans = [(b.lines[0].index, b.lines[-1].index + 1) for b in doc.blocks]
    return PageFeatures(
        X, [b.text for b in doc.blocks], spans, len(doc.lines), article.body or "", doc.language
    )


def block_labels(
    pf: PageFeatures, line_texts: Sequence[str], line_labels: Sequence[bool | None]
) -> np.ndarray:
    """1 body / 0 not body / -1 unknown per block: the label holding most of its characters
    (body when body lines hold at least half). All unknown if the line models disagree."""
    out = np.full(len(pf.blocks), -1, dtype=np.int8)
    if len(line_labels) != pf.n_lines:
        return out
    for i, (a, b) in enumerate(pf.line_spans):
        chars = {True: 0, False: 0, None: 0}
        for k in range(a, b):
            chars[line_labels[k]] += len(line_texts[k].strip())
        total = sum(chars.values()) or 1
        if chars[True] * 2 >= total:
            out[i] = 1
        elif chars[False] * 2 >= total:
            out[i] = 0
        elif chars[True] + chars[False] > chars[None]:
            out[i] = int(chars[True] > chars[False])
    return out
