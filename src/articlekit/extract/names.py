"""Whether a part of a byline is a person's name, or a newsroom standing in for one.

A name is two to five capitalised words of letters (particles such as "von" or "de" aside),
none of them a section, menu, shop or date word (``not_name_words`` in ``data/byline.toml``,
several languages), without digits and without two words glued together as a page's markup
loses the space between them ("Meg JamesStaff"); in CJK script, two to eight characters.
"Reuters Staff", "Staff Writers" and "Editorial Team" are newsrooms (``staff_words``): the
header reads them as the source, not as an author.

A page's own words are evidence too (:class:`PageWords`): "Use Case", "Ask Question" or "Real
Estate" is capitalised like a name, but every one of its words is written in lower case
elsewhere on the page, as a person's name never all is ("Will Dunham": "will" may be, "dunham"
is not).
"""

from __future__ import annotations

import re

from articlekit.config.context import Context
from articlekit.config.vocabulary import package_words
from articlekit.extract import find_date
from articlekit.text import dates
from articlekit.text import tokens as tx

_NAME_CHARS_RE = re.compile(r"^[^\W\d_][\w'’.\-]*$")
#: Times a page writes a name of common words for it to be a firm's own ("Quiet Light"), when
#: no context gives ``[balanced.header] brand_repeats``.
BRAND_REPEATS = 3
#: The longest credit line read for its date alone (``dated_credit``).
CREDIT_CHARS = 100
_GLUED_RE = re.compile(r"[^\W\d_]{4}(?<=[a-zà-ÿ])[A-ZÀ-Þ]")


#: Addresses, handles and paths ("jill@example.org", "@jilldoe", "example.org/jill-doe"): a
#: name is written there in lower case, so their words are no evidence against it.
#: Anchored at a token's start, so each token is read once (linear in the text).
_ADDRESS_RE = re.compile(r"(?<!\S)(?:\S*[@/]\S*|[^\s.]+(?:\.[^\s.]+){2,})")


class PageWords:
    """The words a page writes in lower case (scripts without case have none), outside
    addresses: what a name is checked against. Read on the first question, so a page whose
    lines hold no name candidate costs nothing."""

    __slots__ = ("_source", "_words")

    def __init__(self, source: str) -> None:
        self._source = source
        self._words: frozenset[str] | None = None

    def count(self, phrase: str) -> int:
        """How many times the page writes ``phrase`` as it is written."""
        return self._source.count(phrase) if phrase else 0

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = lower_words(self._source)
        return word in self._words


def lower_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case, outside addresses and handles."""
    return frozenset(w for w in set(tx.words(_ADDRESS_RE.sub(" ", text))) if w.islower())


def is_name(token: str, ctx: Context | None = None, common: PageWords | None = None) -> bool:
    """A person's name: two to five capitalised words (particles aside) of letters, with no
    section, menu or shop word, no digits, no words glued together ("Meg JamesStaff"), not
    every word one the page writes in lower case (``common``) nor every word a common word of
    the languages (``data/words.toml``: "Use Case", "Verified Purchase"; a name has at least
    one word that is written capitalised only, "Will Dunham") unless the page writes it
    ``brand_repeats`` times, as a firm's site writes its name; a single word only in CJK
    script."""
    if tx.CJK_RE.match(token[:1]):
        return 2 <= len(token) <= 8 and not any(ch.isdigit() for ch in token)
    words = token.split()
    if not 2 <= len(words) <= 5 or len(token) > 50:
        return False
    particles = package_words("byline", "name_particles")
    banned = (
        ctx.vocab.words("byline", "not_name_words")
        if ctx is not None
        else package_words("byline", "not_name_words")
    )
    for word in words:
        low = word.lower().strip(".")
        if low in banned or not _NAME_CHARS_RE.match(word) or _GLUED_RE.search(word):
            return False
        if not (word[:1].isupper() or low in particles):
            return False
    parts = [p for p in tx.words(token.lower()) if len(p) > 1 and p not in particles]
    if not parts:
        return True
    usual = (
        ctx.vocab.words("words", "common") if ctx is not None else package_words("words", "common")
    )
    if all(p in usual for p in parts):
        # "Model Remodel", "Quiet Light": a firm's name is words too, and its own site writes
        # it again and again (logo, footer, copyright), where a menu's "By Use Case" is once.
        repeats = ctx.params.header.brand_repeats if ctx is not None else BRAND_REPEATS
        return common is not None and common.count(token) >= repeats
    return common is None or not all(p in common for p in parts)


def staff(token: str, ctx: Context) -> bool:
    """ "Reuters Staff", "Staff Writers", "Editorial Team": a newsroom, not a person."""
    if "," in token:
        return False  # "Jane Doe, Staff Writer": a name and a role
    words = tx.key(token).split()
    staff_words = ctx.vocab.words("byline", "staff_words")
    return 1 <= len(words) <= 3 and (words[0] in staff_words or words[-1] in staff_words)


def strip_date_prefix(text: str, ctx: Context) -> str:
    """Drop "Published on", "Updated", "Madrid -" style lead-ins before a date."""
    text = text.strip(" ,|·:-–—")
    key = tx.key(text)
    if not key or key in ctx.vocab.words("byline", "date_prefixes"):
        return ""
    words = text.split()
    if (len(words) == 1 or text.isupper()) and len(words) <= 3 and not tx.ends_sentence(text):
        return ""  # a dateline city: "Madrid -", "PARIS,", "NEW YORK -"
    return text


def strip_date_lead_tail(text: str, ctx: Context) -> str:
    """Drop a date's lead-in left at the end of a name: "Rebecca Norris Published:" (before
    "Jun 25, 2025") -> "Rebecca Norris"."""
    words = text.rstrip(" ,|·:-–—").split()
    prefixes = ctx.vocab.words("byline", "date_prefixes")
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]).lower() in prefixes:
            return " ".join(words[:-size])
    return text


def dated_credit(
    text: str, language: str | None, ctx: Context, common: PageWords | None = None
) -> tuple[dates.DateMatch, list[str]] | None:
    """The date (and the name, where it passes) of a short credit line whose names a byline
    refuses: "By Sherif Saed, Wednesday, 20 November 2019", "by Regan September 15, 2014",
    "21/06/2014 Tony Carter All, Books, Reviews". It must open with an author prefix, or with
    a name before the date, or with the date and a name right after it."""
    if len(text) > CREDIT_CHARS or tx.ends_sentence(text):
        return None
    found = find_date(text, language, ctx)
    if found is None or found.value is None or found.relative:
        return None
    prefix = tx.starts_with_phrase(text.lower(), ctx.vocab.words("byline", "author_prefixes"))
    before = strip_date_lead_tail(strip_date_prefix(text[: found.start], ctx), ctx)
    after = text[found.end :].strip(" ,|·:-–—").split()
    name = ""
    if prefix is not None:
        name = re.split(r"[,|·•]", text[len(prefix) : found.start])[0].strip(" :：")
        name = strip_date_lead_tail(name, ctx)
    elif before:
        if not is_name(before, ctx, common):
            return None
        name = before
    elif not (
        is_name(" ".join(after[:2]), ctx, common) or is_name(" ".join(after[:3]), ctx, common)
    ):
        return None
    keep = bool(name) and is_name(name, ctx, common) and not staff(name, ctx)
    return found, [name] if keep else []
