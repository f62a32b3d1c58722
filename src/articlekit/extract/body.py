"""Body: what remains after the other extractors, scored per block, kept where the text is.

Each free block is classed the way jusText classes paragraphs, from its length and stop-word
density: ``good`` (long and full of function words: prose), ``near`` (prose-like but shorter),
``short`` or ``bad``. The main content is the run of blocks with the highest total score
(good blocks add, short and bad ones subtract), so a stray long line in a footer does not
pull the body apart. Inside that run, short lines that read as titles and are followed by
prose are sub-headings; short sentences stay; what is left is chrome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from articlekit.config.context import Context
from articlekit.extract import Claim, Taken, whole
from articlekit.extract.page import Page
from articlekit.text import language as lang
from articlekit.text import tokens as tx
from articlekit.text.document import Block, Document

# Thresholds: ctx.params.body (data/thresholds.toml, [balanced.body] and the favour overlays).
_OPEN_QUOTES = "“\"„«「『‘'"
_CLOSE_QUOTES = "”\"“»」』’'"


@dataclass(frozen=True, slots=True)
class Score:
    cls: str  # good, near, short, bad
    density: float
    value: float  # contribution to the main-content run

    def describe(self) -> str:
        return f"{self.cls} (stop-word density {self.density:.2f})"


def classify(doc: Document, taken: Taken, ctx: Context) -> list[Score | None]:
    """A score for every free block (None for blocks other extractors hold)."""
    rate = Rater(doc.language, ctx)
    return [rate(block) if taken[block.index] is None else None for block in doc.blocks]


class Rater:
    """Scores one block at a time; a block's score depends on it and the page's language only,
    so a score made once stays right whoever takes the block later."""

    __slots__ = ("_language", "_has_list", "_low", "_high", "_p")

    def __init__(self, language: str | None, ctx: Context) -> None:
        p = self._p = ctx.params.body
        cjk = language in ("zh", "ja")
        self._low, self._high = (
            (p.cjk_stop_low, p.cjk_stop_high) if cjk else (p.stop_low, p.stop_high)
        )
        self._language = language
        self._has_list = bool(lang.stopwords(language)) if language else False

    def __call__(self, block: Block) -> Score:
        p, low, high = self._p, self._low, self._high
        length = block.length
        density = lang.density(block.text, block.n_words, block.n_cjk, self._language)
        if not self._has_list:  # no stop-word list: sentence punctuation stands in for it
            density = high if tx.ends_sentence(block.text) and block.n_words >= 6 else 0.0
        if length < p.length_low:
            cls = "short"
        elif density >= high:
            cls = "good" if length >= p.length_high or tx.ends_sentence(block.text) else "near"
        elif density >= low:
            cls = "near"
        else:
            cls = "bad"
        penalties = (p.short_penalty, p.bad_penalty)
        return Score(cls, density, _value(cls, length, block, penalties, p.heading_max_words))


def _value(
    cls: str, length: int, block: Block, penalties: tuple[float, float], heading_words: int
) -> float:
    if cls == "good":
        return min(length, 1000) / 50
    if cls == "near":
        return min(length, 1000) / 100
    if cls == "short":
        sentence = tx.ends_sentence(block.text) or block.text[-1] in ":："
        return (
            -0.3
            if heading_like(block, heading_words) or sentence or block.bullet
            else -penalties[0]
        )
    return -penalties[1] - min(length, 1000) / 100


def region(scores: list[Score | None]) -> tuple[int, int]:
    """[start, end) of the block run with the largest total value (Kadane); (0, 0) if none."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        value = score.value if score is not None else 0.0
        if total <= 0:
            total, start = 0.0, i
        total += value
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def heading_like(block: Block, max_words: int) -> bool:
    """A short line that reads as a title: a few words, no closing punctuation."""
    text = block.text
    if block.n_cjk:
        return 4 <= block.n_cjk <= 40 and text[-1] not in "。，；：！？,;:"
    if not 2 <= block.n_words <= max_words or len(text) > 150:
        return False
    starts_well = text[0].isupper() or text[0].isdigit() or text[0] in _OPEN_QUOTES
    return starts_well and text[-1] not in ".,;:"


def quote_like(text: str) -> bool:
    """A block quote ("> ...") or a pull quote wholly inside one pair of quotation marks."""
    if text.startswith(">"):
        return True
    if len(text) <= 20 or text[0] not in _OPEN_QUOTES or text[-1] not in _CLOSE_QUOTES:
        return False
    inner = text[1:-1]
    return not any(ch in inner for ch in '“”„«»「」『』"')


