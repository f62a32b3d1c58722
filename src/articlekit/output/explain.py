"""``articlekit explain``: every decision on an Article as terminal text, in colour if asked."""

from __future__ import annotations

import textwrap
import unicodedata
from typing import TYPE_CHECKING

from articlekit.output.escape import plain
from articlekit.output.promos import promo_segments
from articlekit.output.style import fmt, pct
from articlekit.output.summary import audit_summary

if TYPE_CHECKING:
    from articlekit.model import Article

__all__ = ["explain"]

#: ANSI SGR codes per label for :func:`explain`.
_ANSI: dict[str, str] = {
    "title": "1;35",
    "byline": "34",
    "body": "32",
    "heading": "1;32",
    "quote": "3;32",
    "disclaimer": "33",
    "promo": "31",
    "chrome": "90",
    "caption": "36",
    "comment": "95",
    "blank": "90",
}


def _cols(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, with an ellipsis if cut."""
    used = 0
    for i, ch in enumerate(text):
        used += _cols(ch)
        if used > width:
            return text[: max(0, i - 1)] + "…"
    return text


def explain(article: Article, *, colour: bool = False, width: int = 100) -> str:
    """Every decision on ``article`` as terminal text: a table of labels, then one entry per
    segment (offsets, label, extractor and reason, the start of its text), then the promos
    with their parsed fields. ``colour`` adds ANSI colours; input text never reaches the
    terminal as control characters."""
    width = max(40, width)

    def paint(code: str, s: str) -> str:
        return f"\x1b[{code}m{s}\x1b[0m" if colour and code else s

    def label(name: str, pad: int = 0) -> str:
        return paint(_ANSI.get(name, ""), name.ljust(pad))

    summary = audit_summary(article)
    text = article.text
    lines: list[str] = []
    head = plain(article.title) if article.title else "(no title found)"
    lines.append(paint("1", _clip(head, width)))
    lines.append(
        f"{article.language or 'unknown language'} · {article.input_format} · "
        f"{fmt(summary.chars)} chars · {fmt(len(article.segments))} segments · body "
        f"{fmt(summary.body_chars)} chars ({pct(summary.body_chars, summary.content_chars)} "
        "of the text)"
    )
    for warning in article.warnings:
        lines.append(paint("33", f"warning: {plain(warning)}"))
    lines.append("")
    lines.append(paint("1", f"{'label':<12}{'segments':>9}{'chars':>9}{'share':>8}"))
    for name, count, chars in summary.labels:
        lines.append(f"{label(name, 12)}{count:>9}{fmt(chars):>9}{pct(chars, summary.chars):>8}")
    lines.append("")
    decisions = [s for s in article.segments if s.label != "blank"]
    lines.append(paint("1", f"decisions ({len(decisions)}; whitespace between them not shown)"))
    indent = " " * 16
    for seg in decisions:
        offsets = f"{seg.start}–{seg.end}"
        why = textwrap.wrap(plain(f"{seg.extractor}: {seg.reason}"), max(20, width - 28))
        lines.append(f"{offsets:>14}  {label(seg.label, 11)} {paint('2', why[0] if why else '')}")
        lines.extend(" " * 28 + paint("2", more) for more in why[1:])
        snippet = _clip(plain(text[seg.start : seg.end]), width - len(indent))
        lines.append(indent + paint(_ANSI.get(seg.label, ""), snippet))
    lines.append("")
    lines.append(paint("1", f"promos ({len(article.promos)})"))
    cards = promo_segments(article)
    for n, (promo, idxs) in enumerate(zip(article.promos, cards, strict=True), 1):
        where = f"at {article.segments[idxs[0]].start}" if idxs else "not located in the text"
        head = promo.title or promo.text
        lines.append(
            f"{n:>4}  {paint('31', promo.kind.ljust(7))}"
            f"{_clip(plain(head), width - 20)}  {paint('2', where)}"
        )
        fields = [
            ("summary", promo.summary),
            ("author", promo.author),
            ("age", promo.age),
            ("published", promo.published.isoformat() if promo.published else None),
        ]
        for key, value in fields:
            if value:
                lines.append(f"{'':13}{paint('2', key.ljust(10))}{_clip(plain(value), width - 23)}")
    return "\n".join(lines) + "\n"
