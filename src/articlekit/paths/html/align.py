"""Which rendered lines hold the text trafilatura extracted.

trafilatura returns text, not elements, so its main content is mapped back onto the lines of
our rendering by their words: both texts become sequences of lower-cased word tokens (one token
per CJK character, since those scripts do not separate words), and a greedy walk matches them
in order. Where the two disagree (a widget trafilatura dropped from inside the content, text it
renders differently), the walk re-synchronises on the next place where several tokens of
trafilatura's text occur in the rendering again, checked over a longer run so a common phrase
cannot send it far off. A line is main content when most of its tokens were matched.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

_TOKEN_RE = re.compile(r"\w+")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: Tokens that must agree to re-synchronise, and to confirm a far jump.
ANCHOR = 4
CONFIRM = 8
#: Most candidate places tried per re-synchronisation, and the agreement that ends the search.
TRIES = 8
RUN_CAP = 300
#: Times the rendering's length the text searches of one alignment may read before it indexes.
SCAN_BUDGET = 8
#: Share of a line's tokens that must be matched for the line to count as main content.
MIN_SHARE = 0.5
_BLOCK = 32  # tokens compared at once along a run of agreement


def tokens(text: str) -> list[str]:
    found = _TOKEN_RE.findall(text.lower())
    if not _CJK_RE.search(text):
        return found
    out: list[str] = []
    for tok in found:
        if _CJK_RE.search(tok):
            out.extend(_split_cjk(tok))
        else:
            out.append(tok)
    return out


def _split_cjk(tok: str) -> list[str]:
    out: list[str] = []
    run = ""
    for ch in tok:
        if _CJK_RE.match(ch):
            if run:
                out.append(run)
                run = ""
            out.append(ch)
        else:
            run += ch
    if run:
        out.append(run)
    return out


def matched_shares(lines: Sequence[str], extracted: str) -> list[float]:
    """Per line, the share of its tokens found (in order) in ``extracted``."""
    if any(_CJK_RE.search(line) for line in lines):
        line_tokens = [tokens(line) for line in lines]
    else:  # the common case: no CJK anywhere, one regex call per line
        find = _TOKEN_RE.findall
        line_tokens = [find(line.lower()) for line in lines]
    rtoks: list[str] = []
    for toks in line_tokens:
        rtoks.extend(toks)
    matched = bytearray(len(rtoks))  # 1 for each rendering token matched
    for j, run in _walk(rtoks, tokens(extracted)):
        matched[j : j + run] = b"\x01" * run
    shares: list[float] = []
    at = 0
    for toks in line_tokens:
        shares.append(matched.count(1, at, at + len(toks)) / len(toks) if toks else 0.0)
        at += len(toks)
    return shares


def main_lines(lines: Sequence[str], extracted: str) -> list[bool]:
    return [share >= MIN_SHARE for share in matched_shares(lines, extracted)]


def _walk(rtoks: list[str], qtoks: list[str]) -> list[tuple[int, int]]:
    """The runs of ``rtoks`` matched, in order, by the tokens of ``qtoks``: (start, length)."""
    if not rtoks or not qtoks:
        return []
    places = _Places(rtoks, qtoks)
    n, m = len(rtoks), len(qtoks)
    runs: list[tuple[int, int]] = []
    i = j = 0
    synced = False  # token-by-token matching only once an anchor agreed (never on one word)
    while i < m:
        if synced and j < n and qtoks[i] == rtoks[j]:
            # Most of the text agrees in long runs: take a run in blocks (list slices
            # compare in C), then token by token to its end.
            run = 1
            while (
                i + run + _BLOCK <= m
                and j + run + _BLOCK <= n
                and qtoks[i + run : i + run + _BLOCK] == rtoks[j + run : j + run + _BLOCK]
            ):
                run += _BLOCK
            while i + run < m and j + run < n and qtoks[i + run] == rtoks[j + run]:
                run += 1
            runs.append((j, run))
            i += run
            j += run
            continue
        k = _resync(places, rtoks, qtoks, i, j)
        if k is None:
            synced = False
            i += 1  # a token the rendering does not have here: skip it
        else:
            synced = True
            j = k
    return runs


class _Places:
    """Where a few tokens of trafilatura's text occur in the rendering, in order.

    ``str.find`` over the rendering joined into one string does the searching in C, and is
    fastest for the few re-synchronisations of an ordinary page. But each search that finds
    nothing reads the rest of the rendering, so a page where every few tokens disagree (many
    ``<time>`` elements rendered apart) would cost the square of its length (issue 17). Once
    the searches have read :data:`SCAN_BUDGET` times the rendering, an index of where each
    anchor of ``qtoks`` occurs is built, once, and answers each search from there: the same
    places, in the same order, in time independent of the page's length."""

    def __init__(self, rtoks: list[str], qtoks: list[str]) -> None:
        self.rtoks, self.qtoks = rtoks, qtoks
        # The rendering as one string " t0 t1 t2 ... ", and the offset of the space before
        # each token in it (running sums, computed in C).
        self.joined = " " + " ".join(rtoks) + " "
        self.offsets = list(accumulate(map((1).__add__, map(len, rtoks)), initial=0))
        self.offsets.pop()
        self.budget = SCAN_BUDGET * len(self.joined)
        self.index: dict[tuple[str, ...], list[int]] | None = None

    def find(self, i: int, width: int, begin: int) -> Iterator[int]:
        """Up to TRIES token positions k >= ``begin``, in order, where ``qtoks[i : i +
        width]`` occurs in the rendering; each looked for only when asked for."""
        if width == ANCHOR and self.budget <= 0:
            yield from self._indexed(tuple(self.qtoks[i : i + width]), begin)
            return
        needle = " " + " ".join(self.qtoks[i : i + width]) + " "
        joined, offsets = self.joined, self.offsets
        at = (offsets[begin] if begin < len(offsets) else len(joined)) - 1
        for _ in range(TRIES):
            nxt = joined.find(needle, at + 1)
            self.budget -= (nxt if nxt >= 0 else len(joined)) - at
            if nxt < 0:
                return
            at = nxt
            yield bisect_right(offsets, at) - 1  # offsets[k] == at: the space before token k

    def _indexed(self, anchor: tuple[str, ...], begin: int) -> list[int]:
        if self.index is None:
            wanted = set(zip(*(self.qtoks[s:] for s in range(ANCHOR)), strict=False))
            index: dict[tuple[str, ...], list[int]] = {}
            rtoks = self.rtoks
            grams = zip(*(rtoks[s:] for s in range(ANCHOR)), strict=False)
            for k, gram in enumerate(grams):
                if gram in wanted:
                    index.setdefault(gram, []).append(k)
            self.index = index
        at = self.index.get(anchor, [])
        lo = bisect_left(at, begin)
        return at[lo : lo + TRIES]


def _resync(places: _Places, rtoks: list[str], qtoks: list[str], i: int, j: int) -> int | None:
    """The next rendering position at or after ``j`` where ``qtoks[i:]`` picks up again."""
    width = min(ANCHOR, len(qtoks) - i)
    # Forward first; then from the top, since trafilatura may put a block out of page order.
    for begin, near in ((j, True), (0, False)):
        best, best_run = None, 0
        for k in places.find(i, width, begin):
            run = _run(rtoks, k, qtoks, i)
            # The longest agreement wins: a teaser repeating the lead loses to the lead.
            if run > best_run:
                best, best_run = k, run
            if run >= RUN_CAP:
                break
        if best is not None and (
            best_run >= min(CONFIRM, len(qtoks) - i) or (near and best - j <= 2 * CONFIRM)
        ):
            return best
    return None


def _run(rtoks: list[str], k: int, qtoks: list[str], i: int) -> int:
    """How many tokens agree from rtoks[k] and qtoks[i] on (at most RUN_CAP)."""
    n = 0
    limit = min(RUN_CAP, len(rtoks) - k, len(qtoks) - i)
    while n < limit and rtoks[k + n] == qtoks[i + n]:
        n += 1
    return n
