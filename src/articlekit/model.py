"""The objects articlekit returns: an immutable ``Article`` and its parts.

Everything here is plain, typed and frozen so an Article can be cached, hashed into sets of
results, sent between processes and serialised without surprises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# The label constants live in a leaf module; they are re-exported here, where they always were.
from articlekit.labels import BLOCK_KINDS, BODY_LABELS, LABELS, PROMO_KINDS

__all__ = [
    "BLOCK_KINDS",
    "BODY_LABELS",
    "LABELS",
    "PROMO_KINDS",
    "SCHEMA_VERSION",
    "Article",
    "Block",
    "Promo",
    "Segment",
]

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Segment:
    """One labelled span ``text[start:end]`` of the input, and who claimed it and why."""

    label: str
    start: int
    end: int
    extractor: str = ""
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "extractor": self.extractor,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the body: a paragraph, sub-heading, quote or list item."""

    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Promo:
    """A promotional widget: a teaser card, a call to action or a house ad.

    ``age`` is the raw text ("13 hours ago"); ``published`` is resolved only when the caller
    gave ``now`` (relative ages) or the text holds an absolute date.
    """

    kind: str
    text: str
    title: str | None = None
    summary: str | None = None
    author: str | None = None
    age: str | None = None
    published: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "author": self.author,
            "age": self.age,
            "published": _iso(self.published),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article, plus the audit trail of how the input was split.

    ``segments`` cover ``text`` (the decoded input, or the rendered page for HTML) exactly
    once, in order, with no gaps and no overlaps.
    """

    text: str
    title: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    date_text: str | None = None
    body: str = ""
    blocks: tuple[Block, ...] = ()
    disclaimers: tuple[str, ...] = ()
    promos: tuple[Promo, ...] = ()
    chrome: tuple[str, ...] = ()
    language: str | None = None
    segments: tuple[Segment, ...] = ()
    warnings: tuple[str, ...] = ()
    input_format: str = "text"
    url: str | None = None
    metadata: tuple[tuple[str, str], ...] = field(default=())

    @property
    def paragraphs(self) -> list[str]:
        """Texts of the body blocks, sub-headings included, in reading order."""
        return [b.text for b in self.blocks]

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "heading"]

    def segment_text(self, segment: Segment) -> str:
        return self.text[segment.start : segment.end]

    # -- serialisation -------------------------------------------------------------------

    def to_dict(self, *, segments: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (see docs/object.md). ``segments=True`` adds the audit trail and
        the text the offsets refer to."""
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "title": self.title,
            "source": self.source,
            "authors": list(self.authors),
            "published": _iso(self.published),
            "date_text": self.date_text,
            "language": self.language,
            "url": self.url,
            "input_format": self.input_format,
            "body": self.body,
            "blocks": [b.to_dict() for b in self.blocks],
            "disclaimers": list(self.disclaimers),
            "promos": [p.to_dict() for p in self.promos],
            "chrome": list(self.chrome),
            "warnings": list(self.warnings),
        }
        if segments:
            out["text"] = self.text
            out["segments"] = [s.to_dict() for s in self.segments]
        return out

    def to_json(self, *, indent: int | None = None, segments: bool = True) -> str:
        return json.dumps(self.to_dict(segments=segments), ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        """Title, a blank line, then the body blocks (list items keep a "- " bullet): plain
        text that ``clean`` reads back to the same body."""
        # The views live in articlekit.output, which imports this module's types only for
        # type checking; imported on call, so loading the model loads no view.
        from articlekit.output.markdown import article_text

        return article_text(self)

    def to_html(self, *, name: str | None = None) -> str:
        """A self-contained HTML page showing the input with every segment coloured by its
        label, who claimed it and why, and the promos' parsed fields (see docs/audit.md).
        ``name`` (e.g. the file name) is shown in its header."""
        from articlekit.output.audit_page import audit_page  # late: rarely needed

        return audit_page(self, name=name)

    def to_markdown(self) -> str:
        """Title as ``#``, a by-line in italics, then the body blocks as Markdown (sub-headings
        ``##``, quotes ``>``, list items ``-``); lines that would read as Markdown structure
        are escaped."""
        from articlekit.output.markdown import article_markdown

        return article_markdown(self)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
