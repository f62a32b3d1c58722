"""Hand-computed cases for benchmarks/metrics.py: the numbers the evaluation rests on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402

approx = pytest.approx


# -- bag of tokens ---------------------------------------------------------------------------


def test_bag_tokens_are_lowercased_word_and_number_runs() -> None:
    assert metrics.bag_tokens("The cat_2, THE 3.5%! Ça") == {
        "the": 2,
        "cat": 1,
        "2": 1,
        "3": 1,
        "5": 1,
        "ça": 1,
    }


def test_bag_of_tokens_partial_overlap() -> None:
    # pred: a a b c (4), gold: a b b d e (5); multiset intersection a, b = 2.
    s = metrics.bag_of_tokens("a a b c", "A b b d e")
    assert s.precision == approx(2 / 4)
    assert s.recall == approx(2 / 5)
    assert s.f1 == approx(2 * 0.5 * 0.4 / 0.9)


def test_bag_of_tokens_identical_and_disjoint() -> None:
    assert metrics.bag_of_tokens("Hello, world.", "hello\n\nWORLD") == metrics.PRF(1.0, 1.0, 1.0)
    assert metrics.bag_of_tokens("one two", "three four") == metrics.PRF(0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ("", "", (1.0, 1.0, 1.0)),  # nothing to find, nothing found
        (None, "some gold", (0.0, 0.0, 0.0)),  # empty answer to a real page
        ("noise only", "", (0.0, 1.0, 0.0)),  # output where there should be none
        ("...", "gold", (0.0, 0.0, 0.0)),  # punctuation only is empty
    ],
)
def test_bag_of_tokens_empty_edges(
    pred: str | None, gold: str, expected: tuple[float, float, float]
) -> None:
    s = metrics.bag_of_tokens(pred, gold)
    assert (s.precision, s.recall, s.f1) == approx(expected)


def test_summarise_bag_averages_pages_and_counts_good_share() -> None:
    pages = [metrics.PRF(1.0, 0.8, 0.9), metrics.PRF(0.5, 0.5, 0.5), metrics.PRF(1, 1, 1)]
    s = metrics.summarise_bag(pages)
    assert (s.precision, s.recall, s.f1) == approx((2.5 / 3, 2.3 / 3, 2.4 / 3))
    assert s.share_good == approx(2 / 3)  # 0.9 counts as good
    assert s.pages == 3


def test_summarise_bag_of_nothing_is_zero() -> None:
    assert metrics.summarise_bag([]).f1 == 0.0


# -- shingles --------------------------------------------------------------------------------


def test_shingles_keep_case_and_slide_by_one() -> None:
    assert metrics.shingles("A b c d E") == {("A", "b", "c", "d"): 1, ("b", "c", "d", "E"): 1}


def test_short_text_is_one_shingle_and_empty_is_none() -> None:
    assert metrics.shingles("just two") == {("just", "two"): 1}
    assert metrics.shingles(" ,. ") == {}


def test_shingle_counts_are_normalised() -> None:
    # gold tokens a..f: shingles abcd bcde cdef; pred a..e: abcd bcde. tp 2, fp 0, fn 1.
    c = metrics.shingle_counts("a b c d e", "a b c d e f")
    assert (c.tp, c.fp, c.fn) == approx((2 / 3, 0.0, 1 / 3))
    assert c.precision == approx(1.0)
    assert c.recall == approx(2 / 3)


def test_shingle_counts_use_multiset_minimum() -> None:
    # pred repeats the gold twice: 5 shingles (abcd bcda cdab dabc abcd) vs gold's 1 (abcd).
    c = metrics.shingle_counts("a b c d a b c d", "a b c d")
    assert (c.tp, c.fp, c.fn) == approx((1 / 5, 4 / 5, 0.0))


def test_shingles_are_case_sensitive() -> None:
    assert metrics.shingle_counts("The cat sat down", "the cat sat down").tp == 0.0


@pytest.mark.parametrize(
    ("pred", "gold", "precision", "recall"),
    [
        ("", "", 1.0, 1.0),
        ("", "a real gold body here", 0.0, 0.0),
        ("predicted text but no gold", "", 0.0, 1.0),
    ],
)
def test_shingle_empty_edges(pred: str, gold: str, precision: float, recall: float) -> None:
    c = metrics.shingle_counts(pred, gold)
    assert (c.precision, c.recall) == (precision, recall)


def test_summarise_shingles_is_harmonic_mean_of_mean_p_and_r() -> None:
    perfect = metrics.shingle_counts("a b c d", "a b c d")
    empty = metrics.shingle_counts("", "a b c d")  # precision 0 and recall 0
    half = metrics.shingle_counts("a b c d e f g", "a b c d")  # p 1/4, r 1
    s = metrics.summarise_shingles([perfect, empty, half])
    p, r = (1 + 0 + 0.25) / 3, (1 + 0 + 1) / 3
    assert (s.precision, s.recall) == approx((p, r))
    assert s.f1 == approx(2 * p * r / (p + r))


# -- snippets --------------------------------------------------------------------------------


def test_snippets_match_across_whitespace_but_keep_case() -> None:
    body = "First line of\nthe story.\n\nSubscribe  now!"
    c = metrics.snippet_counts(
        body,
        with_=["line of the story", "First Line", "missing bit"],
        without=["Subscribe now", "Cookie banner"],
    )
    assert c == metrics.SnippetCounts(tp=1, fp=1, fn=2)


def test_empty_snippets_and_body() -> None:
    assert metrics.snippet_counts(None, ["x y"], ["z"]) == metrics.SnippetCounts(0, 0, 1)
    assert metrics.snippet_counts("anything", ["  "], [""]) == metrics.SnippetCounts(0, 0, 0)


def test_snippets_are_pooled_not_averaged() -> None:
    pooled = metrics.pool_snippets([metrics.SnippetCounts(3, 0, 0), metrics.SnippetCounts(0, 2, 1)])
    assert pooled == metrics.SnippetCounts(3, 2, 1)
    s = pooled.scores()
    assert (s.precision, s.recall, s.f1) == approx((3 / 5, 3 / 4, 6 / 9))


def test_snippet_scores_of_no_snippets_are_perfect() -> None:
    assert metrics.SnippetCounts(0, 0, 0).scores() == metrics.PRF(1.0, 1.0, 1.0)


# -- metadata --------------------------------------------------------------------------------


def test_title_match_ignores_case_width_and_spacing_only() -> None:
    assert metrics.title_matches("  Big   NEWS\u00a0today ", "big news today")
    assert not metrics.title_matches("Big news today - Site", "Big news today")
    assert not metrics.title_matches(None, "Big news today")


def test_authors_match_as_sets() -> None:
    assert metrics.authors_match(("Jane Roe", "John Doe"), "John Doe; Jane Roe")
    assert metrics.authors_match("john doe", "John Doe")
    assert not metrics.authors_match(("John Doe",), "John Doe; Jane Roe")
    assert not metrics.authors_match((), "John Doe")


def test_date_match_is_by_calendar_day() -> None:
    assert metrics.date_matches("2019-11-19T08:00:00-05:00", "2019-11-19")
    assert not metrics.date_matches("2019-11-20", "2019-11-19")
    assert not metrics.date_matches(None, "2019-11-19")
