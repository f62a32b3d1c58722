"""What the HTML path hands the text pipeline: the parts of the page its markup already settled.

``pipeline.split(text, hint=...)`` runs over ``text`` (the page's rendering) but starts from
this: ``claims``, the spans the markup settled (title, byline, widgets, everything outside the
main content), which no extractor sees; ``doc``, the document model of the other lines (the
main content, one block per rendered line, offsets into the whole rendering), over which the
text extractors run as over a clean dump of the article, taking out what they recognise
(inline teasers, calls to action, disclaimers, captions...); ``main``, the kind each of those
blocks has in the markup (paragraph, heading, quote, list item), which the body keeps; and the
metadata read from the markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from articlekit.extract import Claim
from articlekit.model import Promo
from articlekit.text.document import Document


@dataclass(frozen=True, slots=True)
class Hint:
    doc: Document
    claims: tuple[Claim, ...] = ()
    #: Block index in ``doc`` -> block kind (paragraph, heading, quote, list_item).
    main: Mapping[int, str] = field(default_factory=dict)
    title: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    published: datetime | None = None
    date_text: str | None = None
    language: str | None = None
    promos: tuple[tuple[int, Promo], ...] = ()  # (start offset, promo)
    metadata: tuple[tuple[str, str], ...] = ()
    #: Text extractors not run over ``doc`` because the markup does their job: the HTML path
    #: skips ``captions`` (figure captions are elements) and ``chrome`` (UI text is named by
    #: its elements, and trafilatura drops it): measured, the same bodies in less time.
    skip: frozenset[str] = frozenset()
