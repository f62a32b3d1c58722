"""One ``assemble`` for both paths: the page's claims, in offset order, become the Article.

Whatever is claimed becomes a segment; whitespace between claims is ``blank``; anything else
left is chrome, said so. So the segments cover the text exactly, and each says which step
claimed it and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from articlekit.extract import Claim
from articlekit.extract.page import Page
from articlekit.labels import BODY_LABELS
from articlekit.model import Article, Promo, Segment
from articlekit.text import normalise


@dataclass(frozen=True, slots=True)
class Meta:
    """What the page says of itself beside its segments: the header's finds, or the markup's."""

    title: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    date_text: str | None = None
    promos: Sequence[tuple[int, Promo]] = ()  # found outside the page's steps (the markup's)
    metadata: tuple[tuple[str, str], ...] = field(default=())


def assemble(
    page: Page,
    meta: Meta,
    *,
    input_format: str,
    warnings: tuple[str, ...],
    url: str | None,
) -> Article:
    text, claims = page.text, page.claims
    blocks = [
        normalise.block(c.kind or "paragraph", text[c.start : c.end], markdown=page.doc.markdown)
        for _, c in claims
        if c.label in BODY_LABELS
    ]
    promos = page.promos
    if meta.promos:
        promos = sorted([*promos, *meta.promos], key=lambda p: p[0])
    return Article(
        text=text,
        title=normalise.clean_text(meta.title) if meta.title else None,
        source=meta.source,
        authors=meta.authors,
        published=meta.published,
        date_text=meta.date_text,
        body="\n\n".join(b.text for b in blocks),
        blocks=tuple(blocks),
        disclaimers=tuple(_texts(text, claims, "disclaimer")),
        promos=tuple(_clean_promo(p) for _, p in promos),
        chrome=tuple(_texts(text, claims, "chrome")),
        language=page.doc.language,
        segments=tuple(_segments(text, claims)),
        warnings=warnings,
        input_format=input_format,
        url=url,
        metadata=meta.metadata,
    )


def _texts(text: str, claims: list[tuple[str, Claim]], label: str) -> list[str]:
    return [normalise.clean_text(text[c.start : c.end]) for _, c in claims if c.label == label]


def _clean_promo(p: Promo) -> Promo:
    def norm(value: str | None) -> str | None:
        return normalise.clean_text(value) if value else value

    return Promo(
        p.kind,
        normalise.clean_text(p.text),
        norm(p.title),
        norm(p.summary),
        norm(p.author),
        norm(p.age),
        p.published,
    )


def _segments(text: str, claims: list[tuple[str, Claim]]) -> list[Segment]:
    """Claims in order, gaps filled: whitespace is ``blank``; anything else left is chrome."""
    out: list[Segment] = []
    pos = 0
    for name, claim in claims:
        start = max(claim.start, pos)
        if start > pos:
            out.extend(_gap(text, pos, start))
        if claim.end > start:
            out.append(Segment(claim.label, start, claim.end, name, claim.reason))
            pos = claim.end
    if pos < len(text):
        out.extend(_gap(text, pos, len(text)))
    return out


def _gap(text: str, start: int, end: int) -> list[Segment]:
    if not text[start:end].strip():
        return [Segment("blank", start, end, "pipeline", "whitespace")]
    return [Segment("chrome", start, end, "pipeline", "left unclaimed by every extractor")]
