"""Language detection and stop-word density from the stop-word lists that ship with jusText.

Stop-word density (the share of a text's words that are function words) is the strongest cheap
signal that a line is prose rather than navigation; it is also what tells the language apart.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from articlekit import data
from articlekit.text import tokens as tx

#: Characters of input sampled for detection; enough for a verdict, bounded in cost.
SAMPLE_CHARS = 30_000


@cache
def _stoplist_dir() -> Path | None:
    # find_spec does not import justext (which would import lxml): keeps `import articlekit` fast.
    spec = find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    return path if path.is_dir() else None


@cache
def stopwords(language: str) -> frozenset[str]:
    """Stop words of an ISO 639-1 language; empty when none is known."""
    cjk = data.section("languages", "cjk").get(language)
    if cjk:
        return frozenset(cjk)
    for name, code in data.section("languages", "justext").items():
        if code == language:
            folder = _stoplist_dir()
            if folder is None:
                return frozenset()
            text = (folder / f"{name}.txt").read_text("utf-8")
            return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())
    return frozenset()


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Word -> languages whose stop-word list holds it."""
    index: dict[str, list[str]] = {}
    for code in data.section("languages", "justext").values():
        for word in stopwords(code):
            index.setdefault(word, []).append(code)
    return {w: tuple(codes) for w, codes in index.items()}


def detect(source: str) -> str | None:
    """The input's main language as an ISO 639-1 code, or None when there is too little text."""
    sample = source[:SAMPLE_CHARS]
    cjk = tx.cjk_count(sample)
    kana = sum(1 for ch in sample if "\u3040" <= ch <= "\u30ff")
    hangul = sum(1 for ch in sample if "\uac00" <= ch <= "\ud7af")
    tokens = [w.lower() for w in tx.words(sample)]
    latin_words = sum(1 for w in tokens if not tx.CJK_RE.match(w))
    if cjk + hangul > max(50, latin_words):
        if hangul > cjk / 2:
            return "ko"
        return "ja" if kana > cjk / 10 else "zh"
    index = _index()
    counts: Counter[str] = Counter()
    for token in tokens:
        for code in index.get(token, ()):
            counts[code] += 1
    if not counts:
        return None
    code, hits = counts.most_common(1)[0]
    return code if hits >= 3 else None


def density(block_text: str, n_words: int, n_cjk: int, language: str | None) -> float:
    """Share of the words (or Han characters) of a text that are stop words."""
    if not language:
        return 0.0
    words = stopwords(language)
    if not words:
        return 0.0
    if language in ("zh", "ja") and n_cjk:
        return sum(1 for ch in block_text if ch in words) / n_cjk
    if not n_words:
        return 0.0
    hits = sum(1 for w in tx.words(block_text) if w.lower() in words)
    return hits / n_words
