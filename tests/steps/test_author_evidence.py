"""Authors: what the page itself says against a capitalised phrase read as a name."""

from __future__ import annotations

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
