"""The phrase matchers in articlekit.text against a plain scan of the whole phrase list.

The matchers only try the phrases a line could hold (keyed by its words, first or last
character): these properties check that the shortcut never changes an answer, on real rule
lists and on generated ones, CJK and punctuation included.
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from articlekit.config.vocabulary import package_words
from articlekit.text import tokens as tx

SETTINGS = settings(max_examples=300, deadline=None)

PIECE = st.sampled_from([*"ab c-d:é1 中文!'_.+(・²", "sign up", "news", "中文", "e\u0301"])
PHRASE = st.lists(PIECE, min_size=1, max_size=4).map(lambda s: "".join(s).strip() or "".join(s))
LINE = st.lists(PIECE, max_size=30).map("".join)


def _scan_contains(low: str, phrases: frozenset[str]) -> str | None:
    return next((phrase for phrase in tx.ordered(phrases) if tx.holds(low, phrase)), None)


def _scan_starts(low: str, phrases: frozenset[str]) -> str | None:
    for phrase in tx.ordered(phrases):
        if low.startswith(phrase):
            rest = low[len(phrase) : len(phrase) + 1]
            if not rest or not rest.isalnum() or not phrase[-1:].isalnum():
                return phrase
    return None


@SETTINGS
@given(st.frozensets(PHRASE, max_size=12), LINE)
def test_matchers_agree_with_a_full_scan(phrases: frozenset[str], low: str) -> None:
    assert tx.contains_phrase(low, phrases) == _scan_contains(low, phrases)
    # the compiled pattern finds something exactly where some phrase holds
    assert tx.may_hold(low, phrases) == (_scan_contains(low, phrases) is not None)
    assert tx.starts_with_phrase(low, phrases) == _scan_starts(low, phrases)
    between = [i for i in range(1, len(low)) if not (low[i - 1] + low[i]).isalnum()]
    for cut in between:  # parts cut between words
        for part in (low[:cut], low[cut:]):
            found = tx.contains_phrase(part, phrases, tx.word_set(low))
            assert found == _scan_contains(part, phrases)
    ending = tx.ending_like(low, phrases)
    assert ending == tuple(p for p in tx.ordered(phrases) if low and p.endswith(low[-1]))


@SETTINGS
@given(st.sampled_from(["cta_phrases", "cta_nouns", "cta_buttons"]), st.data())
def test_matchers_agree_on_the_rule_lists(name: str, data: st.DataObject) -> None:
    phrases = package_words("promo", name)
    picked = data.draw(st.lists(st.sampled_from(sorted(phrases)), max_size=3))
    glue = data.draw(st.lists(st.sampled_from([" ", "x", ": ", "-", "free ", "中"]), max_size=4))
    low = "".join(
        a + b for a, b in zip(picked + [""] * len(glue), glue + [""] * len(picked), strict=True)
    )
    assert tx.contains_phrase(low, phrases) == _scan_contains(low, phrases)
    assert tx.may_hold(low, phrases) == (_scan_contains(low, phrases) is not None)
    assert tx.starts_with_phrase(low, phrases) == _scan_starts(low, phrases)


@pytest.mark.parametrize(
    ("low", "phrase", "held"),
    [
        ("please sign up today", "sign up", True),
        ("the signup page", "sign up", False),
        ("newsletters weekly", "newsletter", False),  # no boundary after
        ("enewsletter", "newsletter", False),  # no boundary before
        ("sign up_now", "sign up", True),  # "_" is no letter for str.isalnum
        ("café society", "caf", False),  # é is a letter: inside a word
        ("déjà vu", "vu", True),
        ("straße", "stra", False),
        ("tags:politik", "tags:", True),  # ends on punctuation: no boundary asked after it
        ("x-mas sale", "-mas", True),  # starts on punctuation: none asked before it
        ("c++ tutorial", "c++", True),  # the pattern escapes what it is built from
        ("axb", "a.b", False),
        ("(ap photo)", "(ap", True),
        ("关注我们的订阅号", "订阅", True),  # CJK: anywhere
        ("a订阅", "订阅", True),
        ("Sign Up", "sign up", False),  # the line is lower-cased by the caller, not here
        ("² nd", "²", True),  # a digit for isalnum, not ASCII
        ("x²", "²", False),
    ],
)
def test_the_compiled_pattern_on_tricky_lines(low: str, phrase: str, held: bool) -> None:
    phrases = frozenset({phrase, "unrelated words"})
    assert tx.holds(low, phrase) is held  # the per-phrase check the pattern stands for
    assert tx.may_hold(low, phrases) is held
    assert (tx.contains_phrase(low, phrases) == phrase) is held


def test_the_pattern_s_letter_class_is_isalnum_on_every_code_point() -> None:
    letter = re.compile(tx._ALNUM)
    wrong = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if bool(letter.match(chr(cp))) != chr(cp).isalnum()
    ]
    assert not wrong


def test_a_list_with_an_empty_phrase_has_no_pattern_and_is_scanned() -> None:
    assert tx._index(frozenset({"", "ab"})).any_held is None
    assert tx.may_hold("zz", frozenset({"", "ab"}))
    assert not tx.may_hold("zz", frozenset())


def test_examples() -> None:
    phrases = frozenset({"sign up", "newsletter", "subscribe"})
    assert tx.contains_phrase("please sign up today", phrases) == "sign up"
    assert tx.contains_phrase("the signup page", phrases) is None
    assert tx.contains_phrase("newsletters", phrases) is None
    assert tx.starts_with_phrase("subscribe now", phrases) == "subscribe"
    assert tx.starts_with_phrase("subscribers only", phrases) is None
    assert tx.contains_phrase("订阅我们", frozenset({"订阅"})) == "订阅"


@SETTINGS
@example("e\u0301 x")  # not NFC
@example("a  b")
@example("x\u00a0y")
@given(st.text(alphabet=st.sampled_from([*"a É\t\n\u00a0\u200b\u00ad\u0301\x0b\x1f|“”—中"])))
def test_fast_paths_change_nothing(text: str) -> None:
    """normalise and key skip their work on lines with nothing to fold: same answers."""
    slow = tx._SPACES_RE.sub(" ", unicodedata.normalize("NFC", text.translate(tx._INVISIBLE)))
    assert tx.normalise(text) == slow.strip()
    assert (
        tx.key(text)
        == tx._SPACES_RE.sub(" ", text.translate(tx._INVISIBLE)).strip(tx._EDGE).lower()
    )
