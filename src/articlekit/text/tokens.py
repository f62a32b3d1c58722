"""Small text helpers shared by the extractors. All are linear in the length of their input."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

# A "word" for counting: a run of letters/digits (Unicode). Han, kana and Hangul count per char.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
LATIN_UPPER_LOWER_GLUE = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=[A-Z\u00c0-\u00de][a-z])")

TERMINAL = frozenset(".!?。！？…\"'”’»」』)")
SENTENCE_END = frozenset(".!?。！？…")
_EDGE = " \t\u00a0\u200b:;,.·•|-–—>»›<«‹→←↑↓▲▼►▶◄◀…*#✓✔×!?()[]{}\"'“”‘’„«»/\\+=~^_【】：，"
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_SPACES_RE = re.compile(r"\s+")


#: What ``key`` and ``normalise`` would change inside a line: an invisible character, a
#: space other than U+0020, or two in a row. Most lines hold none, and a search is cheap.
_FOLD_RE = re.compile(f"[{_INVISIBLE_CHARS}]|[^\\S ]|  ")


def key(text: str) -> str:
    """Matching key of a short line: lower-cased, spaces folded, icons and punctuation trimmed."""
    if _FOLD_RE.search(text) is None:  # nothing to fold
        return text.strip(_EDGE).lower()
    return _SPACES_RE.sub(" ", text.translate(_INVISIBLE)).strip(_EDGE).lower()


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def cjk_count(text: str) -> int:
    if text.isascii():  # most lines: no CJK character can be in them
        return 0
    return len(CJK_RE.findall(text))


def normalise(text: str) -> str:
    """NFC, invisible characters dropped, no-break and other spaces folded to one space."""
    if _FOLD_RE.search(text) is None and (
        text.isascii() or unicodedata.is_normalized("NFC", text)
    ):  # the common case: nothing to change inside the line
        return text.strip()
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return _SPACES_RE.sub(" ", text).strip()


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in TERMINAL


@cache
def ordered(phrases: frozenset[str]) -> tuple[str, ...]:
    """Longest first, then alphabetical: the same answer in every process (set order is not)."""
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


@dataclass(frozen=True, slots=True)
class _Index:
    """A phrase list laid out so a line is compared only with the phrases it could hold.

    A phrase found on word boundaries has its first word standing whole in the line, so
    ``contains_phrase`` only tries the phrases keyed by the line's own words (and those with
    no word to key on: CJK, punctuation); ``starts_with_phrase`` only those with the line's
    first character, and ``ending_like`` those with its last. Lists keep ``ordered``'s order,
    so the answer is the one a plain scan of the whole list would give."""

    order: tuple[str, ...]
    by_word: dict[str, tuple[int, ...]]  # first word -> ranks in ``order``
    unkeyed: tuple[int, ...]
    by_first: dict[str, tuple[str, ...]]
    by_last: dict[str, tuple[str, ...]]
    #: finds a place where some phrase ``holds``, or None where none does: most lines hold
    #: no phrase and are answered by this one C-level search (None: a list with "")
    any_held: re.Pattern[str] | None


#: A character ``str.isalnum`` is true of (tests/test_text.py checks every code point).
_ALNUM = "[^\\W_]"


def _trie(phrases: Iterable[str]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def _branches(node: dict[str, Any], last: str, cjk: bool) -> str:
    """The trie below ``node`` as one alternation; each branch starts with its own character,
    so at most one goes on at each step (no backtracking beyond a phrase's length)."""
    out = [re.escape(ch) + _branches(node[ch], ch, cjk) for ch in sorted(node) if ch]
    if "" in node:  # a phrase ends here: the boundary ``holds`` asks of its end
        out.append("" if cjk or not last.isalnum() else f"(?!{_ALNUM})")
    return out[0] if len(out) == 1 else f"(?:{'|'.join(out)})"


def _any_held(phrases: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern over every phrase, matching where ``holds`` would say True of one: on word
    boundaries at an alphanumeric end, anywhere for a phrase that opens with a CJK character."""
    if "" in phrases:
        return None
    trie = _trie(phrases)
    bounded: list[str] = []
    free: list[str] = []
    for ch in sorted(trie):
        cjk = CJK_RE.match(ch) is not None
        branch = re.escape(ch) + _branches(trie[ch], ch, cjk)
        (bounded if ch.isalnum() and not cjk else free).append(branch)
    # one look-behind for every phrase that must start a word (cheaper than one per phrase)
    parts = [f"(?<!{_ALNUM})(?:{'|'.join(bounded)})"] if bounded else []
    return re.compile("|".join([*parts, *free]) or "(?!)")


@cache
def _index(phrases: frozenset[str]) -> _Index:
    order = ordered(phrases)
    by_word: dict[str, list[int]] = {}
    unkeyed: list[int] = []
    by_first: dict[str, list[str]] = {}
    by_last: dict[str, list[str]] = {}
    for rank, phrase in enumerate(order):
        first = WORD_RE.search(phrase)
        if first is None or CJK_RE.search(phrase):
            unkeyed.append(rank)
        else:
            by_word.setdefault(first.group(), []).append(rank)
        if phrase:
            by_first.setdefault(phrase[0], []).append(phrase)
            by_last.setdefault(phrase[-1], []).append(phrase)
    return _Index(
        order,
        {word: tuple(ranks) for word, ranks in by_word.items()},
        tuple(unkeyed),
        {ch: tuple(found) for ch, found in by_first.items()},
        {ch: tuple(found) for ch, found in by_last.items()},
        _any_held(phrases),
    )


def word_set(low: str) -> frozenset[str]:
    """The words of ``low``, to key ``contains_phrase`` on."""
    return frozenset(WORD_RE.findall(low))


def ending_like(low: str, phrases: frozenset[str]) -> tuple[str, ...]:
    """The phrases (in ``ordered`` order) that end with ``low``'s last character: the only
    ones ``low`` can end with."""
    return _index(phrases).by_last.get(low[-1:], ()) if low else ()


def starts_with_phrase(low: str, phrases: frozenset[str]) -> str | None:
    """The longest phrase ``low`` (already lower-cased) starts with, as a whole word, if any."""
    for phrase in _index(phrases).by_first.get(low[:1], ()):
        if low.startswith(phrase):
            rest = low[len(phrase) : len(phrase) + 1]
            if not rest or not rest.isalnum() or not phrase[-1:].isalnum():
                return phrase
    return None


def contains_phrase(
    low: str, phrases: frozenset[str], words: frozenset[str] | None = None
) -> str | None:
    """A phrase of ``phrases`` found in ``low`` on word boundaries (CJK phrases: anywhere).
    ``words``: ``word_set`` of ``low``, or of a text ``low`` was cut from between two words,
    when already known."""
    if not may_hold(low, phrases):
        return None
    index = _index(phrases)
    by_word = index.by_word
    if words is None:
        words = word_set(low)
    ranks = [rank for word in words for rank in by_word.get(word, ())]
    ranks += index.unkeyed
    ranks.sort()
    for rank in ranks:
        if holds(low, index.order[rank]):
            return index.order[rank]
    return None


def may_hold(low: str, phrases: frozenset[str]) -> bool:
    """False only where no phrase of ``phrases`` ``holds`` in ``low``: one search of the
    phrases' compiled pattern, so that most lines skip the per-phrase checks."""
    pattern = _index(phrases).any_held
    return pattern is None or pattern.search(low) is not None


def holds(low: str, phrase: str) -> bool:
    """Whether ``low`` holds ``phrase`` on word boundaries (a CJK phrase: anywhere)."""
    pos = low.find(phrase)
    while pos != -1:
        before = low[pos - 1 : pos]
        after = low[pos + len(phrase) : pos + len(phrase) + 1]
        if (not before or not before.isalnum() or not phrase[0].isalnum()) and (
            not after or not after.isalnum() or not phrase[-1].isalnum()
        ):
            return True
        if CJK_RE.match(phrase[0]):
            return True
        pos = low.find(phrase, pos + 1)
    return False
