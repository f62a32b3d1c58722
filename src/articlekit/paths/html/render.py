"""Render a parsed page (:mod:`articlekit.paths.html.parse`) to text with its block structure,
one block per line.

The rendering is what ``Article.text`` holds for HTML input: script, style and other
non-content elements are dropped; block-level elements start a new line; paragraphs,
headings, lists and sections get a blank line around them; whitespace inside text is folded as
a browser folds it (``<pre>`` keeps its lines). Each line remembers what the markup said about
it: the kind of block it is (heading, quote, list item), how much of it is link text, the
verdicts of the classified elements it sits in (see :mod:`articlekit.paths.html.widgets`) and
its innermost block element, so later steps can label the line without walking the tree
again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from articlekit.paths.html import widgets as widgets
from articlekit.paths.html.parse import parse

#: Elements whose content is never shown as text.
SKIP = frozenset(
    [
        "script",
        "style",
        "template",
        "svg",
        "math",
        "canvas",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "map",
        "area",
        "dialog",
    ]
)
#: Elements that stand apart from their neighbours with a blank line.
PARAGRAPH = frozenset(
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
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "form",
        "hr",
        "details",
        "fieldset",
        "hgroup",
        "address",
    ]
)
#: Elements that start a new line.
LINE = frozenset(
    [
        "div",
        "li",
        "dt",
        "dd",
        "tr",
        "br",
        "figcaption",
        "caption",
        "summary",
        "legend",
        "center",
        "menu",
        "dir",
        "option",
        "tbody",
        "thead",
        "tfoot",
        "label",
        "picture",
    ]
)
CELLS = frozenset(["td", "th"])
#: Inline elements: no break, no verdict of their own, no hidden check (the short path).
INLINE = frozenset(
    [
        "a",
        "span",
        "b",
        "i",
        "em",
        "strong",
        "small",
        "big",
        "sup",
        "sub",
        "u",
        "s",
        "font",
        "abbr",
        "cite",
        "code",
        "time",
        "mark",
        "q",
        "bdi",
        "bdo",
        "kbd",
        "samp",
        "var",
        "ins",
        "del",
        "strike",
        "tt",
        "dfn",
        "img",
        "wbr",
        "nobr",
        "data",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_WS_RE = re.compile(r"\s+")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
#: A nesting depth past which the walk stops descending (pathological pages).
MAX_DEPTH = 400


@dataclass(slots=True)
class Line:
    """One line of the rendering: ``text`` is ``rendering[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    blank_before: bool
    kind: str  # paragraph, heading, quote, list_item, cell, pre, caption
    tag: str  # the innermost block-level element it started in
    heading_level: int  # 1-6 for h1-h6, else 0
    link_chars: int  # characters of link text
    verdicts: tuple[widgets.Verdict, ...]  # the classified elements it is in, outermost first
    widget_chars: int  # characters under a classified element
    element: Any = None  # the innermost block-level lxml element it started in

    @property
    def verdict(self) -> widgets.Verdict | None:
        """The innermost classified element's verdict."""
        return self.verdicts[-1] if self.verdicts else None


@dataclass(slots=True)
class Rendering:
    text: str
    lines: list[Line] = field(default_factory=list)
    lang: str | None = None  # <html lang>
    truncated: bool = False  # the walk stopped at MAX_DEPTH somewhere


# long: the per-node walk that runs over every element of every page, kept one function on
# purpose for speed: its state in local variables and closures (cells, not attribute lookups),
# the common text cases inlined; measured when it was written (6d9cb10, docs/html.md).
def render_tree(root: Any, rules: widgets.Rules | None = None) -> Rendering:
    """One walk over the tree: the rendering, its lines and what the markup says of each.

    Written for speed (it runs on every page, next to trafilatura): one ``iterwalk`` pass,
    subtrees that show no text skipped whole, inline elements on a short path, state in
    local variables."""
    from lxml import etree

    r = rules or widgets.rules()
    classify = widgets.classify
    widget_tags = widgets.TAGS
    parts: list[str] = []
    lines: list[Line] = []
    pos = 0
    chunks: list[str] = []  # the pieces of the line being built
    pending = 2  # break before the next line: 1 new line, 2 blank line (the start counts as 2)
    line_link = line_widget = 0
    line_ctx: tuple[str, str, int, Any] = ("paragraph", "body", 0, root)
    line_verdicts: tuple[widgets.Verdict, ...] = ()
    verdicts: tuple[widgets.Verdict, ...] = ()  # the classified elements open, outermost first
    ctx: tuple[str, str, int, Any] = ("paragraph", "body", 0, root)
    cstack: list[tuple[Any, tuple[str, str, int, Any]]] = []
    in_link = pre = depth = 0
    truncated = skipped = False

    def flush() -> None:
        nonlocal pos, pending, line_link, line_widget
        text = "".join(chunks).strip()
        chunks.clear()
        if text:
            if "  " in text:
                text = _WS_RE.sub(" ", text)
            if lines:
                sep = "\n\n" if pending >= 2 else "\n"
                parts.append(sep)
                pos += len(sep)
            start = pos
            parts.append(text)
            pos += len(text)
            n = len(text)
            kind, tag, level, element = line_ctx
            lines.append(
                Line(
                    len(lines),
                    start,
                    pos,
                    text,
                    pending >= 2,
                    kind,
                    tag,
                    level,
                    line_link if line_link < n else n,
                    line_verdicts,
                    line_widget if line_widget < n else n,
                    element,
                )
            )
            pending = 0
        line_link = line_widget = 0

    def brk(strength: int) -> None:
        nonlocal pending
        if chunks:
            flush()
        if strength > pending:
            pending = strength

    def put(text: str) -> None:
        nonlocal line_ctx, line_verdicts, line_link, line_widget
        if not chunks:
            text = text.lstrip()
            if not text:
                return
            line_ctx = ctx
            line_verdicts = verdicts
        chunks.append(text)
        if in_link:
            line_link += len(text)
        if verdicts:
            line_widget += len(text)

    def add(text: str) -> None:
        if pre:  # each source line of a <pre> is a line of its own
            pieces = text.split("\n")
            last = len(pieces) - 1
            for i, piece in enumerate(pieces):
                if i:
                    brk(1)
                piece = piece.replace("\t", "    ")
                if piece.strip():
                    put(piece.rstrip() if i < last else piece)
                elif piece and chunks and i == last:
                    # the space between two highlighted tokens (<span>def</span> <span>f</span>)
                    chunks.append(" ")
            return
        if text.isspace():
            if chunks and chunks[-1][-1:] != " ":
                chunks.append(" ")
            return
        if not text.isprintable() or "  " in text:  # newlines, tabs, odd spaces: fold them
            text = _WS_RE.sub(" ", text)
        # put(text), inlined: this runs for every text node
        nonlocal line_ctx, line_verdicts, line_link, line_widget
        if not chunks:
            text = text.lstrip()
            if not text:
                return
            line_ctx = ctx
            line_verdicts = verdicts
        chunks.append(text)
        if in_link:
            line_link += len(text)
        if verdicts:
            line_widget += len(text)

    # Comments and processing instructions are gone (the parser drops them); were a tree to
    # hold some, their tails would still show through the "comment" and "pi" events.
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if tag.__class__ is not str:  # an entity or other non-element node
                walker.skip_subtree()
                skipped = True
                continue
            depth += 1  # (lxml.html gives tag names in lower case)
            if tag in SKIP or depth > MAX_DEPTH:
                truncated = truncated or depth > MAX_DEPTH
                walker.skip_subtree()
                skipped = True
                continue
            if tag in INLINE:
                if tag == "a":
                    in_link += 1
                text = node.text
                if text:
                    if pre or not text.isspace():
                        add(text)
                    elif chunks and chunks[-1][-1:] != " ":
                        chunks.append(" ")
                continue
            hidden = False
            cls = ident = role = None
            for key, value in node.items():  # one call for all attributes (usually 0-3)
                if key == "class":
                    cls = value
                elif key == "id":
                    ident = value
                elif key == "role":
                    role = value
                elif key == "hidden" or (key == "style" and _HIDDEN_STYLE_RE.search(value)):
                    hidden = True
            if hidden:
                walker.skip_subtree()
                skipped = True
                continue
            if cls or ident or role or tag in widget_tags:
                found = classify(node, tag, cls, ident, role, r)
                if found is not None:
                    verdicts = (*verdicts, found)
            if tag in PARAGRAPH:
                brk(2)
            elif tag in LINE:
                brk(1)
            elif tag in CELLS and chunks:
                chunks.append(" | ")
            if tag in PARAGRAPH or tag in LINE or tag in CELLS:
                cstack.append((node, ctx))
                kind = _kind(tag, ctx[0])
                level = int(tag[1]) if tag in HEADINGS else ctx[2] if kind == "heading" else 0
                ctx = (kind, tag, level, node)
            if tag == "pre":
                pre += 1
            text = node.text
            if text:
                if pre or not text.isspace():
                    add(text)
                elif chunks and chunks[-1][-1:] != " ":
                    chunks.append(" ")
            continue
        if event != "end":  # a comment or processing instruction: only its tail shows
            if node.tail:
                add(node.tail)
            continue
        if skipped:  # the end of a subtree skipped whole: only its tail shows
            skipped = False
            if node.tag.__class__ is str:
                depth -= 1
            if node.tail:
                add(node.tail)
            continue
        depth -= 1
        tag = node.tag
        if tag in INLINE:
            if tag == "a":
                in_link -= 1
        else:
            if tag in PARAGRAPH:
                brk(2)
            elif tag in LINE:
                brk(1)
            if verdicts and verdicts[-1].element is node:
                verdicts = verdicts[:-1]
            if cstack and cstack[-1][0] is node:
                ctx = cstack.pop()[1]
            if tag == "pre":
                pre -= 1
        tail = node.tail
        if tail:
            if pre or not tail.isspace():
                add(tail)
            elif chunks and chunks[-1][-1:] != " ":  # the common case, inlined: indentation
                chunks.append(" ")
    flush()
    text = "".join(parts)
    if text:
        text += "\n"
    lang = root.get("lang") if root.tag.__class__ is str else None
    return Rendering(text, lines, lang.strip().lower()[:2] if lang else None, truncated)


def _kind(tag: str, parent: str) -> str:
    if tag in HEADINGS:
        return "heading"
    if tag == "blockquote":
        return "quote"
    if tag == "li" or tag == "dd" or tag == "dt":
        return "list_item"
    if tag in CELLS:
        return "cell"
    if tag == "pre":
        return "pre"
    if tag in ("figcaption", "caption"):
        return "caption"
    if parent in ("quote", "heading", "caption", "pre") or (parent == "list_item" and tag != "ul"):
        return parent
    return "paragraph"


def render(markup: str) -> str:
    """The visible text of an HTML page, one block per line, blank lines around paragraphs."""
    root = parse(markup)
    if root is None:
        return ""
    return render_tree(root).text
