"""Title: the headline among the title-like lines above the content, by weighed evidence.

A dump does not say which line is the headline, and the first line is often not it: a browser's
``innerText`` and most converters leave the page's ``<title>`` out, and a menu stands above the
``<h1>``. So every title-like line (short, no final full stop, not a button word) from the top
of the page down to the first lines of the content run is a candidate, whether free or taken as
chrome or promo by an earlier step (a headline among menus can pass for a menu item, and a
headline over a date for a teaser card). Each candidate gets evidence, each piece scored 0..1
and weighed by ``[balanced.title]`` in ``data/thresholds.toml``:

* ``near``: how close above the content run it stands (bylines, dates, empty lines between do
  not count; a line inside the run's first lines counts as adjacent while no paragraph of
  prose comes before it);
* ``byline``: a byline or date line right below it (or right above: "Health · May 2, 2025");
* ``repeat``: the same words on another line of the page (a ``<title>`` and its ``<h1>``, the
  breadcrumb's last item);
* ``echo``: a later line that repeats the page's first line, or is contained in it ("Dental
  Care" under "Dental Care | ONE Health Ohio"): the ``<h1>`` under the ``<title>`` that
  html-text and bs4 put first. The strongest single sign where the first line is the page
  title, and silent where a renderer leaves the ``<title>`` out;
* ``overlap``: the share of its words that the content run's first paragraphs use;
* ``shape``: four to twenty words (CJK: six to sixty characters), as headlines have;
* ``heading``: a Markdown heading mark ("# ..."), as html-to-Markdown converters write (a
  hashtag, "#git", is none);
* ``first``: the first line of the page, five words or more: where a page title stands (half
  as much in capitals, as a masthead is written);
* ``menu``: both neighbours short lines of a word or two (weighed against);
* ``bullet``: a list item (weighed against);
* ``name``: two or three capitalised words, a person's name more often than a headline
  (weighed against: "Imogen Clarke" over "Published 3 hours ago" is the byline);
* ``after_prose``: a paragraph of prose just above it, as over a sub-heading (weighed against).
* ``taken``: an earlier step took it (weighed against).

The candidate with the highest sum is the title; its reason lists what counted. Unless
``[balanced.learned] title`` is 0, a small forest (``data/title_ranker.json``, trained by
training/title_ranker.py on site-grouped folds, docs/learned.md) ranks the candidates instead:
it reads the evidence, the sum, the candidate's place among the others and its shape
(``extract/title_rank.py``), and the highest p(title) wins; the weights stay its main evidence
and the reason gives both. One case is not weighed: ``lead``, a first line followed directly
by the text (the content's first paragraph next, or one sub-heading and then it), with no site
part, no later line repeating it and no byline on the page, is the headline, as
``Article.to_text`` writes it. Weighed, it would lose the evidence that chose it (the
``<title>`` its ``echo`` came from, the byline next to it), which the cleaned text no longer
has, and a sub-heading would take its place when the text is cleaned again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from articlekit.config.context import Context
from articlekit.extract import Taken
from articlekit.text import tokens as tx
from articlekit.text.document import Block, Document

_TITLE_SUFFIX_RE = re.compile(r"\s(?:[|｜·•»]|[-–—]|::)\s")
_CRUMB_RE = re.compile(r"\s[>›»/]\s|\s?[>›»]\s?")
#: A Markdown heading mark needs its space (CommonMark): "#git #development" is hashtags.
_HEADING_RE = re.compile(r"#{1,6}\s")
_MARKDOWN_RE = re.compile(r"^(?:#{1,6}\s+|\*\*|__)|(?:\*\*|__|\s#{1,6})$")
#: How many blocks above the content run are looked at, and how many of the run's first.
REACH_ABOVE = 150
REACH_INSIDE = 4
#: Labels of earlier steps that may have taken a headline by mistake.
RETAKE = frozenset({"chrome", "promo"})
#: Closing quotes and brackets, which end a headline as often as a sentence.
_CLOSERS = "\"'”’»」』)]）】"
#: Characters of the content run whose words ``overlap`` compares with.
VOCABULARY_CHARS = 3000


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the evidence of every candidate reads from the page, read once per page."""

    keys: dict[str, int]  # block key -> how many blocks have it
    tops: list[set[str]]  # words of the first two lines' headlines (``split_site``)
    later: list[tuple[str, set[str]]]  # key and headline words of lines below those two
    vocabulary: set[str]  # words of the content's first paragraphs
    gaps: list[int]  # per block above the content, the wordy lines between it and the content


