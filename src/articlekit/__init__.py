"""articlekit: turn a raw scraped news-article dump into a clean, structured Article.

    >>> import articlekit
    >>> article = articlekit.clean(open("dump.txt", "rb").read())
    >>> article.title, article.body

Every character of the input lands in exactly one labelled segment (``article.segments``).
"""

from __future__ import annotations

from .audit import AuditEntry, AuditSummary, audit_index, audit_summary, explain
from .batch import clean_many
from .errors import InputError
from .model import LABELS, SCHEMA_VERSION, Article, Block, Promo, Segment
from .pipeline import clean

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "SCHEMA_VERSION",
    "Article",
    "AuditEntry",
    "AuditSummary",
    "Block",
    "InputError",
    "Promo",
    "Segment",
    "__version__",
    "audit_index",
    "audit_summary",
    "clean",
    "clean_many",
    "explain",
]
