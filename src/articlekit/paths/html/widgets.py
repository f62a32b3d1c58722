"""What the markup says an element is: a widget verdict from its class, id, ARIA role or tag.

A verdict is a hint, not a decision: the HTML path (see :mod:`articlekit.paths.html.claims`)
removes text from the main content on a verdict only when the text agrees (link-heavy, short,
a small part of the article, or claimed by a text extractor too), because a class name alone
is weak evidence: a "teaser" class can hold the real opening paragraphs. Outside the main content a
verdict names what the text is (promo, disclaimer, comment...) instead of plain chrome.

The vocabulary is data: ``data/html.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from articlekit import data as data_files

#: Tags whose verdict comes from the tag itself (when no class or role says more).
TAGS = frozenset(["nav", "aside", "footer", "form"])
#: Containers never classified by their names (blogs put "tag-x category-y" on <article>).
NEVER = frozenset(["html", "body", "main", "article", "p", "h1", "h2", "h3", "h4", "h5", "h6"])
#: Label priority when the tag or role and the names disagree: names are more specific.
LABELS = ("comment", "disclaimer", "promo", "caption", "byline", "chrome")
_RANK = {label: rank for rank, label in enumerate(LABELS)}
_CACHE_MAX = 20_000


@dataclass(frozen=True, slots=True, eq=False)
class Verdict:
    """One classified element: ``label`` (a segment label, or ``aside``/``footer``/``form`` for
    a structural container), what said so (``word`` of its ``names``, a role or a tag), and the
    element, so lines of one widget group together."""

    label: str
    word: str
    names: str = ""  # the class and id it was found in; empty for a role or a tag
    element: Any = None

    @property
    def reason(self) -> str:
        if not self.names:
            return self.word
        names = " ".join(self.names.split())
        names = names if len(names) <= 60 else names[:57] + "..."
        return f'class/id "{self.word}" ({names})'


@dataclass(frozen=True, slots=True)
class Rules:
    names: re.Pattern[str]
    tags: dict[str, str]
    roles: dict[str, str]
    inside: frozenset[str]  # names trusted inside the main content
    cache: dict[str, tuple[str, str] | None]


@cache
def rules() -> Rules:
    data = data_files.load("html")
    alternatives = []
    for label in LABELS:
        table = data.get(label, {})
        contains = sorted(table.get("contains", ()), key=len, reverse=True)
        words = sorted(table.get("words", ()), key=len, reverse=True)
        parts = [re.escape(w.lower()) for w in contains]
        if words:
            parts.append(
                r"(?<![a-z0-9])(?:"
                + "|".join(re.escape(w.lower()) for w in words)
                + r")(?![a-z0-9])"
            )
        if parts:
            alternatives.append(f"(?P<{label}>{'|'.join(parts)})")
    return Rules(
        names=re.compile("|".join(alternatives)),
        tags=dict(data.get("tags", {})),
        roles=dict(data.get("roles", {})),
        inside=frozenset(w.lower() for w in data.get("inside", {}).get("names", ())),
        cache={},
    )


def names_verdict(names: str, r: Rules) -> tuple[str, str] | None:
    """(label, the word found) for a class/id string, or None: the first of its names (class
    names in order, then the id) that holds a word of the vocabulary."""
    # One cache for whole class/id strings and for single names: a key that is both (a lone
    # name) has the same verdict either way.
    cache = r.cache
    if names in cache:  # pages repeat whole class strings ("card card--small"): one lookup
        return cache[names]
    if len(cache) >= _CACHE_MAX:  # bounded: start afresh rather than stop learning
        cache.clear()
    found = _first_verdict(names, r)
    cache[names] = found
    return found


def _first_verdict(names: str, r: Rules) -> tuple[str, str] | None:
    cache = r.cache
    for name in names.lower().split():
        if name in cache:
            found = cache[name]
        else:  # every word the name holds; the most specific label wins ("sticky-subscribe")
            found = None
            for match in r.names.finditer(name):
                label = match.lastgroup
                if label and (found is None or _RANK[label] < _RANK[found[0]]):
                    found = (label, match.group())
            cache[name] = found
        if found is not None:
            return found
    return None


def classify(
    node: Any, tag: str, cls: str | None, ident: str | None, role: str | None, r: Rules
) -> Verdict | None:
    """The verdict for one element (its class, id and role already read), or None when its
    markup says nothing."""
    if tag in NEVER:
        return None
    if cls or ident:
        names = f"{cls or ''} {ident or ''}"
        found = names_verdict(names, r)
        if found is not None:
            return Verdict(found[0], found[1], names, node)
    if role:
        label = r.roles.get(role.strip().lower())
        if label:
            return Verdict(label, f'role="{role.strip()}"', "", node)
    label = r.tags.get(tag)
    if label:
        return Verdict(label, f"<{tag}>", "", node)
    return None
