"""The body step: prose in the densest run the header step scored; the rest is chrome."""

from __future__ import annotations

from articlekit.config.context import Context
from articlekit.extract import Claim, body, header, whole
from articlekit.extract.page import Page

from . import PROSE, PROSE_DE, context, favour, index_of, page_of, reasons, take

QUOTE = "“We have waited for this for years, and it will change how we live on the island.”"


def _body(page: Page, ctx: Context) -> list[Claim]:
    """The header step first (it scores the page), then the body step alone."""
    page.claim("header", header.step(page, ctx))
    return body.step(page, ctx)


def test_prose_a_sub_heading_a_short_sentence_and_the_footer() -> None:
    page = page_of(
        "Ferry timetable adds early crossings",
        "By Jane Doe",
        PROSE[0],
        "Fares stay the same",
        PROSE[1],
        "The vote was close.",
        PROSE[2],
        "About us",
        "Contact the newsroom",
    )
    claims = _body(page, context())
    assert {c.block: c.label for c in claims} == {
        2: "body",
        3: "heading",
        4: "body",
        5: "body",
        6: "body",
        7: "chrome",
        8: "chrome",
    }
    why = reasons(page, claims)
    assert why[PROSE[0]].startswith("prose: good (stop-word density ")
    assert why["Fares stay the same"] == "short title-like line followed by prose"
    assert why["The vote was close."] == "short sentence inside the content"
    assert why["About us"] == "outside the main content (navigation, footer)"
    assert {c.block: c.kind for c in claims if c.label != "chrome"} == {
        2: "paragraph",
        3: "heading",
        4: "paragraph",
        5: "paragraph",
        6: "paragraph",
    }


def test_german_prose_a_quote_and_a_list() -> None:
    page = page_of(
        "Neuer Fahrplan für die Fähren",
        PROSE_DE[0],
        "„Darauf haben wir seit Jahren gewartet, und das ändert unser Leben auf der Insel.“",
        PROSE_DE[1],
        "- zwei frühe Fähren am Morgen\n- eine späte Fähre am Freitag",
        PROSE_DE[0].replace("Dienstag", "Mittwoch"),
        language="de",
    )
    claims = _body(page, context())
    by_block = {c.block: (c.label, c.kind) for c in claims}
    assert by_block[1] == ("body", "paragraph")
    assert by_block[2] == ("quote", "quote")
    assert by_block[4] == by_block[5] == ("body", "list_item")
    why = reasons(page, claims)
    assert why["- zwei frühe Fähren am Morgen"] == "list item inside the content"
    assert why[page.doc.blocks[2].text].startswith("quoted block; ")


def test_a_title_like_line_with_no_prose_under_it_is_no_sub_heading() -> None:
    page = page_of("Ferry timetable adds early crossings", *PROSE, "More from the harbour desk")
    claims = _body(page, context())
    assert reasons(page, claims)["More from the harbour desk"] == (
        "outside the main content (navigation, footer)"
    )
    assert not any(c.label == "heading" for c in claims)


def test_blocks_taken_earlier_are_left_alone() -> None:
    page = page_of(
        "Ferry timetable adds early crossings",
        PROSE[0],
        "Photo: Jane Doe / Reuters",
        PROSE[1],
        PROSE[2],
    )
    take(page, index_of(page, "Photo:"), "caption", "captions")
    claims = _body(page, context())
    assert {c.block for c in claims} == {1, 3, 4}  # not the caption, not the title
    assert {c.label for c in claims} == {"body"}


def test_precision_drops_a_short_sentence_recall_would_keep() -> None:
    lines = ("Ferry timetable adds early crossings", PROSE[0], "The vote was close.", PROSE[1])
    short = "The vote was close."
    page = page_of(*lines)
    assert reasons(page, _body(page, context()))[short] == "short sentence inside the content"
    # Precision wants seven words for a short sentence to stay.
    page = page_of(*lines)
    claims = _body(page, favour("precision"))
    [claim] = [c for c in claims if page.text[c.start : c.end] == short]
    assert claim.label == "chrome"
    assert "short" in claim.reason and "inside the content" in claim.reason


def test_the_step_reuses_a_look_an_earlier_step_took() -> None:
    page = page_of("Ferry timetable adds early crossings", *PROSE)
    page.claim("header", header.step(page, context()))
    look = [whole(page.doc.blocks[1], "body", "from the earlier look", "paragraph")]
    page.provisional_body = look
    assert body.step(page, context()) is look


def test_the_html_path_takes_the_main_content_the_markup_gives() -> None:
    page = page_of("Ferry timetable", PROSE[0], "What changes", PROSE[1], "Share this article")
    page.main = {1: "paragraph", 2: "heading", 3: "paragraph"}
    take(page, 0, "title", "html")
    claims = body.step_hinted(page, context())
    assert reasons(page, claims) == {
        PROSE[0]: "main content (paragraph) per the markup",
        "What changes": "main content (heading) per the markup",
        PROSE[1]: "main content (paragraph) per the markup",
        "Share this article": "outside the main content the markup gives",
    }
    assert [c.label for c in claims] == ["body", "heading", "body", "chrome"]
