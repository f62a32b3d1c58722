"""The page state the steps share, and the one protocol every step follows.

A step is a function ``(page, ctx) -> list[Claim]``: it reads the page (the document model,
what earlier steps took, what they found) and the call's context, and returns claims, each with
its reason. It gives no label itself; :func:`run` applies what it returns. A *claim*
step labels free blocks (recorded under the step's name); a *relabel* step changes the label
of blocks already claimed (the claimer stays, the reason is the new one's). Steps that find
structured data as well (the promo cards, the header's title and byline, the body scores)
leave it in the page's fields named for it, for later steps and for assembly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from articlekit.extract import Claim
from articlekit.model import Promo

if TYPE_CHECKING:
    from articlekit.config.context import Context
    from articlekit.extract.body import Score
    from articlekit.extract.header import Result as Header
    from articlekit.text.document import Document


@dataclass(eq=False)
class Page:
    """One document on its way through a path."""

    text: str
    doc: Document
    #: per block, the label a step gave it (None while free)
    taken: list[str | None]
    #: (step name, claim), in the order they were made; sorted by offset before relabelling
    claims: list[tuple[str, Claim]] = field(default_factory=list)
    #: teaser cards and other promos found, with their start offsets
    promos: list[tuple[int, Promo]] = field(default_factory=list)
    #: the body scorer's verdict per block (None: taken) once a step has scored the page
    scores: list[Score | None] | None = None
    #: what the body scorer made of blocks the site profile took, so they still part runs
    barriers: dict[int, Score] = field(default_factory=dict)
    #: the header found above the content (title, byline, where the content starts)
    header: Header | None = None
    #: the body claims of a look at the page that later steps may reuse
    provisional_body: list[Claim] | None = None
    #: the HTML path's main content: block index -> the kind its markup gives it
    main: Mapping[int, str] | None = None
    #: per span (start, end) of ``text``: its cleaned text, case folded, by which repeats
    #: are told (extract/repeats.py reads the body's blocks so in every tidy pass)
    span_keys: dict[tuple[int, int], str] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, doc: Document) -> Page:
        return cls(text, doc, [None] * len(doc.blocks))

    def claim(self, name: str, claims: Iterable[Claim]) -> None:
        """Record ``claims`` of the step ``name`` and mark their blocks as taken."""
        for c in claims:
            self.taken[c.block] = c.label
            self.claims.append((name, c))

    def relabel(self, claims: Iterable[Claim]) -> None:
        """Give the blocks of ``claims`` their new label and reason; the claimer stays."""
        new = {(c.start, c.end): c for c in claims}
        if not new:
            return
        for i, (name, old) in enumerate(self.claims):
            replacement = new.get((old.start, old.end))
            if replacement is not None:
                self.claims[i] = (name, replacement)
                self.taken[replacement.block] = replacement.label


Run = Callable[["Page", "Context"], list[Claim]]


@dataclass(frozen=True, slots=True)
class Step:
    """A named step of a path."""

    name: str
    run: Run
    mode: Literal["claim", "relabel"] = "claim"


def run(steps: Iterable[Step], page: Page, ctx: Context) -> Page:
    """Run ``steps`` over ``page`` in order; relabel steps see the claims in offset order."""
    for step in steps:
        if step.mode == "claim":
            page.claim(step.name, step.run(page, ctx))
        else:
            page.claims.sort(key=lambda item: item[1].start)
            page.relabel(step.run(page, ctx))
    page.claims.sort(key=lambda item: item[1].start)
    return page
