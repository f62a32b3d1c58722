"""Dumps written by an html-to-Markdown converter (html2text): wrapped paragraphs are one
block each, and the body carries no Markdown marks."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import articlekit
from articlekit.text import document
from articlekit.text.normalise import reads_as_markdown, strip_markdown
from tests.scaling import assert_linear

PARAGRAPHS = [
    "The council met on Tuesday and agreed, after a long debate about the harbour, that the "
    "budget for the new ferry terminal would be cut by a third and the work put off a year.",
    "Residents who spoke at the meeting said the delay would cost the town's shops dearly, "
    "since the summer visitors come by boat and the old pier is already closed to them.",
    "The mayor said the **council had no choice**: the [national grant](https://example.org/"
    "grants_(2025)) the town applied for was refused in March, and the reserves are low.",
]


def _html2text_dump() -> str:
    words = ["News", "Sport", "Weather", "Opinion", "Culture", "Travel", "Video", "Shop"]
    menu = "\n".join(f"  * {w}" for w in words)
    body = "\n\n".join(textwrap.fill(p, 78) for p in PARAGRAPHS)
    more = "\n".join(f"  * Related story number {i}" for i in range(12))
    return f"{menu}\n\n# Ferry terminal budget cut by a third\n\n{body}\n\n{more}\n"


def test_wrapped_paragraphs_among_short_lines_are_one_block_each() -> None:
    dump = _html2text_dump()
    doc = document.build(dump)
    assert document.wrap_width(doc.lines) is not None
    texts = [b.text for b in doc.blocks]
    for paragraph in PARAGRAPHS[:2]:
        assert paragraph in texts


def test_a_dump_of_short_lines_alone_is_not_read_as_wrapped() -> None:
    lines = [f"Menu item {i}" for i in range(40)] + ["A" * 60, "B" * 61, "C" * 59]
    assert document.wrap_width(document.split_lines("\n".join(lines))) is None


def test_the_body_of_a_markdown_dump_reads_without_marks() -> None:
    article = articlekit.clean(_html2text_dump())
    body = article.body or ""
    assert "council had no choice" in body and "national grant" in body
    for mark in ("**", "](", "https://example.org"):
        assert mark not in body
    assert article.title == "Ferry terminal budget cut by a third"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("**Das Resultat:** Je mehr", "Das Resultat: Je mehr"),
        ("see [the report](https://x.org/a_(b)) now", "see the report now"),
        ('a [link](https://x.org "its title") here', "a link here"),
        ("![a photo](photo.png) Caption", "Caption"),
        ("## Heading ##", "Heading"),
        ("_it_ and *em* and `code`", "it and em and code"),
        ("<https://x.org/page>", "https://x.org/page"),
        ("2019\\. A year", "2019. A year"),
        # left alone: no mark, or a mark that would change a second reading once bare
        ("snake_case and 5 * 3 * 2 and __init__", "snake_case and 5 * 3 * 2 and __init__"),
        ("\\*not em\\*", "\\*not em\\*"),
        ("#hashtag stays", "#hashtag stays"),
        ("C:\\Users\\me", "C:\\Users\\me"),
    ],
)
def test_strip_markdown(text: str, plain: str) -> None:
    assert strip_markdown(text) == plain


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab *_`[]()!#\\<>:/.-x")), max_size=60))
def test_strip_markdown_is_idempotent(text: str) -> None:
    once = strip_markdown(text)
    assert strip_markdown(once) == once


@pytest.mark.parametrize("unit", ["**a", "[a", "*a ", "_a ", "`a", "![", "[a](", "\\", "<http://a"])
def test_strip_markdown_is_linear(unit: str) -> None:
    assert_linear(lambda n: strip_markdown(unit * n), 4000)


def test_marks_stay_in_a_dump_that_is_not_markdown() -> None:
    line = "The **only** asterisks in this long paragraph are kept, since nothing else here is "
    line += "written in Markdown and the writer may have meant them, as the editors said."
    dump = "\n\n".join([PARAGRAPHS[0], line, PARAGRAPHS[1]])
    assert not reads_as_markdown(dump)
    assert reads_as_markdown(_html2text_dump())
    assert "**only**" in (articlekit.clean(dump).body or "")


def test_html_keeps_a_page_s_literal_marks() -> None:
    html = ("<html><body><article><h1>Writing links</h1>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
            + "<p>In Markdown a link is written [text](https://example.org/page), and **bold** "
              "text between two pairs of asterisks, as the guide for new writers explains.</p>"
            "</article></body></html>")  # fmt: skip
    body = articlekit.clean(html, format="html").body or ""
    assert "[text](https://example.org/page)" in body and "**bold**" in body
