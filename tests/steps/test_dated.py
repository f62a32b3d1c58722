"""The dated step: a date line by the body's start that the header step passed by."""

from __future__ import annotations

from datetime import datetime, timezone

from articlekit.extract import dated
from articlekit.extract.page import Page, run
from articlekit.paths.text import RULE_STEPS

from . import PROSE, context, index_of, pack, page_of, reasons

TITLE = "Ferry timetable adds early crossings"
UPDATED = "Updated on: July 22, 2025 / 10:07 AM"
JULY_22 = datetime(2025, 7, 22, tzinfo=timezone.utc)


def _ruled(*blocks: str) -> Page:
    page = page_of(*blocks)
    run(RULE_STEPS, page, context())
    return page


def test_a_date_line_the_header_passed_by_becomes_the_byline() -> None:
    page = _ruled(TITLE, UPDATED, *PROSE)
    head = page.header
    assert head is not None and head.date is None  # not a byline as a whole: "/ 10:07 AM"
    claims = dated.step(page, context())
    assert reasons(page, claims) == {
        UPDATED: "byline: date (a dated line next to the body's start)"
    }
    assert [c.label for c in claims] == ["byline"]
    assert head.date is not None and head.date.value == JULY_22
    assert head.date_block == index_of(page, UPDATED)


def test_nothing_is_read_once_the_header_has_a_date() -> None:
    page = _ruled(TITLE, "Published 22 July 2025", UPDATED, *PROSE)
    assert page.header is not None and page.header.date is not None
    assert dated.step(page, context()) == []


def test_a_date_in_prose_or_a_long_line_is_no_date_line() -> None:
    mention = "Share this story with the neighbours who commute on the quay, July 22, 2025"
    prose = "The ferry, the council said on July 22, 2025, will leave the quay at five."
    for line in (mention, prose):
        page = _ruled(TITLE, line, *PROSE)
        assert page.header is not None and page.header.date is None
        assert dated.step(page, context()) == []


def test_a_date_line_far_from_the_body_is_not_read() -> None:
    menu = ["Home", "World News", "Local News", "Sport Results", "Weather Maps"]
    page = _ruled(UPDATED, *menu, TITLE, *PROSE)
    assert page.header is not None and page.header.date is None
    assert dated.step(page, context()) == []


def test_the_reach_is_a_threshold() -> None:
    page = _ruled(TITLE, UPDATED, *PROSE)
    assert dated.step(page, pack({"favour": {"balanced": {"dated": {"share": 0.9}}}})) == []


def test_what_a_rule_pack_claimed_stays_its_own() -> None:
    rules = {"chrome": {"any": {"patterns": ["^Updated on:"]}}}
    page = page_of(TITLE, UPDATED, *PROSE)
    ctx = pack(rules)
    run(RULE_STEPS, page, ctx)
    assert ("patterns", "chrome") in {(n, c.label) for n, c in page.claims}
    assert dated.step(page, ctx) == []


def test_blocks_are_looked_at_nearest_the_body_first() -> None:
    assert dated._order(5, None, 3, 2, 20) == [5, 4, 6, 3, 2]
    # the headline (not the page's first line) is an anchor too, the body's start first
    assert dated._order(8, 6, 1, 2, 20) == [8, 7, 6, 5, 9]
