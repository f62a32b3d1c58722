"""Unit tests per step: each module builds a page of a few lines, runs one step over it (with
whatever earlier steps would have taken marked as taken) and checks the step's claims: which
blocks, which label, and that the reason names what decided it.

The helpers below are shared by the modules of this folder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from articlekit.config.context import Config, Context, default_config
from articlekit.config.rulepacks import RulePack
from articlekit.extract import Claim, whole
from articlekit.extract.page import Page
from articlekit.text import document

#: The time relative dates ("3 hours ago") count from.
NOW = datetime(2025, 7, 23, 12, tzinfo=timezone.utc)

#: Article prose: long, dense in function words, ending sentences.
PROSE = (
    "The harbour council approved a new ferry timetable on Tuesday, adding two early "
    "crossings for the commuters who had asked for them since the spring.",
    "The first boats will leave the old quay at a quarter past five in the morning, and the "
    "council said that the fares would not change this year.",
    "Residents of the island welcomed the decision, although some of them said that the "
    "evening crossings were still far too few for the people who work late.",
)
PROSE_DE = (
    "Der Hafenrat hat am Dienstag einen neuen Fahrplan beschlossen, der zwei frühe Fähren für "
    "die Pendler vorsieht, die seit dem Frühjahr darum gebeten hatten.",
    "Die ersten Boote legen um Viertel nach fünf am alten Kai ab, und die Preise sollen in "
    "diesem Jahr nicht steigen, wie der Rat mitteilte.",
)
PROSE_ZH = (
    "港口委员会周二批准了新的渡轮时刻表，为通勤者增加了两班早班船，这是他们从春天以来一直要求的。",
    "第一班船将于早上五点一刻从老码头出发，委员会表示今年的票价不会改变，居民们对此表示欢迎。",
)


def page_of(*blocks: str, language: str | None = "en") -> Page:
    """A page of ``blocks`` separated by blank lines (a ``\\n`` inside one string starts a new
    line with no blank line before it), in ``language``."""
    text = "\n\n".join(blocks) + "\n"
    doc = document.build(text)
    doc.language = language
    return Page.of(text, doc)


def context(config: Config | None = None, *, url: str | None = None) -> Context:
    """The context of one document: the package's rules, balanced, unless ``config``."""
    return (config or default_config()).context(now=NOW, url=url)


def favour(name: str) -> Context:
    return context(Config.build(favour=name))


def pack(data: Mapping[str, Any], *, url: str | None = None) -> Context:
    """The context under a rule pack given as its TOML tables."""
    return context(Config.build(RulePack.from_dict(dict(data))), url=url)


def thresholds(changes: Mapping[str, Any]) -> Context:
    """The context under a pack that changes balanced thresholds: ``{"chrome": {...}}``."""
    return pack({"favour": {"balanced": dict(changes)}})


def take(page: Page, index: int, label: str, name: str = "earlier") -> None:
    """Mark block ``index`` as an earlier step ``name`` would have: claimed as ``label``."""
    page.claim(name, [whole(page.doc.blocks[index], label, f"taken by {name}")])


def index_of(page: Page, needle: str) -> int:
    """The index of the one block whose text holds ``needle``."""
    found = [b.index for b in page.doc.blocks if needle in b.text]
    assert len(found) == 1, f"{needle!r} is in blocks {found}"
    return found[0]


def text_of(page: Page, claim: Claim) -> str:
    return page.text[claim.start : claim.end]


def labels(page: Page, claims: Iterable[Claim]) -> dict[str, str]:
    """Claimed text -> label."""
    return {text_of(page, c): c.label for c in claims}


def reasons(page: Page, claims: Iterable[Claim]) -> dict[str, str]:
    """Claimed text -> reason."""
    return {text_of(page, c): c.reason for c in claims}


def blocks_of(claims: Iterable[Claim]) -> set[int]:
    return {c.block for c in claims}
