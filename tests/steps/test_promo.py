"""The promo step: teaser cards, "related" lists, inline teasers, house ads, calls to action."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from articlekit.extract import promo
from articlekit.extract.page import Page
from articlekit.model import Promo

from . import NOW, PROSE, blocks_of, context, favour, labels, page_of, reasons, take

CARDS = (
    "Harbour dredging to start in May",
    "The port will deepen the main channel so that larger container ships can dock.",
    "By Jane Doe",
    "3 hours ago",
    "New ferry terminal opens its doors",
    "Commuters got a first look at the glass hall on the quay this weekend.",
    "By John Roe",
    "5 hours ago",
    "Storm closes the harbour for two days",
    "Fishing boats stayed in port as winds reached ninety kilometres an hour.",
    "By Anna Berg",
    "Yesterday",
)


def _promos(page: Page) -> list[Promo]:
    return [p for _, p in page.promos]


def test_a_grid_of_teaser_cards_and_their_structure() -> None:
    page = page_of(PROSE[0], *CARDS)
    claims = promo.step(page, context())
    assert blocks_of(claims) == set(range(1, 13))
    assert {c.label for c in claims} == {"promo"}
    why = reasons(page, claims)
    assert why["Harbour dredging to start in May"] == "teaser card: title"
    assert why[
        "The port will deepen the main channel so that larger container ships can dock."
    ] == ("teaser card: summary")
    assert why["By Jane Doe"] == "teaser card: author line"
    assert why["3 hours ago"] == "teaser card: date or age line"
    first, second, third = _promos(page)
    assert (first.kind, first.title, first.author, first.age) == (
        "teaser",
        "Harbour dredging to start in May",
        "Jane Doe",
        "3 hours ago",
    )
    assert first.summary == CARDS[1]
    assert first.published == NOW - timedelta(hours=3)
    assert (second.title, second.author, second.age) == (CARDS[4], "John Roe", "5 hours ago")
    assert (third.title, third.age, third.published) == (CARDS[8], "Yesterday", NOW - timedelta(1))


def test_german_cards_with_a_bare_author_name() -> None:
    page = page_of(
        "Hafen wird ab Mai ausgebaggert",
        "Felix Brandt",
        "vor 2 Stunden",
        "Neues Fährterminal öffnet seine Türen",
        "Lena Vogel",
        "vor 5 Stunden",
        language="de",
    )
    claims = promo.step(page, context())
    assert reasons(page, claims)["Felix Brandt"] == "teaser card: author name"
    assert len(claims) == 6
    assert [(p.title, p.summary, p.author, p.age) for p in _promos(page)] == [
        ("Hafen wird ab Mai ausgebaggert", None, "Felix Brandt", "vor 2 Stunden"),
        ("Neues Fährterminal öffnet seine Türen", None, "Lena Vogel", "vor 5 Stunden"),
    ]


def test_a_title_glued_to_the_summary_the_card_repeats_is_split_there() -> None:
    s1 = "The port will deepen the main channel so that larger ships can dock."
    s2 = "Commuters got a first look at the glass hall on the quay this weekend."
    page = page_of(
        "Harbour dredging to start in May" + s1,
        s1,
        "2 hours ago",
        "New ferry terminal opens its doors" + s2,
        s2,
        "5 hours ago",
    )
    claims = [c for c in promo.step(page, context()) if c.block == 0]
    assert [(page.text[c.start : c.end], c.reason) for c in claims] == [
        (
            "Harbour dredging to start in May",
            "teaser card: title glued to the summary the card repeats below; split there",
        ),
        (s1, "teaser card: summary glued to the title"),
    ]
    assert [(p.title, p.summary) for p in _promos(page)] == [
        ("Harbour dredging to start in May", s1),
        ("New ferry terminal opens its doors", s2),
    ]


def test_an_article_s_own_headline_byline_and_date_are_not_a_card() -> None:
    page = page_of("Ferry timetable adds early crossings", "By Jane Doe", "3 hours ago", *PROSE)
    assert promo.step(page, context()) == []
    assert page.promos == []


def test_headlines_under_a_related_header_in_english_and_german() -> None:
    page = page_of(
        PROSE[0],
        "Related articles",
        "Harbour dredging to start in May",
        "Storm closes the harbour for two days",
        PROSE[1],
        "Lesen Sie auch",
        "Neues Fährterminal öffnet seine Türen",
        language=None,
    )
    why = reasons(page, promo.step(page, context()))
    assert why == {
        "Related articles": "header of a related list ('related articles')",
        "Harbour dredging to start in May": "headline listed under 'related articles'",
        "Storm closes the harbour for two days": "headline listed under 'related articles'",
        "Lesen Sie auch": "header of a related list ('lesen sie auch')",
        "Neues Fährterminal öffnet seine Türen": "headline listed under 'lesen sie auch'",
    }
    assert [p.title for p in _promos(page)] == [
        "Harbour dredging to start in May",
        "Storm closes the harbour for two days",
        "Neues Fährterminal öffnet seine Türen",
    ]


def test_related_headers_of_blog_engines_in_more_languages() -> None:
    for header in ("Ähnliche Beiträge", "Podobne wpisy", "Entradas relacionadas"):
        page = page_of(
            PROSE[0], header, "Harbour dredging to start in May",
            "Storm closes the harbour for two days", PROSE[1], language=None,
        )  # fmt: skip
        why = reasons(page, promo.step(page, context()))
        assert why[header] == f"header of a related list ({header.lower()!r})"
        assert why["Harbour dredging to start in May"].startswith("headline listed under")


def test_a_related_header_over_prose_or_footer_links_takes_nothing() -> None:
    page = page_of("Recommended", *PROSE, "Most read", "Contact", "Imprint")
    assert promo.step(page, context()) == []


def test_inline_teasers_in_english_and_spanish() -> None:
    english = "Read more: Harbour dredging to start in May"
    spanish = "Lee también: El puerto abre una nueva terminal de ferris"
    page = page_of(PROSE[0], english, spanish, language=None)
    claims = promo.step(page, context())
    assert reasons(page, claims) == {
        english: "inline teaser ('read more:')",
        spanish: "inline teaser ('lee también:')",
    }
    assert [(p.kind, p.title) for p in _promos(page)] == [
        ("teaser", "Harbour dredging to start in May"),
        ("teaser", "El puerto abre una nueva terminal de ferris"),
    ]


def test_a_house_ad_after_its_marker() -> None:
    page = page_of(
        PROSE[0],
        "Sponsored\nBook a harbour cruise with Bay Tours\nSunset trips every Friday from the quay",
        PROSE[1],
    )
    claims = promo.step(page, context())
    why = reasons(page, claims)
    assert why == {
        "Sponsored": "ad marker 'sponsored'",
        "Book a harbour cruise with Bay Tours": "house ad after 'sponsored'",
        "Sunset trips every Friday from the quay": "house ad after 'sponsored'",
    }
    [ad] = _promos(page)
    assert (ad.kind, ad.title) == ("ad", "Book a harbour cruise with Bay Tours")


def test_a_call_to_action_and_a_sign_up_box() -> None:
    cta = "Sign up for our free daily newsletter and get the harbour news in your inbox"
    box = ("Never miss a sailing", "The week in the harbour, every Friday", "Enter your email")
    page = page_of(PROSE[0], cta, "\n".join(box), PROSE[1])
    claims = promo.step(page, context())
    why = reasons(page, claims)
    assert why[cta].startswith("call to action: opens with 'sign up for'")
    assert "sells 'newsletter'" in why[cta]
    assert set(labels(page, claims)) == {cta, *box}
    assert all(why[line].startswith("call-to-action box: ") for line in box)
    assert "opens with 'enter your email'" in why["Enter your email"]
    assert [p.kind for p in _promos(page)] == ["cta", "cta"]


def test_prose_that_mentions_a_newsletter_is_no_call_to_action() -> None:
    mention = (
        "The council's newsletter reported that the ferry would run twice an hour from May, "
        "which residents have wanted for years."
    )
    page = page_of(PROSE[0], mention, PROSE[1])
    assert promo.step(page, context()) == []


def test_blocks_taken_earlier_are_left_alone() -> None:
    page = page_of(
        PROSE[0],
        "Read more: Harbour dredging to start in May",
        "Related articles",
        "New ferry terminal opens its doors",
        "Share on Facebook",
        "Storm closes the harbour for two days",
    )
    take(page, 1, "chrome")
    take(page, 4, "chrome")
    claims = promo.step(page, context())
    # The list reads on past the taken share button; neither taken block is claimed again.
    assert blocks_of(claims) == {2, 3, 5}
    assert [p.title for p in _promos(page)] == [
        "New ferry terminal opens its doors",
        "Storm closes the harbour for two days",
    ]


def test_precision_needs_less_evidence_for_a_call_to_action() -> None:
    label = "Our newsletter: the week in the harbour, every Friday"  # 2 points of evidence
    assert promo.step(page_of(PROSE[0], label), context()) == []
    page = page_of(PROSE[0], label)
    [claim] = promo.step(page, favour("precision"))
    assert claim.label == "promo"
    assert claim.reason == "call to action: sells 'newsletter', a promo label before ':'"


def _best_run_by_every_period(shapes: list[str], i: int, max_period: int) -> tuple[int, int]:
    """The card finder's search before issue 14: every period tried."""
    best_period, best_reps = 0, 0
    for period in range(2, max_period + 1):
        pattern = shapes[i : i + period]
        if len(pattern) < period or not promo._card_pattern(pattern):
            continue
        reps = 1
        while shapes[i + reps * period : i + (reps + 1) * period] == pattern:
            reps += 1
        needed = 3 if not ({"A", "T"} & set(pattern)) else 2
        if reps >= needed and reps * period > best_reps * best_period:
            best_period, best_reps = period, reps
    return best_period, best_reps


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from("WWWATMNXC"), max_size=40), st.integers(2, 7))
def test_the_card_search_tries_only_periods_that_can_hold_a_card(
    shapes: list[str], max_period: int
) -> None:
    runs = promo._CardRuns(shapes, max_period)
    for i in range(len(shapes)):
        assert runs.best(i) == _best_run_by_every_period(shapes, i, max_period), (shapes, i)


def test_next_at() -> None:
    assert promo._next_at(list("WAXWW"), "X") == [2, 2, 2, 5, 5]
    assert promo._next_at(list("WAXWT"), "ATMN") == [1, 1, 4, 4, 4]
    assert promo._next_at([], "X") == []
