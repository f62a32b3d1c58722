"""The extractors under comparison, behind one call shape, shared by evaluate.py and bench.py.

Every tool takes the raw bytes of its input (the text dump or the HTML, undecoded, so decoding
is part of each tool's work and cost) plus the page URL, and returns an :class:`Extraction`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Input = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a tool found: the body, and metadata where the tool reports it in the same call."""

    body: str
    title: str | None = None
    authors: tuple[str, ...] | str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Tool:
    """One column of the tables: a name, the input it reads, and the call that runs it."""

    name: str
    input: Input
    run: Callable[[bytes, str | None], Extraction]
    description: str


def articlekit_status() -> str | None:
    """``None`` when ``import articlekit`` works, else why not (so callers can skip, not crash)."""
    try:
        import articlekit

        articlekit.clean  # noqa: B018 - the attribute is what we need, not just the package
    except Exception as exc:  # ImportError, or anything the half-written package raises
        return f"{type(exc).__name__}: {exc}"
    return None


def _from_article(article: Any) -> Extraction:
    published = article.published
    return Extraction(
        body=article.body or "",
        title=article.title,
        authors=tuple(article.authors),
        date=published.date().isoformat() if published is not None else None,
    )


def _articlekit_text(data: bytes, url: str | None) -> Extraction:
    """The product's core path: the dump alone, no URL, text format forced."""
    import articlekit

    return _from_article(articlekit.clean(data, format="text"))


def _articlekit_html(data: bytes, url: str | None) -> Extraction:
    import articlekit

    return _from_article(articlekit.clean(data, format="html", url=url))


def _trafilatura(data: bytes, url: str | None) -> Extraction:
    import trafilatura

    return Extraction(body=trafilatura.extract(data, url=url) or "")


def _trafilatura_precision(data: bytes, url: str | None) -> Extraction:
    import trafilatura

    return Extraction(body=trafilatura.extract(data, url=url, favor_precision=True) or "")


@functools.cache
def _all_stoplists() -> frozenset[str]:
    import justext

    words: set[str] = set()
    for name in justext.get_stoplists():
        words.update(justext.get_stoplist(name))
    return frozenset(words)


def _justext(data: bytes, url: str | None) -> Extraction:
    """jusText with the union of all its stoplists: language-independent, and on both corpora
    better than the page's declared language's stoplist (0.805 vs 0.792 shingle F1 on
    scrapinghub, 0.847 vs 0.826 snippet F1 on trafilatura/)."""
    import justext

    paragraphs = justext.justext(data, _all_stoplists())
    return Extraction(body="\n\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def _dump(data: bytes, url: str | None) -> Extraction:
    """The baseline: the whole rendered page as the answer."""
    return Extraction(body=data.decode("utf-8", errors="replace"))


TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool("dump", "text", _dump, "the raw text dump itself (baseline)"),
        Tool("articlekit-text", "text", _articlekit_text, "articlekit.clean on the text dump"),
        Tool("articlekit-html", "html", _articlekit_html, "articlekit.clean on the HTML"),
        Tool("trafilatura", "html", _trafilatura, "trafilatura.extract, default settings"),
        Tool(
            "trafilatura-precision",
            "html",
            _trafilatura_precision,
            "trafilatura.extract, favor_precision=True",
        ),
        Tool("justext", "html", _justext, "jusText, union of all its stoplists"),
    )
}

ARTICLEKIT_TOOLS = ("articlekit-text", "articlekit-html")


def parse_tools(spec: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """Names from ``a,b``; ``articlekit`` stands for both of its paths."""
    if not spec:
        return default
    names: list[str] = []
    for raw in spec.split(","):
        name = raw.strip()
        expanded = ARTICLEKIT_TOOLS if name == "articlekit" else (name,)
        for item in expanded:
            if item not in TOOLS:
                known = ", ".join(TOOLS)
                raise SystemExit(f"unknown tool {item!r}; known: {known}, articlekit")
            if item not in names:
                names.append(item)
    return tuple(names)


def trafilatura_metadata(data: bytes, url: str | None) -> Extraction:
    """trafilatura's own metadata reader on the HTML (for the metadata table; body left empty)."""
    from trafilatura import load_html
    from trafilatura.metadata import extract_metadata

    tree = load_html(data)
    if tree is None:
        return Extraction(body="")
    meta = extract_metadata(tree, default_url=url)
    return Extraction(body="", title=meta.title, authors=meta.author, date=meta.date)


def versions() -> dict[str, str]:
    """Versions of everything measured, so a results file says what it measured."""
    import platform
    from importlib import metadata

    out = {"python": platform.python_version()}
    for dist in ("articlekit", "trafilatura", "jusText", "lxml"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "absent"
    out["articlekit_source"] = _source_revision()
    return out


def _source_revision() -> str:
    """The checkout's commit (``+dirty`` with local changes): the version number alone does not
    change between the commits being compared."""
    import subprocess
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "uncommitted") + ("+dirty" if dirty and head else "")
