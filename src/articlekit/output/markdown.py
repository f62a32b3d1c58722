"""An Article as plain text and as Markdown (``Article.to_text()``, ``Article.to_markdown()``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from articlekit.model import Article

__all__ = ["article_markdown", "article_text"]


def article_text(article: Article) -> str:
    """Title, a blank line, then the body blocks (list items keep a "- " bullet): plain
    text that ``clean`` reads back to the same body."""
    parts = [article.title] if article.title else []
    parts += [f"- {b.text}" if b.kind == "list_item" else b.text for b in article.blocks]
    return "\n\n".join(parts) + ("\n" if parts else "")


def article_markdown(article: Article) -> str:
    """Title as ``#``, a by-line (authors, source, date) in italics, then the body blocks:
    sub-headings ``##``, quotes ``>``, list items ``-``, paragraphs as they are, one blank
    line between them."""
    lines: list[str] = []
    if article.title:
        lines += [f"# {_md_escape_line(article.title)}", ""]
    meta = []
    if article.authors:
        meta.append("By " + ", ".join(article.authors))
    if article.source:
        meta.append(article.source)
    if article.published is not None:
        meta.append(article.published.date().isoformat())
    elif article.date_text:
        meta.append(article.date_text)
    if meta:
        lines += ["*" + " · ".join(_md_escape_line(m) for m in meta) + "*", ""]
    for block in article.blocks:
        text = _md_escape_line(block.text)
        if block.kind == "heading":
            lines.append(f"## {text}")
        elif block.kind == "quote":
            lines.append(f"> {text}")
        elif block.kind == "list_item":
            lines.append(f"- {text}")
        else:
            lines.append(text)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_escape_line(text: str) -> str:
    """Keep a line from turning into Markdown structure it did not have."""
    if text[:1] in "#>-*+" or (text[:1].isdigit() and ". " in text[:4]):
        return "\\" + text
    return text
