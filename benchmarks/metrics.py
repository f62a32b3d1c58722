"""Scoring functions for extracted article bodies and metadata.

Three body metrics, each pure and independent of any extractor (see docs/evaluation.md):

* **bag of tokens** (the project's own): lower-cased word/number runs compared as multisets;
  precision, recall and F1 per page, then each averaged over pages.
* **4-token shingles** (the Scrapinghub article-extraction benchmark's): ``\\w+`` runs, case
  kept, compared as multisets of 4-grams; per-page tp/fp/fn normalised to sum 1, precision and
  recall averaged over pages, F1 the harmonic mean of the two averages.
* **snippets** (the trafilatura evaluation corpus's): ``with`` snippets that must be in the body
  and ``without`` snippets that must not, counts pooled over all pages.
* **WCXB word F1** (the Web Content eXtraction Benchmark's): lower-cased ``\\w+`` runs compared
  as multisets; precision, recall and F1 per page, F1 averaged over pages, overall and per page
  type.

Edge cases follow one rule throughout: an empty prediction has precision 1 only when the gold is
empty too, and recall is 1 when there is nothing to recall.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Word/number runs for the bag-of-tokens metric: ``\w`` without the underscore.
_BAG_TOKEN_RE = re.compile(r"[^\W_]+")
#: Plain ``\w+`` runs for the shingle metric, as that benchmark defines them.
_SHINGLE_TOKEN_RE = re.compile(r"\w+")
_WS_RE = re.compile(r"\s+")

#: Per-page F1 at or above which a page counts as "good" in the summary share.
GOOD_F1 = 0.9


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 of one page or of a whole corpus."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class BagSummary:
    """Bag-of-tokens figures averaged over pages, plus the share of pages with F1 >= 0.9."""

    precision: float
    recall: float
    f1: float
    share_good: float
    pages: int


@dataclass(frozen=True, slots=True)
class ShingleCounts:
    """One page's shingle tp/fp/fn, normalised so they sum to 1 (all 0 when both are empty).

    Normalising makes a long page weigh no more than a short one in the corpus average.
    """

    tp: float
    fp: float
    fn: float
    pred_empty: bool
    gold_empty: bool

    @property
    def precision(self) -> float:
        if self.pred_empty:
            return 1.0 if self.gold_empty else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.gold_empty:
            return 1.0
        return self.tp / (self.tp + self.fn)


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    """One page's (or a pooled corpus's) snippet counts.

    tp = ``with`` snippets found, fn = ``with`` snippets missing, fp = ``without`` found.
    """

    tp: int
    fp: int
    fn: int

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def scores(self) -> PRF:
        """Precision, recall and F1 = 2tp / (2tp + fp + fn) of these counts."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        denominator = 2 * self.tp + self.fp + self.fn
        f1 = 2 * self.tp / denominator if denominator else 1.0
        return PRF(precision, recall, f1)


def harmonic_mean(a: float, b: float) -> float:
    """F1 of a precision and a recall; 0 when both are 0."""
    return 2 * a * b / (a + b) if a + b else 0.0


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


# -- bag of tokens ---------------------------------------------------------------------------


def bag_tokens(text: str | None) -> Counter[str]:
    """The multiset of lower-cased word/number runs of ``text``."""
    return Counter(m.group().lower() for m in _BAG_TOKEN_RE.finditer(text or ""))


def bag_of_tokens(pred: str | None, gold: str | None) -> PRF:
    """One page's bag-of-tokens precision, recall and F1 (multiset intersection)."""
    return multiset_prf(bag_tokens(pred), bag_tokens(gold))


def multiset_prf(pred_bag: Counter[str], gold_bag: Counter[str]) -> PRF:
    """Precision, recall and F1 of two token multisets (overlap = min of the counts); an empty
    prediction has precision 1 only where the gold is empty too."""
    n_pred, n_gold = sum(pred_bag.values()), sum(gold_bag.values())
    shared = sum((pred_bag & gold_bag).values())
    precision = (1.0 if n_gold == 0 else 0.0) if n_pred == 0 else shared / n_pred
    recall = shared / n_gold if n_gold else 1.0
    return PRF(precision, recall, harmonic_mean(precision, recall))


def summarise_bag(pages: Iterable[PRF]) -> BagSummary:
    """Average per-page precision, recall and F1 (F1 is the mean of page F1s, not of P and R)."""
    items = list(pages)
    return BagSummary(
        precision=_mean([p.precision for p in items]),
        recall=_mean([p.recall for p in items]),
        f1=_mean([p.f1 for p in items]),
        share_good=_mean([1.0 if p.f1 >= GOOD_F1 else 0.0 for p in items]),
        pages=len(items),
    )


