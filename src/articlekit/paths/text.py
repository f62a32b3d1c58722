"""The pipeline, top to bottom: decode, model, extract, normalise, assemble.

Extractors run in a fixed order and each may claim only blocks no earlier one claimed:

0. patterns    - only with a rule pack: the user's regular expressions, per label
1. disclaimer  - legal/risk/affiliate/copyright notices (before anything reads them as prose)
2. captions    - photo captions and credits
3. comments    - a comment section, before its long comments pass for prose
4. promo       - teaser cards, "related" lists, inline teasers, house ads, calls to action
5. chrome      - buttons, share rows, breadcrumbs, counters, cookie notices
   profile     - only with a site profile: blocks that recur on many of the site's pages
6. header      - title and byline above the main content (found by the body scorer)
7. body        - prose in the main content run; what is outside it is chrome

Whatever is claimed becomes a segment; whitespace between claims is ``blank``. So the segments
cover the text exactly, and each says which extractor claimed it and why.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from articlekit.config import rules as rule_files
from articlekit.extract import Claim, body, captions, chrome, comments, disclaimer, header, promo
from articlekit.model import BODY_LABELS, Article, Promo, Segment
from articlekit.text import document, language, normalise

if TYPE_CHECKING:
    from articlekit.config.rulepacks import RulePack, Settings
    from articlekit.paths.html.hint import Hint


def _settings(rules: Any, favour: Any, profile: Any, url: str | None) -> Settings | None:
    if rules is None and favour == "balanced" and profile is None:
        return None  # the plain path: nothing imported, nothing set
    from articlekit.config.rulepacks import settings

    return settings(rules, favour, profile, url)


@contextlib.contextmanager
def _active(settings: Settings | None) -> Iterator[None]:
    """Make ``settings`` the ones the extractors see (``rules.active()``) for the block."""
    if settings is None:
        yield
        return
    token = rule_files.ACTIVE.set(settings)
    try:
        yield
    finally:
        rule_files.ACTIVE.reset(token)


def split(
    text: str,
    *,
    now: datetime | None = None,
    language: str | None = None,
    url: str | None = None,
    input_format: str = "text",
    warnings: tuple[str, ...] = (),
    hint: Hint | None = None,
    rules: RulePack | str | os.PathLike[str] | None = None,
    favour: str | None = None,
    profile: Any = None,
) -> Article:
    """The text path: every extractor over the line/block model of ``text``.

    ``hint`` (the HTML path, see ``html_hint.py``) brings the spans and metadata the page's
    markup settled and the document model of the rest (the main content): the extractors run
    over that, the header is the markup's, and the body is the main content they leave.

    ``rules``, ``favour`` and ``profile`` are as for :func:`clean`; left out, those of the
    ``clean()`` running (if any) apply."""
    if rules is not None or favour is not None or profile is not None:
        with _active(_settings(rules, favour or "balanced", profile, url)):
            return split(
                text,
                now=now,
                language=language,
                url=url,
                input_format=input_format,
                warnings=warnings,
                hint=hint,
            )
    doc = hint.doc if hint is not None else document.build(text)
    if hint is not None:  # the HTML path detected it on the main text, or it is not known
        doc.language = language or hint.language
    else:
        doc.language = language or _detect(text)
    taken: list[str | None] = [None] * len(doc.blocks)
    claims: list[tuple[str, Claim]] = []

    def apply(name: str, new: list[Claim]) -> None:
        for claim in new:
            taken[claim.block] = claim.label
            claims.append((name, claim))

    if hint is not None:  # settled by the markup; not in hint.doc, so no extractor sees them
        claims.extend(("html", claim) for claim in hint.claims)
    settings = rule_files.active()
    if settings is not None and settings.pack is not None:
        from articlekit.extract import patterns

        apply("patterns", patterns.extract(doc, taken, settings.patterns(doc.language)))
    skip = hint.skip if hint is not None else frozenset()  # the markup already did their job
    apply("disclaimer", disclaimer.extract(doc, taken))
    if "captions" not in skip:
        apply("captions", captions.extract(doc, taken))
    apply("comments", comments.extract(doc, taken))
    promos = promo.extract(doc, taken, now=now)
    apply("promo", promos.claims)
    if "chrome" not in skip:
        apply("chrome", chrome.extract(doc, taken))
    learned: list[Claim] = []
    barriers: list[body.Score | None] = []
    if settings is not None and settings.profiles:
        from articlekit.config.sites import choose  # deferred: only pages with a profile
        from articlekit.extract import profile as site_profile

        chosen = choose(settings.profiles, settings.site, doc)
        if chosen is not None:
            learned = site_profile.extract(doc, taken, chosen)
            # What the body scorer made of them, so that they still part the content runs.
            barriers = body.classify(doc, taken) if hint is None and learned else []
            apply("profile", learned)
    scores = body.classify(doc, taken) if hint is None else []
    for claim in learned if barriers else ():
        scores[claim.block] = site_profile.barrier(barriers[claim.block])
    if hint is not None:
        head = header.Result(title=hint.title, source=hint.source, authors=list(hint.authors))
        apply("body", body.extract(doc, taken, scores, main=hint.main))
    else:
        head = header.extract(doc, taken, body.region(scores), now=now)
        apply("header", head.claims)
        found = body.extract(doc, taken, scores, start=head.content_start)
        repeats = _repeats(text, found)
        if repeats:  # a repeated paragraph must not hold the content run open: find it again
            for claim in repeats:
                scores[claim.block] = None
            apply("pipeline", repeats)
            found = body.extract(doc, taken, scores, start=head.content_start)
        apply("body", found)
    claims.sort(key=lambda item: item[1].start)
    if hint is None:  # on a page, repeats trafilatura kept are content (tables, step lists)
        claims = _drop_repeats(text, claims)

    blocks = [
        normalise.block(c.kind or "paragraph", text[c.start : c.end])
        for _, c in claims
        if c.label in BODY_LABELS
    ]
    date = head.date
    published, date_text = (date.value, date.text) if date else (None, None)
    found_promos = promos.promos
    if hint is not None:
        published, date_text = hint.published, hint.date_text
        found_promos = sorted([*found_promos, *hint.promos], key=lambda p: p[0])
    return Article(
        text=text,
        title=normalise.clean_text(head.title) if head.title else None,
        source=head.source or head.site,
        authors=tuple(head.authors),
        published=published,
        date_text=date_text,
        body="\n\n".join(b.text for b in blocks),
        blocks=tuple(blocks),
        disclaimers=tuple(_texts(text, claims, "disclaimer")),
        promos=tuple(_clean_promo(p) for _, p in found_promos),
        chrome=tuple(_texts(text, claims, "chrome")),
        language=doc.language,
        segments=tuple(_segments(text, claims)),
        warnings=warnings,
        input_format=input_format,
        url=url,
        metadata=hint.metadata if hint is not None else (),
    )


def _detect(text: str) -> str | None:
    return language.detect(text)


def _repeats(text: str, found: list[Claim]) -> list[Claim]:
    """Body claims whose text an earlier body claim already has, relabelled as chrome."""
    seen: dict[str, int] = {}
    out = []
    for claim in found:
        if claim.label not in BODY_LABELS:
            continue
        key = normalise.clean_text(text[claim.start : claim.end]).casefold()
        if key in seen:
            reason = f"repeats the body block at offset {seen[key]}"
            out.append(Claim(claim.start, claim.end, "chrome", reason, claim.block))
        else:
            seen[key] = claim.start
    return out


def _drop_repeats(text: str, claims: list[tuple[str, Claim]]) -> list[tuple[str, Claim]]:
    """A body block whose text already appeared in the body becomes chrome, with the reason."""
    seen: dict[str, int] = {}
    out = []
    for name, claim in claims:
        if claim.label in BODY_LABELS:
            key = normalise.clean_text(text[claim.start : claim.end]).casefold()
            if key in seen:
                reason = f"repeats the body block at offset {seen[key]}"
                claim = Claim(claim.start, claim.end, "chrome", reason, claim.block)
            else:
                seen[key] = claim.start
        out.append((name, claim))
    return _drop_bare_headings(out)


def _drop_bare_headings(claims: list[tuple[str, Claim]]) -> list[tuple[str, Claim]]:
    """A sub-heading with no body text under it (the end, or another heading, comes next)
    heads nothing: chrome, so the body reads the same when cleaned again."""
    out = list(claims)
    following = "end"
    for i in range(len(out) - 1, -1, -1):
        name, claim = out[i]
        if claim.label not in BODY_LABELS:
            continue
        if claim.label == "heading" and following != "text":
            reason = "a sub-heading with no body text under it"
            out[i] = (name, Claim(claim.start, claim.end, "chrome", reason, claim.block))
            continue
        following = "heading" if claim.label == "heading" else "text"
    return out


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


__all__ = ["split"]
