"""Promo widgets: teaser cards, "related" lists, calls to action and house ads.

Teaser cards are found by *structure*, not by wording: each block gets a shape letter
(M marker, A author line, T date/age line, S short title-like line, L long text) and a run of
two or more cards of the same shape, holding both metadata (A/T/M) and text (S/L), is a
teaser grid. A card's title glued to its summary ("...RangeboundBitcoin posted ...") is split
exactly where the summary the card repeats below begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articlekit.config.context import Context
from articlekit.extract import Claim, Taken, find_date, whole
from articlekit.extract.page import Page
from articlekit.model import Promo
from articlekit.text import tokens as tx
from articlekit.text.document import Block, Document


@dataclass(slots=True)
class Result:
    claims: list[Claim] = field(default_factory=list)
    promos: list[tuple[int, Promo]] = field(default_factory=list)  # (start offset, promo)


def extract(doc: Document, taken: Taken, ctx: Context) -> Result:
    result = Result()
    busy = list(taken)
    markers, exact = ctx.vocab.words("promo", "card_markers"), ctx.vocab.words("chrome", "exact")
    shapes = [_shape(b, busy[b.index], doc.language, ctx, markers, exact) for b in doc.blocks]
    headers = [is_related_header(b, ctx=ctx) for b in doc.blocks]  # both passes ask it
    _cards(doc, shapes, headers, busy, result, ctx=ctx)
    _related_lists(doc, shapes, headers, busy, result, ctx=ctx)
    _inline_teasers(doc, busy, result, ctx=ctx)
    _ads(doc, busy, result, ctx=ctx)
    _calls_to_action(doc, busy, result, ctx=ctx)
    result.claims.sort(key=lambda c: c.start)
    result.promos.sort(key=lambda p: p[0])
    return result


def _claim(result: Result, busy: list[str | None], claim: Claim) -> None:
    result.claims.append(claim)
    busy[claim.block] = claim.label


# -- shapes -------------------------------------------------------------------------------------


def _shape(
    block: Block,
    label: str | None,
    language: str | None,
    ctx: Context,
    markers: frozenset[str],
    exact: frozenset[str],
) -> str:
    """``markers``, ``exact``: the card markers and chrome's UI texts, looked up once a page."""
    if block.key in markers:
        return "M"
    if label is not None:
        return "X"
    if block.text.isdigit() and len(block.text) <= 3:
        return "N"  # a rank in a "most read" list
    if block.key in exact:
        return "C"
    if _author_of(block.text, ctx=ctx) is not None:
        return "A"
    if len(block.text) <= 60 and _is_age(block.text, language, ctx):
        return "T"
    if block.length >= 80 or (tx.ends_sentence(block.text) and block.n_words >= 8):
        return "L"
    if block.n_words >= 2 or block.n_cjk >= 4:
        return "S"
    return "X"


def _author_of(text: str, ctx: Context) -> str | None:
    """The name in an author line ("Author  Mitrade", "By Jane Doe"), or None."""
    if len(text) > 60:
        return None
    text = " ".join(text.split())
    low = text.lower()
    prefix = tx.starts_with_phrase(low, ctx.vocab.words("promo", "author_prefixes"))
    if prefix is None:
        return None
    name = text[len(prefix) :].strip(" :：")
    parts = name.split()
    if not name or len(parts) > 5 or any(ch.isdigit() for ch in name):
        return None
    if not tx.CJK_RE.match(name[0]) and not name[0].isupper():
        return None
    return name


def _is_age(text: str, language: str | None, ctx: Context) -> bool:
    """A line that is mostly a date, an age or a reading time (the span read does not depend
    on ``ctx.now``: only the value does)."""
    found = find_date(text, language, ctx)
    if found is not None and len(found.text) >= 0.5 * len(text.strip()):
        return True
    low = tx.key(text)
    return low.endswith(
        ("min read", "minute read", "minutes read", "min. lesezeit", "min de lectura")
    )


# -- teaser cards ----------------------------------------------------------------------------


def _cards(
    doc: Document,
    shapes: list[str],
    headers: list[bool],
    busy: list[str | None],
    result: Result,
    ctx: Context,
) -> None:
    exact = shapes
    # Titles and summaries vary in length from card to card: S and L match each other.
    shapes = ["W" if s in ("S", "L") else s for s in shapes]
    i, n = 0, len(shapes)
    runs = _CardRuns(shapes, ctx.params.promo.max_period)
    while i < n:
        if headers[i]:
            i += 1  # a list header is not the first card
            continue
        best_period, best_reps = runs.best(i)
        if best_reps:
            for r in range(best_reps):
                start = i + r * best_period
                _card(doc.blocks[start : start + best_period], exact, busy, result, doc, ctx=ctx)
            i += best_period * best_reps
        else:
            i += 1