#: A candidate's own shape beside its evidence (:attr:`Candidate.shape`), which the ranker
#: reads: how far above the content, where on the page, how long, what an earlier step took
#: it for, how it is written, and its neighbourhood (see :func:`_shape`).
SHAPE = ("above_content", "position", "words", "cjk", "chars", "chrome", "promo", "upper",
         "question", "colon", "digits", "top", "first_overlap", "copies", "to_prose",
         "prev_words", "next_words")  # fmt: skip
#: How far below a candidate ``to_prose`` looks for the first sentence of prose.
PROSE_REACH = 10


@dataclass(frozen=True, slots=True)
class Candidate:
    block: Block
    evidence: dict[str, float]
    score: float
    shape: tuple[float, ...] = ()  # :data:`SHAPE`
    p: float | None = None  # the ranker's p(title), once ranked (``title_rank.ranked``)


def clean_title(text: str) -> str:
    """The headline without Markdown marks ("# Title", "**Title**")."""
    previous = None
    while previous != text:
        previous, text = text, _MARKDOWN_RE.sub("", text).strip()
    return text


def title_like(block: Block) -> bool:
    text = clean_title(block.text)
    if not text or len(text) > 250 or text[-1:] in ":,;" or not any(ch.isalpha() for ch in text):
        return False
    if text[0] in "([（【" and text[-1] in ")]）】":
        return False  # "(Reed Saxon / Associated Press)": a credit, not a headline
    if text[0].islower():
        return False  # a line of a wrapped paragraph, or a fragment: headlines start capitalised
    if len(_CRUMB_RE.split(text)) >= 3:
        return False  # "Home > News > Transport": a breadcrumb trail
    if block.n_cjk:
        return 4 <= block.n_cjk <= 80
    if not 2 <= block.n_words <= 30:
        return False
    return not (text.endswith(".") and not text.endswith(".."))


def split_site(title: str) -> tuple[str, str | None]:
    """ "Headline - Site" -> ("Headline", "Site") when the tail is short and the head is not."""
    parts = _TITLE_SUFFIX_RE.split(title)
    if len(parts) < 2:
        return title, None
    head, tail = " - ".join(parts[:-1]) if len(parts) > 2 else parts[0], parts[-1].strip()
    if len(tail.split()) <= 4 and len(head.split()) >= 3 and len(tail) < len(head):
        return head.strip(), tail
    return title, None


def similar(a: str, b: str) -> bool:
    wa, wb = set(tx.words(a.lower())), set(tx.words(b.lower()))
    if not wa or not wb:
        return False
    if a.lower() in b.lower() or b.lower() in a.lower():
        return True
    return len(wa & wb) / len(wa | wb) >= 0.6


def same_headline(a: str, b: str) -> bool:
    """The same headline twice (a ``<title>``'s and its ``<h1>``): equal words, or nearly."""
    return _same_words(_word_set(a), _word_set(b))


def _word_set(text: str) -> set[str]:
    return set(tx.words(text.lower()))


def _headline_words(text: str) -> set[str]:
    """The words of a line read as a headline: marks and its site part ("| Site") off."""
    return _word_set(split_site(clean_title(text))[0])


def _same_words(wa: set[str], wb: set[str]) -> bool:
    """``same_headline`` of two texts, from their ``_word_set``."""
    return bool(wa and wb) and (wa == wb or len(wa & wb) / len(wa | wb) >= 0.8)


