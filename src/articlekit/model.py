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
    "METADATA_KEYS",
    "PROMO_KINDS",
    "SCHEMA_VERSION",
    "Article",
    "Block",
    "Promo",
    "Segment",
    "schema",
]

SCHEMA_VERSION = 1

#: The keys ``Article.metadata`` may hold, in the order ``to_dict()`` gives them: what the HTML
#: markup says beside the article (``categories`` and ``tags`` ``"; "``-joined). A closed set,
#: so the column is a struct that Arrow, pandas, Parquet and Hugging Face ``datasets`` all type
#: (``datasets`` has no feature for Arrow's map type); a new key is a schema change.
METADATA_KEYS: tuple[str, ...] = ("sitename", "description", "canonical", "categories", "tags")


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
    #: What kind of page the HTML path took this for (article, forum, product, collection,
    #: listing, documentation, service) and why; None on the text path, which has no markup.
    page_type: str | None = None
    page_type_reason: str | None = None

    def __post_init__(self) -> None:
        """A metadata key outside :data:`METADATA_KEYS` has no column in :func:`schema`:
        refused here, where it is made, rather than dropped or failing in ``to_dict()``."""
        unknown = [pair[0] for pair in self.metadata if pair[0] not in METADATA_KEYS]
        if unknown:
            msg = f"unknown metadata key(s) {unknown}; the keys are {list(METADATA_KEYS)}"
            raise ValueError(msg)

    @property
    def paragraphs(self) -> list[str]:
        """Texts of the body blocks, sub-headings included, in reading order."""
        return [b.text for b in self.blocks]

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "heading"]

    def segment_text(self, segment: Segment) -> str:
        return self.text[segment.start : segment.end]

    def __repr__(self) -> str:
        """Short: the title, the language, the format and sizes (``print(article.body)`` and
        ``article.to_dict()`` show the rest)."""
        title = self.title if self.title is None or len(self.title) <= 60 else self.title[:59] + "…"
        return (
            f"Article(title={title!r}, language={self.language!r}, "
            f"input_format={self.input_format!r}, body={len(self.body)} chars, "
            f"blocks={len(self.blocks)}, promos={len(self.promos)}, "
            f"segments={len(self.segments)}, warnings={len(self.warnings)})"
        )

    # -- serialisation -------------------------------------------------------------------

    def to_dict(self, *, segments: bool = False) -> dict[str, Any]:
        """A JSON-ready dict (see docs/object.md) whose keys and value types are always those
        of :func:`schema` (``None`` where a value is missing, ``[]`` where a list is empty;
        ``metadata`` has every key of :data:`METADATA_KEYS`). ``segments=True`` adds the
        audit trail and the text the offsets refer to."""
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
            "page_type": self.page_type,
            "page_type_reason": self.page_type_reason,
            "body": self.body,
            "blocks": [b.to_dict() for b in self.blocks],
            "disclaimers": list(self.disclaimers),
            "promos": [p.to_dict() for p in self.promos],
            "chrome": list(self.chrome),
            "warnings": list(self.warnings),
            "metadata": {**dict.fromkeys(METADATA_KEYS), **dict(self.metadata)},
        }
        if segments:
            out["text"] = self.text
            out["segments"] = [s.to_dict() for s in self.segments]
        return out

    def to_json(self, *, indent: int | None = None, segments: bool = False) -> str:
        """:meth:`to_dict` as JSON (UTF-8 characters kept, not escaped)."""
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


# -- the one schema of to_dict()'s rows ----------------------------------------------------------

_STRING = "string"
_BLOCK = {"kind": _STRING, "text": _STRING}
_PROMO = {
    name: _STRING for name in ("kind", "title", "summary", "author", "age", "published", "text")
}
_SEGMENT = {
    "label": _STRING,
    "start": "int64",
    "end": "int64",
    "extractor": _STRING,
    "reason": _STRING,
}

#: ``to_dict()``'s keys in order, each with its Arrow-style type: ``"string"``, ``"int64"``,
#: ``["string"]`` (a list of), ``{"key": type, ...}`` (a struct). Every value may also be null
#: except ``schema_version``, the lists (empty) and ``metadata`` (a struct of nulls).
#: ``published`` (of the article and of a promo) is an ISO 8601 string with the page's own UTC
#: offset: JSON has no timestamp, and a timestamp column would drop the offset.
FIELDS: dict[str, Any] = {
    "schema_version": "int64",
    "title": _STRING,
    "source": _STRING,
    "authors": [_STRING],
    "published": _STRING,
    "date_text": _STRING,
    "language": _STRING,
    "url": _STRING,
    "input_format": _STRING,
    "page_type": _STRING,
    "page_type_reason": _STRING,
    "body": _STRING,
    "blocks": [_BLOCK],
    "disclaimers": [_STRING],
    "promos": [_PROMO],
    "chrome": [_STRING],
    "warnings": [_STRING],
    "metadata": dict.fromkeys(METADATA_KEYS, _STRING),
}
#: What ``to_dict(segments=True)`` adds.
SEGMENT_FIELDS: dict[str, Any] = {"text": _STRING, "segments": [_SEGMENT]}


def schema(*, segments: bool = False, arrow: bool | None = None) -> Any:
    """The one schema every ``Article.to_dict(segments=...)`` row follows.

    ``arrow=None`` (the default): a ``pyarrow.Schema`` when pyarrow can be imported, else the
    plain description (:data:`FIELDS`, with :data:`SEGMENT_FIELDS` when ``segments``);
    ``arrow=False``: always the description; ``arrow=True``: pyarrow's, or ImportError.
    Pass it to ``pyarrow.Table.from_pylist(rows, schema=...)`` (or ``datasets.Features``
    built from it) and every batch gets the same types, whatever is missing in it.
    """
    fields = {**FIELDS, **(SEGMENT_FIELDS if segments else {})}
    if arrow is False:
        return fields
    try:
        import pyarrow as pa
    except ImportError:
        if arrow:
            msg = "articlekit.schema(arrow=True) needs pyarrow (pip install pyarrow)"
            raise ImportError(msg) from None
        return fields
    return pa.schema(
        [
            pa.field(name, _arrow(pa, kind), nullable=name != "schema_version")
            for name, kind in fields.items()
        ]
    )


def _arrow(pa: Any, kind: Any) -> Any:
    if kind == _STRING:
        return pa.string()
    if kind == "int64":
        return pa.int64()
    if isinstance(kind, list):
        return pa.list_(_arrow(pa, kind[0]))
    return pa.struct([(name, _arrow(pa, sub)) for name, sub in kind.items()])