class _CardRuns:
    """Where a grid of cards starts, over shapes in which S and L are both W."""

    def __init__(self, shapes: list[str], max_period: int) -> None:
        self.shapes, self.max_period = shapes, max_period
        # A card holds no X and some metadata: the next of each bound the periods worth trying
        self.next_x, self.next_meta = _next_at(shapes, "X"), _next_at(shapes, "ATMN")

    def best(self, i: int) -> tuple[int, int]:
        """Period and repetitions of the longest run of cards from block ``i``, or (0, 0)."""
        shapes = self.shapes
        best_period, best_reps = 0, 0
        longest = min(self.max_period, self.next_x[i] - i)
        for period in range(max(2, self.next_meta[i] - i + 1), longest + 1):
            pattern = shapes[i : i + period]
            if len(pattern) < period or not _card_pattern(pattern):
                continue
            reps = 1
            while shapes[i + reps * period : i + (reps + 1) * period] == pattern:
                reps += 1
            needed = 3 if not ({"A", "T"} & set(pattern)) else 2
            if reps >= needed and reps * period > best_reps * best_period:
                best_period, best_reps = period, reps
        return best_period, best_reps


def _next_at(shapes: list[str], letters: str) -> list[int]:
    """Per block, the first index at or after it of a shape in ``letters`` (else the end)."""
    out, at = [0] * len(shapes), len(shapes)
    for i in range(len(shapes) - 1, -1, -1):
        if shapes[i] in letters:
            at = i
        out[i] = at
    return out


def _name_like(text: str) -> bool:
    """ "Felix Brandt": two to four capitalised words and nothing else."""
    words = text.split()
    return (
        2 <= len(words) <= 4
        and len(text) <= 40
        and all(w[:1].isupper() and w[1:].isalpha() for w in words)
    )


def _card_pattern(pattern: list[str]) -> bool:
    kinds = set(pattern)
    return "X" not in kinds and "W" in kinds and bool(kinds & {"A", "T", "M", "N"})


def _card(
    blocks: list[Block],
    shapes: list[str],
    busy: list[str | None],
    result: Result,
    doc: Document,
    ctx: Context,
) -> None:
    texts = [b for b in blocks if shapes[b.index] in ("S", "L")]
    title_block = texts[0]
    names = [b for b in texts[1:] if shapes[b.index] == "S" and _name_like(b.text)]
    texts = [b for b in texts if b not in names]
    summary_block = texts[1] if len(texts) > 1 else None
    title, summary = title_block.text, summary_block.text if summary_block else None
    author = names[0].text if names else None
    for block in names:
        _claim(result, busy, whole(block, "promo", "teaser card: author name"))
    age = None
    published = None
    for block in blocks:
        shape = shapes[block.index]
        if shape == "A":
            author = _author_of(block.text, ctx=ctx)
            _claim(result, busy, whole(block, "promo", "teaser card: author line"))
        elif shape == "T":
            found = find_date(block.text, doc.language, ctx)
            if found is not None and (age is None or published is None):
                age, published = block.text, found.value
            what = "date or age" if found is not None else "reading time"
            _claim(result, busy, whole(block, "promo", f"teaser card: {what} line"))
        elif shape in ("M", "C") and busy[block.index] is None:
            _claim(result, busy, whole(block, "chrome", "teaser card: image placeholder or icon"))
        elif shape == "N":
            _claim(result, busy, whole(block, "promo", "teaser card: rank number"))
    split = _split_glued(title_block.text, summary) if len(title_block.lines) == 1 else None
    if split is not None:
        title = title_block.text[:split].rstrip()
        busy[title_block.index] = "promo"
        result.claims += [
            Claim(
                title_block.start,
                title_block.start + len(title),
                "promo",
                "teaser card: title glued to the summary the card repeats below; split there",
                title_block.index,
            ),
            Claim(
                title_block.start + split,
                title_block.end,
                "promo",
                "teaser card: summary glued to the title",
                title_block.index,
            ),
        ]
    else:
        _claim(result, busy, whole(title_block, "promo", "teaser card: title"))
    for block in texts[1:]:
        _claim(result, busy, whole(block, "promo", "teaser card: summary"))
    text = " ".join(b.text for b in blocks if shapes[b.index] not in ("M", "C", "N"))
    promo = Promo("teaser", text, title, summary, author, age, published)
    result.promos.append((blocks[0].start, promo))


def _split_glued(title_text: str, summary: str | None) -> int | None:
    """Offset in the title line where a repeated summary starts, if the line ends with it."""
    if not summary or len(summary) >= len(title_text):
        return None
    if not title_text.endswith(summary):
        return None
    cut = len(title_text) - len(summary)
    return cut if title_text[:cut].strip() else None


# -- "Related" lists -----------------------------------------------------------------------------


