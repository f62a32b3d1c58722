"""One row of numbers per block, for the learned body labeller (extract/learned.py).

The same function serves training (training/features.py) and cleaning, so the model reads at
run time exactly what it was trained on; ``FEATURES`` names the columns in order and the model
file lists them too (a mismatch is refused). A row says:

* what the extractors before it said: the block's label and the step that claimed it, the body
  scorer's class and stop-word density as the header step computed them (none for blocks an
  earlier step took) and as the scorer gives them with nothing taken;
* the block itself: length, words, CJK share, sentence punctuation, digits, upper case,
  bullets, lines, title-like or quote-like, whether its text recurs in the page;
* where it is: relative position, signed distance to the densest run of both scorings, the
  run of consecutive prose-like blocks it sits in;
* the page: blocks, whether its language has a stop-word list, prose and body shares;
* sequence context: some of these for the two blocks either side (NaN past the page's ends);
* the learned word weights' score of the block, of the two either side and of the page.

One pass over the blocks; the counts are C-level string methods, so the cost is linear and
small beside the steps that made the labels.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from articlekit.extract import body as body_step
from articlekit.extract.lexicon import score as lexicon_score
from articlekit.labels import BODY_LABELS
from articlekit.text import language
from articlekit.text import tokens as tx
from articlekit.text.document import EDGE

if TYPE_CHECKING:
    from articlekit.config.context import Context
    from articlekit.extract.page import Page

#: The block labels and claiming steps a row one-hot encodes ("none": free, or another).
LABELS = ("none", "title", "byline", "body", "heading", "quote", "disclaimer", "promo",
          "chrome", "caption", "comment")  # fmt: skip
STEP_NAMES = ("none", "patterns", "disclaimer", "captions", "comments", "promo", "chrome",
              "profile", "header", "pipeline", "body")  # fmt: skip
CLASSES = ("none", "good", "near", "short", "bad")
_OWN = ("log_len", "log_words", "cjk_share", "ends_sentence", "ends_colon", "digit_share",
        "upper_share", "punct_share", "bullet", "n_lines", "blank_before", "heading_like",
        "quote_like", "starts_upper", "pipe_count", "repeats", "rel_pos", "rel_char_pos",
        "dist_region", "in_region", "dist_region_full", "in_region_full", "prose_run",
        "prose_run_chars", "pos_in_run")  # fmt: skip
_PAGE = ("page_log_blocks", "page_has_stoplist", "page_has_language", "page_cjk",
         "page_prose_share", "page_body_share")  # fmt: skip
_BASE: tuple[str, ...] = (
    *(f"label={x}" for x in LABELS),
    *(f"step={x}" for x in STEP_NAMES),
    *(f"score={x}" for x in CLASSES),
    "score_density",
    "score_value",
    *(f"full={x}" for x in CLASSES[1:]),
    "full_density",
    "full_value",
    *_OWN,
    *_PAGE,
)
#: The per-block features repeated for the neighbours (the page-level ones are not).
CONTEXT: tuple[str, ...] = (
    "label=body", "label=chrome", "label=promo", "label=heading", "label=none",
    "step=promo", "step=chrome", "step=body", "full=good", "full=near", "full=short",
    "full=bad", "full_density", "log_len", "ends_sentence", "bullet", "heading_like",
    "digit_share", "repeats", "in_region_full",
)  # fmt: skip
OFFSETS = (-2, -1, 1, 2)
#: What the rule steps and the block's shape say: :func:`rule_matrix`'s columns.
RULE_FEATURES: tuple[str, ...] = (
    *_BASE,
    *(f"{name}@{off:+d}" for off in OFFSETS for name in CONTEXT),
)
#: What the learned word weights say of the block, of its neighbours and of the page.
LEX_FEATURES: tuple[str, ...] = (
    "lex", *(f"lex@{off:+d}" for off in OFFSETS), "page_lex",
)  # fmt: skip
FEATURES: tuple[str, ...] = (*RULE_FEATURES, *LEX_FEATURES)
#: Blocks either side whose first-forest p(body) the second forest reads one by one, and the
#: half-widths of the windows it reads as length-weighted means.
SEQ_OFFSETS = (-3, -2, -1, 1, 2, 3)
SEQ_WINDOWS = (2, 5, 12)
#: What the first forest said around a block (:func:`seq_columns`): the second forest reads
#: these after :data:`FEATURES`, so that a run of blocks is decided together.
SEQ_FEATURES: tuple[str, ...] = (
    "p1", *(f"p1@{off:+d}" for off in SEQ_OFFSETS), *(f"p1_mean±{w}" for w in SEQ_WINDOWS),
    "p1_max_before", "p1_max_after", "p1_mass_before", "in_p1_run", "dist_p1_run",
    "p1_run_share", "page_p1_mean", "page_p1_share",
)  # fmt: skip
SEQUENCE_FEATURES: tuple[str, ...] = (*FEATURES, *SEQ_FEATURES)
N_BASE = len(_BASE)
_INDEX = {name: i for i, name in enumerate(_BASE)}
_CONTEXT_COLS = [_INDEX[n] for n in CONTEXT]
_O_STEP = len(LABELS)
_O_SCORE = _O_STEP + len(STEP_NAMES)
_O_FULL = _O_SCORE + len(CLASSES) + 2
_O_OWN = _O_FULL + len(CLASSES) - 1 + 2
_LOG_LEN = _INDEX["log_len"]
_CLASS_AT = {c: i for i, c in enumerate(CLASSES) if c != "none"}


@dataclass(frozen=True)
class Lexicon:
    """Word weights (extract/lexicon.py) and their bias."""

    weights: Mapping[str, float]
    bias: float


#: What does not count towards a block's place: the characters a line is trimmed of (``EDGE``:
#: every space, controls, invisible format characters), so a text reads as the same text without
#: them. A table for ``str.translate``, which deletes them.
_HIDDEN = dict.fromkeys(map(ord, EDGE))


def _visible_starts(text: str, offsets: Sequence[int]) -> list[int]:
    """Per offset (in increasing order), how many visible characters come before it."""
    out, hidden, last = [], 0, 0
    for o in offsets:
        part = text[last:o]
        hidden += len(part) - len(part.translate(_HIDDEN))
        out.append(o - hidden)
        last = o
    return out


def _ascii(test: Callable[[str], bool]) -> bytes:
    return bytes(c for c in range(128) if test(chr(c)))


_DIGITS, _UPPER, _LOWER, _SPACES = map(_ascii, (str.isdigit, str.isupper, str.islower, str.isspace))


def _char_counts(text: str) -> tuple[int, int, int, int, int]:
    """How many of ``text``'s characters are letters or digits, digits, upper-case letters,
    letters and spaces (``str.isalnum``, ``isdigit``, ``isupper``, ``isalpha``, ``isspace``).
    ASCII text (most blocks) is counted by what ``bytes.translate`` deletes, in one C pass per
    class (in ASCII a letter is upper or lower case); other text character by character."""
    if not text.isascii():
        return (
            sum(map(str.isalnum, text)),
            sum(map(str.isdigit, text)),
            sum(map(str.isupper, text)),
            sum(map(str.isalpha, text)),
            sum(map(str.isspace, text)),
        )
    raw = text.encode("ascii")
    n = len(raw)
    digits, upper, lower, spaces = (
        n - len(raw.translate(None, chars)) for chars in (_DIGITS, _UPPER, _LOWER, _SPACES)
    )
    return upper + lower + digits, digits, upper, upper + lower, spaces


def _neighbours(values: np.ndarray, out: np.ndarray, at: int = 0) -> None:
    """Write ``values`` (a row per block of the page, a column per feature) as seen from the
    blocks ``at`` to ``at + len(out)``: the block ``off`` away for each of :data:`OFFSETS` in
    turn, one group of columns each; past the page's ends the cells keep their NaN."""
    n, width = values.shape
    rows = len(out)
    for k, off in enumerate(OFFSETS):
        lo, hi = max(at + off, 0), min(at + rows + off, n)
        if lo < hi:
            out[lo - at - off : hi - at - off, k * width : (k + 1) * width] = values[lo:hi]


