"""The step protocol: ``Page.claim``, ``Page.relabel`` and ``run``."""

from __future__ import annotations

from articlekit.config.context import Context
from articlekit.extract import Claim, whole
from articlekit.extract.page import Page, Step, run
from articlekit.paths import text as text_path
from articlekit.paths.html import steps as html_steps

from . import PROSE, context, page_of, text_of


def _page() -> Page:
    return page_of("Ferry timetable adds early crossings", PROSE[0], "Share this article")


def test_claim_marks_the_blocks_taken_and_records_the_step() -> None:
    page = _page()
    first, last = page.doc.blocks[0], page.doc.blocks[2]
    page.claim("header", [whole(first, "title", "page title (first line)")])
    page.claim("chrome", [whole(last, "chrome", "UI text 'share this article'")])
    assert page.taken == ["title", None, "chrome"]
    assert [(name, c.block, c.label) for name, c in page.claims] == [
        ("header", 0, "title"),
        ("chrome", 2, "chrome"),
    ]


def test_relabel_keeps_the_claimer_and_replaces_label_and_reason() -> None:
    page = _page()
    block = page.doc.blocks[1]
    page.claim("body", [whole(block, "body", "prose: good", "paragraph")])
    new = Claim(block.start, block.end, "chrome", "repeats the body block at offset 0", 1)
    page.relabel([new])
    [(name, claim)] = page.claims
    assert name == "body"  # the claimer stays
    assert (claim.label, claim.reason) == ("chrome", "repeats the body block at offset 0")
    assert text_of(page, claim) == PROSE[0]


def test_relabel_of_a_span_no_step_claimed_changes_nothing() -> None:
    page = _page()
    title = page.doc.blocks[0]
    page.claim("header", [whole(title, "title", "page title (first line)")])
    other = page.doc.blocks[1]
    page.relabel([Claim(other.start, other.end, "chrome", "nothing claimed this", 1)])
    assert [(name, c.label, c.reason) for name, c in page.claims] == [
        ("header", "title", "page title (first line)")
    ]


def test_run_later_steps_never_see_taken_blocks() -> None:
    seen: list[list[str | None]] = []

    def title(page: Page, ctx: Context) -> list[Claim]:
        seen.append(list(page.taken))
        return [whole(page.doc.blocks[0], "title", "first line")]

    def everything_free(page: Page, ctx: Context) -> list[Claim]:
        seen.append(list(page.taken))
        free = [b for b in page.doc.blocks if page.taken[b.index] is None]
        return [whole(b, "body", "free block") for b in free]

    page = run([Step("header", title), Step("body", everything_free)], _page(), context())
    assert seen == [[None, None, None], ["title", None, None]]
    assert [(name, c.block, c.label) for name, c in page.claims] == [
        ("header", 0, "title"),
        ("body", 1, "body"),
        ("body", 2, "body"),
    ]


def test_run_applies_relabels_and_leaves_the_claims_in_offset_order() -> None:
    def backwards(page: Page, ctx: Context) -> list[Claim]:
        return [whole(b, "body", "prose") for b in reversed(page.doc.blocks)]

    def share_to_chrome(page: Page, ctx: Context) -> list[Claim]:
        share = page.doc.blocks[2]
        return [Claim(share.start, share.end, "chrome", "a share button", share.index)]

    page = run(
        [Step("body", backwards), Step("tidy", share_to_chrome, mode="relabel")],
        _page(),
        context(),
    )
    assert [(name, c.block, c.label, c.reason) for name, c in page.claims] == [
        ("body", 0, "body", "prose"),
        ("body", 1, "body", "prose"),
        ("body", 2, "chrome", "a share button"),
    ]


def test_the_paths_run_the_steps_in_their_documented_order() -> None:
    assert [(s.name, s.mode) for s in text_path.STEPS] == [
        ("patterns", "claim"),
        ("disclaimer", "claim"),
        ("captions", "claim"),
        ("comments", "claim"),
        ("promo", "claim"),
        ("chrome", "claim"),
        ("profile", "claim"),
        ("header", "claim"),
        ("pipeline", "claim"),
        ("body", "claim"),
        ("repeats", "relabel"),
        ("bare headings", "relabel"),
        ("learned", "relabel"),
        ("retitle", "relabel"),
        ("dated", "relabel"),
        ("title echo", "relabel"),
        ("repeats", "relabel"),
        ("bare headings", "relabel"),
    ]
    assert text_path.STEPS[: len(text_path.RULE_STEPS)] == text_path.RULE_STEPS
    html = [s.name for s in html_steps.STEPS]
    assert html == ["patterns", "disclaimer", "captions", "comments", "promo", "chrome"] + [
        "profile",
        "body",
    ]
