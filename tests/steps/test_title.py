"""The title among many candidate lines, and the name validator of bylines: one test per rule."""

from __future__ import annotations

import json

import pytest

from articlekit import data
from articlekit.config.context import Context
from articlekit.extract import header, title, title_rank
from articlekit.extract import names as person
from articlekit.extract.page import Page

from . import PROSE, context, index_of, page_of, take, thresholds

HEADLINE = "Ferry timetable adds early crossings for the island's commuters"
MENU = ("Home", "News", "Sport", "Weather", "Travel", "Contact")


def _title_of(*blocks: str) -> str | None:
    page = page_of(*blocks)
    header.step(page, context())
    assert page.header is not None
    return page.header.title


def test_the_headline_below_a_menu_without_a_page_title_line() -> None:
    # A browser's innerText: no <title> line, the menu first, then the headline and byline.
    assert _title_of(*MENU, HEADLINE, "By Jane Doe", *PROSE) == HEADLINE


def test_a_markdown_heading_mark_is_dropped_and_weighs_for_the_line() -> None:
    assert _title_of(*MENU, "# " + HEADLINE, *PROSE) == HEADLINE
    assert title.clean_title("**Ferry timetable**") == "Ferry timetable"


def test_a_line_of_hashtags_is_no_markdown_heading() -> None:
    tags = "#rust #programming #webdev #beginners #tutorial"
    assert _title_of(*MENU, tags, HEADLINE, "By Jane Doe", *PROSE) == HEADLINE
    assert _title_of(*MENU, HEADLINE, tags, "By Jane Doe", *PROSE) == HEADLINE


def test_a_breadcrumb_and_a_wrapped_fragment_are_no_headline() -> None:
    crumb = page_of("Home > News > Transport")
    fragment = page_of("crossings for the commuters who had asked for them")
    assert not title.title_like(crumb.doc.blocks[0])
    assert not title.title_like(fragment.doc.blocks[0])


def test_a_sub_heading_under_a_paragraph_loses_to_the_headline() -> None:
    sub = "What the new timetable changes"
    assert _title_of(*MENU, HEADLINE, PROSE[0], sub, *PROSE[1:]) == HEADLINE


def test_a_list_item_loses_to_the_headline() -> None:
    assert _title_of("• Ferry fares stay the same this year", HEADLINE, *PROSE) == HEADLINE


def test_every_title_has_a_reason_with_its_evidence() -> None:
    page = page_of(*MENU, HEADLINE, "By Jane Doe", *PROSE)
    claims = header.step(page, context())
    why = {c.block: c.reason for c in claims}[index_of(page, HEADLINE)]
    assert why.startswith("title-like line next to the byline; p(title) ")
    assert ", score " in why and "byline next to it 1.00" in why


def _found(page: Page, ctx: Context) -> list[title.Candidate]:
    """The title candidates of a page whose content run starts at its first prose line."""
    start = index_of(page, PROSE[0][:30])
    bylines = {b.index for b in page.doc.blocks if b.text.startswith("By ")}
    span = (start, len(page.doc.blocks))
    return title.candidates(page.doc, page.taken, span, bylines, lambda _: False, ctx)


def test_the_ranker_chooses_by_p_title_and_can_be_turned_off() -> None:
    page = page_of(*MENU, HEADLINE, "By Jane Doe", *PROSE)
    ctx = context()
    found = title_rank.ranked(_found(page, ctx), ctx)
    assert found and all(c.p is not None and 0.0 <= c.p <= 1.0 for c in found)
    chosen = title.choose(found)
    assert chosen is not None and chosen.p == max(c.p or 0.0 for c in found)
    off = thresholds({"learned": {"title": 0}})
    page = page_of(*MENU, HEADLINE, "By Jane Doe", *PROSE)
    claims = header.step(page, off)
    why = {c.block: c.reason for c in claims}[index_of(page, HEADLINE)]
    assert page.header is not None and page.header.title == HEADLINE
    assert "p(title)" not in why and "; score " in why


