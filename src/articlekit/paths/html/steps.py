"""The HTML path's text steps: the same steps as the text path, over the main content's
document model, with what the markup settled already in the page.

The markup's claims (widgets, title, bylines) are not in the hint's document, so no step sees
them; captions and chrome are the markup's job here (``Hint.skip``), and the body is the main
content the markup names instead of the densest run; repeats trafilatura kept are content
(tables, step lists), so the text path's repeat steps do not run.
"""

from __future__ import annotations

from articlekit.config.context import Context
from articlekit.extract import (
    body,
    profile,
)
from articlekit.extract.page import Page, Step, run
from articlekit.model import Article
from articlekit.paths.assemble import Meta, assemble
from articlekit.paths.html.hint import Hint
from articlekit.paths.text import WIDGET_STEPS

STEPS: tuple[Step, ...] = (
    *WIDGET_STEPS,
    Step("profile", profile.step_without_barriers),
    Step("body", body.step_hinted),
)


def run_hint(text: str, hint: Hint, ctx: Context) -> Article:
    """The steps over ``hint.doc`` (the rendering of the page), then the Article."""
    doc = hint.doc
    doc.language = ctx.language or hint.language
    page = Page.of(text, doc)
    page.main = hint.main
    page.claims.extend(("html", claim) for claim in hint.claims)
    steps = [s for s in STEPS if s.name not in hint.skip]
    run(steps, page, ctx)
    meta = Meta(
        title=hint.title,
        source=hint.source,
        authors=tuple(hint.authors),
        published=hint.published,
        date_text=hint.date_text,
        promos=hint.promos,
        metadata=hint.metadata,
    )
    return assemble(page, meta, input_format="html", warnings=(), url=ctx.url)
