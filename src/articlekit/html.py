"""HTML input: render the page to text with its block structure, then the text path.

Script, style and other non-content elements are dropped; block-level elements start new
lines, paragraphs and headings get a blank line around them, so the text extractors see the
same shapes a copy-paste dump has. Segments then refer to this rendering (``Article.text``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .model import Article

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "head",
        "meta",
        "link",
        "button",
        "select",
        "option",
        "input",
        "textarea",
    ]
)
_PARAGRAPH = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "figure",
        "ul",
        "ol",
        "dl",
        "section",
        "article",
    ]
)
_LINE = frozenset(
    [
        "div",
        "li",
        "dt",
        "dd",
        "tr",
        "br",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "form",
        "figcaption",
        "caption",
        "address",
        "hr",
    ]
)


def render(markup: str) -> str:
    """The visible text of an HTML page, one block per line, blank lines around paragraphs."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    parts: list[str] = []
    skipping = 0  # depth inside an element whose text is not shown
    for event, node in etree.iterwalk(root, events=("start", "end")):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        hidden = not tag or tag in _SKIP
        if event == "start":
            if skipping or hidden:
                skipping += 1
                continue
            parts.append(_break(tag))
            if node.text:
                parts.append(node.text)
            continue
        if skipping:
            skipping -= 1
            if skipping == 0 and node.tail:
                parts.append(node.tail)
            continue
        parts.append(_break(tag))
        if node.tail:
            parts.append(node.tail)
    return _tidy("".join(parts))


def _break(tag: str) -> str:
    if tag in _PARAGRAPH:
        return "\n\n"
    return "\n" if tag in _LINE else ""


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    blank = True
    for line in lines:
        if line:
            out.append(line)
            blank = False
        elif not blank:
            out.append("")
            blank = True
    return "\n".join(out).strip() + "\n"


def clean_html(
    markup: str,
    *,
    now: datetime | None,
    language: str | None,
    url: str | None,
    split: Callable[..., Article],
) -> Article:
    """Render the page and run the text path over the rendering."""
    rendered = render(markup)
    warnings = () if rendered.strip() else ("the HTML holds no visible text",)
    return split(
        rendered, now=now, language=language, url=url, input_format="html", warnings=warnings
    )