def _related_lists(
    doc: Document,
    shapes: list[str],
    headers: list[bool],
    busy: list[str | None],
    result: Result,
    ctx: Context,
) -> None:
    blocks = doc.blocks
    for header in blocks:
        if not headers[header.index] or busy[header.index] not in (None, "chrome"):
            continue
        items: list[Block] = []
        metas: list[Block] = []
        cards = False
        for block in blocks[header.index + 1 : header.index + 1 + 2 * ctx.params.promo.max_list]:
            label = busy[block.index]
            shape = shapes[block.index]
            if label == "chrome" or shape in ("M", "C"):
                continue
            if label == "promo":
                cards = True  # a card the card finder already took, inside the list
                continue
            if label is not None:
                break
            if shape == "N":
                metas.append(block)
                continue
            if shape in ("S", "L") and _headline_like(block):
                items.append(block)
            elif shape in ("A", "T") and items:
                metas.append(block)
            else:
                break
            if len(items) >= ctx.params.promo.max_list:
                break
        if not items and not cards:
            continue
        if busy[header.index] is None:
            _claim(
                result, busy, whole(header, "promo", f"header of a related list ({header.key!r})")
            )
        for block in metas:
            _claim(
                result, busy, whole(block, "promo", "related list: date or author of a headline")
            )
        for block in items:
            _claim(result, busy, whole(block, "promo", f"headline listed under {header.key!r}"))
            result.promos.append((block.start, Promo("teaser", block.text, title=block.text)))


def is_related_header(block: Block, ctx: Context) -> bool:
    """ "Related articles", "Les plus lus", "More from Business": a header over teasers."""
    key = block.key
    if key in ctx.vocab.words("promo", "related_headers"):
        return True
    prefix = tx.starts_with_phrase(key, ctx.vocab.words("promo", "related_prefixes"))
    return prefix is not None and len(key.split()) <= 6 and not tx.ends_sentence(block.text)


def _headline_like(block: Block) -> bool:
    if block.n_words < 3 and block.n_cjk < 6:
        return False  # "Contact", "Mentions légales": footer links, not headlines
    return len(block.text) <= 160 and not (block.text.endswith(".") and block.n_words > 12)


def _inline_teasers(doc: Document, busy: list[str | None], result: Result, ctx: Context) -> None:
    prefixes = ctx.vocab.words("promo", "inline_prefixes")
    for block in doc.blocks:
        if busy[block.index] is not None or len(block.text) > 250:
            continue
        low = block.key.replace(" :", ":").replace(" ：", "：")
        prefix = tx.starts_with_phrase(low, prefixes)
        if prefix is None:
            continue
        colon = max(block.text.find(":"), block.text.find("："))
        title = block.text[colon + 1 :].strip(" →←»«>") if colon >= 0 else block.text
        if len(title.split()) < 2 and tx.cjk_count(title) < 4:
            continue
        _claim(result, busy, whole(block, "promo", f"inline teaser ({prefix!r})"))
        result.promos.append((block.start, Promo("teaser", block.text, title=title)))


# -- house ads -----------------------------------------------------------------------------------


def _ads(doc: Document, busy: list[str | None], result: Result, ctx: Context) -> None:
    markers = ctx.vocab.words("promo", "ad_markers")
    max_cta = ctx.params.promo.max_cta
    blocks = doc.blocks
    for marker in blocks:
        if busy[marker.index] is not None:
            continue
        if marker.key not in markers and not marker.key.startswith("sponsored by "):
            continue
        body: list[Block] = []
        for block in blocks[marker.index + 1 : marker.index + 7]:
            if busy[block.index] is not None or len(block.text) > max_cta:
                break
            if block.blank_before and body:
                break
            body.append(block)
        _claim(result, busy, whole(marker, "promo", f"ad marker {marker.key!r}"))
        for block in body:
            _claim(result, busy, whole(block, "promo", f"house ad after {marker.key!r}"))
        text = " ".join(b.text for b in body) if body else marker.text
        title = body[0].text if body else None
        result.promos.append((marker.start, Promo("ad", text, title=title)))


# -- calls to action -----------------------------------------------------------------------------


def cta_score(text: str, ctx: Context) -> tuple[int, str]:
    """How strongly a short block invites the reader to act, and the evidence (read once per
    text in a document: the box pass and the line pass score the same blocks)."""
    memo = ctx.memo("cta_score")
    if text not in memo:
        memo[text] = _cta_score(text, ctx)
    found: tuple[int, str] = memo[text]
    return found


