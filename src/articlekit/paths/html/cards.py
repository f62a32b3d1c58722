"""Teaser grids found by structure: repeated sibling cards of the same shape, each led by a
headline link.

Class names are often hashed (``css-1x2y3z``) or say nothing, so this reads the tree's shape
instead: a *headline line* is a rendered line that is mostly link text and several words long;
going up from it, the first element that has at least ``MIN_CARDS - 1`` siblings of the same
tag and class (digits ignored) is its *card*, and their parent the *grid*. A grid of at least
``MIN_CARDS`` cards with headlines is a teaser grid; each card's lines become one teaser promo:
the headline as its title, a date or age line as its age, a "By ..." line as its author, the
rest as its summary. Navigation menus repeat too, but their items are short links of one or
two words, which never make a headline line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from articlekit.model import Promo
from articlekit.paths.html.render import Line
from articlekit.text import dates

#: Cards a grid needs, the words and share of link text a headline line needs.
MIN_CARDS = 3
HEADLINE_WORDS = 4
HEADLINE_LINKS = 0.6
MAX_HEADLINE = 250
#: A card longer than this is an article of its own, not a teaser.
MAX_CARD = 500
#: Levels searched above a headline for its card, and above any line for the card holding it.
CARD_DEPTH = 5
LINE_DEPTH = 7
#: Card lines up to this long are read for a date or age and a "By ..." author.
MAX_META = 80
_SEPARATORS = " ·|•-–—,"
_DIGITS_RE = re.compile(r"\d+")
_BY_RE = re.compile(r"^(?:by|von|par|por|di|door|av|od)\s+(.{2,60})$", re.I)


@dataclass(slots=True)
class Card:
    element: Any
    lines: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class Grid:
    """One teaser grid: its element, and its cards in page order."""

    element: Any
    cards: list[Card] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for card in self.cards for line in card.lines]

    @property
    def card_tag(self) -> str:
        return str(self.cards[0].element.tag) if self.cards else ""


def find(lines: Sequence[Line], usable: Sequence[bool]) -> list[Grid]:
    """Teaser grids among the lines where ``usable`` is true."""
    shapes: dict[
        int, tuple[Any, Counter[tuple[str, str]]]
    ] = {}  # per parent: its children's shapes
    cards: dict[int, tuple[Any, Any]] = {}  # id(card) -> (card, grid)
    heads: dict[int, set[int]] = {}  # id(grid) -> ids of cards with a headline
    headlines = [line for line in lines if usable[line.index] and _headline(line)]
    for line in headlines:
        found = _card_of(line.element, shapes)
        if found is None:
            continue
        card, grid = found
        cards[id(card)] = (card, grid)
        heads.setdefault(id(grid), set()).add(id(card))
    if not any(len(ids) >= MIN_CARDS for ids in heads.values()):
        return []
    taken: set[int] = set()  # lines already in a card
    grids: dict[int, Grid] = {}
    done: set[int] = set()  # ids of cards already collected
    for line in headlines:
        if line.index in taken:
            continue
        found = _card_of(line.element, shapes)
        if found is None or id(found[0]) in done or len(heads[id(found[1])]) < MIN_CARDS:
            continue
        card, grid = found
        done.add(id(card))
        # A card's lines are a run around its headline: grow it while lines stay inside.
        first = last = line.index
        while first > 0 and usable[first - 1] and _within(lines[first - 1].element, card):
            first -= 1
        while last + 1 < len(lines) and usable[last + 1] and _within(lines[last + 1].element, card):
            last += 1
        taken.update(range(first, last + 1))
        members = list(lines[first : last + 1])
        grids.setdefault(id(grid), Grid(grid)).cards.append(Card(card, members))
    out = []
    for grid in grids.values():
        grid.cards = [c for c in grid.cards if sum(len(ln.text) for ln in c.lines) <= MAX_CARD]
        if len(grid.cards) >= MIN_CARDS:
            out.append(grid)
    return out


def _within(node: Any, card: Any) -> bool:
    """Whether ``node`` is ``card`` or lies inside it (within LINE_DEPTH levels)."""
    for _ in range(LINE_DEPTH):
        if node is None:
            return False
        if node is card:
            return True
        node = node.getparent()
    return False


def _meta(
    text: str, language: str | None, now: datetime | None
) -> tuple[tuple[str, datetime | None] | None, str | None, str]:
    """A card's metadata line: its date or age, its "By ..." author, and what is left over
    ("3 hours ago By Liam Ortega", "By Liam Ortega · 3 hours ago", "Yesterday")."""
    age: tuple[str, datetime | None] | None = None
    found = dates.find(text, now=now, language=language)
    if found is not None:
        age = (found.text, found.value)
        text = (text[: found.start] + " " + text[found.end :]).strip(_SEPARATORS)
    author = None
    by = _BY_RE.match(text)
    if by is not None:
        author = by.group(1).strip(_SEPARATORS)
        text = ""
    return age, author, text


def _headline(line: Line) -> bool:
    text = line.text
    return (
        line.link_chars >= HEADLINE_LINKS * len(text)
        and len(text) <= MAX_HEADLINE
        and text.count(" ") >= HEADLINE_WORDS - 1
        and len(text.split()) >= HEADLINE_WORDS
    )


def _card_of(
    element: Any, shapes: dict[int, tuple[Any, Counter[tuple[str, str]]]]
) -> tuple[Any, Any] | None:
    """The first ancestor-or-self of ``element`` with enough same-shaped siblings, and its
    parent."""
    node = element
    for _ in range(CARD_DEPTH):
        if node is None:
            return None
        parent = node.getparent()
        if parent is None:
            return None
        if len(parent) < MIN_CARDS:  # too few children to repeat: most parents, cheaply
            node = parent
            continue
        entry = shapes.get(id(parent))
        if entry is None:  # the entry keeps the element alive, so its id stays its own
            counts = Counter(_shape(child) for child in parent if isinstance(child.tag, str))
            shapes[id(parent)] = (parent, counts)
        else:
            counts = entry[1]
        if counts[_shape(node)] >= MIN_CARDS:
            return node, parent
        node = parent
    return None


def _shape(node: Any) -> tuple[str, str]:
    cls = node.get("class")
    if not cls:
        return node.tag, ""
    shape = _SHAPES.get(cls)
    if shape is None:
        shape = _DIGITS_RE.sub("", cls)
        if len(_SHAPES) < 50_000:
            _SHAPES[cls] = shape
    return node.tag, shape


_SHAPES: dict[str, str] = {}  # class attribute -> its shape (digits dropped)


def promos(grid: Grid, language: str | None, now: datetime | None) -> list[tuple[int, Promo]]:
    """One teaser per card: headline, age, author, summary."""
    out: list[tuple[int, Promo]] = []
    for card in grid.cards:
        lines = card.lines
        title = next((line.text for line in lines if _headline(line)), None)
        age = author = None
        published = None
        rest: list[str] = []
        for line in lines:
            text = line.text
            if text == title:
                continue
            if len(text) <= MAX_META:
                found_age, found_author, left = _meta(text, language, now)
                if (found_age or found_author) and not left:
                    if found_age and age is None:
                        age, published = found_age
                    if found_author and author is None:
                        author = found_author
                    continue
            rest.append(text)
        text = " ".join(line.text for line in lines)
        summary = " ".join(rest) or None
        out.append(
            (
                lines[0].start,
                Promo("teaser", text, title, summary, author, age, published),
            )
        )
    return out
