"""Authors: what the page itself says against a capitalised phrase read as a name."""

from __future__ import annotations

from pathlib import Path

import articlekit
from articlekit.config.vocabulary import package_words
from articlekit.extract import bylines, header
from articlekit.extract import names as person

from . import PROSE, context, page_of

# Prose that writes "use", "case", "free" and "quote" in lower case, as a real page would.
USE_CASE = (
    "Each use case starts with a free quote, and in every case the team writes the quote in "
    "plain words so that the client knows what the work will cost before it begins.",
)


def _header(*lines: str):  # type: ignore[no-untyped-def]
    page = page_of(*lines)
    header.step(page, context())
    assert page.header is not None
    return page.header


def test_a_phrase_whose_every_word_the_page_writes_in_lower_case_is_no_author() -> None:
    head = _header("Cloud costs fall for small firms", "By Use Case", *USE_CASE, *PROSE)
    assert head.authors == []
    head = _header("Cloud costs fall for small firms", "By Jane Doe", *USE_CASE, *PROSE)
    assert head.authors == ["Jane Doe"]


def test_page_words_leave_out_addresses() -> None:
    ctx = context()
    common = person.PageWords("write to jane.doe@example.org or see example.org/jane-doe")
    assert "jane" not in common and "doe" not in common
    assert all(w in common for w in ("write", "to", "or", "see"))
    assert person.is_name("Jane Doe", ctx, common)
    assert not person.is_name("Write See", ctx, common)


def test_a_day_word_inside_a_phrase_is_no_date() -> None:
    ctx = context()
    assert bylines.parse_byline("Get A Free Quote Today", "en", ctx) is None
    assert bylines.parse_byline("TODAY AT APPLE", "en", ctx) is None
    found = bylines.parse_byline("Updated today", "en", ctx)
    assert found is not None and found.date is not None and found.authors == []


def test_a_publication_name_alone_does_not_make_its_neighbour_an_author() -> None:
    ctx = context()
    title = bylines.parse_byline("Online Tuition and Financing | Liberty University", "en", ctx)
    assert title is None or title.authors == []
    dated = bylines.parse_byline("Jane Doe | 3 days ago", "en", ctx)
    assert dated is not None and dated.authors == ["Jane Doe"]


def test_a_name_said_twice_or_glued_to_its_agency_is_trimmed() -> None:
    ctx = context()
    twice = bylines.parse_byline("Written by: Colin Gray Colin Gray", "en", ctx)
    assert twice is not None and twice.authors == ["Colin Gray"]
    agency = bylines.parse_byline("By Tom Davies Associated Press", "en", ctx)
    assert agency is not None and agency.authors == ["Tom Davies"]
    # An agency vouches for the name before it, though "press" is also a publication's word.
    apart = bylines.parse_byline("Tom Davies  Associated Press", "en", ctx)
    assert apart is not None and apart.authors == ["Tom Davies"]
    assert apart.source == "Associated Press"


def test_the_headline_is_not_its_own_author() -> None:
    head = _header("Backup Strategy", "January 22nd, 2019", *PROSE)
    assert head.title == "Backup Strategy"
    assert head.authors == []


def test_a_trailing_short_function_word_leaves_the_name() -> None:
    # "By NAME In CATEGORY" whose category link the renderer dropped.
    ctx = context()
    cut = bylines.parse_byline("By Sara Harberson In", "en", ctx)
    assert cut is not None and cut.authors == ["Sara Harberson"]
    # Two words always stay, and a longer stop word can be a surname.
    assert bylines.trim_name("Theresa May", "en", ctx) == "Theresa May"
    assert bylines.trim_name("Anna Maria Young", "en", ctx) == "Anna Maria Young"
    assert bylines.trim_name("Anna Maria In", "en", ctx) == "Anna Maria"


def test_a_bare_name_with_its_agency_gives_author_and_source() -> None:
    head = _header(
        "Storm cuts power to thousands of homes along the coast",
        "Tom Davies Associated Press",
        "Published 3 hours ago",
        *PROSE,
    )
    assert head.authors == ["Tom Davies"]
    assert head.source == "Associated Press"


def test_a_space_lost_at_a_change_of_case_is_put_back() -> None:
    ctx = context()
    assert bylines.unglue("ByShivya Nath", ctx) == "By Shivya Nath"
    assert bylines.unglue("John WarrenReviewed 06/08/2024", ctx) == (
        "John Warren Reviewed 06/08/2024"
    )
    assert bylines.unglue("BY REBECCA NORRISPUBLISHED: JUN 25, 2025", ctx) == (
        "BY REBECCA NORRIS PUBLISHED: JUN 25, 2025"
    )
    # Names with a change of case inside stay as they are.
    for name in ("DiCaprio Leonardo", "Jane McDonald", "Ann LeBlanc", "MACDONALD"):
        assert bylines.unglue(name, ctx) == name
    glued = bylines.parse_byline("BY REBECCA NORRISPUBLISHED: JUN 25, 2025", "en", ctx)
    assert glued is not None and glued.authors == ["REBECCA NORRIS"] and glued.date is not None
    lead = bylines.parse_byline("By Rebecca Norris Published: Jun 25, 2025", "en", ctx)
    assert lead is not None and lead.authors == ["Rebecca Norris"]


CARDS = [
    line
    for name, day in (("Jane Roe", 3), ("Tom Lee", 4), ("Ann Fox", 5), ("Bo Ray", 6))
    for line in (f"Cheap flights return for the winter season {day}", f"by {name}", "Read more")
]


def test_the_byline_of_a_card_in_a_list_is_no_author() -> None:
    # A listing: each card's byline two lines from the next; none is the article's.
    head = _header("Latest travel news", *CARDS, *PROSE)
    assert head.authors == []
    # The article's own byline stands apart from the list of its shape further down.
    head = _header("Ferry timetable adds early crossings", "by Mary Kim", *PROSE, *CARDS)
    assert head.authors == ["Mary Kim"]


def test_a_phrase_of_common_words_is_no_name_unless_the_page_keeps_writing_it() -> None:
    ctx = context()
    # Nothing on the page writes these words in lower case: the language's words decide.
    page = person.PageWords(" ".join(PROSE))
    for phrase in ("Use Case", "Verified Purchase", "Special Financing", "Any Means Necessary"):
        assert not person.is_name(phrase, ctx, page), phrase
    for name in ("Will Dunham", "Grace Segers", "Jane Doe"):
        assert person.is_name(name, ctx, page), name
    # A firm's own site writes its name again and again: that is the firm, an author.
    firm = person.PageWords("Quiet Light. About Quiet Light. (c) 2025 Quiet Light LLC")
    assert person.is_name("Quiet Light", ctx, firm)
    assert person.is_name("Quiet Light", ctx, person.PageWords("Quiet Light")) is False
    head = _header("Cloud costs fall for small firms", "By Use Case", *PROSE)
    assert head.authors == []


def test_the_common_words_are_a_rule_pack_list(tmp_path: Path) -> None:
    common = package_words("words", "common")
    assert {"use", "case", "purchase", "the"} <= common
    # Capitalised only on the pages: names, not words of the language.
    assert not {"dunham", "segers", "jackins"} & common
    dump = "\n\n".join(("Cloud costs fall for small firms", "By Use Case", *PROSE))
    assert articlekit.clean(dump).authors == ()
    pack = tmp_path / "pack.toml"
    pack.write_text('[words.any.remove]\ncommon = ["use"]\n', encoding="utf-8")
    assert articlekit.clean(dump, rules=pack).authors == ("Use Case",)