def _cta_score(text: str, ctx: Context) -> tuple[int, str]:
    low = text.lower()
    score, why = 0, []
    bare = low.rstrip(" .!→»>›")
    for button in tx.ending_like(bare, ctx.vocab.words("promo", "cta_buttons")):
        if bare == button:
            score += 2  # a lone button is chrome unless a call to action stands around it
            why.append(f"button {button!r}")
            break
        if bare.endswith(button) and not bare[-len(button) - 1 : -len(button)].isalnum():
            score += 3
            why.append(f"ends with button {button!r}")
            break
    phrases = ctx.vocab.words("promo", "cta_phrases")
    lead = tx.starts_with_phrase(low, phrases)
    if lead is not None:
        score += 2
        why.append(f"opens with {lead!r}")
    rest = low[len(lead) :] if lead else low
    nouns = ctx.vocab.words("promo", "cta_nouns")
    # rest and head are cut from low between words: what they hold, low holds. A list low
    # holds nothing of is not searched in them, and low's words are read only when needed
    some_phrase, some_noun = tx.may_hold(low, phrases), tx.may_hold(low, nouns)
    words = tx.word_set(low) if some_phrase or some_noun else None
    if some_phrase and (phrase := tx.contains_phrase(rest, phrases, words)) is not None:
        score += 1
        why.append(f"phrase {phrase!r}")
    if some_noun and (noun := tx.contains_phrase(low, nouns, words)) is not None:
        score += 1
        why.append(f"sells {noun!r}")
    head = low.split(":", 1)[0] if ":" in low[:50] else ""
    if head and some_noun and tx.contains_phrase(head, nouns, words):
        score += 1
        why.append("a promo label before ':'")
    return score, ", ".join(why)


def _boxes(doc: Document, busy: list[str | None], ctx: Context) -> list[list[Block]]:
    """Runs of free, short blocks with no blank line between them: sign-up boxes, if any."""
    max_cta = ctx.params.promo.max_cta
    boxes: list[list[Block]] = []
    for block in doc.blocks:
        fits = busy[block.index] is None and len(block.text) <= max_cta
        if fits and boxes and not block.blank_before and boxes[-1][-1].index == block.index - 1:
            boxes[-1].append(block)
        elif fits:
            boxes.append([block])
    return [box for box in boxes if 2 <= len(box) <= 8]


def _calls_to_action(doc: Document, busy: list[str | None], result: Result, ctx: Context) -> None:
    # A box of short lines that together sell something ("Sign up for ..." / "Our free daily
    # newsletter ..." / "Enter your email" / "Sign up") is one call to action.
    chrome_exact = ctx.vocab.words("chrome", "exact")
    max_cta = ctx.params.promo.max_cta
    box_threshold = ctx.params.promo.box_threshold
    cta_threshold = ctx.params.promo.cta_threshold
    for box in _boxes(doc, busy, ctx=ctx):
        # "Already a subscriber? Log in" under the box is a link of the page, not the offer.
        while len(box) > 2 and tx.key(re.split(r"[?.!]", box[-1].text)[-1]) in chrome_exact:
            box = box[:-1]
        scores = [cta_score(b.text, ctx=ctx) for b in box]
        total = sum(s for s, _ in scores)
        if total >= box_threshold and sum(1 for s, _ in scores if s >= 1) >= 2:
            evidence = "; ".join(w for _, w in scores if w)
            for block in box:
                _claim(result, busy, whole(block, "promo", f"call-to-action box: {evidence}"))
            result.promos.append((box[0].start, Promo("cta", " ".join(b.text for b in box))))
    blocks = doc.blocks
    chrome_exact = ctx.vocab.words("chrome", "exact")
    for block in blocks:
        if busy[block.index] is not None or len(block.text) > max_cta:
            continue
        score, why = cta_score(block.text, ctx=ctx)
        if score < cta_threshold:
            continue
        group = [block]
        # A sign-up box spreads over a few short lines with no blank line between them.
        for nxt in blocks[block.index + 1 : block.index + 6]:
            if nxt.blank_before or busy[nxt.index] not in (None, "chrome") or len(nxt.text) > 200:
                break
            if busy[nxt.index] == "chrome" and nxt.key not in chrome_exact:
                break
            group.append(nxt)
        start = block.index
        while start > 0 and not blocks[start].blank_before:
            prev = blocks[start - 1]
            if (
                busy[prev.index] is not None
                or len(prev.text) > 200
                or cta_score(prev.text, ctx=ctx)[0] < 1
            ):
                break
            group.insert(0, prev)
            start -= 1
        for member in group:
            if busy[member.index] is None:
                reason = (
                    f"call to action: {why}" if member is block else "part of a call-to-action box"
                )
                _claim(result, busy, whole(member, "promo", reason))
        text = " ".join(b.text for b in group)
        result.promos.append((group[0].start, Promo("cta", text)))


def step(page: Page, ctx: Context) -> list[Claim]:
    """Promos, with the cards' structure kept in ``page.promos``."""
    result = extract(page.doc, page.taken, ctx)
    page.promos.extend(result.promos)
    return result.claims
