"""Hand-computed cases for the WCXB word F1 in benchmarks/metrics.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402

approx = pytest.approx


def test_wcxb_words_are_lowercased_w_runs_underscore_kept() -> None:
    # \w+ keeps the underscore (unlike the bag-of-tokens metric) and splits on punctuation
    assert metrics.wcxb_words("The snake_case, THE 3.5%! Ça") == {
        "the": 2,
        "snake_case": 1,
        "3": 1,
        "5": 1,
        "ça": 1,
    }


def test_wcxb_word_f1_partial_overlap() -> None:
    # pred: a a b c (4), gold: a b b d e (5); overlap min counts: a 1, b 1 = 2.
    s = metrics.wcxb_word_f1("a a b c", "A b b d e")
    assert s.precision == approx(2 / 4)
    assert s.recall == approx(2 / 5)
    assert s.f1 == approx(2 * 0.5 * 0.4 / 0.9)


def test_wcxb_word_f1_ignores_order_and_layout() -> None:
    assert metrics.wcxb_word_f1("world\n\nHello", "hello world") == metrics.PRF(1.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ("", "", (1.0, 1.0, 1.0)),
        (None, "some gold", (0.0, 0.0, 0.0)),
        ("noise only", "", (0.0, 1.0, 0.0)),
        ("--", "gold", (0.0, 0.0, 0.0)),
    ],
)
def test_wcxb_word_f1_empty_edges(
    pred: str | None, gold: str, expected: tuple[float, float, float]
) -> None:
    s = metrics.wcxb_word_f1(pred, gold)
    assert (s.precision, s.recall, s.f1) == approx(expected)


def test_summarise_wcxb_means_per_type_and_overall() -> None:
    pages = [
        ("article", metrics.PRF(1.0, 1.0, 1.0)),
        ("article", metrics.PRF(0.5, 0.5, 0.5)),
        ("forum", metrics.PRF(0.0, 1.0, 0.0)),
        (None, metrics.PRF(1.0, 0.5, 2 / 3)),
    ]
    summary = metrics.summarise_wcxb(pages)
    assert list(summary) == ["all", "article", "forum"]
    assert summary["all"].pages == 4
    assert summary["all"].f1 == approx((1.0 + 0.5 + 0.0 + 2 / 3) / 4)
    assert summary["all"].precision == approx(2.5 / 4)
    assert summary["article"].f1 == approx(0.75)
    assert summary["article"].share_good == approx(0.5)
    assert summary["forum"].pages == 1
    assert summary["forum"].f1 == 0.0


def test_summarise_wcxb_of_nothing_is_all_zero() -> None:
    summary = metrics.summarise_wcxb([])
    assert summary == {"all": metrics.BagSummary(0.0, 0.0, 0.0, 0.0, 0)}
