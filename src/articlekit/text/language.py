"""Language detection and stop-word density from the stop-word lists that ship with jusText.

Stop-word density (the share of a text's words that are function words) is the strongest cheap
signal that a line is prose rather than navigation; it is also what tells the language apart.

Detection does not count raw hits on the whole lists: they differ in length by a factor of
twenty (Finnish has over 7,000 entries, English 500) and the long ones carry words of other
languages picked up from the Wikipedia text they were counted on ("the", "of", "New" in
Finnish). Each language gets a *profile* instead (``_profiles``): the same number of its most
frequent words, cleaned of such junk, each weighted by its rank.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from articlekit import data
from articlekit.errors import DependencyError
from articlekit.text import tokens as tx

#: Characters of input sampled for detection; enough for a verdict, bounded in cost.
SAMPLE_CHARS = 30_000
_KANA_RE = re.compile("[\u3040-\u30ff]")
_HANGUL_RE = re.compile("[\uac00-\ud7af]")


@cache
def _stoplist_dir() -> Path:
    """jusText's folder of stop-word lists; without it every page would quietly have no
    language and no stop-word density, so its absence is an error naming the package."""
    # find_spec does not import justext (which would import lxml): keeps `import articlekit` fast.
    spec = find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise DependencyError("jusText", "its stop-word lists")
    path = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    if not (path / "English.txt").is_file():
        raise DependencyError("jusText", "its stop-word lists", FileNotFoundError(str(path)))
    return path


@cache
def _entries(language: str) -> tuple[str, ...]:
    """The entries of a language's jusText list, in file order (most frequent first)."""
    for name, code in data.section("languages", "justext").items():
        if code == language:
            text = (_stoplist_dir() / f"{name}.txt").read_text("utf-8")
            return tuple(w.strip() for w in text.splitlines() if w.strip())
    return ()


@cache
def stopwords(language: str) -> frozenset[str]:
    """Stop words of an ISO 639-1 language; empty when none is known."""
    cjk = data.section("languages", "cjk").get(language)
    if cjk:
        return frozenset(cjk)
    return frozenset(w.lower() for w in _entries(language))


def languages() -> tuple[str, ...]:
    """The ISO 639-1 codes detection can return (and a caller may force)."""
    codes = [*data.section("languages", "justext").values(), "zh", "ja", "ko"]
    return tuple(sorted(set(codes)))


@cache
def _token_re() -> re.Pattern[str]:
    """Detection's words: letters with their combining marks (so Hindi "के" is one word, not
    "क"), apostrophes inside a word kept ("c'est" is on the French list; "Praeger's" gives no
    Slovak "s"). The marks are those of the scripts below U+2000 (every list's script) and the
    combining blocks above it: a few milliseconds to collect."""
    marks, start, prev = [], -2, -2
    points = (*range(0x300, 0x2000), *range(0x20D0, 0x2100), *range(0xFE20, 0xFE30))
    for cp in points:
        if unicodedata.category(chr(cp)).startswith("M"):
            if cp != prev + 1:
                if start >= 0:
                    marks.append((start, prev))
                start = cp
            prev = cp
    marks.append((start, prev))
    cls = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in marks)
    letter = f"(?:[^\\W_]|[{cls}])"
    return re.compile(f"{letter}+(?:'{letter}+)*")


def _tokens(text: str) -> list[str]:
    """Lower-cased words; a capital letter alone is an initial ("U.S.", "S&P", "J. Smith"),
    not Czech "s" or "v", and is left out."""
    found = _token_re().findall(text.replace("\u2019", "'"))
    return [w.lower() for w in found if len(w) > 1 or not w.isupper()]


@cache
def names() -> dict[str, str]:
    """Lower-cased English names of the languages ("english", "norwegian bokmal") -> code."""
    out = {n.lower().replace("_", " "): c for n, c in data.section("languages", "justext").items()}
    out.update({"norwegian": "nb", "chinese": "zh", "japanese": "ja", "korean": "ko"})
    return out