def _content_words(text: str) -> set[str]:
    low = text.lower()
    found = {w for w in tx.words(low) if len(w) >= 3 and not w.isdigit()}
    found.update(tx.CJK_RE.findall(low))
    return found


def _vocabulary(doc: Document, taken: Taken, start: int, end: int) -> set[str]:
    words: set[str] = set()
    size = 0
    for block in doc.blocks[start:end]:
        if taken[block.index] is not None or block.n_words < 8 and block.n_cjk < 16:
            continue
        words |= _content_words(block.text)
        size += len(block.text)
        if size >= VOCABULARY_CHARS:
            break
    return words


def _prose(block: Block) -> bool:
    return (block.n_words >= 25 or block.n_cjk >= 60) and _ends_sentence(block.text)


def _sentences(block: Block) -> bool:
    return (block.n_words >= 8 or block.n_cjk >= 20) and _ends_sentence(block.text)


def _ends_sentence(text: str) -> bool:
    """A full stop, perhaps inside closing quotes or brackets: "(and How to Start)" closes a
    headline, "(in 2019)." a sentence."""
    core = text.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in tx.SENTENCE_END


def candidates(
    doc: Document,
    taken: Taken,
    content: tuple[int, int],
    bylines: set[int],
    is_dateline: Callable[[Block], bool],
    ctx: Context,
) -> list[Candidate]:
    """Every title-like line near the top of the content, with its evidence and score."""
    start, end = content
    blocks = doc.blocks
    chrome_words = ctx.vocab.words("chrome", "exact")
    weights = ctx.params.title
    stop = min(len(blocks), start + REACH_INSIDE)
    for block in blocks[start:stop]:
        if _sentences(block):
            stop = block.index  # the article has begun: no headline below its first paragraph
            break
    pool = [b for b in blocks[:2] if b.index < stop]
    pool += blocks[max(2, start - REACH_ABOVE) : stop]
    keys: dict[str, int] = {}
    for block in blocks:
        if block.key:
            keys[block.key] = keys.get(block.key, 0) + 1
    tops = [_headline_words(b.text) for b in blocks[:2]]
    later = [
        (b.key, _headline_words(b.text))
        for b in blocks[2 : start + REACH_INSIDE]
        if b.n_words >= 3
    ]
    gaps = _gaps(blocks, taken, bylines, start)
    facts = _Facts(keys, tops, later, _vocabulary(doc, taken, start, end), gaps)
    head = _page_title(blocks, taken, chrome_words)
    lead = _leads(blocks, taken, stop, bylines, is_dateline, head)
    out: list[Candidate] = []
    for block in pool:
        label = taken[block.index]
        if block.index in bylines or (label is not None and label not in RETAKE):
            continue
        if not title_like(block) or block.key in chrome_words:
            continue
        evidence = _evidence(block, doc, taken, start, bylines, is_dateline, facts)
        evidence["echo"] = float(
            head is not None and block.index > 0 and similar(clean_title(block.text), head)
        )
        score = sum(getattr(weights, name) * value for name, value in evidence.items())
        if lead and block.index == 0:
            evidence["lead"] = 1.0  # not weighed: ``choose`` takes it (see the module's doc)
        out.append(Candidate(block, evidence, score, _shape(block, blocks, label, start, facts)))
    return out


