"""Feature rows for a learned body labeller: one row per block of articlekit's own text path.

``page_features(rendering)`` builds the page exactly as ``paths/text.py:split`` does
(``document.build``, ``language.detect``, ``run(STEPS, Page.of(text, doc), ctx)`` with
``ctx = default_config().context(now=NOW)``), assembles today's Article from it (so the text
path's own body comes out of the same run), and turns each block into a row of numbers:

* what today's extractors said: the block's final label and the step that claimed it (one-hot);
  the body scorer's class and stop-word density as the header step computed them
  (``page.scores``, None for blocks an earlier step took) and as ``body.classify`` gives them
  with nothing taken (a score for every block);
* the block itself: length, words, CJK share, sentence punctuation, digit / upper-case / bullet,
  lines in the block, title-like / quote-like, whether its text repeats elsewhere in the page;
* where it is: relative position, signed distance to the densest run (``body.region``) of
  both scorings, the length of the run of consecutive prose-like blocks it is in;
* the page: block count, whether a stop-word list exists for its language, its prose share;
* sequence context: :data:`CONTEXT` features of the blocks 2 and 1 before and 1 and 2 after
  (NaN past the page's ends).

``block_labels`` turns training/labels.py's line labels into block labels (1 body, 0 not
body, -1 unknown): a block is body when most of its characters are in body lines.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence

import numpy as np

from articlekit.api import _scrub
from articlekit.config.context import default_config
from articlekit.extract import body as body_step
from articlekit.extract.page import Page, run
from articlekit.labels import BODY_LABELS
from articlekit.paths.assemble import Meta, assemble
from articlekit.paths.text import STEPS
from articlekit.text import document, language
from articlekit.text import tokens as tx

#: A fixed "now" so relative dates, and so the features, are the same on every run.
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)

LABELS = ("none", "title", "byline", "body", "heading", "quote", "disclaimer", "promo",
          "chrome", "caption", "comment")
STEP_NAMES = ("none", *(s.name for s in STEPS if s.mode == "claim"))
CLASSES = ("none", "good", "near", "short", "bad")

_BASE: list[str] = (
    [f"label={x}" for x in LABELS]
    + [f"step={x}" for x in STEP_NAMES]
    + [f"score={x}" for x in CLASSES]
    + ["score_density", "score_value"]
    + [f"full={x}" for x in CLASSES[1:]]
    + ["full_density", "full_value"]
    + ["log_len", "log_words", "cjk_share", "ends_sentence", "ends_colon", "digit_share",
       "upper_share", "punct_share", "bullet", "n_lines", "blank_before", "heading_like",
       "quote_like", "starts_upper", "pipe_count", "repeats", "rel_pos", "rel_char_pos",
       "dist_region", "in_region", "dist_region_full", "in_region_full", "prose_run",
       "prose_run_chars", "pos_in_run"]
    + ["page_log_blocks", "page_has_stoplist", "page_has_language", "page_cjk",
       "page_prose_share", "page_body_share"]
)
#: The per-block features repeated for the neighbours (the page-level ones are not).
CONTEXT: tuple[str, ...] = (
    "label=body", "label=chrome", "label=promo", "label=heading", "label=none",
    "step=promo", "step=chrome", "step=body", "full=good", "full=near", "full=short",
    "full=bad", "full_density", "log_len", "ends_sentence", "bullet", "heading_like",
    "digit_share", "repeats", "in_region_full",
)
OFFSETS = (-2, -1, 1, 2)
FEATURES: tuple[str, ...] = (
    *_BASE,
    *(f"{name}@{off:+d}" for off in OFFSETS for name in CONTEXT),
)
N_BASE = len(_BASE)
_INDEX = {name: i for i, name in enumerate(_BASE)}
_CONTEXT_COLS = np.array([_INDEX[n] for n in CONTEXT])


@dataclass
class PageFeatures:
    X: np.ndarray  # float32 [blocks, len(FEATURES)]
    blocks: list[str]  # block texts, in order
    line_spans: list[tuple[int, int]]  # per block, [first, last + 1) of document lines
    n_lines: int  # non-blank lines of the document
    text_body: str  # today's text path's body
    language: str | None


def _signed_distance(i: int, span: tuple[int, int]) -> float:
    a, b = span
    if a == b:
        return 99.0
    if i < a:
        return float(i - a)
    if i >= b:
        return float(i - b + 1)
    return 0.0


def _prose_runs(prose: Sequence[bool], lengths: Sequence[int]) -> tuple[list[int], list[int], list[int]]:
    """Per block: length (blocks) and characters of the prose run it is in, and its position."""
    n = len(prose)
    run_len, run_chars, pos = [0] * n, [0] * n, [0] * n
    i = 0
    while i < n:
        if not prose[i]:
            i += 1
            continue
        j = i
        while j < n and prose[j]:
            j += 1
        chars = sum(lengths[i:j])
        for k in range(i, j):
            run_len[k], run_chars[k], pos[k] = j - i, chars, k - i
        i = j
    return run_len, run_chars, pos


def page_features(rendering: str) -> PageFeatures:  # long: one pass over the blocks, flat
    text = _scrub(rendering)
    ctx = default_config().context(now=NOW)
    doc = document.build(text)
    doc.language = language.detect(text)
    page = run(STEPS, Page.of(text, doc), ctx)
    head = page.header
    assert head is not None
    date = head.date
    meta = Meta(title=head.title, source=head.source or head.site, authors=tuple(head.authors),
                published=date.value if date else None, date_text=date.text if date else None)
    article = assemble(page, meta, input_format="text", warnings=(), url=None)

    blocks = doc.blocks
    n = len(blocks)
    full = body_step.classify(doc, [None] * n, ctx)
    scores = page.scores or [None] * n
    region = body_step.region(scores)
    region_full = body_step.region(full)
    # the step that claimed most of each block (relabelling keeps the claimer)
    claimed: list[dict[str, int]] = [{} for _ in range(n)]
    for name, c in page.claims:
        d = claimed[c.block]
        d[name] = d.get(name, 0) + (c.end - c.start)
    keys = Counter(b.key for b in blocks if b.key)
    prose = [s is not None and s.cls in ("good", "near") for s in full]
    run_len, run_chars, run_pos = _prose_runs(prose, [b.length for b in blocks])
    has_list = bool(language.stopwords(doc.language)) if doc.language else False
    cjk_page = doc.language in ("zh", "ja", "ko")
    body_taken = sum(1 for t in page.taken if t in BODY_LABELS)
    total_chars = max(1, len(text))
    max_words = ctx.params.body.heading_max_words
    page_row = [math.log1p(n), float(has_list), float(doc.language is not None), float(cjk_page),
                sum(prose) / max(1, n), body_taken / max(1, n)]

    X = np.full((n, len(FEATURES)), np.nan, dtype=np.float32)
    base = X[:, :N_BASE]
    base[:, :] = 0.0
    o_label, o_step, o_score = 0, len(LABELS), len(LABELS) + len(STEP_NAMES)
    o_full = o_score + len(CLASSES) + 2
    o_rest = o_full + len(CLASSES) - 1 + 2
    for i, b in enumerate(blocks):
        row = base[i]
        t = b.text
        label = page.taken[i] or "none"
        row[o_label + (LABELS.index(label) if label in LABELS else 0)] = 1.0
        step = max(claimed[i].items(), key=lambda kv: kv[1])[0] if claimed[i] else "none"
        row[o_step + (STEP_NAMES.index(step) if step in STEP_NAMES else 0)] = 1.0
        s = scores[i]
        row[o_score + (CLASSES.index(s.cls) if s is not None else 0)] = 1.0
        row[o_score + len(CLASSES)] = s.density if s is not None else -1.0
        row[o_score + len(CLASSES) + 1] = s.value if s is not None else 0.0
        f = full[i]
        assert f is not None
        row[o_full + CLASSES.index(f.cls) - 1] = 1.0
        row[o_full + len(CLASSES) - 1] = f.density
        row[o_full + len(CLASSES)] = f.value
        length = len(t)
        letters = sum(1 for ch in t if ch.isalpha())
        digits = sum(1 for ch in t if ch.isdigit())
        upper = sum(1 for ch in t if ch.isupper())
        punct = sum(1 for ch in t if not ch.isalnum() and not ch.isspace())
        last = t[-1] if t else ""
        row[o_rest:o_rest + 25] = (
            math.log1p(b.length), math.log1p(b.n_words), b.n_cjk / max(1, length),
            float(tx.ends_sentence(t)), float(last in ":："), digits / max(1, length),
            upper / max(1, letters), punct / max(1, length), float(b.bullet), len(b.lines),
            float(b.blank_before), float(body_step.heading_like(b, max_words)),
            float(body_step.quote_like(t)), float(bool(t) and t[0].isupper()), t.count("|"),
            float(keys[b.key] > 1) if b.key else 0.0, i / max(1, n - 1), b.start / total_chars,
            _signed_distance(i, region), float(region[0] <= i < region[1]),
            _signed_distance(i, region_full), float(region_full[0] <= i < region_full[1]),
            run_len[i], math.log1p(run_chars[i]), run_pos[i],
        )
        row[o_rest + 25:] = page_row
    col = N_BASE
    for off in OFFSETS:  # sequence context: shifted copies of the CONTEXT columns
        part = X[:, col:col + len(CONTEXT)]
        src = base[:, _CONTEXT_COLS]
        if off < 0 and n > -off:
            part[-off:] = src[:off]
        elif off > 0 and n > off:
            part[:-off] = src[off:]
        col += len(CONTEXT)
    spans = [(b.lines[0].index, b.lines[-1].index + 1) for b in blocks]
    return PageFeatures(X, [b.text for b in blocks], spans, len(doc.lines), article.body or "",
                        doc.language)


def block_labels(pf: PageFeatures, line_texts: Sequence[str],
                 line_labels: Sequence[bool | None]) -> np.ndarray:
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
