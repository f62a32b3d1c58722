"""The learned body decision: a gradient-boosted forest reads every block's features (what the
extractors said, the block's shape, its place and its neighbours) and gives p(body); a second
forest reads those features again with the first one's p(body) of the blocks around, so that a
run of blocks is decided together (an article in several runs, a list inside it, a teaser row
after it), and gives the p(body) the step acts on.

It runs after the rule-based steps as a relabelling: blocks the body step decided (body inside
the densest run, chrome outside it) are kept or dropped by the model; blocks a widget extractor
claimed by its own marks (promo cards, disclaimers, captions, comments, chrome, title, byline)
keep their labels, so the structured output stays consistent with the segments. A flipped
block's reason gives the probability and the features that moved it most.

The forest is ``data/labeller.json``, written by ``make train`` (training/train.py), trained on
the dev corpora's renderings with folds grouped by site; see docs/learned.md.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from articlekit import data
from articlekit.extract import Claim, features, whole
from articlekit.extract import body as body_step
from articlekit.extract import forest as forest_module
from articlekit.extract.forest import Forest
from articlekit.labels import BODY_LABELS

if TYPE_CHECKING:
    from articlekit.config.context import Context
    from articlekit.extract.page import Page

#: Steps whose body/chrome decisions the model may change: the densest-run rule's own.
DECIDES = frozenset({"body"})
#: How many features a flipped block's reason names.
REASON_FEATURES = 3
#: Blocks whose rows are built and read at once (the forests' own slice).
SLICE = forest_module.CHUNK


@dataclass(frozen=True, eq=False)
class Labeller:
    """The packaged model: the first forest, the word weights whose scores it reads, and the
    second forest that reads the first's p(body) in context (None in a one-stage model)."""

    forest: Forest
    lexicon: features.Lexicon
    sequence: Forest | None = None

    def decide(
        self, page: Page, ctx: Context, wanted: Collection[int] | None = None
    ) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """p(body) of the blocks of ``page``, :data:`SLICE` blocks at a time: the first block,
        its slice's p(body) and the rows the deciding forest read. The rows are built a slice
        at a time from what a block says of itself (:func:`features.base_rows`) and, for the
        second forest, from the first forest's p(body) of the whole page, so a gigantic page
        never holds every row at once: the same rows, the same bits. ``wanted``: the blocks
        whose p(body) is asked for (the others' is NaN): the deciding forest walks only
        their rows, each row's answer being its own."""
        base = features.base_rows(page, ctx)
        lex = features.lexicon_scores(page, self.lexicon)
        page_lex = features.page_lex(lex, base)
        n = len(base)
        slices = [(a, min(a + SLICE, n)) for a in range(0, n, SLICE)]

        def rows(a: int, b: int) -> np.ndarray:
            rule_part = features.rule_rows(base, a, b)
            return np.hstack([rule_part, features.lex_rows(lex, page_lex, a, b)])

        if self.sequence is None:
            for a, b in slices:
                X = rows(a, b)
                yield a, _proba(self.forest, X, a, wanted), X
            return
        p1 = np.empty(n, dtype=np.float64)
        for a, b in slices:
            p1[a:b] = self.forest.proba(rows(a, b))
        around = features.Around(p1, base)
        for a, b in slices:
            X2 = np.hstack([rows(a, b), around.rows(a, b)])
            yield a, _proba(self.sequence, X2, a, wanted), X2

    @property
    def deciding(self) -> Forest:
        """The forest whose p(body) the step acts on."""
        return self.sequence or self.forest


def _proba(forest: Forest, X: np.ndarray, a: int, wanted: Collection[int] | None) -> np.ndarray:
    """``forest.proba`` of the rows of ``X`` (blocks ``a`` on) that are ``wanted``, NaN else."""
    if wanted is None:
        return forest.proba(X)
    at = [k for k in range(len(X)) if a + k in wanted]
    out = np.full(len(X), np.nan, dtype=np.float64)
    if at:
        out[at] = forest.proba(X[at])
    return out


@cache
def labeller() -> Labeller:
    """The packaged model (read once per process)."""
    raw = json.loads(data.read_file("labeller.json"))
    model = Forest.of(raw)
    if model.features != features.FEATURES:
        raise RuntimeError(
            "data/labeller.json was trained on other features than extract/features.py "
            "computes: retrain it (make train)"
        )
    second = Forest.of(raw["sequence"]) if "sequence" in raw else None
    if second is not None and second.features != features.SEQUENCE_FEATURES:
        raise RuntimeError(
            "data/labeller.json's second forest was trained on other features than "
            "extract/features.py computes: retrain it (make train)"
        )
    lex = raw["lexicon"]
    return Labeller(model, features.Lexicon(dict(lex["weights"]), float(lex["bias"])), second)


def step(page: Page, ctx: Context) -> list[Claim]:
    """Relabel the body step's blocks the model disagrees with."""
    params = ctx.params.learned
    if not params.enabled or not page.doc.blocks:
        return []
    decided = [
        c
        for name, c in page.claims
        if name in DECIDES and c.start == page.doc.blocks[c.block].start
        and c.end == page.doc.blocks[c.block].end and c.label in (*BODY_LABELS, "chrome")
    ]  # fmt: skip
    if not decided:
        return []
    model = labeller()
    forest, keep_at = model.deciding, params.keep_at
    by_slice: dict[int, list[Claim]] = {}
    for c in decided:
        by_slice.setdefault(c.block // SLICE, []).append(c)
    out: list[Claim] = []
    wanted = {c.block for c in decided}  # only these blocks' p(body) is acted on
    for a, proba, rows in model.decide(page, ctx, wanted):
        here = by_slice.get(a // SLICE, [])
        flips = [c for c in here if (c.label in BODY_LABELS) != bool(proba[c.block - a] >= keep_at)]
        if not flips:
            continue
        why = forest.attributions(rows[[c.block - a for c in flips]])
        out += (
            _flip(page, c, float(proba[c.block - a]), keep_at, why[k], forest.features, ctx)
            for k, c in enumerate(flips)
        )
    return out


def _flip(
    page: Page,
    c: Claim,
    p: float,
    keep_at: float,
    why: np.ndarray,
    names: tuple[str, ...],
    ctx: Context,
) -> Claim:
    block = page.doc.blocks[c.block]
    keep = p >= keep_at
    # the features that pushed hardest towards the decision taken
    sign = 1.0 if keep else -1.0
    order = np.argsort(-sign * why, kind="stable")[:REASON_FEATURES]
    named = ", ".join(f"{names[j]} {why[j]:+.2f}" for j in order if sign * why[j] > 0)
    verdict = f"p(body) {p:.2f} {'>=' if keep else '<'} {keep_at:.2f}"
    side = f" (most {'for' if keep else 'against'}: {named})" if named else ""
    reason = f"learned labeller: {verdict}{side}"
    if not keep:
        return whole(block, "chrome", reason)
    if body_step.quote_like(block.text):
        return whole(block, "quote", reason, "quote")
    if body_step.heading_like(block, ctx.params.body.heading_max_words) and not block.bullet:
        return whole(block, "heading", reason, "heading")
    return whole(block, "body", reason, "list_item" if block.bullet else "paragraph")


__all__ = ["DECIDES", "SLICE", "Labeller", "labeller", "step"]
