"""Gold line labels for any rendering of a page, and the oracle that scores them.

A rendering is split into its non-blank lines. Each line is labelled ``True`` (body), ``False``
(not body) or ``None`` (unknown):

* **with a gold text** (scrapinghub/, wcxb/): the rendering's lower-cased ``\\w+`` tokens are
  aligned with the gold's, in order: a longest common subsequence over the two token lists
  (``rapidfuzz``'s bit-parallel LCS, so a whole page takes milliseconds). A token counts as
  matched only inside a run of at least :data:`MIN_RUN` consecutive tokens matched on both
  sides (or a run that makes up a whole line), so a stray ``the`` or ``home`` picked up by the
  LCS in a menu does not make a menu line body. A line is body when at least half of its
  tokens are matched. A line without a single token (``|``, ``•``) is not body.
* **with snippets only** (trafilatura/): each ``with`` and ``without`` snippet is looked up as
  a run of tokens in the rendering's token stream (so case, markup such as ``**bold**``, and a
  snippet wrapped over two lines do not hide it; a snippet cut inside a word may match the
  end of its first and the start of its last token). Lines a ``with`` snippet touches are body;
  lines at least half covered by a ``without`` snippet are not body (a one-word ``without``
  snippet such as ``Home`` does not make a body sentence that happens to contain the word
  boilerplate); every other line is unknown.

The **oracle** is the corpus metric when the cleaned body is exactly the lines labelled body,
joined by newlines: the ceiling a line labeller can reach on that rendering.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

_TOKEN_RE = re.compile(r"\w+")

#: Matched tokens count only in runs at least this long (or runs that are a whole line).
MIN_RUN = 2
#: Share of a line's tokens that must be matched for the line to be body.
BODY_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of a rendering: its text (trailing whitespace removed), its number
    in the rendering (0-based, counting blank lines) and its lower-cased tokens."""

    text: str
    number: int
    tokens: tuple[str, ...]


def split_lines(rendering: str) -> list[Line]:
    """The non-blank lines of ``rendering``, in order."""
    out: list[Line] = []
    for number, raw in enumerate(rendering.splitlines()):
        if raw.strip():
            out.append(Line(raw.rstrip(), number, tuple(_TOKEN_RE.findall(raw.lower()))))
    return out


def tokens(text: str | None) -> list[str]:
    """Lower-cased ``\\w+`` runs of ``text``."""
    return _TOKEN_RE.findall((text or "").lower())


def _flatten(lines: Sequence[Line]) -> tuple[list[str], list[int]]:
    """All tokens of the lines in order, and the index of the line each token belongs to."""
    flat: list[str] = []
    owner: list[int] = []
    for i, line in enumerate(lines):
        flat.extend(line.tokens)
        owner.extend([i] * len(line.tokens))
    return flat, owner


def label_against_gold(
    lines: Sequence[Line], gold: str, min_run: int = MIN_RUN, share: float = BODY_SHARE
) -> list[bool]:
    """Body or not for each line, by aligning the lines' tokens with the gold's."""
    flat, owner = _flatten(lines)
    gold_tokens = tokens(gold)
    matched = _contiguous_matches(flat, gold_tokens)
    counts = [0] * len(lines)
    run_lengths = _run_lengths(matched)
    for k, run in enumerate(run_lengths):
        if run == 0:
            continue
        line = lines[owner[k]]
        if run >= min_run or run >= len(line.tokens):
            counts[owner[k]] += 1
    return [
        bool(line.tokens) and counts[i] >= share * len(line.tokens) for i, line in enumerate(lines)
    ]


def _contiguous_matches(flat: Sequence[str], gold: Sequence[str]) -> list[int]:
    """Per token of ``flat``: the gold position it aligns with, or -1."""
    out = [-1] * len(flat)
    if not flat or not gold:
        return out
    vocabulary: dict[str, int] = {}
    a = [vocabulary.setdefault(t, len(vocabulary)) for t in flat]
    b = [vocabulary.setdefault(t, len(vocabulary)) for t in gold]
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            for offset in range(op.src_end - op.src_start):
                out[op.src_start + offset] = op.dest_start + offset
    return out


def _run_lengths(aligned: Sequence[int]) -> list[int]:
    """For each aligned token, the length of its run: consecutive tokens aligned with
    consecutive gold positions. 0 for unaligned tokens."""
    lengths = [0] * len(aligned)
    i = 0
    while i < len(aligned):
        if aligned[i] < 0:
            i += 1
            continue
        j = i + 1
        while j < len(aligned) and aligned[j] == aligned[j - 1] + 1:
            j += 1
        for k in range(i, j):
            lengths[k] = j - i
        i = j
    return lengths