def _shape(
    block: Block, blocks: Sequence[Block], label: str | None, start: int, facts: _Facts
) -> tuple[float, ...]:
    """:data:`SHAPE` of a candidate (``label``: what an earlier step took it for): besides
    its own writing, how much of the first line it shares (a ``<title>`` that is the headline
    with other words), how often the page writes it, how many lines until prose, and how long
    its neighbours are (a menu around it, a paragraph under it)."""
    text, i = block.text, block.index
    top = facts.tops[0] if i > 0 and facts.tops else set()
    words = _headline_words(text) if top else set()
    first_overlap = len(words & top) / len(words | top) if words and top else 0.0
    to_prose = PROSE_REACH
    for b in blocks[i + 1 : i + 1 + PROSE_REACH]:
        if _sentences(b):
            to_prose = b.index - i
            break
    prev_words = min(30, blocks[i - 1].n_words) if i > 0 else -1
    next_words = min(60, blocks[i + 1].n_words) if i + 1 < len(blocks) else -1
    return (
        float(start - i), i / max(1, len(blocks)), float(block.n_words),
        float(block.n_cjk), float(len(text)), float(label == "chrome"), float(label == "promo"),
        float(text.isupper()), float(text.rstrip().endswith("?")), float(":" in text),
        float(sum(map(str.isdigit, text))), float(i == 0), first_overlap,
        float(facts.keys.get(block.key, 0)), float(to_prose), float(prev_words),
        float(next_words),
    )  # fmt: skip


def _gaps(blocks: Sequence[Block], taken: Taken, bylines: set[int], start: int) -> list[int]:
    """Per block above ``start``, how many lines between it and ``start`` stand apart from
    the content: free or promo lines of more than a word that are no byline."""
    out = [0] * min(start, len(blocks))
    count = 0
    for i in range(len(out) - 1, -1, -1):
        out[i] = count
        b = blocks[i]
        if b.index not in bylines and taken[b.index] in (None, "promo") and b.n_words > 1:
            count += 1
    return out


def _leads(
    blocks: Sequence[Block],
    taken: Taken,
    stop: int,
    bylines: set[int],
    is_dateline: Callable[[Block], bool],
    head: str | None,
) -> bool:
    """The first line stands directly over the text: the content's first paragraph next, or
    one free sub-heading and then it; the page has no byline, the line is no list item, has
    no site part ("Headline | Site") and no later line repeats it (a ``<title>`` over its
    ``<h1>``)."""
    if head is None or not blocks or stop >= len(blocks) or not _sentences(blocks[stop]):
        return False
    if bylines:
        return False  # the cleaned text has none: next to a byline, the headline is weighed
    if blocks[0].bullet or _TITLE_SUFFIX_RE.search(clean_title(blocks[0].text)):
        return False  # a list item; a page title with its site part
    between = blocks[1:stop]
    if len(between) > 1:
        return False
    return all(
        taken[b.index] is None
        and b.index not in bylines
        and title_like(b)
        and not is_dateline(b)
        and not similar(clean_title(b.text), head)
        for b in between
    )


# long: one line per piece of evidence, each documented in the module's docstring
def _evidence(
    block: Block,
    doc: Document,
    taken: Taken,
    start: int,
    bylines: set[int],
    is_dateline: Callable[[Block], bool],
    facts: _Facts,
) -> dict[str, float]:
    blocks = doc.blocks
    index = block.index
    text = clean_title(block.text)
    near = 1.0 / (1.0 + facts.gaps[index] / 2.0) if index < start else 1.0
    below = [b for b in blocks[index + 1 : index + 3]]
    above = blocks[index - 1] if index > 0 else None
    byline = 0.0
    if below and (below[0].index in bylines or is_dateline(below[0])):
        byline = 1.0
    elif len(below) > 1 and (below[1].index in bylines or is_dateline(below[1])):
        byline = 0.7
    elif above is not None and (above.index in bylines or is_dateline(above)):
        byline = 0.5
    repeated_key = bool(block.key) and facts.keys.get(block.key, 0) > 1
    words = _word_set(text)
    if index >= 2:
        repeat = float(repeated_key or any(_same_words(words, top) for top in facts.tops))
    else:
        repeat = float(
            repeated_key
            or any(key != block.key and _same_words(words, w) for key, w in facts.later)
        )
    own = _content_words(text)
    overlap = len(own & facts.vocabulary) / max(3, len(own)) if own else 0.0
    if block.n_cjk:
        shape = 1.0 if 6 <= block.n_cjk <= 60 else 0.5
    else:
        shape = 1.0 if 4 <= block.n_words <= 20 else 0.5 if block.n_words >= 3 else 0.0
    neighbours = [b for b in (above, below[0] if below else None) if b is not None]
    menu = float(
        len(neighbours) == 2
        and all(b.n_words <= 2 and not b.n_cjk and b.index not in bylines for b in neighbours)
    )
    core = split_site(text)[0]
    first = 0.0
    if index < 2 and (block.n_words >= 5 or block.n_cjk >= 10):
        first = 0.5 if core.isupper() else 1.0  # "VALLEY HEALTH WEEKLY - Issue 214": a masthead
    return {
        "near": near,
        "byline": byline,
        "repeat": repeat,
        "overlap": min(1.0, overlap),
        "shape": shape,
        "heading": float(bool(_HEADING_RE.match(block.text))),
        "first": first,
        "menu": menu,
        "bullet": float(block.bullet and not _HEADING_RE.match(block.text)),
        "taken": float(taken[index] is not None),
        "name": float(_name_shaped(text)),
        "after_prose": float(any(_prose(b) for b in blocks[max(0, index - 3) : index])),
    }


