"""The profile step: blocks a site repeats on many of its pages, with the label learned."""

from __future__ import annotations

from articlekit.config.context import Config, Context
from articlekit.config.sites import Entry, SiteProfile
from articlekit.extract import profile

from . import PROSE, context, page_of, reasons, take

SITE = "harbour-tidings.example"
LEARNED = SiteProfile(
    [
        Entry("subscribe to the harbour letter", "promo", 9, "Subscribe to the harbour letter"),
        Entry("weather on the quay", "chrome", 7, "Weather on the quay"),
        Entry("by the harbour desk", "byline", 9, "By the Harbour Desk"),
    ],
    site=SITE,
    pages=10,
)
LINES = ("Subscribe to the Harbour Letter", "Weather on the quay", "By the Harbour Desk", PROSE[0])


def _on(url: str) -> Context:
    return context(Config.build(profile=LEARNED), url=url)


def test_recurring_blocks_get_their_learned_label_and_still_part_runs() -> None:
    page = page_of(*LINES)
    claims = profile.step(page, _on(f"https://www.{SITE}/ferries/timetable"))
    assert {c.block: c.label for c in claims} == {0: "promo", 1: "chrome"}
    why = reasons(page, claims)
    assert why["Subscribe to the Harbour Letter"] == (
        f"recurs on 90% of the site's pages (9 of 10 in the profile of {SITE}); learned as promo"
    )
    assert "recurs on 70% of the site's pages" in why["Weather on the quay"]
    # What the body scorer made of them is kept, so they still part the content runs.
    assert set(page.barriers) == {0, 1}
    assert all(score.cls == "learned" and score.value < 0 for score in page.barriers.values())


def test_lines_learned_as_bylines_are_left_to_the_header() -> None:
    page = page_of(*LINES)
    claims = profile.step(page, _on(f"https://{SITE}/a"))
    assert 2 not in {c.block for c in claims}


def test_another_site_s_profile_or_no_profile_claims_nothing() -> None:
    assert profile.step(page_of(*LINES), _on("https://quay-courier.example/a")) == []
    assert profile.step(page_of(*LINES), context(url=f"https://{SITE}/a")) == []


def test_blocks_taken_earlier_are_left_alone() -> None:
    page = page_of(*LINES)
    take(page, 0, "promo", "promo")
    claims = profile.step(page, _on(f"https://{SITE}/a"))
    assert [c.block for c in claims] == [1]
    assert set(page.barriers) == {1}


def test_the_html_path_s_variant_keeps_no_barriers() -> None:
    page = page_of(*LINES)
    claims = profile.step_without_barriers(page, _on(f"https://{SITE}/a"))
    assert [c.block for c in claims] == [0, 1]
    assert page.barriers == {}
