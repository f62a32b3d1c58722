"""What kind of page this is, from its markup: article, forum, product, collection, listing,
documentation or service (the seven page types of WCXB).

Each piece of evidence in data/page_types.toml adds its weight to one type: structured data
(JSON-LD ``@type``, microdata ``itemtype``, ``og:type``), the URL's shape, code blocks, repeated
cards (with prices: a shop's collection), post containers, price and cart markers. The type
with the highest score wins when it reaches ``min_score``; else the page is an article, the
type the HTML path was built for. The reason names the evidence, so a wrong call can be read.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from articlekit import data

_LOG = logging.getLogger(__name__)

PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
DEFAULT = "article"
_PRICE_RE = re.compile(r"[$€£¥₹]\s?\d|\d[.,]\d\d\s?(?:€|eur\b|usd\b|kr\b|zł)", re.I)
#: Children of one parent that never make cards (text and table structure, inline markup).
_NOT_CARDS = frozenset(["script", "style", "option", "br", "p", "tr", "td", "span", "svg", "path"])
#: Characters of a card read for a price.
_CARD_TEXT = 600


@dataclass(frozen=True, slots=True)
class PageType:
    """The decision and why: ``kind`` is one of :data:`PAGE_TYPES`."""

    kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class Content:
    """What the main content is on one page type (data/page_types.toml [content.<type>]):
    trafilatura's options, the text steps not run over it, and whether teaser grids and named
    widgets inside it are taken out (on a listing the cards are the content)."""

    trafilatura: tuple[tuple[str, bool], ...] = ()
    skip_steps: frozenset[str] = frozenset()
    grids_inside: bool = True
    widgets_inside: bool = True


@dataclass(frozen=True, slots=True)
class _Rules:
    params: dict[str, float]
    structured: dict[str, tuple[str, float, frozenset[str]]]
    urls: dict[str, tuple[float, tuple[re.Pattern[str], ...]]]
    markup: dict[str, float]
    words: dict[str, frozenset[str]]
    content: dict[str, Content]


@cache
def _rules() -> _Rules:
    raw = data.load("page_types")
    return _Rules(
        params={k: float(v) for k, v in raw["params"].items()},
        structured={
            t: (v.get("type", t), float(v["weight"]), frozenset(n.lower() for n in v["names"]))
            for t, v in raw["structured"].items()
        },
        urls={
            t: (float(v["weight"]), tuple(re.compile(p) for p in v["patterns"]))
            for t, v in raw["url"].items()
        },
        markup={k: float(v) for k, v in raw["markup"].items()},
        words={k: frozenset(v) for k, v in raw["words"].items()},
        content={
            t: Content(
                trafilatura=tuple(sorted(v.get("trafilatura", {}).items())),
                skip_steps=frozenset(v.get("skip_steps", [])),
                grids_inside=bool(v.get("remove_grids_inside", True)),
                widgets_inside=bool(v.get("remove_widgets_inside", True)),
            )
            for t, v in raw.get("content", {}).items()
        },
    )


def content(kind: str) -> Content:
    """How the main content of a page of type ``kind`` is found (the article's way when the
    data file says nothing of it)."""
    return _rules().content.get(kind, Content())


def decide(root: Any, url: str | None) -> PageType:
    """The page type of the parsed page ``root`` (before pruning: JSON-LD lives in scripts)."""
    try:
        return _decide(root, url)
    except Exception as exc:  # noqa: BLE001 - an odd tree is an article, never an error
        _LOG.debug("page type: %s", exc)
        return PageType(DEFAULT, "the markup could not be read for a page type")


def _decide(root: Any, url: str | None) -> PageType:
    rules = _rules()
    p = rules.params
    scores: dict[str, float] = {}
    why: dict[str, list[str]] = {}

    def add(kind: str, weight: float, evidence: str) -> None:
        scores[kind] = scores.get(kind, 0.0) + weight
        why.setdefault(kind, []).append(evidence)

    names = _structured_names(root)
    for kind, weight, wanted in rules.structured.values():
        found = sorted(names & wanted)
        if found:
            add(kind, weight, "structured data " + "/".join(found))
    where = _url_text(url)
    if where:
        for kind, (weight, patterns) in rules.urls.items():
            if any(pat.search(where) for pat in patterns):
                add(kind, weight, "the URL's shape")
    pre = int(_xpath("count(//pre)")(root))
    if pre >= p["min_pre"]:
        add("documentation", rules.markup["code_blocks"], f"{pre} <pre> blocks")
    code = int(_xpath("count(//code)")(root))
    if code >= p["min_code"]:
        add("documentation", rules.markup["inline_code"], f"{code} <code> elements")
    # The costly counts run only where their evidence could still make its type the leader
    # (the lead only grows), so the decision is the same, and an article marked up as one
    # costs a third of the time.
    m = rules.markup
    product_may = _may_lead(scores, "product", m["price"] + m["cart"])
    if product_may or _may_lead(scores, "forum", m["posts"]):
        words = _class_words(
            root, rules.words["posts"] | rules.words["price"] | rules.words["cart"]
        )
    else:
        words = Counter()
    posts = sorted(w for w in rules.words["posts"] if words[w] >= p["min_post_elements"])
    if len(posts) >= p["min_post_words"]:
        add("forum", m["posts"], "post markup (" + ", ".join(posts) + ")")
    prices = sum(words[w] for w in rules.words["price"])
    carts = sum(words[w] for w in rules.words["cart"])
    cards = priced = 0
    if (
        product_may
        or _may_lead(scores, "listing", m["cards"])
        or _may_lead(scores, "collection", m["price_cards"])
    ):
        cards, priced = _cards(root, int(p["min_cards"]))
    if cards >= p["min_cards"]:
        if priced >= p["min_price_cards"]:
            add("collection", m["price_cards"], f"{cards} repeated cards, {priced} priced")
        else:
            add("listing", m["cards"], f"{cards} repeated cards")
    elif prices >= p["min_price_elements"]:
        add("product", m["price"], f"{prices} price elements")
        if carts:
            add("product", m["cart"], "a cart button")
    if not scores:
        return PageType(DEFAULT, "no markup speaks for another page type")
    kind, score = max(scores.items(), key=lambda kv: (kv[1], kv[0] == DEFAULT))
    if score < p["min_score"]:
        return PageType(DEFAULT, f"only weak evidence ({'; '.join(why[kind])}) for {kind}")
    return PageType(kind, f"{kind} (score {score:g}): " + "; ".join(why[kind]))


def _may_lead(scores: dict[str, float], kind: str, gain: float) -> bool:
    """Whether ``gain`` more for ``kind`` could tie or pass the leading score."""
    return scores.get(kind, 0.0) + gain >= max(scores.values(), default=0.0)


def _url_text(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url.lower())
    host = parts.hostname or ""
    host = host[4:] if host.startswith("www.") else host
    return host + (parts.path or "/") + ("?" + parts.query if parts.query else "")


def _structured_names(root: Any) -> set[str]:
    """Every JSON-LD ``@type`` and microdata ``itemtype`` name, and ``og:<og:type>``."""
    names: set[str] = set()
    for node in _xpath("//script[@type='application/ld+json']")(root):
        try:
            stack: list[Any] = [json.loads(node.text or "")]
        except ValueError:
            continue
        seen = 0
        while stack and seen < 2000:
            seen += 1
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                t = item.get("@type")
                for name in [t] if isinstance(t, str) else t if isinstance(t, list) else []:
                    if isinstance(name, str):
                        names.add(name.lower())
                for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                    if isinstance(item.get(key), (dict, list)):
                        stack.append(item[key])
    for itemtype in _xpath("//@itemtype")(root):
        for one in str(itemtype).split():
            names.add(one.rstrip("/").rsplit("/", 1)[-1].lower())
    for og in _xpath("//meta[@property='og:type']/@content")(root):
        names.add("og:" + str(og).strip().lower())
    return names


def _class_words(root: Any, wanted: frozenset[str]) -> Counter[str]:
    """Per word of ``wanted``, the number of elements whose class has it as a whole name or a
    part of one (split at - and _). One regular expression of the wanted words per class
    value: splitting every value into all its parts cost half the decision's time."""
    find = _words_re(wanted).findall
    counts: Counter[str] = Counter()
    for value in _xpath("//@class")(root):
        found = find(str(value).lower())
        if found:
            counts.update(set(found))
    return counts


