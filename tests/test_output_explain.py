"""``articlekit.output.explain``: the terminal view of an Article built by hand."""

from __future__ import annotations

import re

from articlekit import Article, Promo, Segment, explain
from articlekit.output.explain import _clip

from .handmade import built

SGR = re.compile(r"\x1b\[[0-9;]*m")


def storm() -> Article:
    return built(
        ("title", "Storm closes schools"),
        ("blank", "\n\n"),
        ("byline", "By Jane"),
        ("blank", "\n"),
        ("body", "Heavy snow fell across the region on Tuesday and the roads were closed.\x1b[2J"),
        ("blank", "\n"),
        ("promo", "Markets rally"),
        ("chrome", "Share", "pipeline"),
        title="Storm closes schools",
        warnings=("no date",),
        promos=(
            Promo("teaser", "Markets rally", title="Markets rally", author="Mitrade", age="13h"),
            Promo("cta", "Gone"),
        ),
    )


EXPECTED = """\
Storm closes schools
unknown language · text · 124 chars · 8 segments · body 75 chars (62% of the text)
warning: no date

label        segments    chars   share
title               1       20     16%
byline              1        7    5.6%
body                1       75     60%
promo               1       13     10%
chrome              1        5    4.0%
blank               3        4    3.2%

decisions (5; whitespace between them not shown)
          0–20  title       title: rule 0
                Storm closes schools
         22–29  byline      byline: rule 2
                By Jane
        30–105  body        body: rule 4
                Heavy snow fell across …
       106–119  promo       promo: rule 6
                Markets rally
       119–124  chrome      pipeline: rule 7
                Share

promos (2)
   1  teaser Markets rally  at 106
             author    Mitrade
             age       13h
   2  cta    Gone  not located in the text
"""


def test_the_whole_report() -> None:
    assert explain(storm(), width=40) == EXPECTED


def test_colour_only_adds_sgr_codes() -> None:
    coloured = explain(storm(), colour=True, width=40)
    assert SGR.sub("", coloured) == EXPECTED
    assert "\x1b[1;35mtitle       \x1b[0m" in coloured  # the label column, padded inside
    assert "\x1b[33mwarning: no date\x1b[0m" in coloured


def test_width_has_a_floor_and_long_reasons_wrap() -> None:
    assert explain(storm(), width=5) == explain(storm(), width=40)
    reason = " ".join(["word"] * 30)
    article = Article(text="abc", segments=(Segment("body", 0, 3, "x", reason),))
    lines = explain(article, width=60).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("           0–3"))
    assert lines[first].endswith("x: word word word word word word")  # 60 - 28 columns
    assert lines[first + 1] == " " * 28 + "word word word word word word"


def test_no_title_and_no_segments() -> None:
    out = explain(Article(text=""))
    assert out.startswith("(no title found)\nunknown language · text · 0 chars · 0 segments")
    assert "decisions (0;" in out and out.endswith("promos (0)\n")


def test_clip_counts_terminal_columns() -> None:
    assert _clip("abcdef", 6) == "abcdef"
    assert _clip("abcdef", 4) == "abc…"
    assert _clip("中文字", 6) == "中文字"
    assert _clip("中文字", 4) == "中…"  # wide characters take two columns
    assert _clip("e\u0301" * 4, 4) == "e\u0301" * 4  # combining marks take none
