"""Promos from the lines the markup claimed as promo: one widget at a time, a widget of
several headline links read as teaser cards, an inline teaser ("Read more: ...") as one.
(Teaser grids found by their shape make their own promos: :mod:`articlekit.paths.html.cards`.)
"""

from __future__ import annotations

import re
from functools import cache

from articlekit import data as data_files
from articlekit.model import Promo
from articlekit.paths.html import render as html_render
from articlekit.paths.html import widgets as html_widgets
from articlekit.paths.html.claims import INLINE_TEASER, Plan


@cache
def _kinds() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """The class-name words that make a promo widget a call to action or an ad
    (``[promo_kinds]`` of data/html.toml)."""
    table = data_files.section("html", "promo_kinds")
    return tuple(table["cta_contains"]), frozenset(table["ad_words"]), tuple(table["ad_prefixes"])


def from_claims(
    lines: list[html_render.Line], plan: Plan, teaser_re: re.Pattern[str]
) -> list[tuple[int, Promo]]:
    """Promos from the lines claimed as promo by their markup, one widget at a time: a widget
    of several headline links is a list of teaser cards (headline, then the lines under it as
    the summary); any other is one promo."""
    out: list[tuple[int, Promo]] = []
    group: list[html_render.Line] = []
    owner: html_widgets.Verdict | None = None
    for line in lines:
        claim = plan.claims[line.index]
        if claim is None or claim.label != "promo" or line.index in plan.carded:
            if group and owner is not None:
                out.extend(_widget_promos(group, _promo_kind(owner.word)))
            group, owner = [], None
            continue
        verdict = _promo_verdict(line)
        if verdict is None and claim.reason == INLINE_TEASER:
            if group and owner is not None:
                out.extend(_widget_promos(group, _promo_kind(owner.word)))
            group, owner = [], None
            title = teaser_re.sub("", line.text, count=1).strip()
            out.append((line.start, Promo("teaser", line.text, title=title or None)))
            continue
        if verdict is not owner:
            if group and owner is not None:
                out.extend(_widget_promos(group, _promo_kind(owner.word)))
            group, owner = [], verdict
        group.append(line)
    if group and owner is not None:
        out.extend(_widget_promos(group, _promo_kind(owner.word)))
    return out


def _promo_verdict(line: html_render.Line) -> html_widgets.Verdict | None:
    for verdict in reversed(line.verdicts):
        if verdict.label == "promo":
            return verdict
    return None


def _widget_promos(group: list[html_render.Line], kind: str) -> list[tuple[int, Promo]]:
    if all(line.kind == "heading" for line in group):
        return []  # the header of a widget ("Related stories") whose items are cards
    heads = [i for i, line in enumerate(group) if _headline_link(line)]
    if kind == "teaser" and len(heads) >= 2:
        out = []
        for n, at in enumerate(heads):
            end = heads[n + 1] if n + 1 < len(heads) else len(group)
            title = group[at].text
            rest = [line.text for line in group[at + 1 : end]]
            summary = " ".join(rest) or None
            text = " ".join([title, *rest])
            out.append((group[at].start, Promo("teaser", text, title=title, summary=summary)))
        return out
    joined = " ".join(line.text for line in group)
    headline = group[heads[0]].text if heads else None
    return [(group[0].start, Promo(kind, joined, title=headline))]


def _headline_link(line: html_render.Line) -> bool:
    return line.link_chars >= 0.6 * len(line.text) and len(line.text.split()) >= 3


def _promo_kind(word: str) -> str:
    cta_words, ad_words, ad_prefixes = _kinds()
    if any(w in word for w in cta_words):
        return "cta"
    if word in ad_words or any(word.startswith(w) for w in ad_prefixes):
        return "ad"
    return "teaser"