def _signed_distance(i: int, span: tuple[int, int]) -> float:
    a, b = span
    if a == b:
        return 99.0
    if i < a:
        return float(i - a)
    if i >= b:
        return float(i - b + 1)
    return 0.0


def _prose_runs(prose: Sequence[bool], lengths: Sequence[int]) -> list[tuple[int, int, int]]:
    """Per block: length (blocks) and characters of the prose run it is in, and its place."""
    out = [(0, 0, 0)] * len(prose)
    i, n = 0, len(prose)
    while i < n:
        if not prose[i]:
            i += 1
            continue
        j = i
        while j < n and prose[j]:
            j += 1
        chars = sum(lengths[i:j])
        for k in range(i, j):
            out[k] = (j - i, chars, k - i)
        i = j
    return out


def full_scores(page: Page, ctx: Context) -> list[body_step.Score]:
    """The body scorer's verdict on every block, taken or not (reusing the header's; a site
    profile's stand-in for a block it took is not the scorer's, so that block is scored)."""
    rate = body_step.Rater(page.doc.language, ctx)
    scores = page.scores or [None] * len(page.doc.blocks)
    return [
        s if s is not None and s.cls in _CLASS_AT else rate(b)
        for b, s in zip(page.doc.blocks, scores, strict=True)
    ]


