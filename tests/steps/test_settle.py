"""Settling: what the text path's second reading of its own output drops, the first drops."""

from __future__ import annotations

from dataclasses import replace

import pytest

import articlekit
from articlekit.extract import settle, whole
from articlekit.extract.page import Page
from articlekit.model import Block
from articlekit.paths import text as text_path

from . import PROSE, PROSE_DE, page_of, thresholds

TITLE = "Ferry timetable adds early crossings"


def _read(page: Page, body: dict[int, str]) -> articlekit.Article:
    """``page`` with ``body`` ({block: kind}) claimed as body, as the text path assembles it."""
    page.claim(
        "body",
        [whole(page.doc.blocks[i], "body", "prose", kind) for i, kind in body.items()],
    )
    blocks = tuple(Block(k, page.doc.blocks[i].text) for i, k in body.items())
    return articlekit.Article(text=page.text, title=TITLE, blocks=blocks)


def test_what_the_second_reading_drops_is_dropped_with_its_reason() -> None:
    page = page_of(TITLE, PROSE[0], "Share this story", PROSE[1])
    first = _read(page, {1: "paragraph", 2: "paragraph", 3: "paragraph"})
    again = replace(first, blocks=(first.blocks[0], first.blocks[2]))
    [claim] = settle.drops(page, first, again)
    assert (claim.block, claim.label, claim.reason) == (2, "chrome", settle.REASON)


def test_nothing_is_dropped_when_the_readings_agree_or_do_not_match() -> None:
    page = page_of(TITLE, PROSE[0], PROSE[1])
    first = _read(page, {1: "paragraph", 2: "paragraph"})
    assert settle.drops(page, first, first) == []
    # a second reading with a block the first never had teaches nothing: no drops
    other = replace(first, blocks=(Block("paragraph", PROSE[2]),))
    assert settle.drops(page, first, other) == []


def test_a_body_line_the_second_reading_took_for_its_title_is_not_dropped() -> None:
    page = page_of(TITLE, "- ferries at five", PROSE[0], PROSE[1])
    first = _read(page, {1: "list_item", 2: "paragraph", 3: "paragraph"})
    # read again: the list item comes back without its bullet, the first paragraph as title
    again = replace(first, title=PROSE[0], blocks=(Block("paragraph", "ferries at five"),
                                                   Block("paragraph", PROSE[1])))  # fmt: skip
    assert settle.drops(page, first, again) == []


def test_the_text_path_reads_its_output_again_until_nothing_drops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dump = "\n\n".join([TITLE, *PROSE, PROSE_DE[0]])
    calls: list[int] = []
    real = settle.drops

    def drop_the_last(page: Page, first: articlekit.Article, again: articlekit.Article) -> list:
        """A second reading that keeps all but the last paragraph, down to two."""
        body = [c for _, c in page.claims if c.label == "body"]
        calls.append(len(body))
        return [] if len(body) <= 2 else real(page, first, replace(first, blocks=first.blocks[:-1]))

    monkeypatch.setattr(settle, "drops", drop_the_last)
    for rounds, kept in ((0, 4), (1, 3), (5, 2)):
        calls.clear()
        article = text_path.split(dump, thresholds({"settle": {"rounds": rounds}}))
        assert len(article.blocks) == kept
        assert len(calls) == min(rounds, 3)  # the third round drops nothing: the loop stops
    dropped = [s for s in article.segments if s.reason == settle.REASON]
    assert [article.text[s.start : s.end] for s in dropped] == [PROSE[2], PROSE_DE[0]]
