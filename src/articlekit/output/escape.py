"""Input text made safe for the audit views: HTML text and attribute values, and terminal lines.

Characters a page cannot carry or should not show as they are (C0/C1 controls other than tab
and newline, the zero-width space, bidirectional embeddings/overrides/isolates, the BOM and
unpaired surrogates) become a visible stand-in: in HTML a ``span.cc`` whose ``data-cp`` is the
code point in hexadecimal, on a terminal a ``\\xNN`` or ``\\uNNNN`` escape.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["css_name", "escape_attr", "escape_text", "plain", "snippet"]

# Characters that are escaped in text: markup, the carriage return (parsers turn a raw one
# into a newline), and characters shown as a visible stand-in: C0/C1 controls except tab and
# newline, zero-width space, bidirectional embeddings/overrides/isolates, the BOM, surrogates.
_SPECIAL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
_TEXT_RE = re.compile(f"[&<>\r{_SPECIAL}]")
_ATTR_RE = re.compile(f"[&<>\"'\r\n{_SPECIAL}]")
_HIDDEN_RE = re.compile(f"[{_SPECIAL}]")
_SPACE_RE = re.compile(r"\s+")


def _stand_in(ch: str) -> str:
    """A boxed hexadecimal code (``1B``, ``202E``): readable in any font, unlike the Control
    Pictures block."""
    cp = ord(ch)
    shown = f"{cp:02X}" if cp < 0x100 else f"{cp:04X}"
    name = unicodedata.name(ch, "") if not 0xD800 <= cp <= 0xDFFF else "unpaired surrogate"
    if not name and cp < 0x20:
        name = "control character"
    label = f"U+{cp:04X} {name}".strip()
    return f'<span class="cc" data-cp="{cp:x}" title="{label}">{shown}</span>'


def _text_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "&":
        return "&amp;"
    if ch == "<":
        return "&lt;"
    if ch == ">":
        return "&gt;"
    if ch == "\r":
        return "&#13;"
    return _stand_in(ch)


def escape_text(text: str) -> str:
    """Text content, escaped; hidden characters become visible ``span.cc`` stand-ins."""
    return _TEXT_RE.sub(_text_char, text)


def _attr_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in "&<>\"'":
        return html.escape(ch, quote=True)
    if ch in "\r\n":
        return f"&#{ord(ch)};"
    return f"\\u{ord(ch):04x}"


def escape_attr(text: str) -> str:
    """An attribute value (to go between double quotes), escaped."""
    return _ATTR_RE.sub(_attr_char, text)


def css_name(label: str) -> str:
    """``label`` as a CSS class-name part: lower case, anything but ``[a-z0-9_-]`` as ``_``."""
    return re.sub(r"[^a-z0-9_-]", "_", label.lower()) or "_"


def snippet(text: str, limit: int = 110) -> str:
    """``text`` on one line (whitespace folded), cut to ``limit`` characters with an ellipsis."""
    text = _SPACE_RE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain(text: str) -> str:
    """One line, safe for a terminal: whitespace folded, escape sequences and other hidden
    characters shown as ``\\xNN`` / ``\\uNNNN`` instead of acting on the terminal."""
    text = _SPACE_RE.sub(" ", text).strip()
    return _HIDDEN_RE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
