"""The audit trail's promise: every character of the input in exactly one labelled segment."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import articlekit
from articlekit import LABELS, Article


def assert_covers(article: Article) -> None:
    pos = 0
    for seg in article.segments:
        assert seg.label in LABELS, seg
        assert seg.start == pos, f"gap or overlap at {pos}: {seg}"
        assert seg.end > seg.start, seg
        if seg.label == "blank":
            assert not article.text[seg.start : seg.end].strip()
        else:
            assert seg.extractor and seg.reason, seg
        pos = seg.end
    assert pos == len(article.text)
    assert "".join(article.text[s.start : s.end] for s in article.segments) == article.text


def test_fixture_segments_cover_input(text_case: Path) -> None:
    raw = (text_case / "input.txt").read_bytes()
    article = articlekit.clean(raw)
    assert article.text == raw.decode("utf-8").removeprefix("\ufeff")
    assert_covers(article)


lines = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=120),
        st.sampled_from(
            [
                "placeholder",
                "Author  Mitrade",
                "13 hours ago",
                "goTop",
                "Disclaimer: none.",
                "By Jane Doe | Reuters | Nov 3, 2025",
                "Related articles",
                "Share",
                "",
                "The council met on Tuesday and agreed that the budget would be cut by a third.",
                "Sign up for our newsletter. Subscribe",
                "© 2025 Example Media. All rights reserved.",
            ]
        ),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines, st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\u2028"]))
def test_segments_cover_any_text(parts: list[str], sep: str) -> None:
    article = articlekit.clean(sep.join(parts), format="text")
    assert_covers(article)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_segments_cover_arbitrary_strings(text: str) -> None:
    article = articlekit.clean(text, format="text")
    assert_covers(article)
    assert article.to_json(segments=True)
