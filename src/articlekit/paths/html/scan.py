"""Linear scans of raw markup: the repairs made before the parse, and the text of markup with
its tags stripped, each in time proportional to the markup.

A regular expression that looks for an end from every place a start occurs (``<[^>]*>``,
``<script\\b.*?</script>``, ``(<html[^>]*?)\\s*/>``) rescans the rest of the markup from each
start that has no end, so a page of unclosed starts costs the square of its length (issue 17).
The scans here look for each end once: a start whose end is missing tells that every later start
of that kind lacks it too. The one pattern applied to the whole markup
(:data:`_UP_TO_CROWDED`) is built from possessive and atomic pieces over disjoint character
classes, so it never backtracks further than one piece.

Tags with very many attributes are capped before libxml2 sees them (:func:`cap_attributes`):
its parser checks each attribute against every earlier one of the tag, and lxml's
``element.items()`` looks each attribute up by name, both quadratic in the attributes of one
tag. No tag of a real page has :data:`MAX_ATTRIBUTES`; a tag that has more keeps that many.
"""

from __future__ import annotations

import re
from functools import cache

#: Attributes one tag keeps; past them, the rest of the tag's attributes are dropped.
MAX_ATTRIBUTES = 256

# One attribute, read as the HTML5 tokenizer reads a start tag (libxml2 2.14 follows it):
# separators (whitespace, "/"; "<" too, so no tag start inside a tag is scanned again), a name,
# and an optional "=" value, quoted (an unclosed quote runs to the end, as the tokenizer's does)
# or not. Each piece possessive, each attribute atomic: no backtracking into what matched.
_ATTR = (
    rb"(?>[\s/<]*+[^\s/<>=]++"
    rb"""(?:\s*+=\s*+(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|[^\s<>]*+))?)"""
)
_OPEN = rb"<[a-zA-Z][^\s/<>]*+"
_CROWDED = _OPEN + _ATTR + b"{%d}" % MAX_ATTRIBUTES
#: Elements whose content is text, not markup (a "<" in a script starts no tag), each to its
#: close. (One alternative each: a back-reference inside a possessive repeat trips a bug in
#: Python 3.11's re.)
_RAW = [b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes"]
_SKIP = b"|".join(
    [
        rb"<!--(?:[^-]++|-(?!->))*+(?:-->|\Z)",  # a comment
        *(
            b"<" + name + rb"(?=[\s/>])" + _ATTR + rb"*+[\s/<]*+"
            rb"(?:>(?:[^<]++|<(?!/" + name + rb"[\s/>]))*+)?"
            for name in _RAW
        ),
        _OPEN + _ATTR + rb"*+",  # a tag
        rb"[^<]++|<",  # text
    ]
)
#: Everything before the first tag with more than MAX_ATTRIBUTES attributes (or to the end).
_UP_TO_CROWDED = re.compile(rb"(?:(?!" + _CROWDED + rb")(?:" + _SKIP + rb"))*+", re.I)
_CROWDED_RE = re.compile(_CROWDED, re.I)
_ATTRS_RE = re.compile(_ATTR + rb"*+")


def cap_attributes(data: bytes) -> bytes:
    """``data`` with each tag's attributes past the first :data:`MAX_ATTRIBUTES` removed;
    ``data`` itself (the same object) when no tag has that many, as on every real page."""
    if len(data) < 2 * MAX_ATTRIBUTES:
        return data
    out: list[bytes] = []
    pos = 0
    while True:
        end = _UP_TO_CROWDED.match(data, pos).end()  # type: ignore[union-attr]  # matches ""
        if end >= len(data):
            break
        crowded = _CROWDED_RE.match(data, end)
        assert crowded is not None  # what stopped the scan
        out.append(data[pos : crowded.end()])
        pos = _ATTRS_RE.match(data, crowded.end()).end()  # type: ignore[union-attr]
    if not out:
        return data
    out.append(data[pos:])
    return b"".join(out)


# -- the self-closed <html/> and the faulty doctype, as trafilatura repairs them ---------------


_HTML_TAG = b"<html"


def self_closed_html(data: bytes) -> bytes:
    """The first ``<html ... />`` (ASCII case ignored) made ``<html ...>``, whitespace before
    the "/" dropped: what ``re.sub(rb"(<html[^>]*?)\\s*/>", rb"\\1>", data, count=1,
    flags=re.I)`` gives, in one pass. A ``<html`` answers to the first ">" after it, which
    every ``<html`` before that ">" shares, so each is looked for once."""
    lower = data.lower()  # bytes: ASCII only, the length kept
    at = lower.find(_HTML_TAG)
    while at >= 0:
        close = lower.find(b">", at + len(_HTML_TAG))
        if close < 0:
            return data  # no ">" after this <html, so none after any later one
        if data[close - 1] == 0x2F:  # "/"
            start = close - 1
            while start > at + len(_HTML_TAG) and data[start - 1 : start].isspace():
                start -= 1
            return data[:start] + b">" + data[close + 1 :]
        at = lower.find(_HTML_TAG, close + 1)
    return data


_DOCTYPE_RE = re.compile(rb"< ?! ?DOCTYPE", re.I)


def faulty_doctype_end(line: bytes) -> int:
    """Where a doctype holding a "/" ends on ``line`` (0 when it has none): the end of
    ``re.match(rb"^< ?! ?DOCTYPE[^>]*/[^<>]*>", line, re.I)``, found without backtracking:
    the match ends at the first ">", and the last "/" before it must have no "<" after it."""
    head = _DOCTYPE_RE.match(line)
    if head is None:
        return 0
    close = line.find(b">", head.end())
    if close < 0:
        return 0
    slash = line.rfind(b"/", head.end(), close)
    if slash < 0 or line.find(b"<", slash, close) >= 0:
        return 0
    return close + 1


# -- the text of markup lxml cannot read ------------------------------------------------------


_SCRIPT_OPEN_RE = re.compile(r"<(script|style)\b", re.I)


@cache
def _close_re(name: str) -> re.Pattern[str]:
    return re.compile(r"</" + re.escape(name) + r"\s*>", re.I)


def drop_scripts(markup: str) -> str:
    """``markup`` with each ``<script ...</script>`` and ``<style ...</style>`` a space: what
    ``re.sub(r"<(script|style)\\b.*?</\\1\\s*>", " ", markup, flags=re.I | re.S)`` gives. An
    opening with no close after it tells that no later opening of its name has one either,
    so the rest of the markup is searched for each name's close at most once past the last."""
    out: list[str] = []
    pos = at = 0
    unclosed: set[str] = set()
    while True:
        found = _SCRIPT_OPEN_RE.search(markup, at)
        if found is None:
            break
        name = found.group(1).lower()
        close = None if name in unclosed else _close_re(name).search(markup, found.end())
        if close is None:
            unclosed.add(name)
            if len(unclosed) == 2:
                break
            at = found.start() + 1
            continue
        out.append(markup[pos : found.start()])
        out.append(" ")
        pos = at = close.end()
    if not out:
        return markup
    out.append(markup[pos:])
    return "".join(out)


_TAG_RE = re.compile(r"<[^>]*>")


def tags_to_breaks(text: str) -> str:
    """Each ``<...>`` a line break: ``re.sub(r"<[^>]*>", "\\n", text)``, applied only up to
    the last ">", past which no tag ends. Before it every "<" finds its ">", so no start is
    scanned twice."""
    last = text.rfind(">")
    if last < 0:
        return text
    return _TAG_RE.sub("\n", text[: last + 1]) + text[last + 1 :]
