"""The header step: the body scores, then the title and bylines above the densest run."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from articlekit.extract import header

from . import (
    NOW,
    PROSE,
    PROSE_DE,
    PROSE_ZH,
    blocks_of,
    context,
    index_of,
    page_of,
    reasons,
    take,
    thresholds,
)

JULY_22 = datetime(2025, 7, 22, tzinfo=timezone.utc)


def verdicts(page, claims) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each claim's reason up to its evidence ("page title (first line); score ...")."""
    return {text: why.split(";")[0] for text, why in reasons(page, claims).items()}


def test_title_authors_agency_and_date() -> None:
    byline = "By Jane Doe, Staff Writer | Reuters"
    page = page_of("Ferry timetable adds early crossings", byline, "Published 22 July 2025", *PROSE)
    claims = header.step(page, context())
    assert verdicts(page, claims) == {
        "Ferry timetable adds early crossings": "page title (first line)",
        byline: "byline: author, agency",
        "Published 22 July 2025": "byline: date",
    }
    assert {c.block: c.label for c in claims} == {0: "title", 1: "byline", 2: "byline"}
    head = page.header
    assert head is not None
    assert (head.title, head.authors, head.source) == (
        "Ferry timetable adds early crossings",
        ["Jane Doe"],
        "Reuters",
    )
    assert head.date is not None and head.date.value == JULY_22
    assert head.date.text == "22 July 2025"


def test_a_site_suffix_a_bare_name_and_a_relative_date() -> None:
    page = page_of(
        "Ferry timetable adds early crossings - Harbour Tidings", "Jane Doe", "3 hours ago", *PROSE
    )
    why = reasons(page, header.step(page, context()))
    assert why["Jane Doe"] == "a bare name between title and date"
    assert why["3 hours ago"] == "byline: date"
    head = page.header
    assert head is not None
    assert (head.title, head.site, head.authors) == (
        "Ferry timetable adds early crossings",
        "Harbour Tidings",
        ["Jane Doe"],
    )
    assert head.date is not None and head.date.relative
    assert head.date.value == NOW - timedelta(hours=3)


def test_a_german_byline() -> None:
    page = page_of(
        "Neuer Fahrplan: Fähren fahren früher",
        "Von Anna Müller",
        "Veröffentlicht am 22.07.2025",
        *PROSE_DE,
        language="de",
    )
    why = reasons(page, header.step(page, context()))
    assert why["Von Anna Müller"] == "byline: author"
    assert why["Veröffentlicht am 22.07.2025"] == "byline: date"
    head = page.header
    assert head is not None
    assert (head.title, head.authors) == ("Neuer Fahrplan: Fähren fahren früher", ["Anna Müller"])
    assert head.date is not None and head.date.value == JULY_22


def test_a_chinese_source_line() -> None:
    page = page_of(
        "渡轮新时刻表增加早班", "来源：新华社", "2025年7月22日", *PROSE_ZH, language="zh"
    )
    why = verdicts(page, header.step(page, context()))
    assert why == {
        "渡轮新时刻表增加早班": "page title (first line)",
        "来源：新华社": "byline: source",
        "2025年7月22日": "byline: date",
    }
    head = page.header
    assert head is not None
    assert (head.title, head.source, head.authors) == ("渡轮新时刻表增加早班", "新华社", [])
    assert head.date is not None and head.date.value == JULY_22


def test_the_headline_repeating_the_page_title_and_the_site_name_above_a_headline() -> None:
    page = page_of(
        "Ferry timetable adds early crossings - Harbour Tidings",
        "Home",
        "News",
        "Ferry timetable adds early crossings",
        "By Jane Doe",
        *PROSE,
    )
    why = verdicts(page, header.step(page, context()))
    assert why["Ferry timetable adds early crossings"] == "headline repeating the page title"
    assert (
        why["Ferry timetable adds early crossings - Harbour Tidings"] == "page title (first line)"
    )
    assert page.header is not None and page.header.title == "Ferry timetable adds early crossings"
    # A short name at the top, above the headline the byline stands under, is the site.
    headline = "Ferry timetable adds early crossings for the island's commuters"
    page = page_of("Harbour Tidings", headline, "By Jane Doe", *PROSE)
    why = verdicts(page, header.step(page, context()))
    assert why == {
        "Harbour Tidings": "site name (first line of the page)",
        headline: "title-like line next to the byline",
        "By Jane Doe": "byline: author",
    }
    assert page.header is not None
    assert (page.header.title, page.header.site) == (headline, "Harbour Tidings")


def test_a_publication_name_is_no_byline_and_a_sentence_no_title() -> None:
    headline = "Ferry timetable adds early crossings for the island's commuters"
    page = page_of(headline, "Northfield Science Daily", *PROSE)
    claims = header.step(page, context())
    assert verdicts(page, claims) == {headline: "page title (first line)"}
    assert page.header is not None and page.header.source is None
    # A page that opens with prose has no title line.
    page = page_of(*PROSE)
    assert header.step(page, context()) == []
    assert page.header is not None and page.header.title is None


def test_credits_after_the_content() -> None:
    page = page_of(
        "渡轮新时刻表增加早班", *PROSE_ZH, *PROSE_ZH, *PROSE_ZH, "（责任编辑：王磊）", language="zh"
    )
    why = reasons(page, header.step(page, context()))
    assert why["（责任编辑：王磊）"] == "byline: credit (after the content)"
    assert page.header is not None and page.header.authors == []  # an editor is no author


def test_blocks_taken_earlier_are_left_alone_and_not_scored() -> None:
    page = page_of("Ferry timetable adds early crossings", "By Jane Doe", *PROSE)
    take(page, index_of(page, "By Jane Doe"), "promo")
    claims = header.step(page, context())
    assert blocks_of(claims) == {0}
    assert page.header is not None and page.header.authors == []
    assert page.scores is not None and page.scores[1] is None
    assert [s.cls for s in page.scores[2:] if s is not None] == ["good", "good", "good"]


def test_a_pack_s_shorter_byline_limit_leaves_a_byline_unread() -> None:
    lines = ("Ferry timetable adds early crossings", "By Jane Doe, Staff Writer", *PROSE)
    page = page_of(*lines)
    header.step(page, context())
    assert page.header is not None and page.header.authors == ["Jane Doe"]
    page = page_of(*lines)
    claims = header.step(page, thresholds({"header": {"max_byline": 10}}))
    assert blocks_of(claims) == {0}
    assert page.header is not None and page.header.authors == []
