"""``articlekit.output.promos``: each promo found among the segments of an Article built by hand."""

from __future__ import annotations

from articlekit import Promo
from articlekit.output.promos import promo_segments

from .handmade import built


def test_a_card_over_several_segments_with_its_placeholder_and_rank() -> None:
    article = built(
        ("body", "Story text."),  # 0
        ("blank", "\n"),  # 1
        ("chrome", "placeholder", "promo"),  # 2: the card's image, claimed by the promo
        ("blank", "\n"),  # 3
        ("promo", "Markets rally!"),  # 4
        ("blank", "\n"),  # 5
        ("promo", "2"),  # 6: a rank number inside the card ...
        ("promo", "Stocks up, bonds down."),  # 7
        ("blank", "\n"),  # 8
        ("body", "More story."),  # 9
        promos=(Promo("teaser", "Markets rally. Stocks up; bonds down"),),
    )
    # ... "2" is taken as part of the card: its key ("2") is not a prefix of what is left.
    assert promo_segments(article) == [[2, 4, 6, 7]]


def test_the_look_back_for_placeholders() -> None:
    read = (Promo("teaser", "Read this"),)
    # Placeholders right before the card are taken, however many.
    article = built(
        ("chrome", "img", "promo"), ("chrome", "img", "promo"), ("promo", "Read this"), promos=read
    )
    assert promo_segments(article) == [[0, 1, 2]]
    # A promo segment with text of its own, or chrome of another extractor, ends the look-back.
    article = built(("promo", "Other card"), ("blank", " "), ("promo", "Read this"), promos=read)
    assert promo_segments(article) == [[2]]
    article = built(("chrome", "Menu"), ("promo", "Read this"), promos=read)
    assert promo_segments(article) == [[1]]


def test_two_equal_promos_take_two_places_in_order() -> None:
    article = built(
        ("promo", "Subscribe now"),
        ("blank", "\n"),
        ("body", "Text."),
        ("blank", "\n"),
        ("promo", "Subscribe now"),
        promos=(Promo("cta", "Subscribe now"), Promo("cta", "SUBSCRIBE, now!")),
    )
    assert promo_segments(article) == [[0], [4]]


def test_an_earlier_promo_is_found_after_a_later_one() -> None:
    # The search starts after the last promo found, then falls back to the start.
    article = built(
        ("promo", "Alpha"),
        ("blank", " "),
        ("promo", "Beta"),
        promos=(Promo("cta", "Beta"), Promo("cta", "Alpha")),
    )
    assert promo_segments(article) == [[2], [0]]


def test_promos_not_in_the_text_are_empty() -> None:
    article = built(
        ("body", "Only a story."),
        ("promo", "Buy now"),
        ("body", "where"),
        promos=(Promo("ad", "Elsewhere"), Promo("ad", "   "), Promo("ad", "Buy now and more")),
    )
    # Not present; no letters at all; its text runs on into a body segment.
    assert promo_segments(article) == [[], [], []]


def test_no_promos() -> None:
    assert promo_segments(built(("body", "x"))) == []