@cache
def _words_re(wanted: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(wanted, key=len, reverse=True))
    return re.compile(r"(?<![^\s_-])(" + alternatives + r")(?![^\s_-])")


@cache
def _parents_xpath(least: int) -> Any:
    from lxml import etree

    return etree.XPath(f"//*[count(*) >= {least}]")


@cache
def _xpath(path: str) -> Any:
    """``path`` compiled once: a string given to ``.xpath()`` is compiled on every call."""
    from lxml import etree

    return etree.XPath(path)


@cache
def _card_xpath() -> Any:
    """A link and an image or heading inside, compiled once (a string XPath compiles per
    call)."""
    from lxml import etree

    return etree.XPath("boolean(.//a[@href] and (.//img or .//h2 or .//h3 or .//h4))")


def _cards(root: Any, least: int) -> tuple[int, int]:
    """The largest group of sibling elements of one tag and class that each hold a link and an
    image or heading (cards), and how many of them show a price."""
    best = priced = 0
    for parent in _parents_xpath(least)(root):
        groups: Counter[tuple[str, str]] = Counter(
            (kid.tag, kid.get("class") or "")
            for kid in parent
            if isinstance(kid.tag, str) and kid.tag not in _NOT_CARDS
        )
        if not groups:
            continue
        key, n = groups.most_common(1)[0]
        if n < least or n <= best:
            continue
        items = [
            k for k in parent if isinstance(k.tag, str) and (k.tag, k.get("class") or "") == key
        ]
        is_card = _card_xpath()
        linked = [k for k in items if is_card(k)]
        if len(linked) > best:
            best = len(linked)
            priced = sum(1 for k in linked if _PRICE_RE.search(k.text_content()[:_CARD_TEXT]))
    return best, priced
