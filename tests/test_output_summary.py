"""``articlekit.output.summary``: the figures of an Article built by hand."""

from __future__ import annotations

import pickle

from articlekit import AuditEntry, AuditSummary, Promo, audit_summary
from articlekit.output.summary import _label_order

from .handmade import built


def sample() -> AuditSummary:
    article = built(
        ("title", "Storm"),
        ("blank", "\n\n"),
        ("body", "Snow fell."),
        ("blank", "\n"),
        ("weird", "??"),  # a label articlekit does not know comes after the known ones
        ("heading", "Roads"),
        ("chrome", "Share", "pipeline"),  # unclaimed: the pipeline filled it in
        ("body", "Ploughs came."),
        ("aside", "x"),
        title="Storm",
        language="en",
        promos=(Promo("cta", "Subscribe"),),
        disclaimers=("Not advice.", "Terms."),
        warnings=("odd",),
    )
    return audit_summary(article)


def test_counts_characters_and_order_of_labels() -> None:
    s = sample()
    assert s.labels == (
        ("title", 1, 5),
        ("body", 2, 23),
        ("heading", 1, 5),
        ("chrome", 1, 5),
        ("blank", 2, 3),
        ("aside", 1, 1),
        ("weird", 1, 2),
    )
    assert (s.title, s.language, s.input_format) == ("Storm", "en", "text")
    assert s.chars == 5 + 2 + 10 + 1 + 2 + 5 + 5 + 13 + 1
    assert (s.promos, s.disclaimers, s.warnings) == (1, 2, ("odd",))
    assert s.unclaimed == 5  # blank segments from the pipeline do not count


def test_derived_figures() -> None:
    s = sample()
    assert s.chars_of("title", "chrome") == 10
    assert s.chars_of() == 0
    assert s.body_chars == 28  # body and heading (and quote)
    assert s.content_chars == s.chars - 3
    assert s.body_share == 28 / s.content_chars


def test_an_empty_article() -> None:
    s = audit_summary(built())
    assert (s.chars, s.labels, s.unclaimed, s.title) == (0, (), 0, None)
    assert s.body_share == 0.0 and s.content_chars == 0


def test_json_round_trip_is_ascii_and_compact() -> None:
    s = sample()
    text = s.to_json()
    assert text.isascii() and ", " not in text
    assert AuditSummary.from_json(text) == s
    assert pickle.loads(pickle.dumps(s)) == s


def test_from_json_fills_in_fields_older_pages_lack() -> None:
    old = (
        '{"title":null,"language":null,"input_format":"text","chars":3,'
        '"labels":[["body",1,3]],"promos":0,"disclaimers":0}'
    )
    s = AuditSummary.from_json(old)
    assert (s.warnings, s.unclaimed, s.labels) == ((), 0, (("body", 1, 3),))


def test_from_page_reads_the_meta_tag_and_rejects_bad_figures() -> None:
    s = sample()
    escaped = s.to_json().replace("&", "&amp;").replace('"', "&quot;")
    page = f'<head><meta name="articlekit-summary" content="{escaped}"></head>'
    assert AuditSummary.from_page(page) == s
    assert AuditSummary.from_page("<head></head>") is None
    broken = '<meta name="articlekit-summary" content="{&quot;title&quot;:1}">'
    assert AuditSummary.from_page(broken) is None  # a missing key
    assert AuditSummary.from_page('<meta name="articlekit-summary" content="not json">') is None


def test_label_order() -> None:
    article = built(("zz", "a"), ("blank", " "), ("body", "b"), ("aa", "c"), ("title", "d"))
    assert _label_order(article.segments) == ["title", "body", "blank", "aa", "zz"]


def test_audit_entry_defaults() -> None:
    entry = AuditEntry("a.txt")
    assert (entry.href, entry.summary, entry.error) == (None, None, None)
