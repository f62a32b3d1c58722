"""Chrome: UI leftovers (buttons, share rows, breadcrumbs, counters, cookie banners).

Only whole short lines are claimed, on vocabulary or shape; navigation that is just text
outside the main content is left to the body extractor, which knows where the content is.
"""

from __future__ import annotations

import re

from articlekit.config.context import Context
from articlekit.extract import Claim, Taken, whole
from articlekit.extract.page import Page
from articlekit.text import tokens as tx
from articlekit.text.document import Document

_COUNTER_RE = re.compile(r"^\d[\d.,]{0,8}(?:[kKmM万](?=\s|$))?\+?\s?(.+)$")
_CRUMB_SEP_RE = re.compile(r"\s(?:>|/|»|›|→|\\|::)\s")
_BUTTONS_SEP_RE = re.compile(r"[\s|/·•,]+")
_ROW_SEP_RE = re.compile(r"\s{2,}|\s[|·•]\s")


def extract(doc: Document, taken: Taken, ctx: Context) -> list[Claim]:
    exact = ctx.vocab.words("chrome", "exact")
    buttons = ctx.vocab.words("chrome", "button_words")
    crumbs = ctx.vocab.words("chrome", "breadcrumb_roots")
    cookie = ctx.vocab.words("chrome", "cookie_words")
    consent = ctx.vocab.words("chrome", "consent_words")
    counters = ctx.vocab.words("chrome", "counter_words")
    prefixes = ctx.vocab.words("chrome", "prefixes")
    phrases = ctx.vocab.words("chrome", "phrases")
    longest = ctx.params.chrome.max_len
    claims: list[Claim] = []
    for block in doc.blocks:
        if taken[block.index] is not None or len(block.text) > longest:
            continue
        key = block.key
        reason = None
        if not any(ch.isalnum() for ch in block.text):
            reason = "no letters or digits"
        elif key in exact:
            reason = f"UI text {key!r}"
        elif _all_buttons(key, buttons):
            reason = "a row of share/print buttons"
        elif _button_row(block.text, exact):
            reason = "a row of buttons"
        elif _is_breadcrumb(block.text, crumbs):
            reason = "breadcrumb trail"
        elif _is_counter(key, counters):
            reason = "a counter (likes, shares, comments, reading time)"
        elif _is_cookie_notice(key, cookie, consent):
            reason = "cookie notice"
        elif (head := tx.starts_with_phrase(_colon(block.text.lower()), prefixes)) is not None:
            reason = f"page metadata ({head!r})"
        elif (phrase := tx.contains_phrase(block.text.lower(), phrases)) is not None:
            reason = f"site or e-mail furniture ({phrase!r})"
        if reason:
            claims.append(whole(block, "chrome", reason))
    return claims


def _colon(low: str) -> str:
    """French and full-width spacing around colons, folded: "tags :" -> "tags:"."""
    return low.replace(" :", ":").replace("\u00a0:", ":")


def _all_buttons(key: str, buttons: frozenset[str]) -> bool:
    parts = [p for p in _BUTTONS_SEP_RE.split(key) if p]
    return len(parts) >= 2 and all(p in buttons for p in parts)


def _button_row(text: str, exact: frozenset[str]) -> bool:
    """ "Accept all  Manage settings": several UI texts on one line, spaced apart."""
    if _ROW_SEP_RE.search(text) is None:
        return False  # one part: no row
    parts = [tx.key(p) for p in _ROW_SEP_RE.split(text) if p.strip()]
    return len(parts) >= 2 and all(p in exact for p in parts)


def _is_breadcrumb(text: str, roots: frozenset[str]) -> bool:
    parts = [p.strip() for p in _CRUMB_SEP_RE.split(text)]
    if len(parts) < 2 or any(not p for p in parts):
        return False
    if any(tx.ends_sentence(p) and p[-1] in ".!?" for p in parts):
        return False
    short = all(len(p.split()) <= 4 for p in parts)
    return short and (tx.key(parts[0]) in roots or len(parts) >= 3)


def _is_counter(key: str, counters: frozenset[str]) -> bool:
    m = _COUNTER_RE.match(key)
    return bool(m) and m is not None and m[1].strip() in counters


def _is_cookie_notice(key: str, cookie: frozenset[str], consent: frozenset[str]) -> bool:
    # a cookie word standing as a word of key is a phrase key holds: most keys hold none
    if not key or not tx.may_hold(key, cookie):
        return False
    found = set(tx.words(key))
    return bool(found & cookie) and bool(found & consent)


def step(page: Page, ctx: Context) -> list[Claim]:
    return extract(page.doc, page.taken, ctx)
