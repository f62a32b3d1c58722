"""clean() of its own text output gives the same body back, for article-like text."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import articlekit

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "they",
    "you",
    "were",
    "her",
    "she",
    "there",
    "been",
    "one",
    "all",
    "we",
    "their",
    "has",
    "would",
    "when",
    "if",
    "council",
    "budget",
    "city",
    "water",
    "pipes",
    "residents",
    "plan",
    "vote",
    "mayor",
    "river",
    "school",
    "bridge",
    "report",
    "officials",
    "said",
    "week",
    "million",
    "year",
    "new",
    "people",
    "company",
    "market",
    "prices",
    "workers",
    "union",
    "strike",
]

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=6, max_size=18).map(lambda ws: (" ".join(ws)).capitalize() + ".")
paragraph = st.lists(sentence, min_size=2, max_size=5).map(" ".join)
heading = st.lists(word, min_size=3, max_size=7).map(lambda ws: " ".join(ws).title())
block = st.one_of(paragraph, paragraph, paragraph, heading)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.none(), heading), st.lists(block, min_size=1, max_size=8))
# A line repeating the first line (echo) chose the title; the first line and a copy under the
# title over the text, once gone, must not hand the title to that copy.
@example(
    title="The The The",
    blocks=[
        "The The The The",
        "The The The",
        "The the the the the the. The the the the the the the the the the the the.",
    ],
)
def test_clean_of_to_text_keeps_the_body(title: str | None, blocks: list[str]) -> None:
    text = "\n\n".join(([title] if title else []) + blocks) + "\n"
    first = articlekit.clean(text, format="text")
    again = articlekit.clean(first.to_text(), format="text")
    assert again.body == first.body
    assert again.title == first.title
