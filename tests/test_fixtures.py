"""Each fixture folder pins a whole Article: fields, body blocks, promos and line labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import articlekit
from articlekit import Article

from .conftest import FIXTURES, expected, now_of

# Fixture checks that fail today, each a target for the rules, not a pass: strict, so a fix
# must also remove its entry here. Kept in data so the list is reviewed with every change.
KNOWN_GAPS: dict[str, list[str]] = json.loads((FIXTURES / "known_gaps.json").read_text("utf-8"))


def known_gap(request: pytest.FixtureRequest, case: Path) -> None:
    if request.node.originalname in KNOWN_GAPS.get(case.name, ()):
        request.applymarker(
            pytest.mark.xfail(reason="known gap (tests/fixtures/known_gaps.json)", strict=True)
        )


def clean_case(case: Path) -> tuple[Article, dict[str, Any]]:
    want = expected(case)
    article = articlekit.clean((case / "input.txt").read_bytes(), now=now_of(case), format="text")
    return article, want


def line_labels(article: Article) -> list[list[str]]:
    """Each non-blank input line with the label of the segments over its text."""
    out = []
    text = article.text
    segs = [s for s in article.segments if s.label != "blank"]
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            out.append(stripped)
    labelled: list[list[str]] = []
    pos = 0
    i = 0
    for stripped in out:
        start = text.index(stripped, pos)
        end = start + len(stripped)
        pos = end
        labels = []
        while i < len(segs) and segs[i].end <= start:
            i += 1
        j = i
        while j < len(segs) and segs[j].start < end:
            labels.append(segs[j].label)
            j += 1
        labelled.append(["/".join(dict.fromkeys(labels)), stripped])
    return labelled


def test_line_labels(text_case: Path, request: pytest.FixtureRequest) -> None:
    known_gap(request, text_case)
    article, want = clean_case(text_case)
    got = line_labels(article)
    diffs = [(g, w) for g, w in zip(got, want["lines"], strict=False) if g != list(w)]
    assert len(got) == len(want["lines"])
    assert not diffs, "\n".join(f"got {g[0]!r:12} want {w[0]!r:12} {w[1][:70]}" for g, w in diffs)


def test_fields(text_case: Path, request: pytest.FixtureRequest) -> None:
    known_gap(request, text_case)
    article, want = clean_case(text_case)
    assert_fields(article, want)


def assert_fields(article: Article, want: dict[str, Any]) -> None:
    """Title, source, authors, date (raw and resolved) and language as the fixture pins them."""
    assert article.title == want["title"]
    assert article.source == want["source"]
    assert list(article.authors) == want["authors"]
    assert article.date_text == want["date_text"]
    published = article.published.isoformat() if article.published else None
    assert published == want["published"]
    assert article.language == want["language"]


def test_body_blocks(text_case: Path, request: pytest.FixtureRequest) -> None:
    known_gap(request, text_case)
    article, want = clean_case(text_case)
    assert [b.to_dict() for b in article.blocks] == want["blocks"]


def test_disclaimers_and_promos(text_case: Path, request: pytest.FixtureRequest) -> None:
    known_gap(request, text_case)
    article, want = clean_case(text_case)
    assert list(article.disclaimers) == want["disclaimers"]
    got = []
    for promo, spec in zip(article.promos, want["promos"], strict=False):
        got.append({k: promo.to_dict()[k] for k in spec})
    assert got == want["promos"]
    assert len(article.promos) == len(want["promos"])