def _claimers(page: Page) -> list[str]:
    """Per block, the step that claimed most of it (a relabelling keeps the claimer; a tie goes
    to the step that claimed first). A tally only for blocks of more than one claimer: a
    gigantic page's blocks are claimed once, nearly all of them."""
    names: list[str | None] = [None] * len(page.doc.blocks)
    sizes = [0] * len(names)
    shared: dict[int, dict[str, int]] = {}
    for name, c in page.claims:
        i, size = c.block, c.end - c.start
        tally = shared.get(i)
        if tally is not None:
            tally[name] = tally.get(name, 0) + size
        elif names[i] is None or names[i] == name:
            names[i], sizes[i] = name, sizes[i] + size
        else:
            shared[i] = {names[i] or "": sizes[i], name: size}
    for i, tally in shared.items():
        names[i] = max(tally.items(), key=lambda kv: kv[1])[0]
    return [name or "none" for name in names]


def matrix(page: Page, ctx: Context, lexicon: Lexicon) -> np.ndarray:
    """Every feature of every block of ``page`` (float32, ``len(FEATURES)`` columns), read
    once the rule steps have run."""
    return with_lexicon(page, rule_matrix(page, ctx), lexicon)


def with_lexicon(page: Page, rules: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    """:func:`rule_matrix`'s rows of ``page`` with the lexicon's columns after them."""
    return np.hstack([rules, lex_columns(lexicon_scores(page, lexicon), rules)])


def lexicon_scores(page: Page, lexicon: Lexicon) -> np.ndarray:
    """The lexicon's score of every block of ``page`` (float64)."""
    return np.fromiter(
        (lexicon_score(b.text, lexicon.weights, lexicon.bias) for b in page.doc.blocks),
        dtype=np.float64,
        count=len(page.doc.blocks),
    )


def lex_columns(lex: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """The :data:`LEX_FEATURES` of one page from its blocks' lexicon scores (and their lengths,
    read back from the rule features so training and cleaning weigh them alike)."""
    return lex_rows(lex, page_lex(lex, rules), 0, len(lex))


def page_lex(lex: np.ndarray, rows: np.ndarray) -> float:
    """The page's length-weighted mean lexicon score (NaN for a page of no block); ``rows``:
    the page's rule features, or their first :data:`N_BASE` columns (:func:`base_rows`)."""
    if not len(lex):
        return math.nan
    weight = _weights(rows)
    return float((weight * lex).sum() / weight.sum())


def lex_rows(lex: np.ndarray, page_mean: float, a: int, b: int) -> np.ndarray:
    """:func:`lex_columns` of the blocks ``a`` to ``b`` alone."""
    out = np.full((b - a, len(LEX_FEATURES)), np.nan, dtype=np.float32)
    out[:, 0] = lex[a:b]
    _neighbours(lex[:, None], out[:, 1 : 1 + len(OFFSETS)], a)
    out[:, -1] = page_mean
    return out


def _weights(rules: np.ndarray) -> np.ndarray:
    """Per block, the weight a page-level mean gives it: grows with the square root of its
    length, read back from the rule features so that training and cleaning weigh alike."""
    out: np.ndarray = np.sqrt(np.expm1(rules[:, _LOG_LEN].astype(np.float64))) + 1.0
    return out


def seq_columns(p: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """The :data:`SEQ_FEATURES` of one page from the first forest's p(body) per block: the
    values either side, windowed means, where the block sits in the page's body-like mass and
    in its densest body-like run (most length-weighted p above one half). Vectorised: a few
    numpy passes per page."""
    return Around(p, rules).rows(0, len(p))


class Around:
    """What the first forest said of a whole page, from which :func:`seq_columns`'s rows are
    read a slice at a time (:meth:`rows`): prefix sums and the densest run, a few numbers a
    block, so a gigantic page's rows need not be held at once."""

    __slots__ = ("n", "p", "padded", "cum_wp", "cum_w", "run", "share")

    def __init__(self, p: np.ndarray, rows: np.ndarray) -> None:
        """``rows``: the page's rule features, or their first :data:`N_BASE` columns."""
        self.n = n = len(p)
        self.p = p = p.astype(np.float64)
        w = _weights(rows)
        pad = max(max(map(abs, SEQ_OFFSETS)), 1)
        self.padded = np.concatenate([np.full(pad, np.nan), p, np.full(pad, np.nan)])
        self.cum_wp = np.concatenate([[0.0], np.cumsum(w * p)])
        self.cum_w = np.concatenate([[0.0], np.cumsum(w)])
        # the densest run: the span maximising the sum of w * (p - 1/2), by prefix sums
        prefix = np.concatenate([[0.0], np.cumsum(w * (p - 0.5))])
        low = np.minimum.accumulate(prefix)
        end = int(np.argmax(prefix - low))
        self.run = (0, 0)
        if prefix[end] - low[end] > 0:
            self.run = (int(np.argmin(prefix[: end + 1])), end)
        self.share = float((p >= 0.5).mean()) if n else math.nan

    def rows(self, a: int, b: int) -> np.ndarray:
        """:func:`seq_columns` of the blocks ``a`` to ``b`` alone."""
        n, run, cum_wp, cum_w = self.n, self.run, self.cum_wp, self.cum_w
        out = np.full((b - a, len(SEQ_FEATURES)), np.nan, dtype=np.float32)
        if not n:
            return out
        out[:, 0] = self.p[a:b]
        pad = max(max(map(abs, SEQ_OFFSETS)), 1)
        shifted = {off: self.padded[pad + off + a : pad + off + b] for off in SEQ_OFFSETS}
        for k, off in enumerate(SEQ_OFFSETS, 1):
            out[:, k] = shifted[off]
        col = 1 + len(SEQ_OFFSETS)
        at = np.arange(a, b)
        for k, half in enumerate(SEQ_WINDOWS):
            lo, hi = np.maximum(at - half, 0), np.minimum(at + half + 1, n)
            out[:, col + k] = (cum_wp[hi] - cum_wp[lo]) / (cum_w[hi] - cum_w[lo])
        col += len(SEQ_WINDOWS)
        before = [shifted[o] for o in SEQ_OFFSETS if o < 0]
        after = [shifted[o] for o in SEQ_OFFSETS if o > 0]
        out[:, col] = np.fmax.reduce(before)  # NaN only where every one is past the edge
        out[:, col + 1] = np.fmax.reduce(after)
        total = cum_wp[-1]
        out[:, col + 2] = cum_wp[a:b] / total if total > 0 else 0.0
        out[:, col + 3] = (at >= run[0]) & (at < run[1])
        out[:, col + 4] = [_signed_distance(i, run) for i in range(a, b)]
        out[:, col + 5] = (cum_w[run[1]] - cum_w[run[0]]) / cum_w[-1]
        out[:, col + 6] = total / cum_w[-1]
        out[:, col + 7] = self.share
        return out


def rule_matrix(page: Page, ctx: Context) -> np.ndarray:
    """The :data:`RULE_FEATURES` of every block of ``page`` (float32), read once the rule
    steps have run."""
    base = base_rows(page, ctx)
    return rule_rows(base, 0, len(base))


def rule_rows(base: np.ndarray, a: int, b: int) -> np.ndarray:
    """:func:`rule_matrix` of the blocks ``a`` to ``b`` alone, from the page's
    :func:`base_rows`: a block's own columns, then its neighbours'."""
    X = np.full((b - a, len(RULE_FEATURES)), np.nan, dtype=np.float32)
    X[:, :N_BASE] = base[a:b]
    margin = max(map(abs, OFFSETS))
    lo = max(a - margin, 0)
    _neighbours(base[lo : b + margin, _CONTEXT_COLS], X[:, N_BASE:], a - lo)
    return X


# long: one flat pass over the blocks, a row each; splitting it would only scatter the columns
def base_rows(page: Page, ctx: Context) -> np.ndarray:
    """The first :data:`N_BASE` columns of :data:`RULE_FEATURES` (what a block says of itself
    and of the page, without its neighbours) of every block of ``page`` (float32)."""
    doc, blocks = page.doc, page.doc.blocks
    n = len(blocks)
    full = full_scores(page, ctx)
    scores = page.scores or [None] * n
    region = body_step.region(scores)
    region_full = body_step.region(list(full))
    steps = _claimers(page)
    keys = Counter(b.key for b in blocks if b.key)
    prose = [s.cls in ("good", "near") for s in full]
    runs = _prose_runs(prose, [b.length for b in blocks])
    has_list = bool(language.stopwords(doc.language)) if doc.language else False
    body_taken = sum(1 for t in page.taken if t in BODY_LABELS)
    *start_of, visible = _visible_starts(page.text, [*(b.start for b in blocks), len(page.text)])
    total_chars = max(1, visible)
    max_words = ctx.params.body.heading_max_words
    page_row = (math.log1p(n), float(has_list), float(doc.language is not None),
                float(doc.language in ("zh", "ja", "ko")), sum(prose) / max(1, n),
                body_taken / max(1, n))  # fmt: skip
    label_at = {x: i for i, x in enumerate(LABELS)}
    step_at = {x: i for i, x in enumerate(STEP_NAMES)}
    in_region, in_full = range(*region), range(*region_full)
    # a row at a time into the array: a list of Python floats per block would hold a gigantic
    # page's features many times over
    base = np.empty((n, N_BASE), dtype=np.float32)
    for i, b in enumerate(blocks):
        t = b.text
        head = [0.0] * _O_OWN
        head[label_at.get(page.taken[i] or "none", 0)] = 1.0
        head[_O_STEP + step_at.get(steps[i], 0)] = 1.0
        s = scores[i]
        head[_O_SCORE + (_CLASS_AT.get(s.cls, 0) if s is not None else 0)] = 1.0
        head[_O_SCORE + len(CLASSES)] = s.density if s is not None else -1.0
        head[_O_SCORE + len(CLASSES) + 1] = s.value if s is not None else 0.0
        f = full[i]
        head[_O_FULL + CLASSES.index(f.cls) - 1] = 1.0
        head[_O_FULL + len(CLASSES) - 1] = f.density
        head[_O_FULL + len(CLASSES)] = f.value
        length = len(t)
        alnum, digits, upper, alpha, spaces = _char_counts(t)
        run_len, run_chars, run_pos = runs[i]
        head += (
            math.log1p(b.length), math.log1p(b.n_words), b.n_cjk / max(1, length),
            float(tx.ends_sentence(t)), float(t[-1:] in (":", "：")),
            digits / max(1, length), upper / max(1, alpha),
            (length - alnum - spaces) / max(1, length), float(b.bullet),
            len(b.lines), float(b.blank_before), float(body_step.heading_like(b, max_words)),
            float(body_step.quote_like(t)), float(t[:1].isupper()), t.count("|"),
            float(keys[b.key] > 1) if b.key else 0.0, i / max(1, n - 1), start_of[i] / total_chars,
            _signed_distance(i, region), float(i in in_region),
            _signed_distance(i, region_full), float(i in in_full),
            run_len, math.log1p(run_chars), run_pos, *page_row,
        )  # fmt: skip
        base[i] = head
    return base


__all__ = [
    "CONTEXT",
    "Around",
    "FEATURES",
    "LEX_FEATURES",
    "N_BASE",
    "RULE_FEATURES",
    "SEQUENCE_FEATURES",
    "SEQ_FEATURES",
    "Lexicon",
    "base_rows",
    "full_scores",
    "lex_columns",
    "lex_rows",
    "lexicon_scores",
    "matrix",
    "page_lex",
    "rule_matrix",
    "rule_rows",
    "seq_columns",
    "with_lexicon",
]