def test_the_ranker_reads_one_row_of_its_features_per_candidate() -> None:
    page = page_of(*MENU, HEADLINE, "By Jane Doe", *PROSE)
    ctx = context()
    found = _found(page, ctx)
    rows = title_rank.rank_rows(found, ctx.params.title)
    assert rows.shape == (len(found), len(title_rank.RANK_FEATURES))
    assert title_rank.ranker().features == title_rank.RANK_FEATURES
    score = rows[:, title_rank.RANK_FEATURES.index("score")]
    assert score.tolist() == pytest.approx([c.score for c in found])


def test_a_ranker_trained_on_other_features_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.loads(data.read_file("title_ranker.json"))
    raw["features"] = [*raw["features"][:-1], "something else"]
    monkeypatch.setattr(data, "read_file", lambda name: json.dumps(raw))
    title_rank.ranker.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="retrain"):
            title_rank.ranker()
    finally:
        monkeypatch.undo()
        title_rank.ranker.cache_clear()


def test_a_headline_an_earlier_step_took_is_relabelled_not_claimed_twice() -> None:
    page = page_of(*MENU, HEADLINE, "By Jane Doe", *PROSE)
    at = index_of(page, HEADLINE)
    take(page, at, "promo", name="promo")
    claims = header.step(page, context())
    assert page.header is not None and page.header.title == HEADLINE
    assert all(c.block != at for c in claims)
    assert page.taken[at] == "title"


def test_the_date_nearest_the_headline_even_on_a_line_taken_as_chrome() -> None:
    page = page_of(*MENU, "Updated 1 January 2024", HEADLINE, "22 July 2025", *PROSE)
    take(page, index_of(page, "22 July 2025"), "chrome", name="chrome")
    header.step(page, context())
    assert page.header is not None and page.header.date is not None
    assert page.header.date.value is not None and page.header.date.value.day == 22


def test_a_date_beside_a_word_that_is_no_name_is_still_read() -> None:
    byline = header.parse_byline("Posted on March 30, 2015 by Admin", "en", context())
    assert byline is not None and byline.date is not None and byline.authors == []


def test_names_are_capitalised_words_without_section_words_digits_or_glue() -> None:
    ctx = context()
    assert person.is_name("Jane Doe", ctx)
    assert person.is_name("Ursula von der Leyen", ctx)
    for junk in (
        "Gender",
        "Kit Reviews",
        "Published Wed",
        "Meg JamesStaff",
        "Top 10 Deals",
        "The Regency Chess Co",
        "Carlos Nadalim Comente!",
    ):
        assert not person.is_name(junk, ctx), junk


def test_a_newsroom_is_the_source_not_an_author() -> None:
    byline = header.parse_byline("By Editorial Team", "en", context())
    assert byline is not None and byline.authors == [] and byline.source == "Editorial Team"


def test_reporting_and_editing_credits() -> None:
    byline = header.parse_byline("Reporting by Jane Doe; Editing by John Roe", "en", context())
    assert byline is not None and byline.authors == ["Jane Doe"]


def test_a_line_repeating_the_page_title_beats_a_line_nearer_the_content() -> None:
    # html-text and bs4 put the <title> first; its <h1> under the menu is the headline, even
    # where the site part does not split off ("Dental Care | ONE Health Ohio") and a
    # headline-shaped teaser stands nearer the content.
    found = _title_of(
        "Dental Care | ONE Health Ohio",
        *MENU,
        "Dental Care",
        "Book a cleaning for the whole family today",
        *PROSE,
    )
    assert found == "Dental Care"


def test_a_credit_line_whose_names_fail_still_gives_its_date() -> None:
    ctx = context()
    for line, authors in (
        ("By Sherif Saed, Wednesday, 20 November 2019 08:05 GMT", ["Sherif Saed"]),
        ("by Regan September 15, 2014", []),
        ("21/06/2014 Tony Carter All, Books, Kit Reviews, News", []),
        ("Carlos Nadalim 27/09/2018 Comente! Alfabetização, Música", ["Carlos Nadalim"]),
    ):
        byline = header.parse_byline(line, "en", ctx)
        assert byline is not None and byline.date is not None, line
        assert byline.authors == authors, line
    assert header.parse_byline("The council met on March 30, 2015 to agree it", "en", ctx) is None


def test_a_first_line_directly_over_the_text_keeps_the_title() -> None:
    # What Article.to_text writes: the title, then the body, here opening on a sub-heading
    # that is headline-shaped and nearer the content; cleaned again, the title stays.
    found = _title_of(
        "Ferry Fares Rise", "Early Crossings Added For The Island's Commuters", *PROSE
    )
    assert found == "Ferry Fares Rise"


