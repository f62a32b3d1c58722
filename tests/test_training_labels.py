"""Gold line labels and the oracle of training/labels.py (needs the ``train`` extra)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

pytest.importorskip(
    "rapidfuzz", reason="training/ needs the train extra: pip install -e '.[train]'"
)

from training import labels  # noqa: E402

RENDERING = """Home | News | Sport

Big storm hits the coast
By A. Writer

The storm reached the coast on Monday night, and the town lost power.
Officials said the damage was the worst in a decade.
Read more: the best umbrellas of the year
Home
"""

GOLD = """Big storm hits the coast

The storm reached the coast on Monday night, and the town lost power. Officials said the
damage was the worst in a decade."""


def test_lines_are_the_non_blank_lines_with_their_numbers() -> None:
    lines = labels.split_lines("a b\n\n  \nc\n")
    assert [(line.text, line.number, line.tokens) for line in lines] == [
        ("a b", 0, ("a", "b")),
        ("c", 3, ("c",)),
    ]


def test_gold_alignment_labels_body_lines_only() -> None:
    lines, found = labels.label_page(RENDERING, GOLD)
    by_text = {line.text: label for line, label in zip(lines, found, strict=True)}
    assert by_text == {
        "Home | News | Sport": False,
        "Big storm hits the coast": True,
        "By A. Writer": False,
        "The storm reached the coast on Monday night, and the town lost power.": True,
        "Officials said the damage was the worst in a decade.": True,
        # "the" and "of" may be picked up by the alignment, but not as a run: not body
        "Read more: the best umbrellas of the year": False,
        "Home": False,
    }
    body = labels.oracle_body(lines, found)
    assert body.splitlines()[0] == "Big storm hits the coast"
    assert "Read more" not in body


def test_case_and_layout_do_not_hide_the_gold() -> None:
    # a browser's text-transform: uppercase, and a paragraph hard-wrapped over two lines
    lines, found = labels.label_page(
        "MENU\nBIG STORM HITS\nthe coast today\n", "Big storm hits the coast today"
    )
    assert found == [False, True, True]


def test_snippets_label_body_not_body_and_unknown() -> None:
    rendering = (
        "Home\nLe chlorothalonil sera interdit en\n**Suisse** dès 2020.\nPlus de sujets\nOther\n"
    )
    meta = {
        "with": ["chlorothalonil sera interdit en Suisse dès"],
        "without": ["Plus de sujets", "Home"],
    }
    _, found = labels.label_page(rendering, None, meta)
    assert found == [False, True, True, False, None]


def test_a_snippet_cut_inside_a_word_still_matches() -> None:
    _, found = labels.label_page(
        "x\nla normalisation des rapports\n", None, {"with": ["sation des rapp"]}
    )
    assert found == [None, True]


def test_a_one_word_without_snippet_does_not_condemn_a_sentence() -> None:
    _, found = labels.label_page("We went home after the match.\n", None, {"without": ["home"]})
    assert found == [None]


def test_no_labels_at_all_means_unknown() -> None:
    _, found = labels.label_page("a\nb\n", None, {})
    assert found == [None, None]
