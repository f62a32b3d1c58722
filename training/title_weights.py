"""The title evidence weights (``[balanced.title]``), searched on pages grouped by site.

    python -m training.title_weights [--renderer all] [--folds 5] [--rounds 3] [--jobs 2]
                                     [--out /tmp/title-weights.md] [--cache /tmp/...pkl]

The text path picks its title as the best weighed sum of evidence over candidate lines
(``extract/title.py``). This script cleans every page of the corpora with a gold title
(scrapinghub's silver one, WCXB's reviewed one) in each rendering, records the candidates
that the header and ``retitle`` weighed on the page itself (not on its cleaned text, which
``settle`` reads again) with their evidence and whether each one's title would match the gold
(``benchmarks.metrics.title_matches``), then searches the weights by coordinates over a grid
to maximise the share of renderings whose chosen candidate is right.

The figure that counts is held out: the search runs on all folds but one, grouped by site,
and is scored on the one left out. The weights to ship are searched on every page, and
reported beside today's; they are written to ``data/thresholds.toml`` by hand (with the
held-out figures in its comment), never from one page.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import numpy as np

from training.corpus import RENDERINGS, REPO_ROOT, Page, pages, parse_list
from training.renderers import RENDERERS

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402

CORPORA = ("scrapinghub", "wcxb")
GRID = (-4.0, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)


@dataclass(frozen=True)
class Case:
    """One rendering's last weighed candidate list: evidence rows, which are right, and the
    candidate a ``lead`` takes without weighing (-1 when none)."""

    corpus: str
    site: str
    renderer: str
    evidence: np.ndarray  # candidates x features
    right: np.ndarray  # bool per candidate
    lead: int


def _gold(page: Page) -> str | None:
    meta = page.meta
    return meta.get("title") or (meta.get("silver") or {}).get("title")


def _title_of(candidate: Any) -> str:
    """The title the header writes for a chosen candidate (header._title, assemble)."""
    from articlekit.extract import title as headline
    from articlekit.text import normalise

    text = headline.clean_title(candidate.block.text)
    if candidate.evidence["first"] and candidate.block.index == 0:
        text = headline.split_site(text)[0]
    return normalise.clean_text(text)


def weighed_config() -> Any:
    """The default config with the title ranker off: the candidates are recorded as the
    weights alone choose, whatever ranker the package ships (so recording is the same before
    and after ``training.title_ranker`` writes one)."""
    from articlekit.config.context import Config, default_config

    params = default_config().params
    return Config(params=replace(params, learned=replace(params.learned, title=0)))


def candidates_of(page: Page, renderer: str) -> tuple[list[Any], str] | None:
    """The last candidate list the header and ``retitle`` weighed on the rendering's own text
    (not on its cleaned text, which ``settle`` reads again), and the gold title."""
    gold = _gold(page)
    text = page.rendering(renderer, RENDERINGS) if gold else None
    if not text or gold is None:
        return None
    from articlekit.api import clean_with
    from articlekit.extract import title as headline

    calls: list[tuple[str, list[Any]]] = []
    original = headline.candidates

    def spy(doc: Any, *args: Any, **kwargs: Any) -> list[Any]:
        found = original(doc, *args, **kwargs)
        calls.append((doc.source, found))
        return found

    headline.candidates = spy
    try:
        clean_with(text, weighed_config(), format="text")
    finally:
        headline.candidates = original
    if not calls:
        return None
    source = calls[0][0]
    return [f for s, f in calls if s == source][-1], gold


def record(job: tuple[Page, str]) -> Case | None:
    """Clean one rendering and keep the last candidate list weighed on its own text."""
    page, renderer = job
    got = candidates_of(page, renderer)
    if got is None:
        return None
    found, gold = got
    names = [f.name for f in fields(_weights())]
    rows = np.array([[c.evidence.get(n, 0.0) for n in names] for c in found], np.float64)
    right = np.array([metrics.title_matches(_title_of(c), gold) for c in found], bool)
    lead = next((i for i, c in enumerate(found) if c.evidence.get("lead")), -1)
    return Case(page.corpus, page.site, renderer, rows.reshape(len(found), len(names)), right, lead)


def _weights() -> Any:
    from articlekit.config.context import default_config

    return default_config().params.title


def accuracy(cases: Sequence[Case], w: np.ndarray) -> float:
    """Share of cases whose chosen candidate is right (ties to the later one, as ``choose``)."""
    if not cases:
        return 0.0
    hits = 0
    for case in cases:
        if case.lead >= 0:
            hits += bool(case.right[case.lead])
            continue
        if not len(case.right):
            continue
        scores = case.evidence @ w
        best = len(scores) - 1 - int(np.argmax(scores[::-1]))
        hits += bool(case.right[best])
    return hits / len(cases)


def search(cases: Sequence[Case], start: np.ndarray, rounds: int) -> np.ndarray:
    """Coordinate search over ``GRID``: each weight in turn set to its best grid value."""
    w = start.copy()
    best = accuracy(cases, w)
    for _ in range(rounds):
        changed = False
        for k in range(len(w)):
            for value in GRID:
                if value == w[k]:
                    continue
                trial = w.copy()
                trial[k] = value
                got = accuracy(cases, trial)
                if got > best + 1e-12:
                    best, w, changed = got, trial, True
        if not changed:
            break
    return np.asarray(w, np.float64)


def fold_of(site: str, k: int) -> int:
    return int(hashlib.sha256(site.encode()).hexdigest(), 16) % k


def _table(cases: Sequence[Case], runs: dict[str, dict[int, float]]) -> list[str]:
    keys = sorted({(c.corpus, c.renderer) for c in cases})
    head = "| corpus | renderer | renderings | ceiling | " + " | ".join(runs) + " |"
    out = [head, "|" + "---|" * (4 + len(runs))]
    for corpus, renderer in keys:
        idx = [i for i, c in enumerate(cases) if (c.corpus, c.renderer) == (corpus, renderer)]
        ceiling = np.mean([bool(cases[i].right.any()) for i in idx])
        cells = [f"{np.mean([runs[name][i] for i in idx]):.3f}" for name in runs]
        out.append(
            f"| {corpus} | `{renderer}` | {len(idx)} | {ceiling:.3f} | " + " | ".join(cells) + " |"
        )
    return out


def _per_case(cases: Sequence[Case], w: np.ndarray) -> dict[int, float]:
    return {i: accuracy([c], w) for i, c in enumerate(cases)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--renderer", default="all")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/title-weights.md"))
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    renderers = parse_list(args.renderer, RENDERERS, "renderer")
    started = time.perf_counter()
    if args.cache is not None and args.cache.exists():
        cases = [Case(*fields_) for fields_ in pickle.loads(args.cache.read_bytes())]
    else:
        jobs = [(p, r) for c in CORPORA for p in pages(c) for r in renderers]
        with ProcessPoolExecutor(args.jobs) as pool:
            cases = [c for c in pool.map(record, jobs, chunksize=16) if c is not None]
        if args.cache is not None:
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            # Plain tuples: the cache reads back whether this ran as a module or a script.
            plain = [(c.corpus, c.site, c.renderer, c.evidence, c.right, c.lead) for c in cases]
            args.cache.write_bytes(pickle.dumps(plain))
    recorded = time.perf_counter() - started
    names = [f.name for f in fields(_weights())]
    today = np.array([getattr(_weights(), n) for n in names], np.float64)
    held: dict[int, float] = {}
    per_fold: dict[int, np.ndarray] = {}
    fold = [fold_of(c.site, args.folds) for c in cases]
    for k in range(args.folds):
        train = [c for c, f in zip(cases, fold, strict=True) if f != k]
        w = search(train, today, args.rounds)
        per_fold[k] = w
        for i, c in enumerate(cases):
            if fold[i] == k:
                held[i] = accuracy([c], w)
    final = search(cases, today, args.rounds)
    runs = {"today": _per_case(cases, today), "searched, held out": held,
            "searched on all (in-sample)": _per_case(cases, final)}  # fmt: skip
    lines = [
        "# Title evidence weights: site-grouped search",
        "",
        f"`python -m training.title_weights`: {len(cases)} renderings, {args.folds} folds "
        f"grouped by site, {args.rounds} rounds over the grid {list(GRID)}; "
        f"recorded in {recorded:.0f} s, total {time.perf_counter() - started:.0f} s. "
        "ceiling = a candidate is right; the rest = the chosen one is right.",
        "",
        *_table(cases, runs),
        "",
        f"All renderings: today {np.mean(list(runs['today'].values())):.3f}, held out "
        f"{np.mean(list(held.values())):.3f}.",
        "",
        "| weight | today | " + " | ".join(f"fold {k}" for k in per_fold) + " | all |",
        "|" + "---|" * (3 + len(per_fold)),
    ]
    for j, n in enumerate(names):
        cells = " | ".join(f"{per_fold[k][j]:g}" for k in per_fold)
        lines.append(f"| `{n}` | {today[j]:g} | {cells} | **{final[j]:g}** |")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
