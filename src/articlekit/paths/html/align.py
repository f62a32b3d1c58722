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
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

_TOKEN_RE = re.compile(r"\w+")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: Tokens that must agree to re-synchronise, and to confirm a far jump.
ANCHOR = 4
CONFIRM = 8
#: Most candidate places tried per re-synchronisation, and the agreement that ends the search.
TRIES = 8
RUN_CAP = 300
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
    # The rendering as one string " t0 t1 t2 ... " so str.find does the searching in C.
    joined = " " + " ".join(rtoks) + " "
    # Offset in `joined` of the space before each token (running sums, computed in C).
    offsets = list(accumulate(map((1).__add__, map(len, rtoks)), initial=0))
    offsets.pop()
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
        k = _resync(joined, offsets, rtoks, qtoks, i, j)
        if k is None:
            synced = False
            i += 1  # a token the rendering does not have here: skip it
        else:
            synced = True
            j = k
    return runs


def _resync(
    joined: str, offsets: list[int], rtoks: list[str], qtoks: list[str], i: int, j: int
) -> int | None:
    """The next rendering position at or after ``j`` where ``qtoks[i:]`` picks up again."""
    width = min(ANCHOR, len(qtoks) - i)
    needle = " " + " ".join(qtoks[i : i + width]) + " "
    start = offsets[j] if j < len(offsets) else len(joined)
    # Forward first; then from the top, since trafilatura may put a block out of page order.
    for begin, near in ((start, True), (0, False)):
        best, best_run = None, 0
        at = begin - 1
        for _ in range(TRIES):
            at = joined.find(needle, at + 1)
            if at < 0:
                break
            k = bisect_right(offsets, at) - 1  # offsets[k] == at: the space before token k
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
