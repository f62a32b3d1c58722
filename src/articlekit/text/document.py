"""The line/block model every extractor reads.

A *line* is one non-blank line of the input with its character offsets. A *block* is one or
more consecutive lines that form one unit: normally a single line, but a hard-wrapped paragraph
(lines broken at a fixed width) is one block. Extractors claim blocks (or spans inside them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articlekit.text import tokens as tx

# Line breaks as str.splitlines() knows them; \r\n first so it counts as one.
_BREAK_RE = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BULLET_RE = re.compile(r"^(?:[•●▪◦‣∙·*+\-–—]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+)")

#: Hard wrapping is looked for only in runs whose longest line is in this range...
MIN_WRAP_WIDTH = 50
MAX_WRAP_WIDTH = 120
#: ...and only after lines at most this much shorter than that longest line.
WRAP_SLACK = 20
#: The width is estimated (90th percentile of line lengths), so allow this much either way.
WRAP_OVER = 4


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank input line: ``text`` is ``source[start:end]`` with outer spaces and
    invisible characters (:data:`EDGE`) trimmed."""

    index: int
    start: int
    end: int
    text: str
    blank_before: bool  # a blank line (or the start of input) precedes it


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive lines that read as one unit; ``text`` joins them with single spaces."""

    index: int
    lines: tuple[Line, ...]
    text: str
    blank_before: bool
    start: int
    end: int
    # Features the extractors share, computed once.
    key: str = ""
    n_words: int = 0
    n_cjk: int = 0
    bullet: bool = False

    @property
    def length(self) -> int:
        """Length with Han/kana/Hangul counted three times: one CJK char carries about a word."""
        return len(self.text) + 2 * self.n_cjk


@dataclass(slots=True)
class Document:
    source: str
    lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    language: str | None = None


def split_lines(source: str) -> list[Line]:
    """Non-blank lines with offsets; linear in the input size."""
    lines: list[Line] = []
    pos = 0
    blank = True  # the start of the input counts as a blank line
    for match in _BREAK_RE.finditer(source):
        blank = _add_line(source, pos, match.start(), lines, blank)
        pos = match.end()
    _add_line(source, pos, len(source), lines, blank)
    return lines


#: What a line is trimmed of at either end: whitespace (as ``str.strip()`` knows it), control
#: characters (C0, DEL, C1), the invisible format characters (soft hyphen, zero-width spaces
#: and joiners, direction marks and embeddings, word joiners, the byte-order mark, tags) and
#: the noncharacters U+FFFE and U+FFFF. A line of nothing else is blank. Trimmed only at the
#: edges, so a sentence that ends in ". \x9b" ends in "." for every step, and its text
#: cleaned again (without the invisible tail) reads the same (issue 17, item 12).
EDGE = "".join(
    [
        *(c for c in map(chr, range(0x3001)) if c.isspace()),
        *map(chr, range(0x20)),
        *map(chr, range(0x7F, 0xA0)),
        "\xad\u061c\u180e\u200b\u200c\u200d\u200e\u200f",
        "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064",
        *map(chr, range(0x2066, 0x2070)),
        "\ufeff\ufff9\ufffa\ufffb\ufffe\uffff\U000e0001",
        *map(chr, range(0xE0020, 0xE0080)),
    ]
)


def _add_line(source: str, a: int, b: int, out: list[Line], blank_before: bool) -> bool:
    """Append ``source[a:b]`` if it holds text; return whether the next line follows a blank."""
    raw = source[a:b]
    stripped = raw.strip(EDGE)
    if not stripped:
        return True
    start = a + (len(raw) - len(raw.lstrip(EDGE)))
    out.append(Line(len(out), start, start + len(stripped), stripped, blank_before))
    return False


def wrap_width(lines: list[Line]) -> int | None:
    """The column a hard-wrapped dump is wrapped at, or None if it does not look wrapped.

    Wrapping is a property of the whole dump: almost no line is longer than the width, and
    many lines come close to it.
    """
    lengths = sorted(len(line.text) for line in lines)
    if len(lengths) < 4:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return None
    near = sum(1 for n in lengths if width - WRAP_SLACK <= n <= width + WRAP_OVER)
    return width if near >= max(3, 0.25 * len(lengths)) else None


def build(source: str) -> Document:
    lines = split_lines(source)
    width = wrap_width(lines)
    blocks: list[Block] = []
    group: list[Line] = []
    for line in lines:
        if line.blank_before and group:
            blocks.extend(_blocks_of_group(group, len(blocks), width))
            group = []
        group.append(line)
    if group:
        blocks.extend(_blocks_of_group(group, len(blocks), width))
    return Document(source=source, lines=lines, blocks=blocks)


def _blocks_of_group(group: list[Line], first_index: int, width: int | None) -> list[Block]:
    """Split a run of lines with no blank line between them into blocks.

    A line joins the one before only where the run looks hard-wrapped: the line before is
    nearly full, and the break falls where the next word would not have fit (what a greedy
    wrapper does). Menus, lists and card rows do not look like that.
    """
    runs: list[list[Line]] = [[group[0]]]
    for line, nxt in zip(group, group[1:], strict=False):
        if _wraps(line, nxt, width):
            runs[-1].append(nxt)
        else:
            runs.append([nxt])
    return [make_block(first_index + i, tuple(run)) for i, run in enumerate(runs)]


def _wraps(line: Line, nxt: Line, width: int | None) -> bool:
    if width is None or not width - WRAP_SLACK <= len(line.text) <= width + WRAP_OVER:
        return False
    if _BULLET_RE.match(nxt.text):
        return False
    first_word = nxt.text.split(None, 1)[0]
    return len(line.text) + 1 + len(first_word) > width - WRAP_OVER


def make_block(index: int, lines: tuple[Line, ...]) -> Block:
    joined = " ".join(line.text for line in lines)
    return Block(
        index=index,
        lines=lines,
        text=joined,
        blank_before=lines[0].blank_before,
        start=lines[0].start,
        end=lines[-1].end,
        key=tx.key(joined) if len(joined) < 300 else "",
        n_words=len(tx.words(joined)),
        n_cjk=tx.cjk_count(joined),
        bullet=bool(_BULLET_RE.match(joined)),
    )