def test_a_copy_of_the_headline_under_it_is_not_left_as_a_sub_heading() -> None:
    # The <title>, its <h1>, and the headline again over the text: the copy is the title's,
    # or Article.to_text would put it under the headline, where it repeats the first line.
    # Which of the two headline lines is the title is the ranker's call (both are headlines).
    blocks = ("Ferry Timetable Changes", *MENU, "Ferry Timetable Changes Again", "By Jane Doe")
    page = page_of(*blocks, "Ferry Timetable Changes", *PROSE)
    claims = header.step(page, context())
    assert page.header is not None
    assert page.header.title in ("Ferry Timetable Changes Again", "Ferry Timetable Changes")
    copy = [b for b in page.doc.blocks if b.text == "Ferry Timetable Changes"][-1]
    assert [c.label for c in claims if c.start == copy.start] == ["title"]
    weighed = page_of(*blocks, "Ferry Timetable Changes", *PROSE)
    claims = header.step(weighed, thresholds({"learned": {"title": 0}}))
    assert weighed.header is not None
    assert weighed.header.title == "Ferry Timetable Changes Again"
    assert [c.label for c in claims if c.start == copy.start] == ["title"]


def test_the_headline_is_chosen_again_where_the_learned_step_moved_the_body() -> None:
    from articlekit.extract import whole
    from articlekit.extract.page import run
    from articlekit.paths.text import RULE_STEPS

    teasers = (
        "Ferry fares to rise next year, says the operator, after the cost of fuel went up by "
        "a third and the council would not pay for the difference any longer.",
        "Island school to close in June as the number of children who live there has fallen "
        "for the tenth year in a row and the teachers have left for the town.",
    )
    headline = "Harbour council approves an early ferry"
    page = page_of("Latest from the harbour", *teasers, headline, "By Jane Doe", *PROSE)
    ctx = context()
    run(RULE_STEPS, page, ctx)
    head = page.header
    assert head is not None
    # The rules' densest run starts with the teasers: the line above them looked the headline.
    assert head.title == "Latest from the harbour"
    assert header.retitle(page, ctx) == []  # the body has not moved: nothing to choose again
    # The learned labeller drops the teasers; the body now starts under the real headline.
    page.relabel([whole(page.doc.blocks[i], "chrome", "the model") for i in (1, 2)])
    claims = header.retitle(page, ctx)
    page.relabel(claims)
    assert head.title == headline and head.title_block == 3
    assert page.taken[:4] == ["chrome", "chrome", "chrome", "title"]
    assert "byline next to it" in next(c.reason for c in claims if c.block == 3)


def test_a_headline_closed_by_a_bracket_is_no_sentence() -> None:
    # "... (and How to Start)" closes a headline, not a sentence: the first lines of the
    # content run stay candidates, and the headline is not lost to a menu item above.
    headline = "Top Nutrition Trends for Fall: What Fitness Experts Are Eating (and How to Start)"
    assert _title_of("Skip to content", "MEAL PREP", "COMPANY", headline, *PROSE) == headline
    assert not title._ends_sentence(headline)
    assert title._ends_sentence("The ferry now leaves at six (an hour earlier).")
    assert title._ends_sentence("“It will help the commuters.”")


def test_the_h1_that_repeats_the_first_line_is_chosen_over_it() -> None:
    # The <title> first and its <h1> further down are one headline; the h1 stands where the
    # article is (its byline and date next to it), so it wins even at a lower p(title).
    page = page_of(HEADLINE + " | Harbour News", *MENU, HEADLINE, "22 July 2025", *PROSE)
    first, menu, h1 = (
        page.doc.blocks[0],
        page.doc.blocks[1],
        page.doc.blocks[index_of(page, "22") - 1],
    )
    top = title.Candidate(first, {"first": 1.0}, 3.0, p=0.9)
    echo = title.Candidate(h1, {"echo": 1.0}, 2.0, p=0.4)
    other = title.Candidate(menu, {}, 1.0, p=0.6)
    assert title.choose([top, other, echo]) is echo
    assert title.choose([top, other]) is top
    assert title.choose([other, echo]) is other
