"""The normaliser: claimed spans to clean text and body blocks.

Unicode NFC, invisible and no-break spaces, HTML entities, folded whitespace; hard-wrapped lines
were already joined into one block by the document model. Bullets and quote markers come off
list items and quotes. In a dump written in Markdown (an html-to-Markdown converter such as
html2text is one way dumps are made), its marks come off every block: heading marks, emphasis,
inline code, links (their text kept), images (dropped) and the backslash escapes that cannot
form a mark once bare, so the body reads as the page does whatever wrote the dump. (Repeated
paragraphs are relabelled by the pipeline, so the audit trail shows them.)
"""

from __future__ import annotations

import html
import re

from articlekit.model import Block
from articlekit.text import tokens as tx

_BULLET_RE = re.compile(r"^(?:[•●▪◦‣∙·*+\-–—]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+)")
_QUOTE_MARK_RE = re.compile(r"^(?:>\s?)+")
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
# Markdown, each pattern bounded and without nested quantifiers over one character class, so
# matching stays linear. A URL is a run of non-space characters with balanced parentheses one
# level deep ("(https://en.wikipedia.org/wiki/Foo_(bar))").
_URL = r"<?[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*>?"
_TITLE = r'(?:\s+"[^"\n]{0,300}")?'
_IMAGE_RE = re.compile(r"!\[[^\[\]\n]{0,500}\]\(" + _URL + _TITLE + r"\)")
_LINK_RE = re.compile(r"\[([^\[\]\n]{1,1000})\]\(" + _URL + _TITLE + r"\)")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]{1,2000})>")
_STRONG_RE = re.compile(r"(?<!\\)\*\*(?=\S)([^\n]{1,500}?)(?<=[^\s\\])\*\*")
_EMPHASIS_RE = re.compile(
    r"(?<![\w*\\])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*\\])\*(?![\w*])"
    r"|(?<![\w_\\])_(?=[^\s_])([^_\n]{1,500}?)(?<=[^\s_\\])_(?![\w_])"
)
_CODE_RE = re.compile(r"`([^`\n]{1,500})`")
# Only escapes whose character can form no mark once bare ("\\*" would make "*em*", which a
# second reading strips): the output cleaned again must read the same.
_ESCAPE_RE = re.compile(r"(?<!\\)\\([.\-+!{}|~])")
_HEADING_MARK_RE = re.compile(r"^#{1,6}[ \t]+|[ \t]+#{1,6}$")
#: Signs that a dump is Markdown (``reads_as_markdown``): a link or image's "](" before a URL
#: or path, a heading line, a strong run.
_SIGN_RE = re.compile(r"\]\((?:https?:|/|#|mailto:)|^#{1,6} \S|\*\*\S[^*\n]{0,200}\*\*", re.M)
MARKDOWN_SIGNS = 3
#: Rounds of stripping: marks inside marks ("*_em_*") come off one level a round, so that the
#: output holds none that cleaning it again would strip; deeper nesting stays (linear time).
_MARKDOWN_ROUNDS = 8
_MARKS = ("](", "*", "_", "`", "\\", "#", "<")


#: Most rounds of entity decoding: text escaped twice over ("&amp;lt;") is decoded through,
#: so that the output holds no entity that cleaning it again would decode.
_UNESCAPE_ROUNDS = 4


def clean_text(text: str) -> str:
    """One paragraph's text, normalised for output."""
    for _ in range(_UNESCAPE_ROUNDS):
        if "&" not in text or not _ENTITY_RE.search(text):
            break
        text = html.unescape(text)
    return tx.normalise(text)


def strip_markdown(text: str) -> str:
    """The text without Markdown's marks; text without any of them is returned as it is."""
    for _ in range(_MARKDOWN_ROUNDS):
        if not any(mark in text for mark in _MARKS):
            break
        stripped = _strip_marks_once(text)
        if stripped == text:
            break
        text = stripped
    return text


def _strip_marks_once(text: str) -> str:
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _STRONG_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub(lambda m: m.group(1) or m.group(2), text)
    text = _CODE_RE.sub(r"\1", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return _HEADING_MARK_RE.sub("", text).strip()


def reads_as_markdown(text: str) -> bool:
    """Whether a dump is written in Markdown: at least ``MARKDOWN_SIGNS`` links, images,
    heading lines or strong runs in it. A browser's or html-text's dump has none, and a page
    whose text merely holds an asterisk or a bracket keeps it."""
    signs = enumerate(_SIGN_RE.finditer(text), start=1)
    return any(found >= MARKDOWN_SIGNS for found, _ in signs)


def block(kind: str, raw: str, *, markdown: bool = False) -> Block:
    """One body block for output; ``markdown`` (the dump is Markdown) takes its marks off."""
    text = clean_text(raw)
    if markdown:
        text = strip_markdown(text)
    if kind == "list_item":
        text = _BULLET_RE.sub("", text, count=1)
    elif kind == "quote":
        text = _QUOTE_MARK_RE.sub("", text, count=1)
    return Block(kind, text)