@cache
def _ranked(language: str) -> tuple[str, ...]:
    """A list as detection reads it: lower-cased, single words only (entries such as "(s." or
    "kanssa." never match a token), each at its first place, in the list's frequency order."""
    seen: dict[str, None] = {}
    for entry in _entries(language):
        words = _tokens(entry)
        if len(words) == 1 and len(words[0]) == len(entry):
            seen.setdefault(words[0])
    return tuple(seen)


@cache
def _profiles() -> dict[str, tuple[tuple[str, float], ...]]:
    """Word -> (language, weight) for every language whose detection profile holds it.

    A profile is the first ``profile_size`` words of a ranked list, so a long list counts no
    more than a short one. A word ranked far down one list but near the top of another ("the":
    109th in Finnish, 1st in English) is junk in the first and dropped there: it stays where its
    rank is at most ``junk_factor`` times its best rank plus ``junk_slack``. A word at rank ``r``
    weighs ``log((2 * size + k) / (r + k))``, the log-odds of a Zipf-distributed word against one
    just outside the profile: "ja" (1st in Finnish) counts for about three of "vuonna" (30th).
    """
    table = data.section("languages", "detection")
    size, k = int(table["profile_size"]), float(table["rank_offset"])
    factor, slack = float(table["junk_factor"]), float(table["junk_slack"])
    ranked = {code: _ranked(code)[:size] for code in data.section("languages", "justext").values()}
    best: dict[str, int] = {}
    for words in ranked.values():
        for rank, word in enumerate(words, 1):
            best[word] = min(best.get(word, rank), rank)
    index: dict[str, list[tuple[str, float]]] = {}
    for code, words in ranked.items():
        for rank, word in enumerate(words, 1):
            if rank <= factor * best[word] + slack:
                weight = math.log((2 * size + k) / (rank + k))
                index.setdefault(word, []).append((code, weight))
    return {word: tuple(entries) for word, entries in index.items()}


def scores(source: str) -> dict[str, float]:
    """Each candidate language's evidence in ``source``: the summed weights of its profile
    words among the tokens, per token (so 0.0 to about 3.7)."""
    tokens = _tokens(source[:SAMPLE_CHARS])
    profiles = _profiles()
    out: dict[str, float] = {}
    for token in tokens:
        for code, weight in profiles.get(token, ()):
            out[code] = out.get(code, 0.0) + weight
    return {code: total / max(len(tokens), 1) for code, total in out.items()}


def detect(source: str) -> str | None:
    """The input's main language as an ISO 639-1 code, or None when there is too little text."""
    sample = source[:SAMPLE_CHARS]
    cjk = tx.cjk_count(sample)
    # kana and Hangul are CJK_RE's too: without a CJK character there are none, and no word
    # that opens with one
    kana = len(_KANA_RE.findall(sample)) if cjk else 0
    hangul = len(_HANGUL_RE.findall(sample)) if cjk else 0
    words = tx.words(sample)
    cjk_words = sum(1 for _ in filter(None, map(tx.CJK_RE.match, words))) if cjk else 0
    latin_words = len(words) - cjk_words
    if cjk + hangul > max(50, latin_words):
        if hangul > cjk / 2:
            return "ko"
        return "ja" if kana > cjk / 10 else "zh"
    profiles = _profiles()
    totals: dict[str, float] = {}
    hits: dict[str, int] = {}
    # the tokens of no profile are skipped at C speed; the rest are added in the text's order
    for entries in filter(None, map(profiles.get, _tokens(sample))):
        for code, weight in entries:
            totals[code] = totals.get(code, 0.0) + weight
            hits[code] = hits.get(code, 0) + 1
    if not totals:
        return None
    code = max(totals, key=lambda c: (totals[c], c))
    min_hits = int(data.section("languages", "detection")["min_hits"])
    return code if hits[code] >= min_hits else None


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
    hits = sum(map(words.__contains__, map(str.lower, tx.words(block_text))))
    return hits / n_words