def _page_title(blocks: Sequence[Block], taken: Taken, chrome_words: frozenset[str]) -> str | None:
    """The page's first line without its site part, when it can be a ``<title>``."""
    if not blocks or taken[0] not in (None, *RETAKE) or blocks[0].key in chrome_words:
        return None
    first = blocks[0]
    if not title_like(first) or (first.n_words < 2 and first.n_cjk < 4):
        return None
    return split_site(clean_title(first.text))[0]


def _name_shaped(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 3
        and len(text) <= 40
        and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
    )


def choose(found: Sequence[Candidate]) -> Candidate | None:
    """The best candidate: the ranker's highest p(title) once ranked, else the highest
    weighed score; on a tie, the one nearer the content (the later line). Where that is the
    page's first line and later lines repeat it (``echo``), the best of those instead. A first
    line that leads the text (``lead``) is the headline without either."""
    for candidate in found:
        if candidate.evidence.get("lead"):
            return candidate
    best = _best(found)
    if best is not None and best.block.index == 0:
        # the page's first line (a <title>) and a later line that repeats it (its <h1>) are
        # the same headline; the later one stands where the article is, next to its byline
        best = _best([c for c in found if c.evidence.get("echo")]) or best
    return best


def _best(found: Sequence[Candidate]) -> Candidate | None:
    best: Candidate | None = None
    for candidate in found:
        if best is None or _merit(candidate) >= _merit(best):
            best = candidate
    return best


def _merit(candidate: Candidate) -> float:
    return candidate.score if candidate.p is None else candidate.p


def reason(candidate: Candidate) -> str:
    """ "headline repeating the page title; p(title) 0.85, score 6.60: near the content
    1.00, ..." (no p(title) when the ranker is off)."""
    names = {
        "near": "near the content",
        "byline": "byline next to it",
        "repeat": "repeated on the page",
        "echo": "repeating the first line",
        "overlap": "words in the text",
        "shape": "headline length",
        "heading": "heading mark",
        "first": "first line",
        "menu": "among menu items",
        "bullet": "list item",
        "taken": "taken by an earlier step",
        "name": "shaped like a name",
        "after_prose": "under a paragraph",
        "lead": "first line over the text",
    }
    evidence = candidate.evidence
    if evidence.get("lead") or evidence["first"] and candidate.block.index == 0:
        verdict = "page title (first line)"
    elif evidence["repeat"] or evidence.get("echo"):
        verdict = "headline repeating the page title"
    elif evidence["byline"]:
        verdict = "title-like line next to the byline"
    else:
        verdict = "title-like line above the content"
    parts = [f"{names[k]} {v:.2f}" for k, v in evidence.items() if v]
    ranked_as = "" if candidate.p is None else f"p(title) {candidate.p:.2f}, "
    return f"{verdict}; {ranked_as}score {candidate.score:.2f}: " + ", ".join(parts)