def extract(
    doc: Document,
    taken: Taken,
    scores: list[Score | None],
    *,
    start: int | None = None,
    main: Mapping[int, str] | None = None,
    ctx: Context,
) -> list[Claim]:
    """Label every free block: body, heading or quote inside the content run, chrome outside.

    ``start`` moves the run's start down (the header found the article's byline below
    teasers that scored as prose). ``main`` (the HTML path's hint) names the main-content
    blocks instead of the densest run, each with the kind its markup gives it."""
    if main is not None:
        return _hinted(doc, taken, main)
    first, end = region(scores)
    start = first if start is None or not first <= start < end else start
    blocks = doc.blocks
    # A sub-heading or list just outside the run still belongs to it.
    while (
        start > 0
        and taken[start - 1] is None
        and _lead_in(blocks[start - 1], scores, start, ctx.params.body.heading_max_words)
    ):
        start -= 1
    while (
        end < len(blocks) and taken[end] is None and scores[end] is not None and blocks[end].bullet
    ):
        end += 1
    claims: list[Claim] = []
    for block in blocks:
        score = scores[block.index]
        if score is None or taken[block.index] is not None:
            continue
        if not start <= block.index < end:
            claims.append(whole(block, "chrome", "outside the main content (navigation, footer)"))
            continue
        claims.append(_inside(block, score, scores, ctx=ctx))
    return claims


def _hinted(doc: Document, taken: Taken, main: Mapping[int, str]) -> list[Claim]:
    """Free blocks in ``main`` are the body, with their markup's kind; the rest is chrome."""
    claims: list[Claim] = []
    for block in doc.blocks:
        if taken[block.index] is not None:
            continue
        kind = main.get(block.index)
        if kind is None:
            claims.append(whole(block, "chrome", "outside the main content the markup gives"))
        else:
            label = kind if kind in ("heading", "quote") else "body"
            claims.append(whole(block, label, f"main content ({kind}) per the markup", kind))
    return claims


def _lead_in(block: Block, scores: list[Score | None], nxt: int, heading_words: int) -> bool:
    if scores[block.index] is None:
        return False
    following = scores[nxt]
    return (
        heading_like(block, heading_words)
        and following is not None
        and following.cls in ("good", "near")
    )


def _inside(block: Block, score: Score, scores: list[Score | None], ctx: Context) -> Claim:
    text = block.text
    kind = "list_item" if block.bullet else "paragraph"
    if quote_like(text):
        return whole(block, "quote", f"quoted block; {score.describe()}", "quote")
    if score.cls in ("good", "near"):
        return whole(block, "body", f"prose: {score.describe()}", kind)
    if score.cls == "short":
        if heading_like(block, ctx.params.body.heading_max_words) and _prose_follows(block, scores):
            return whole(block, "heading", "short title-like line followed by prose", "heading")
        if block.bullet:
            return whole(block, "body", "list item inside the content", "list_item")
        words = ctx.params.body.short_sentence_words
        if tx.ends_sentence(text) and (block.n_words >= words or block.n_cjk >= 2 * words):
            return whole(block, "body", "short sentence inside the content", kind)
        if text[-1] in ":：" and (block.n_words >= words or block.n_cjk >= 2 * words):
            return whole(block, "body", "a sentence introducing what follows", kind)
        return whole(block, "chrome", "short non-sentence line inside the content")
    sentence_words = ctx.params.body.sentence_words
    if (tx.ends_sentence(text) or text[-1] in ":：") and block.n_words >= sentence_words:
        return whole(block, "body", f"sentence inside the content; {score.describe()}", kind)
    return whole(block, "chrome", f"inside the content but not prose: {score.describe()}")


def _prose_follows(block: Block, scores: list[Score | None]) -> bool:
    """Prose comes within the next few free blocks, before another title-like line."""
    for score in scores[block.index + 1 : block.index + 4]:
        if score is None:
            continue
        if score.cls in ("good", "near"):
            return True
        if score.cls == "bad":
            return False
    return False


def step(page: Page, ctx: Context) -> list[Claim]:
    """The body in the content run the header step scored (reusing a look already taken)."""
    if page.provisional_body is not None:
        return page.provisional_body
    assert page.scores is not None and page.header is not None, "the header step runs first"
    return extract(page.doc, page.taken, page.scores, start=page.header.content_start, ctx=ctx)


def step_hinted(page: Page, ctx: Context) -> list[Claim]:
    """The body the page's markup names (the HTML path)."""
    return extract(page.doc, page.taken, [], main=page.main or {}, ctx=ctx)
