"""Articles built by hand, not by clean(): the views' unit tests pin their logic on these."""

from __future__ import annotations

from typing import Any

from articlekit import Article, Segment


def built(*pieces: tuple[str, str] | tuple[str, str, str], **fields: Any) -> Article:
    """An Article whose text is the pieces' texts joined and whose segments are the pieces.

    Each piece is ``(label, text)`` or ``(label, text, extractor)``; the extractor defaults to
    the label (``"pipeline"`` for ``blank``), the reason is ``"rule <n>"``."""
    text = ""
    segments = []
    for n, piece in enumerate(pieces):
        label, part = piece[0], piece[1]
        extractor = piece[2] if len(piece) == 3 else ("pipeline" if label == "blank" else label)
        segments.append(Segment(label, len(text), len(text) + len(part), extractor, f"rule {n}"))
        text += part
    return Article(text=text, segments=tuple(segments), **fields)
