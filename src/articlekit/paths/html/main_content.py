"""trafilatura's main content of a page, and the rendered lines it is found on.

The tree is first pruned of what trafilatura drops anyway (:func:`prune`); :func:`text` runs
its fast mode, and its default mode where the fast one keeps little of the page's prose;
:func:`lines` maps that text back onto the rendering (:mod:`articlekit.paths.html.align`).
Where either finds nothing usable it says None, and the page takes the text path (the
fallbacks of :mod:`articlekit.paths.html.pipeline`).
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from articlekit.paths.html import align as html_align
from articlekit.paths.html import render as html_render

_LOG = logging.getLogger(__name__)

#: Below this many characters of main text trafilatura is taken to have found nothing.
MIN_MAIN_CHARS = 80
#: Share of trafilatura's text that must be found in the rendering for its verdict to stand.
MIN_ALIGNED = 0.5
#: trafilatura's fast mode stands when it keeps at least this share of the page's prose, the
#: characters in rendered lines of at least PROSE_LINE characters.
FAST_ENOUGH = 0.3
PROSE_LINE = 100
_PRUNE_TAGS = (
    "script",
    "style",
    "svg",
    "template",
    "iframe",
    "object",
    "embed",
    "canvas",
    "nav",
    "footer",
    "aside",
)
#: ARIA roles of regions pruned like the tags above. (The XPath selects every element with a
#: role and the set filters: three times faster than testing the values in the XPath.)
_PRUNE_ROLES = frozenset(
    ["navigation", "complementary", "banner", "contentinfo", "search", "dialog"]
)


def prune(root: Any) -> None:
    """Drop, once rendered, what trafilatura drops anyway and never reads as content (scripts,
    styles, SVG, frames, navigation, footers, asides, ARIA banners, dialogs and complementary
    regions): a smaller tree for it to copy and search. Measured on the evaluation pages: a
    third off its time, the same bodies but for one snippet."""
    try:
        from lxml import etree

        etree.strip_elements(root, *_PRUNE_TAGS, with_tail=False)
        for node in _prune_xpath()(root):
            if node.get("role") in _PRUNE_ROLES:
                node.drop_tree()
    except Exception as exc:  # noqa: BLE001 - a tree lxml cannot prune is used as it is
        _LOG.debug("prune: %s", exc)


@cache
def _prune_xpath() -> Any:
    from lxml import etree

    return etree.XPath("//*[@role]")


def text(
    root: Any,
    url: str | None,
    rendering: html_render.Rendering,
    options: tuple[tuple[str, bool], ...] = (),
) -> str | None:
    """trafilatura's main text of the (pruned) page, with the page type's ``options`` to it
    (``include_comments`` on a forum...); None when it fails or keeps fewer than
    MIN_MAIN_CHARS characters."""
    prose = sum(len(line.text) for line in rendering.lines if len(line.text) >= PROSE_LINE)
    extracted = _trafilatura(root, url, prose, dict(options))
    if extracted is None or len(extracted.strip()) < MIN_MAIN_CHARS:
        return None
    return extracted


def lines(rendering: html_render.Rendering, extracted: str) -> list[bool] | None:
    """Per rendered line, whether it is main content (trafilatura's text found on it); None
    when less than MIN_ALIGNED of that text is found in the rendering."""
    shares = html_align.matched_shares([line.text for line in rendering.lines], extracted)
    main = [s >= html_align.MIN_SHARE for s in shares]
    found = sum(len(line.text) for line, m in zip(rendering.lines, main, strict=True) if m)
    if found < MIN_ALIGNED * len(" ".join(extracted.split())):
        return None
    return main


def _trafilatura(root: Any, url: str | None, prose: int, options: dict[str, bool]) -> str | None:
    """trafilatura's main text of the page: its fast mode first (no readability/jusText
    comparison), its default mode when the fast one kept less than FAST_ENOUGH of the prose
    (``prose``: characters in long rendered lines), which is where that comparison matters."""
    fast = options.pop("fast", True)
    text = _bare(root, url, fast=fast, **options)
    if fast and (text is None or len(text) < FAST_ENOUGH * prose):
        full = _bare(root, url, fast=False, **options)
        if full is not None and (text is None or len(full) > len(text)):
            text = full
    return text


def _bare(root: Any, url: str | None, *, fast: bool, **options: bool) -> str | None:
    """trafilatura's main text. ``include_comments`` (False unless ``options`` say otherwise:
    articlekit labels comments itself) makes trafilatura take the comment sections it finds
    out of the tree before it looks for the main text; their own text is not added to it
    (on WCXB's forums: 0.712 word F1 so, 0.699 with it added, 0.675 with the option off)."""
    settings: dict[str, Any] = {"include_comments": False, **options}
    try:
        import trafilatura

        result = trafilatura.bare_extraction(
            root, url=url, fast=fast, with_metadata=False, **settings
        )
    except Exception as exc:  # noqa: BLE001 - RecursionError on deep trees, lxml errors...
        _LOG.debug("trafilatura: %s", exc)
        return None
    if result is None:
        return None
    return _field(result, "text")


def _field(result: Any, name: str) -> str | None:
    value = getattr(result, name, None)
    if value is None and isinstance(result, dict):
        value = result.get(name)
    return value if isinstance(value, str) else None
