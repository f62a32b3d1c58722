"""Repeats and bare headings: a paragraph said twice is the body's once; a sub-heading with
nothing under it heads nothing."""

from __future__ import annotations

from articlekit.config.context import Context
from articlekit.extract import Claim, header, repeats, whole
from articlekit.extract.page import Page

from . import PROSE, context, page_of, reasons, take, text_of

TITLE = "Ferry timetable adds early crossings"


def _after_header(page: Page, ctx: Context) -> list[Claim]:
    """The header step first (it scores the page), then the repeats step alone."""
    page.claim("header", header.step(page, ctx))
    return repeats.step(page, ctx)


def _as_body(page: Page, labels: dict[int, str]) -> None:
    """Claim blocks as the body step would have: ``{block: label}``."""
    page.claim(
        "body",
        [
            whole(page.doc.blocks[i], label, f"{label} claimed by the body", "paragraph")
            for i, label in labels.items()
        ],
    )


def test_a_paragraph_said_twice_is_chrome_the_second_time() -> None:
    page = page_of(TITLE, PROSE[0], PROSE[1], PROSE[0], PROSE[2])
    claims = _after_header(page, context())
    [claim] = claims
    first = page.doc.blocks[1].start
    assert (claim.block, claim.label) == (3, "chrome")
    assert claim.reason == f"repeats the body block at offset {first}"
    # The first look is not kept: the body step looks again without the repeat.
    assert page.provisional_body is None
    assert page.scores is not None and page.scores[3] is None


def test_without_repeats_the_first_look_is_kept_for_the_body() -> None:
    page = page_of(TITLE, *PROSE)
    assert _after_header(page, context()) == []
    assert page.provisional_body is not None
    assert [(c.block, c.label) for c in page.provisional_body] == [
        (1, "body"),
        (2, "body"),
        (3, "body"),
    ]


def test_a_repeat_of_a_block_an_earlier_step_took_is_no_repeat() -> None:
    # A teaser of the article itself, taken as a promo, does not make the paragraph a repeat.
    page = page_of(TITLE, PROSE[0], PROSE[1], PROSE[0], PROSE[2])
    take(page, 3, "promo", "promo")
    assert _after_header(page, context()) == []


def test_relabel_repeats_over_the_final_claims() -> None:
    page = page_of(TITLE, PROSE[0], PROSE[1], PROSE[0].upper(), PROSE[0])
    _as_body(page, {1: "body", 2: "body", 3: "quote", 4: "body"})
    claims = repeats.relabel_repeats(page, context())
    first = page.doc.blocks[1].start
    # Case does not hide a repeat; every copy after the first becomes chrome.
    assert [(c.block, c.label, c.reason) for c in claims] == [
        (3, "chrome", f"repeats the body block at offset {first}"),
        (4, "chrome", f"repeats the body block at offset {first}"),
    ]


def test_text_repeated_outside_the_body_is_left_alone() -> None:
    share = "Share this article"
    page = page_of(share, PROSE[0], share)
    page.claim(
        "chrome",
        [whole(page.doc.blocks[i], "chrome", "UI text 'share this article'") for i in (0, 2)],
    )
    _as_body(page, {1: "body"})
    page.claims.sort(key=lambda item: item[1].start)
    assert repeats.relabel_repeats(page, context()) == []


def test_bare_headings_become_chrome_and_headings_over_text_stay() -> None:
    page = page_of(
        TITLE,
        "What changes",
        PROSE[0],
        "What happens next",
        "Fares and timetables",
        PROSE[1],
        "Related coverage",
    )
    _as_body(page, {1: "heading", 2: "body", 3: "heading", 4: "heading", 5: "body", 6: "heading"})
    claims = repeats.relabel_bare_headings(page, context())
    assert {text_of(page, c): c.label for c in claims} == {
        "What happens next": "chrome",  # another heading comes next
        "Related coverage": "chrome",  # the end comes next
    }
    assert set(reasons(page, claims).values()) == {"a sub-heading with no body text under it"}


def test_a_body_block_that_says_the_title_again_is_chrome() -> None:
    page = page_of(TITLE, PROSE[0], TITLE.upper(), PROSE[1])
    page.claim("header", header.step(page, context()))
    assert page.header is not None and page.header.title == TITLE
    _as_body(page, {1: "body", 2: "heading", 3: "body"})
    claims = repeats.relabel_title_echo(page, context())
    assert [(c.block, c.label, c.reason) for c in claims] == [(2, "chrome", "repeats the title")]
