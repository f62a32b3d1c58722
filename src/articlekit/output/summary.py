"""The figures of an audited article: counts and characters per label, promos, disclaimers.

:class:`AuditSummary` is small and picklable, so a worker process can send it back instead of
the Article; an audit page carries it in its head (``<meta name="articlekit-summary">``), so the
index of a resumed run can list pages an earlier run wrote. :class:`AuditEntry` is one row of
that index.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from articlekit.labels import BODY_LABELS, LABELS

if TYPE_CHECKING:
    from articlekit.model import Article, Segment

__all__ = ["AuditEntry", "AuditSummary", "audit_summary"]

#: How the audit page writes the summary (``audit_page``): ASCII JSON, escaped as an attribute.
_SUMMARY_META_RE = re.compile(r'<meta name="articlekit-summary" content="([^"]*)">')


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """The figures of one article that an index page needs (small and picklable, so worker
    processes can send it back instead of the Article)."""

    title: str | None
    language: str | None
    input_format: str
    chars: int
    #: ``(label, segments, characters)`` for every label present, in the order of ``LABELS``.
    labels: tuple[tuple[str, int, int], ...]
    promos: int
    disclaimers: int
    warnings: tuple[str, ...] = ()
    #: Characters no extractor claimed (chrome filled in by the pipeline).
    unclaimed: int = 0

    def chars_of(self, *labels: str) -> int:
        return sum(chars for label, _, chars in self.labels if label in labels)

    @property
    def body_chars(self) -> int:
        return self.chars_of(*BODY_LABELS)

    @property
    def content_chars(self) -> int:
        """Characters that are not whitespace between segments."""
        return self.chars - self.chars_of("blank")

    @property
    def body_share(self) -> float:
        """Body characters over non-blank characters (0 for an empty input)."""
        return self.body_chars / self.content_chars if self.content_chars else 0.0

    def to_json(self) -> str:
        """ASCII JSON (what an audit page carries in its ``articlekit-summary`` meta tag)."""
        data = {
            "title": self.title,
            "language": self.language,
            "input_format": self.input_format,
            "chars": self.chars,
            "labels": [list(item) for item in self.labels],
            "promos": self.promos,
            "disclaimers": self.disclaimers,
            "warnings": list(self.warnings),
            "unclaimed": self.unclaimed,
        }
        return json.dumps(data, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> AuditSummary:
        """The summary ``to_json`` wrote; ``ValueError`` (or ``KeyError``, ``TypeError``) for
        anything else, such as a title that is not a string."""
        data = json.loads(text)
        return cls(
            title=_text_or_none(data["title"]),
            language=_text_or_none(data["language"]),
            input_format=_text(data["input_format"]),
            chars=int(data["chars"]),
            labels=tuple((str(a), int(b), int(c)) for a, b, c in data["labels"]),
            promos=int(data["promos"]),
            disclaimers=int(data["disclaimers"]),
            warnings=tuple(_text(w) for w in data.get("warnings", ())),
            unclaimed=int(data.get("unclaimed", 0)),
        )

    @classmethod
    def from_page(cls, page: str) -> AuditSummary | None:
        """The figures an audit page carries in its head, or None if it has none (so the
        index of a resumed run can list pages an earlier run wrote)."""
        match = _SUMMARY_META_RE.search(page)
        if match is None:
            return None
        try:
            return cls.from_json(html.unescape(match.group(1)))
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
            return None  # not what an audit page of ours holds: as if it had no summary


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"a string, not {type(value).__name__}")
    return value


def _text_or_none(value: object) -> str | None:
    return None if value is None else _text(value)


def _label_order(segments: Iterable[Segment]) -> list[str]:
    """The labels of ``segments``, each once: those of ``LABELS`` in its order, then any
    other, sorted."""
    seen = {s.label for s in segments}
    return [label for label in LABELS if label in seen] + sorted(seen - set(LABELS))


def audit_summary(article: Article) -> AuditSummary:
    """Counts and characters per label, promos, disclaimers and warnings of ``article``."""
    counts: dict[str, list[int]] = {}
    unclaimed = 0
    for seg in article.segments:
        entry = counts.setdefault(seg.label, [0, 0])
        entry[0] += 1
        entry[1] += seg.end - seg.start
        if seg.extractor == "pipeline" and seg.label != "blank":
            unclaimed += seg.end - seg.start
    return AuditSummary(
        title=article.title,
        language=article.language,
        input_format=article.input_format,
        chars=len(article.text),
        labels=tuple(
            (label, counts[label][0], counts[label][1]) for label in _label_order(article.segments)
        ),
        promos=len(article.promos),
        disclaimers=len(article.disclaimers),
        warnings=tuple(article.warnings),
        unclaimed=unclaimed,
    )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One input of a folder run, for :func:`audit_index`.

    ``href`` is the address of its audit page relative to the index; ``summary`` its figures
    (None when it was not cleaned this run); ``error`` why it failed, if it did."""

    name: str
    href: str | None = None
    summary: AuditSummary | None = None
    error: str | None = None
