"""The audit view: every decision articlekit made, shown over the original dump.

The public names of the audit view, gathered from the modules that hold the code:

- :func:`audit_page` (``Article.to_html()``; :mod:`articlekit.output.audit_page`) writes one
  self-contained HTML page: the dump in a monospace panel with every segment coloured by its
  label, a sticky legend with counts and characters per label, promo cards with their parsed
  fields, and a clickable list of decisions (label, extractor, reason). Hovering a segment
  says who claimed it and why.
- :func:`audit_index` (:mod:`articlekit.output.index_page`) writes the ``index.html`` of a
  folder run: every input with its share of body text and counts of promos and disclaimers,
  the oddest pages first.
- :func:`explain` (:mod:`articlekit.output.explain`) prints the same decisions for a
  terminal, in colour if asked.
- :func:`audit_summary` and :class:`AuditSummary` (:mod:`articlekit.output.summary`): the
  figures both pages show; :func:`promo_segments` (:mod:`articlekit.output.promos`): where
  each promo was read from; :data:`COLOURS` (:mod:`articlekit.output.style`).

The page loads nothing (no scripts, fonts, images or style sheets from anywhere, and a
Content-Security-Policy that forbids them) and escapes all text, so a dump full of
``<script>`` shows as text and runs nothing. Each ``span.seg`` in ``pre.dump`` holds its
segment's text exactly, so the spans' texts joined give ``article.text`` back; the only
exception are characters a page cannot carry or should not show as they are (control
characters other than tab, newline and carriage return; bidirectional overrides; zero-width
spaces; unpaired surrogates): each is a ``span.cc`` whose ``data-cp`` attribute is its code
point in hexadecimal and whose text is a visible stand-in.
"""

from __future__ import annotations

from articlekit.output.audit_page import MEANINGS, audit_page
from articlekit.output.explain import explain
from articlekit.output.index_page import INDEX_GENERATOR, audit_index
from articlekit.output.promos import promo_segments
from articlekit.output.style import COLOURS
from articlekit.output.summary import AuditEntry, AuditSummary, audit_summary

__all__ = [
    "COLOURS",
    "INDEX_GENERATOR",
    "MEANINGS",
    "AuditEntry",
    "AuditSummary",
    "audit_index",
    "audit_page",
    "audit_summary",
    "explain",
    "promo_segments",
]
