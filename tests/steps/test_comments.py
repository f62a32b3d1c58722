"""The comments step: a comment section, from its header to the end of the page."""

from __future__ import annotations

from articlekit.extract import comments

from . import PROSE, PROSE_DE, blocks_of, context, index_of, page_of, take, thresholds

THREAD = (
    "Mark T. says: Finally! I have been waiting for the early boat for years, and it will save "
    "me an hour every day.",
    "Reply",
    "Anna K. says: What about the weekend crossings? The council never talks about them.",
)
#: A headline and three paragraphs of 300 characters: the article a comment section follows.
ARTICLE = (
    "Ferry timetable adds early crossings",
    f"{PROSE[0]} {PROSE[1]}",
    f"{PROSE[2]} {PROSE[0]}",
    f"{PROSE[1]} {PROSE[2]}",
)


def test_a_counted_header_opens_the_section_to_the_end() -> None:
    page = page_of(*ARTICLE, "12 Comments", *THREAD)
    claims = comments.step(page, context())
    header = index_of(page, "12 Comments")
    assert blocks_of(claims) == set(range(header, len(page.doc.blocks)))
    assert {c.label for c in claims} == {"comment"}
    assert {c.reason for c in claims} == {"in the comment section"}


def test_headers_in_german_and_french() -> None:
    thread_de = ("Hans M.: Endlich fährt die Fähre früher.", "Petra L.: Und am Wochenende?")
    page = page_of(
        " ".join(PROSE_DE), " ".join(PROSE_DE[::-1]), "Kommentare", *thread_de, language="de"
    )
    assert blocks_of(comments.step(page, context())) == {2, 3, 4}
    thread_fr = ("Marc : Enfin un bateau plus tôt !", "Julie : Et le week-end ?")
    page = page_of(*ARTICLE, "Laisser un commentaire", *thread_fr, language="fr")
    assert blocks_of(comments.step(page, context())) == {4, 5, 6}
    # The comment form's stock title of a German blog engine.
    page = page_of(*ARTICLE, "Schreibe einen Kommentar", *thread_de, language="de")
    assert blocks_of(comments.step(page, context())) == {4, 5, 6}


def test_a_comments_button_in_a_share_row_opens_no_section() -> None:
    page = page_of(*ARTICLE, "Share", "Comments", "Print", *THREAD)
    assert comments.step(page, context()) == []


def test_a_header_above_the_article_or_over_a_related_list_opens_no_section() -> None:
    # No article prose above it: a menu entry, not a section.
    page = page_of("Menu", "Home", "News", "Comments", "Great read", "Nice article")
    assert comments.step(page, context()) == []
    page = page_of(*ARTICLE, "Discussion", "Related articles", "Harbour dredging to start in May")
    assert comments.step(page, context()) == []


def test_the_section_skips_taken_blocks_and_stops_at_a_promo() -> None:
    page = page_of(*ARTICLE, "12 Comments", *THREAD, "Most read", "Storm closes the harbour")
    take(page, index_of(page, "Reply"), "chrome")
    take(page, index_of(page, "Most read"), "promo")
    claims = comments.step(page, context())
    header = index_of(page, "12 Comments")
    assert blocks_of(claims) == {header, header + 1, header + 3}


def test_a_pack_asking_for_more_article_above_the_header_finds_no_section() -> None:
    page = page_of(*ARTICLE, "12 Comments", *THREAD)
    assert comments.step(page, context()) != []
    stricter = thresholds({"comments": {"article_before": 5000}})
    assert comments.step(page, stricter) == []