# -- shingles --------------------------------------------------------------------------------


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles of ``text``.

    A text shorter than ``n`` tokens (but not empty) is one shingle, so that a short gold body
    still has something to match.
    """
    tokens = _SHINGLE_TOKEN_RE.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def shingle_counts(pred: str | None, gold: str | None, n: int = 4) -> ShingleCounts:
    """One page's normalised shingle tp/fp/fn."""
    pred_sh, gold_sh = shingles(pred, n), shingles(gold, n)
    n_pred, n_gold = sum(pred_sh.values()), sum(gold_sh.values())
    tp = sum((pred_sh & gold_sh).values())
    fp, fn = n_pred - tp, n_gold - tp
    total = tp + fp + fn
    if total:
        return ShingleCounts(tp / total, fp / total, fn / total, n_pred == 0, n_gold == 0)
    return ShingleCounts(0.0, 0.0, 0.0, True, True)


def summarise_shingles(pages: Iterable[ShingleCounts]) -> PRF:
    """Mean precision and recall over pages; F1 is the harmonic mean of those two means."""
    items = list(pages)
    precision = _mean([p.precision for p in items])
    recall = _mean([p.recall for p in items])
    return PRF(precision, recall, harmonic_mean(precision, recall))


# -- snippets --------------------------------------------------------------------------------


def normalise_whitespace(text: str | None) -> str:
    """Collapse every whitespace run to one space and trim, so line breaks never decide a match."""
    return _WS_RE.sub(" ", text or "").strip()


def snippet_counts(body: str | None, with_: Iterable[str], without: Iterable[str]) -> SnippetCounts:
    """Count one page's snippet hits; empty snippets are ignored (they would always match)."""
    haystack = normalise_whitespace(body)
    tp = fn = fp = 0
    for snippet in with_:
        needle = normalise_whitespace(snippet)
        if not needle:
            continue
        if needle in haystack:
            tp += 1
        else:
            fn += 1
    for snippet in without:
        needle = normalise_whitespace(snippet)
        if needle and needle in haystack:
            fp += 1
    return SnippetCounts(tp, fp, fn)


def pool_snippets(pages: Iterable[SnippetCounts]) -> SnippetCounts:
    """Sum the counts of all pages (the corpus's scores come from the pooled counts)."""
    total = SnippetCounts(0, 0, 0)
    for page in pages:
        total = total + page
    return total


# -- WCXB word F1 ----------------------------------------------------------------------------


def wcxb_words(text: str | None) -> Counter[str]:
    """The multiset of lower-cased ``\\w+`` runs of ``text`` (underscores kept, unlike
    :func:`bag_tokens`), as the WCXB benchmark defines its words."""
    return Counter(m.group().lower() for m in _SHINGLE_TOKEN_RE.finditer(text or ""))


def wcxb_word_f1(pred: str | None, gold: str | None) -> PRF:
    """One page's WCXB precision, recall and F1 (word multisets, overlap = min of counts)."""
    return multiset_prf(wcxb_words(pred), wcxb_words(gold))


#: The key of :func:`summarise_wcxb`'s figure over all pages.
ALL_PAGE_TYPES = "all"


def summarise_wcxb(pages: Iterable[tuple[str | None, PRF]]) -> dict[str, BagSummary]:
    """Page means per page type and over all pages (key :data:`ALL_PAGE_TYPES`).

    ``pages`` holds ``(page_type, page scores)``; a page without a type counts in the overall
    figure only. Types come out sorted, ``all`` first.
    """
    items = list(pages)
    out = {ALL_PAGE_TYPES: summarise_bag(prf for _, prf in items)}
    for page_type in sorted({t for t, _ in items if t}):
        out[page_type] = summarise_bag(prf for t, prf in items if t == page_type)
    return out


# -- metadata --------------------------------------------------------------------------------


def normalise_field(value: str | None) -> str:
    """NFKC, case-folded, whitespace-collapsed: the form two metadata values must share."""
    return normalise_whitespace(unicodedata.normalize("NFKC", value or "")).casefold()


def split_authors(value: str | Sequence[str] | None) -> frozenset[str]:
    """A set of normalised names from ``"A; B"`` (trafilatura's form) or a sequence of names."""
    if value is None:
        return frozenset()
    parts = value.split(";") if isinstance(value, str) else list(value)
    return frozenset(n for n in (normalise_field(p) for p in parts) if n)


def title_matches(pred: str | None, gold: str) -> bool:
    """Exact match after :func:`normalise_field`; a missing prediction never matches."""
    return bool(pred) and normalise_field(pred) == normalise_field(gold)


def authors_match(pred: str | Sequence[str] | None, gold: str | Sequence[str]) -> bool:
    """The same set of names, order ignored; a missing prediction never matches."""
    pred_set = split_authors(pred)
    return bool(pred_set) and pred_set == split_authors(gold)


def date_matches(pred: str | None, gold: str) -> bool:
    """Same calendar day: both sides reduced to their leading ``YYYY-MM-DD``."""
    return bool(pred) and (pred or "")[:10] == gold[:10]
