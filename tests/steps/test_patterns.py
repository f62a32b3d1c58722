"""The patterns step: a rule pack's regular expressions, each giving its label to a block."""

from __future__ import annotations

from articlekit.extract import patterns

from . import PROSE, context, pack, page_of, reasons, take

OFFER = r"^get \d+% off"
RULES = {
    "promo": {"any": {"patterns": [OFFER]}},
    "chrome": {"de": {"patterns": [r"^(?-i:Zum Fahrplan)$"]}},
    "site": {
        "harbour-tidings.example": {
            "disclaimer": {"any": {"patterns": [r"harbour master's notices"]}}
        }
    },
}


def test_a_pattern_labels_a_block_case_insensitively_with_spaces_folded() -> None:
    page = page_of(
        "Get 20% off your first harbour cruise", "GET 50%   OFF the island tour", PROSE[0]
    )
    claims = patterns.step(page, pack(RULES))
    assert {c.block: c.label for c in claims} == {0: "promo", 1: "promo"}
    reason = reasons(page, claims)["Get 20% off your first harbour cruise"]
    assert reason.startswith("user pattern '^get \\\\d+% off'")


def test_a_language_section_applies_only_to_pages_in_that_language() -> None:
    lines = ("Zum Fahrplan", "zum fahrplan", PROSE[0])
    german = page_of(*lines, language="de")
    claims = patterns.step(german, pack(RULES))
    # (?-i:...) keeps the case: the lower-case line is not the link.
    assert reasons(german, claims) == {
        "Zum Fahrplan": "user pattern '^(?-i:Zum Fahrplan)$' (<rules>)"
    }
    assert [c.label for c in claims] == ["chrome"]
    assert patterns.step(page_of(*lines, language="en"), pack(RULES)) == []


def test_a_site_section_applies_only_to_pages_of_that_site() -> None:
    notice = "The harbour master's notices are not legal advice."
    on_site = pack(RULES, url="https://www.harbour-tidings.example/ferries/timetable")
    elsewhere = pack(RULES, url="https://quay-courier.example/ferries")
    page = page_of(notice)
    [claim] = patterns.step(page, on_site)
    assert claim.label == "disclaimer" and "harbour master's notices" in claim.reason
    assert patterns.step(page_of(notice), elsewhere) == []


def test_nothing_without_a_pack_and_no_match_in_blocks_over_the_cap() -> None:
    offer = "Get 20% off your first harbour cruise"
    assert patterns.step(page_of(offer), context()) == []
    # A pattern is only searched for in blocks of at most 300 characters.
    long_block = offer + ", " + " ".join(PROSE)
    assert len(long_block) > 300
    assert patterns.step(page_of(long_block), pack(RULES)) == []


def test_blocks_taken_earlier_are_left_alone() -> None:
    page = page_of("Get 20% off your first harbour cruise", "Get 10% off the island tour")
    take(page, 0, "chrome")
    claims = patterns.step(page, pack(RULES))
    assert [c.block for c in claims] == [1]
