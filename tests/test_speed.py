"""Issue 14, the text path's speed: what its shortcuts rest on.

Each shortcut must leave the output as it was: a pre-check may skip only what the full
reading would have found nothing in, a memo may only hand back what the function would have
answered again. These tests hold them to that on every line of the fixtures, and over every
code point where a shortcut leans on a property of the characters.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from articlekit.config.context import Context
from articlekit.config.vocabulary import package_words
from articlekit.extract import bylines, chrome, features, find_date, promo, repeats, whole
from articlekit.extract.page import Page
from articlekit.text import dates, document, language, normalise
from articlekit.text import tokens as tx
from articlekit.text.decode import decode
from tests.steps import context

FIXTURES = Path(__file__).parent / "fixtures"
ABSOLUTE = ("iso", "mdy", "dmy", "num", "ymd", "cjk")
RELATIVE = ("ago", "vor", "day")


def _fixture_lines() -> list[str]:
    lines: set[str] = set()
    for file in sorted(FIXTURES.glob("*/input.txt")):
        lines.update(b.text for b in document.build(decode(file.read_bytes())).blocks)
    lines.update(
        [
            "Nov 3, 2025 10:04 AM ET",
            "vor 3 Stunden",
            "hace 2 horas",
            "il y a 5 minutes",
            "3小时前",
            "yesterday",
            "Published an hour ago",
            "２０２５年１１月３日",  # full-width digits are \d too
            "١٢/٠٣/٢٠٢٤",
        ]
    )
    return sorted(lines)


LINES = _fixture_lines()


def test_the_pre_checks_of_dates_skip_only_lines_without_a_date() -> None:
    pats = dates._patterns()
    for line in LINES:
        text = line[:2000]
        if dates._DIGIT_RE.search(text) is None:
            assert not [n for n in ABSOLUTE if pats[n].search(text)], line
        if pats["relative"].search(text) is None:
            assert not [n for n in RELATIVE if pats[n].search(text)], line


def test_a_date_found_is_found_with_the_pre_checks() -> None:
    assert dates.find("vor 3 Stunden", language="de") is not None
    assert dates.find("Posted 2 days ago") is not None
    assert dates.find("yesterday at noon") is not None
    found = dates.find("２０２５-１１-０３")
    assert found is not None and found.value is not None and found.value.year == 2025


def test_find_date_and_parse_byline_answer_as_their_functions_do() -> None:
    ctx = context()
    for line in LINES[:400]:
        assert find_date(line, "en", ctx) == dates.find(line, now=ctx.now, language="en")
        assert find_date(line, "en", ctx) == dates.find(line, now=ctx.now, language="en")
        assert bylines.parse_byline(line, "en", ctx) == bylines._read(line, "en", ctx, None)


def test_a_remembered_byline_is_a_copy_each_time() -> None:
    ctx = context()
    first = bylines.parse_byline("By Jane Doe and John Roe", "en", ctx)
    assert first is not None and first.authors == ["Jane Doe", "John Roe"]
    first.authors.append("Someone Else")
    again = bylines.parse_byline("By Jane Doe and John Roe", "en", ctx)
    assert again is not None and again.authors == ["Jane Doe", "John Roe"]


def test_the_memo_is_the_context_s_own() -> None:
    one, other = context(), context()
    find_date("3 hours ago", "en", one)
    assert one.memo("find_date") and not other.memo("find_date")


@pytest.mark.skipif(sys.maxunicode < 0x10FFFF, reason="a narrow build")
def test_the_character_properties_the_shortcuts_lean_on() -> None:
    hidden = set(features._HIDDEN)
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        # language.detect counts CJK words without lower-casing them
        assert bool(tx.CJK_RE.match(ch)) == bool(tx.CJK_RE.match(ch.lower())), hex(cp)
        # features._visible_starts deletes EDGE: every space is in it
        if ch.isspace():
            assert cp in hidden, hex(cp)


def test_detection_counts_kana_and_hangul_by_their_blocks() -> None:
    sample = "ひらがな カタカナ 한국어 漢字 abc"
    assert len(language._KANA_RE.findall(sample)) == sum(
        1 for ch in sample if "\u3040" <= ch <= "\u30ff"
    )
    assert len(language._HANGUL_RE.findall(sample)) == 3


def test_the_character_counts_of_the_rule_features() -> None:
    def slow(text: str) -> tuple[int, ...]:
        tests = (str.isalnum, str.isdigit, str.isupper, str.isalpha, str.isspace)
        return tuple(sum(map(test, text)) for test in tests)

    texts = [*map(chr, range(128)), "".join(map(chr, range(128))), *LINES, "Ünïcode ２０２５ ²"]
    for text in texts:
        assert features._char_counts(text) == slow(text), repr(text)


def _cta_score_as_before(text: str, ctx: Context) -> tuple[int, str]:
    """promo._cta_score before its pre-checks: every list searched, the word set always read."""
    low = text.lower()
    score, why = 0, []
    bare = low.rstrip(" .!→»>›")
    for button in tx.ending_like(bare, ctx.vocab.words("promo", "cta_buttons")):
        if bare == button:
            score += 2
            why.append(f"button {button!r}")
            break
        if bare.endswith(button) and not bare[-len(button) - 1 : -len(button)].isalnum():
            score += 3
            why.append(f"ends with button {button!r}")
            break
    phrases = ctx.vocab.words("promo", "cta_phrases")
    lead = tx.starts_with_phrase(low, phrases)
    if lead is not None:
        score += 2
        why.append(f"opens with {lead!r}")
    rest = low[len(lead) :] if lead else low
    words = tx.word_set(low)
    if (phrase := tx.contains_phrase(rest, phrases, words)) is not None:
        score += 1
        why.append(f"phrase {phrase!r}")
    if (noun := tx.contains_phrase(low, ctx.vocab.words("promo", "cta_nouns"), words)) is not None:
        score += 1
        why.append(f"sells {noun!r}")
    head = low.split(":", 1)[0] if ":" in low[:50] else ""
    if head and tx.contains_phrase(head, ctx.vocab.words("promo", "cta_nouns"), words):
        score += 1
        why.append("a promo label before ':'")
    return score, ", ".join(why)


CTA_LINES = [
    "Sign up for our newsletter: free daily briefing",
    "Subscribe now and get the newsletter delivered to your inbox",
    "Newsletter: Subscribe",
    "Abonnieren Sie unseren Newsletter",
    "Get the app",
    "By signing up you agree to our terms",
    "newsletters: none of them",
    "Subscribe",
    "subscribers only: cancel anytime",
    "Melden Sie sich jetzt an »",
]


def test_the_cta_score_with_its_pre_checks_is_the_score_as_before() -> None:
    ctx = context()
    for line in [*LINES, *CTA_LINES]:
        assert promo._cta_score(line, ctx) == _cta_score_as_before(line, ctx), line


def test_the_cookie_notice_pre_check_skips_only_lines_without_a_cookie_word() -> None:
    cookie = package_words("chrome", "cookie_words")
    consent = package_words("chrome", "consent_words")
    lines = [
        *LINES,
        "we use cookies to improve your experience. accept",
        "cookie-einstellungen verwenden",
        "cookies",
        "cookiesettings accept",  # no word "cookies": no notice
        "utilizamos galletas, aceptar",
        "本网站使用cookie 同意",
    ]
    for line in lines:
        key = tx.key(line)
        found = set(tx.words(key))
        before = bool(key) and bool(found & cookie) and bool(found & consent)
        assert chrome._is_cookie_notice(key, cookie, consent) == before, line


def test_a_span_s_repeat_key_is_its_cleaned_text_case_folded() -> None:
    text = "Ferry &amp; harbour news\n\nFERRY & HARBOUR NEWS\n\nSomething else entirely"
    doc = document.build(text)
    page = Page.of(text, doc)
    claims = [whole(b, "body", "test") for b in doc.blocks]
    out = repeats._repeated(page, claims)
    assert [c.block for c in out] == [1]
    for c in claims:
        expected = normalise.clean_text(text[c.start : c.end]).casefold()
        assert page.span_keys[(c.start, c.end)] == expected
    again = repeats._repeated(page, claims)  # from the page's keys: the same answer
    assert again == out
