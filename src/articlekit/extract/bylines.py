"""Bylines: short lines of recognisable parts (a prefix such as "By", "Source", "Von",
"来源："; names; a news agency; a date), read into authors, source and date. The header step
asks this of the lines near the title; the HTML path of its byline elements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from articlekit.config.context import Context
from articlekit.config.vocabulary import Vocabulary
from articlekit.extract import find_date
from articlekit.extract import names as person
from articlekit.text import dates
from articlekit.text import language as lang
from articlekit.text import tokens as tx

_PART_SPLIT_RE = re.compile(
    r"\s*;\s+|\s+[|·•/]\s+|\s+[-–—]\s+|\s{2,}|\u3000+|(?<=[^\s\d])\s?[|｜]\s?"
)

#: A capitalised lead word glued to a capitalised name ("ByShivya").
_GLUED_LEAD_RE = re.compile(r"([A-Z][a-z]{1,5})(?=[A-Z][a-z])")
#: A date's lead word glued to the end of a name: "WarrenReviewed"; in capitals, a word of
#: seven letters or more ("NORRISPUBLISHED") is tried against the lead words.
_GLUED_TAIL_RE = re.compile(r"([a-z])([A-Z][a-z]{4,})\b")
_CAPITALS_RE = re.compile(r"\b[A-Z]{7,}\b")

#: The longest stop word that ``trim_name`` drops from a name's end: "in", "on", "and", "und";
#: longer ones in the lists ("april", "young") can be surnames.
MAX_FUNCTION_WORD = 3


@dataclass(slots=True)
class Byline:
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    date: dates.DateMatch | None = None
    reason: str = ""


def parse_byline(
    text: str, language: str | None, ctx: Context, common: person.PageWords | None = None
) -> Byline | None:
    """The parts of a byline line, or None if the line is not one. ``common``: the words the
    page writes in lower case (``names.PageWords``), which no name is made of only. Read
    once per text and language in a document (the header asks again of the lines near the
    title): each call gets its own copy."""
    memo = ctx.memo("parse_byline")
    key = (text, language, common)
    if key not in memo:
        memo[key] = _read(text, language, ctx, common)
    found: Byline | None = memo[key]
    return None if found is None else replace(found, authors=list(found.authors))


def _read(
    text: str, language: str | None, ctx: Context, common: person.PageWords | None
) -> Byline | None:
    text = unglue(text, ctx)
    out = _parse_byline(text, language, ctx, common)
    if out is None and (credit := person.dated_credit(text, language, ctx, common)) is not None:
        names = [trim_name(name, language, ctx) for name in credit[1]]
        out = Byline(authors=names, date=credit[0], reason="byline: date (credit line)")
    return out


def unglue(text: str, ctx: Context) -> str:
    """Put back the space a renderer dropped between a byline's lead word and the name, or
    the name and a date's lead word, where a link or a line break stood: "ByShivya Nath",
    "John WarrenReviewed 06/08/2024", "BY REBECCA NORRISPUBLISHED: JUN 25, 2025". Only at a
    change of case, and only at a word of the byline lists (a name particle is none:
    "DiCaprio")."""
    leads = ctx.vocab.words("byline", "author_prefixes")
    particles = ctx.vocab.words("byline", "name_particles")
    head = _GLUED_LEAD_RE.match(text)
    if head and head[1].lower() in leads and head[1].lower() not in particles:
        text = text[: head.end()] + " " + text[head.end() :]
    tails = ctx.vocab.words("byline", "date_prefixes")
    text = _GLUED_TAIL_RE.sub(lambda m: m[1] + " " + m[2] if m[2].lower() in tails else m[0], text)
    return _CAPITALS_RE.sub(lambda m: _split_capitals(m[0], tails), text)


def _split_capitals(word: str, tails: frozenset[str]) -> str:
    """ "NORRISPUBLISHED" -> "NORRIS PUBLISHED": the longest lead word of five letters or more
    that ends a word in capitals, with two letters or more before it."""
    for size in range(len(word) - 2, 4, -1):
        if word[-size:].lower() in tails:
            return word[:-size] + " " + word[-size:]
    return word


def _parse_byline(
    text: str, language: str | None, ctx: Context, common: person.PageWords | None
) -> Byline | None:
    if (
        len(text) > ctx.params.header.max_byline
        or tx.ends_sentence(text)
        and text.rstrip()[-1] in ".!?。"
        and len(text) > 80
    ):
        return None
    out = Byline()
    whole_date = find_date(text, language, ctx)
    if whole_date is not None and len(whole_date.text) >= 0.4 * len(text):
        lead = text[: whole_date.start].strip(" ,|·:-–—")
        before = person.strip_date_prefix(lead, ctx=ctx)
        after = text[whole_date.end :].strip(" ,|·:-–—")
        if not before and not after:
            out.date, out.reason = whole_date, "byline: date"
            if tx.key(lead) in ctx.vocab.words("byline", "agencies"):
                out.source, out.reason = lead, "byline: agency, date"
            return out
    parts = [p.strip() for p in _PART_SPLIT_RE.split(text) if p and p.strip()]
    reasons = []
    deferred = []
    for part in parts:
        kind = _part(part, language, out, ctx=ctx, common=common)
        if kind is None:
            deferred.append(part)
        elif kind:
            reasons.append(kind)
    # A bare name counts once the line has shown it is a byline: "Chris Davies - Nov 19, 2019".
    # A publication's name alone shows nothing: "Gaming News | Game Rant" is a page title.
    licensed = bool(out.date) or bool(set(reasons) - {"publication", ""})
    for part in deferred:
        kind = _part(part, language, out, 1, ctx=ctx, common=common) if licensed else None
        if kind is None:
            return None
        if kind:
            reasons.append(kind)
    if not (out.authors or out.source or out.date or "credit" in reasons):
        return None
    if set(reasons) <= {"publication", ""}:
        return None  # "Top News", "Northfield Science Daily": a name alone is not a byline
    out.reason = "byline: " + ", ".join(dict.fromkeys(reasons))
    return out


def _part(
    part: str,
    language: str | None,
    out: Byline,
    depth: int = 0,
    *,
    ctx: Context,
    common: person.PageWords | None = None,
) -> str | None:
    """Read one part into ``out``; return what it was ('' to ignore), None if not a byline part."""
    part = " ".join(part.split())
    low = part.lower()
    key = tx.key(part)
    if key in ctx.vocab.words("byline", "not_names") or key in ctx.vocab.words("byline", "roles"):
        return ""
    if part.startswith("@") and " " not in part:
        return "handle"  # "@janedoe" next to a name
    if key in ctx.vocab.words("byline", "agencies"):
        out.source = out.source or part.strip(" ()")
        return "agency"
    prefix = tx.starts_with_phrase(low, ctx.vocab.words("byline", "source_prefixes"))
    if prefix is not None:
        rest = part[len(prefix) :].strip(" :：-–")
        if rest and len(rest) <= 60 and not tx.ends_sentence(rest):
            out.source = out.source or rest
            return "source"
        return None
    prefix = tx.starts_with_phrase(low, ctx.vocab.words("byline", "author_prefixes"))
    if prefix is not None:
        rest = part[len(prefix) :].strip(" :：")
        if person.staff(rest, ctx):
            out.source = out.source or rest
            return "newsroom"
        names = _names(rest, language, out, ctx=ctx, common=common)
        if names:
            out.authors += [n for n in names if n not in out.authors]
            return "author"
        return None
    prefix = tx.starts_with_phrase(low, ctx.vocab.words("byline", "credit_prefixes"))
    if prefix is not None:
        rest = part[len(prefix) :].strip(" :：")
        return (
            "credit" if rest and _names(rest, language, Byline(), ctx=ctx, common=common) else None
        )
    found = find_date(part, language, ctx)
    if found is not None:
        return _dated_part(part, found, language, out, depth, ctx, common)
    if low.endswith(("min read", "minute read", "minutes read")):
        return ""
    head, _, role = part.rpartition(",")
    if head and _is_role(role, ctx=ctx) and person.is_name(head.strip(), ctx, common):
        out.authors.append(head.strip())
        return "author with role"
    if _is_publication(part, ctx=ctx) and len(part.split()) <= 5 and not tx.ends_sentence(part):
        out.source = out.source or part
        return "publication"
    # A name beside an author, an agency or a date is an author; beside a publication's name
    # alone it may be the rest of a page title ("Online Tuition | Liberty University").
    known_source = out.source is not None and not _is_publication(out.source, ctx=ctx)
    if out.authors or known_source or depth or _handle_follows(part, ctx, common):
        names = _names(part.split(" @", 1)[0], language, out, ctx=ctx, common=common)
        if names:
            out.authors += [n for n in names if n not in out.authors]
            return "author"
    return None


def _dated_part(
    part: str,
    found: dates.DateMatch,
    language: str | None,
    out: Byline,
    depth: int,
    ctx: Context,
    common: person.PageWords | None,
) -> str | None:
    """A part holding a date: "date" if what is around the date is empty, a lead-in or a name
    (read into ``out``), None if the date sits inside other words."""
    before = person.strip_date_prefix(part[: found.start], ctx=ctx)
    after = part[found.end :].strip(" ,|·:-–—")
    rest = " ".join(x for x in (before, after) if x)
    if rest and found.relative and dates.day_word(found.text):
        return None  # "Get A Free Quote Today", "TODAY AT APPLE": a day word in a phrase
    # "Posted on March 30, 2015 by Admin": a short rest that is no name leaves the date
    if (
        rest
        and depth < 2
        and _part(rest, language, out, depth + 1, ctx=ctx, common=common) in (None, "")
        and (len(rest.split()) > 4 or tx.ends_sentence(rest) or len(part) > 80)
        # "Carlos Nadalim 27/09/2018 Comente! Música, Dança": a name, the date, then tags
        and not (
            before and after and _part(before, language, out, depth + 1, ctx=ctx, common=common)
        )
    ):
        return None
    if out.date is None or (out.date.relative and not found.relative):
        out.date = found
    return "date"


def _handle_follows(part: str, ctx: Context, common: person.PageWords | None) -> bool:
    """ "Natasha Turak @NatashaTurak": a name with its social handle."""
    name, _, handle = part.partition(" @")
    return bool(handle) and " " not in handle and person.is_name(name, ctx, common)


def trim_name(token: str, language: str | None, ctx: Context) -> str:
    """Drop a trailing job title, date lead-in, agency or short function word ("Meg James Staff
    Writer", "Tom Davies Associated Press", "Sara Harberson In", where a "By NAME In CATEGORY"
    line lost its category -> the name), and a name said twice ("Colin Gray Colin Gray", an
    avatar's text before the name). Two words always stay: "Theresa May" is a name."""
    words = token.split()
    half = len(words) // 2
    if half >= 2 and len(words) == 2 * half and words[:half] == words[half:]:
        words = words[:half]
    tails = ctx.vocab.words("byline", "date_prefixes")
    agencies = ctx.vocab.words("byline", "agencies")
    function = lang.stopwords(language) if language else frozenset()
    while len(words) > 2:
        for size in (3, 2, 1):
            tail = " ".join(words[-size:]).lower()
            if len(words) - size >= 2 and (
                _is_role(tail, ctx=ctx)
                or tail in tails
                or tail in agencies
                or size == 1
                and len(tail) <= MAX_FUNCTION_WORD
                and tail in function
            ):
                words = words[:-size]
                break
        else:
            break
    return " ".join(words)


def _names(
    text: str,
    language: str | None,
    out: Byline,
    ctx: Context,
    common: person.PageWords | None = None,
) -> list[str]:
    """Person names in "Jane Doe and John Roe, Senior Reporter" (roles and links dropped)."""
    found = find_date(text, language, ctx)
    if found is not None:
        out.date = out.date or found
        text = (text[: found.start] + text[found.end :]).strip(" ,|·-–—")
    tokens = ctx.vocab.compiled(_name_breaks).split(text)
    names = []
    for token in tokens:
        token = trim_name(token.strip(" ."), language, ctx)
        if (
            not token
            or _is_role(token, ctx=ctx)
            or tx.key(token) in ctx.vocab.words("byline", "not_names")
        ):
            continue
        if tx.key(token) in ctx.vocab.words("byline", "agencies") or _is_publication(
            token, ctx=ctx
        ):
            out.source = out.source or token
            continue
        if person.staff(token, ctx):
            out.source = out.source or token
            continue
        if person.is_name(token, ctx, common):
            names.append(token)
        else:
            return []
    return names


def _name_breaks(vocab: Vocabulary) -> re.Pattern[str]:
    """Where the names of a byline part break: commas, semicolons, "、", a joiner ("and",
    "und") between spaces. Built once per vocabulary, joiners longest first (between one-word
    joiners, as the package's are, the order cannot change a split: a space must follow)."""
    joiners = "|".join(re.escape(j) for j in tx.ordered(vocab.words("byline", "name_joiners")))
    return re.compile(r"\s*,\s*|\s*;\s*|\s+(?:" + joiners + r")\s+|、")


def _is_role(text: str, ctx: Context) -> bool:
    """ "Senior Science Correspondent": a job title, known by its last word."""
    words = tx.key(text).split()
    roles = ctx.vocab.words("byline", "roles")
    return bool(words) and (" ".join(words) in roles or (len(words) <= 4 and words[-1] in roles))


def _is_publication(token: str, ctx: Context) -> bool:
    words = set(tx.words(token.lower()))
    return bool(words & ctx.vocab.words("byline", "publication_words"))