def _snippet_pattern(snippet: str) -> tuple[re.Pattern[str], int] | None:
    """A regex finding ``snippet``'s tokens as consecutive tokens of a space-joined token
    stream, and its token count. A snippet cut inside a word (``"sation des rapports"``) may
    match the end of its first token and the start of its last."""
    needle = tokens(snippet)
    if not needle:
        return None
    text = snippet.strip().lower()
    head = r"\w*" if _TOKEN_RE.match(text[:1]) else ""
    tail = r"\w*" if _TOKEN_RE.match(text[-1:]) else ""
    body = " ".join(re.escape(t) for t in needle)
    return re.compile(f"(?<= ){head}{body}{tail}(?= )"), len(needle)


def _find_token_runs(flat: Sequence[str], snippet: str) -> list[tuple[int, int]]:
    """``(first token, token count)`` of every occurrence of ``snippet`` in ``flat``."""
    found = _snippet_pattern(snippet)
    if found is None or found[1] > len(flat):
        return []
    pattern, size = found
    haystack = " " + " ".join(flat) + " "
    starts: list[int] = []  # each token's offset in haystack, to map a hit to a token
    offset = 1
    for token in flat:
        starts.append(offset)
        offset += len(token) + 1
    return [(bisect_right(starts, m.start()) - 1, size) for m in pattern.finditer(haystack)]


def label_with_snippets(
    lines: Sequence[Line], with_: Sequence[str], without: Sequence[str]
) -> list[bool | None]:
    """Body (a ``with`` snippet touches it), not body (at least half covered by ``without``
    snippets) or unknown, for each line."""
    flat, owner = _flatten(lines)
    labels: list[bool | None] = [None] * len(lines)
    covered = [0] * len(lines)
    for snippet in without:
        for start, size in _find_token_runs(flat, snippet):
            for k in range(start, start + size):
                covered[owner[k]] += 1
    for i, line in enumerate(lines):
        if line.tokens and covered[i] >= BODY_SHARE * len(line.tokens):
            labels[i] = False
    for snippet in with_:
        for start, size in _find_token_runs(flat, snippet):
            for k in range(start, start + size):
                labels[owner[k]] = True
    return labels


def label_page(
    rendering: str, gold: str | None, meta: Mapping[str, Any] | None = None
) -> tuple[list[Line], list[bool | None]]:
    """The rendering's lines and their labels: against the gold text when there is one, else
    by the page's ``with``/``without`` snippets (all unknown when it has neither)."""
    lines = split_lines(rendering)
    if gold is not None:
        return lines, list(label_against_gold(lines, gold))
    meta = meta or {}
    with_ = [str(s) for s in meta.get("with") or []]
    without = [str(s) for s in meta.get("without") or []]
    if with_ or without:
        return lines, label_with_snippets(lines, with_, without)
    return lines, [None] * len(lines)


def oracle_body(lines: Sequence[Line], labels: Sequence[bool | None]) -> str:
    """The cleaned body a perfect line labeller would return: the body lines, in order."""
    return "\n".join(line.text.strip() for line, label in zip(lines, labels, strict=True) if label)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m training.labels``: label every cached rendering, print the oracle per corpus
    and renderer, and how long the labelling took (one process)."""
    import argparse
    import time

    from training.corpus import CORPORA, EVAL_ROOT, RENDERINGS, pages, parse_list
    from training.evaluate_renderers import METRIC_NAME, _body_scores, corpus_f1
    from training.renderers import RENDERERS

    parser = argparse.ArgumentParser(description="Gold line labels and the oracle per renderer.")
    parser.add_argument("--corpus", default="all")
    parser.add_argument("--renderer", default="all")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--eval-root", type=Path, default=EVAL_ROOT)
    parser.add_argument("--renderings", type=Path, default=RENDERINGS)
    args = parser.parse_args(argv)
    renderers = parse_list(args.renderer, RENDERERS, "renderer")
    print("| corpus (metric) | renderer | pages | lines | body | unknown | oracle F1 | label s |")
    print("|---|---|---|---|---|---|---|---|")
    grand = 0.0
    for corpus in parse_list(args.corpus, CORPORA, "corpus"):
        page_list = pages(corpus, args.eval_root, args.limit)
        for name in renderers:
            scores: list[dict[str, Any]] = []
            n_lines = n_body = n_unknown = 0
            seconds = 0.0
            for page in page_list:
                text = page.rendering(name, args.renderings)
                if text is None:
                    continue
                started = time.perf_counter()
                lines, labels = label_page(text, page.gold, page.meta)
                seconds += time.perf_counter() - started
                n_lines += len(lines)
                n_body += sum(1 for x in labels if x)
                n_unknown += sum(1 for x in labels if x is None)
                scores.append(_body_scores(oracle_body(lines, labels), page))
            grand += seconds
            fig = corpus_f1(scores, corpus)
            f1 = f"{fig['f1']:.4f}" if fig else "–"
            print(
                f"| {corpus} ({METRIC_NAME[corpus]}) | {name} | {len(scores)} | {n_lines} | "
                f"{n_body} | {n_unknown} | {f1} | {seconds:.1f} |"
            )
    print(f"\nlabelled in {grand:.0f} s (one process, reading excluded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
