"""``articlekit.output.markdown``: Article.to_text and to_markdown of Articles built by hand."""

from __future__ import annotations

from datetime import datetime, timezone

from articlekit import Article, Block
from articlekit.output.markdown import article_markdown, article_text

BLOCKS = (
    Block("paragraph", "First paragraph."),
    Block("heading", "A sub-heading"),
    Block("quote", "Said someone."),
    Block("list_item", "one item"),
    Block("paragraph", "# not a heading"),
    Block("paragraph", "1. not a list"),
    Block("paragraph", "10. not a list either"),
    Block("paragraph", "2025 was a year. Fine."),
)


def test_text() -> None:
    article = Article(text="", title="Title", blocks=BLOCKS[:4])
    assert article_text(article) == (
        "Title\n\nFirst paragraph.\n\nA sub-heading\n\nSaid someone.\n\n- one item\n"
    )
    assert article.to_text() == article_text(article)


def test_text_of_an_empty_article_is_empty() -> None:
    assert article_text(Article(text="")) == ""
    assert article_text(Article(text="", title="Only a title")) == "Only a title\n"


def test_markdown() -> None:
    published = datetime(2025, 7, 23, 12, tzinfo=timezone.utc)
    article = Article(
        text="",
        title="#1 story",
        authors=("Jane Doe", "Li Wei"),
        source="- The Paper",
        published=published,
        date_text="ignored when a date was read",
        blocks=BLOCKS,
    )
    assert article_markdown(article) == (
        "# \\#1 story\n\n"
        "*By Jane Doe, Li Wei · \\- The Paper · 2025-07-23*\n\n"
        "First paragraph.\n\n## A sub-heading\n\n> Said someone.\n\n- one item\n\n"
        "\\# not a heading\n\n\\1. not a list\n\n\\10. not a list either\n\n"
        "2025 was a year. Fine.\n"
    )
    assert article.to_markdown() == article_markdown(article)


def test_markdown_by_line_falls_back_to_the_date_as_written() -> None:
    article = Article(text="", date_text="yesterday", blocks=(Block("paragraph", "x"),))
    assert article_markdown(article) == "*yesterday*\n\nx\n"


def test_markdown_of_an_empty_article_is_one_newline() -> None:
    assert article_markdown(Article(text="")) == "\n"
