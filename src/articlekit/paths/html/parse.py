"""Parse and repair: the page's lxml tree, read as trafilatura reads it, and the markup's text
with its tags stripped for a page there is no tree of.

Both the rendering (:mod:`articlekit.paths.html.render`) and trafilatura read the one tree
:func:`parse` returns, so its settings and repairs are trafilatura's own (docs/html.md, step 1).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from articlekit.paths.html import scan


def parse(markup: str, *, huge: bool = False) -> Any:
    """The lxml tree of ``markup``, parsed as trafilatura's ``load_html`` parses it (same
    parser settings, same repairs: comments and processing instructions dropped, characters
    XML forbids removed, a faulty doctype or self-closing ``<html/>`` fixed), so both read
    the same tree; None when there is nothing to parse. Done here rather than by calling
    ``load_html``, which runs a regex over the whole page even when there is nothing to
    repair (a third of its time). ``huge`` lifts libxml2's limits (nesting deeper than 256,
    text nodes over 10 MB)."""
    import lxml.html
    from lxml import etree

    if not markup or markup.isspace():
        return None
    try:
        return lxml.html.document_fromstring(_repaired(markup), parser=_parser(huge))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


#: What XML forbids in a document (and libxml2 chokes on), as UTF-8: controls but tab, CR
#: and LF; U+FFFE and U+FFFF.
_INVALID_XML_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_INVALID_XML_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def _repaired(markup: str) -> bytes:
    """``markup`` as UTF-8 (a lone surrogate becomes "?") with the repairs trafilatura's
    ``load_html`` makes for libxml2, each only where needed: the checks are cheap, the
    substitutions over a whole page are not. Each is linear in the markup (``scan``), and a
    tag's attributes past ``scan.MAX_ATTRIBUTES`` are dropped."""
    data = markup.encode("utf-8", "replace")
    if (
        len(data.translate(None, _INVALID_XML_BYTES)) != len(data)
        or b"\xef\xbf\xbe" in data
        or b"\xef\xbf\xbf" in data
    ):
        data = _INVALID_XML_RE.sub(b"", data)
    if b"doctype" in data[:50].lower():  # a doctype holding a "/" on the first line: dropped
        newline = data.find(b"\n")
        faulty = scan.faulty_doctype_end(data[:newline] if newline >= 0 else data)
        if faulty:
            data = data[faulty:]
    for line in data[:4096].splitlines()[:4]:
        if b"<html" in line and line.endswith(b"/>"):
            data = scan.self_closed_html(data)
            break
    return scan.cap_attributes(data)


_PARSERS = threading.local()  # lxml parsers are not to be shared between threads


def _parser(huge: bool) -> Any:
    parsers = getattr(_PARSERS, "parsers", None)
    if parsers is None:
        parsers = _PARSERS.parsers = {}
    parser = parsers.get(huge)
    if parser is None:
        import lxml.html
        from lxml import etree

        parser = parsers[huge] = lxml.html.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            huge_tree=huge,
        )
        # Every element an HtmlElement, chosen in C: lxml.html's own lookup picks a class
        # per tag in Python (form, input, label...) each time an element is touched, a
        # million calls over the evaluation pages; nothing here or in trafilatura needs
        # those form classes.
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=lxml.html.HtmlElement,
                comment=lxml.html.HtmlComment,
                pi=lxml.html.HtmlProcessingInstruction,
                entity=lxml.html.HtmlEntity,
            )
        )
    return parser


def strip_tags(markup: str) -> str:
    """The text of markup lxml cannot read (or read whole): scripts and styles dropped, every
    tag a line break, whitespace tidied."""
    return tidy(scan.tags_to_breaks(scan.drop_scripts(markup)))


def tidy(text: str) -> str:
    """Whitespace folded per line, at most one blank line in a row, one final newline."""
    out: list[str] = []
    blank = True
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            out.append(line)
            blank = False
        elif not blank:
            out.append("")
            blank = True
    return "\n".join(out).strip() + "\n" if out else ""
