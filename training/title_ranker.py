"""The title ranker (``data/title_ranker.json``): which candidate line is the headline, learned.

    python -m training.title_ranker [--folds 5] [--jobs 2] [--cache F] [--no-export]

The text path weighs evidence over candidate lines (``extract/title.py``); a weighed sum cannot
say that a first line is the headline only where no later line repeats it, or that a line far
above the text wins only with a byline under it. A gradient-boosted forest over the same
evidence, the weighed score, the candidate's place among the page's others and its shape
(``title_rank.RANK_FEATURES``, the library's own ``rank_rows``) can: it gives each candidate
p(title) and the highest is the title.

The candidates are recorded as the header and ``retitle`` weighed them with the ranker off
(``title_weights.candidates_of``), on every rendering of scrapinghub and WCXB with a gold title;
a candidate is right when its title matches the gold (``benchmarks.metrics.title_matches``).
The figures that count are held out: five folds grouped by site, each fold's renderings chosen
by a forest trained on the other four. The shipped forest is trained on every rendering and
must give scikit-learn's raw scores exactly through the library's numpy evaluator. Deterministic:
fixed seeds, no early stopping, the renderings in corpus and id order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from training import title_weights
from training.corpus import REPO_ROOT, Page, pages
from training.renderers import RENDERERS

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402

MODEL = REPO_ROOT / "src" / "articlekit" / "data" / "title_ranker.json"
REPORT = REPO_ROOT / "training" / "results" / "title-ranker.md"
#: The held-out figures and the shipped model's hash (``tests/test_learned_gate.py`` reads them).
FIGURES = REPO_ROOT / "training" / "results" / "title-ranker.json"
#: The forest: small and shallow enough to read in about a millisecond a call (150 trees of
#: depth 6 were compared on the same folds with 100 of depth 3 and 200 of depth 4; those
#: figures were not kept).
PARAMS: dict[str, Any] = {
    "max_iter": 150,
    "max_depth": 6,
    "learning_rate": 0.05,
    "min_samples_leaf": 100,
    "early_stopping": False,
    "random_state": 0,
}


@dataclass(frozen=True)
class Ranking:
    """One rendering's candidates: the ranker's rows, which are right, and the candidate a
    ``lead`` takes without ranking (-1 when none)."""

    corpus: str
    site: str
    renderer: str
    rows: np.ndarray  # candidates x title_rank.RANK_FEATURES
    right: np.ndarray  # bool per candidate
    lead: int


def record(job: tuple[Page, str]) -> Ranking | None:
    """The ranker's rows of one rendering's candidates, and which are right."""
    page, renderer = job
    got = title_weights.candidates_of(page, renderer)
    if got is None:
        return None
    from articlekit.config.context import default_config
    from articlekit.extract import title_rank

    found, gold = got
    rows = title_rank.rank_rows(found, default_config().params.title)
    right = np.array([metrics.title_matches(title_weights._title_of(c), gold) for c in found])
    lead = next((i for i, c in enumerate(found) if c.evidence.get("lead")), -1)
    return Ranking(page.corpus, page.site, renderer, rows, right.astype(bool), lead)


def _pick(ranking: Ranking, merit: np.ndarray) -> bool:
    """Whether the candidate ``title.choose`` takes by ``merit`` is right: the best (ties: the
    later one), and where that is the page's first line, the best of the lines that repeat
    it (``echo``) if any."""
    from articlekit.extract import title_rank

    if ranking.lead >= 0:
        return bool(ranking.right[ranking.lead])
    if not len(merit):
        return False
    at = _last_best(merit)
    if ranking.rows[at, title_rank.RANK_FEATURES.index("top")] == 1:
        echoes = np.flatnonzero(ranking.rows[:, title_rank.RANK_FEATURES.index("echo")] == 1)
        if len(echoes):
            at = int(echoes[_last_best(merit[echoes])])
    return bool(ranking.right[at])


def _last_best(merit: np.ndarray) -> int:
    return len(merit) - 1 - int(np.argmax(merit[::-1]))


def _stack(cases: Sequence[Ranking], keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    chosen = [c for c, k in zip(cases, keep, strict=True) if k and len(c.right)]
    if not chosen:
        return np.zeros((0, 0)), np.zeros(0, bool)
    return np.vstack([c.rows for c in chosen]), np.concatenate([c.right for c in chosen])


def _forest() -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**PARAMS)


def cross_validate(cases: Sequence[Ranking], k: int) -> dict[int, bool]:
    """Per rendering, whether the forest trained without its fold chose right."""
    fold = np.array([title_weights.fold_of(c.site, k) for c in cases])
    out: dict[int, bool] = {}
    for f in range(k):
        X, y = _stack(cases, fold != f)
        model = _forest().fit(X, y)
        for i, c in enumerate(cases):
            if fold[i] == f:
                p = model.predict_proba(c.rows)[:, 1] if len(c.right) else np.zeros(0)
                out[i] = _pick(c, p)
    return out


def _score_column() -> int:
    from articlekit.extract import title_rank

    return title_rank.RANK_FEATURES.index("score")


def weighed_picks(cases: Sequence[Ranking]) -> dict[int, bool]:
    """Per rendering, whether the weighed score alone (the ranker off) chooses right."""
    col = _score_column()
    return {i: _pick(c, c.rows[:, col]) for i, c in enumerate(cases)}


def report(
    cases: Sequence[Ranking], weighed: dict[int, bool], held: dict[int, bool], k: int, took: str
) -> list[str]:
    lines = [
        "# Title ranker: site-grouped cross-validation",
        "",
        f"`python -m training.title_ranker`: {len(cases)} renderings of scrapinghub and WCXB "
        f"with a gold title, {k} folds grouped by site; {took}. Share of renderings whose "
        "chosen title is right: `weighed` = today's `[balanced.title]` weights alone, "
        "`ranker, held out` = the forest trained without the rendering's fold; `ceiling` = "
        "a candidate is right.",
        "",
        "| corpus | renderer | renderings | ceiling | weighed | ranker, held out | change |",
        "|---|---|---|---|---|---|---|",
    ]
    for corpus, renderer in sorted({(c.corpus, c.renderer) for c in cases}):
        idx = [i for i, c in enumerate(cases) if (c.corpus, c.renderer) == (corpus, renderer)]
        ceiling = np.mean([bool(cases[i].right.any()) for i in idx])
        a, b = sum(weighed[i] for i in idx), sum(held[i] for i in idx)
        lines.append(
            f"| {corpus} | `{renderer}` | {len(idx)} | {ceiling:.3f} | {a / len(idx):.3f} | "
            f"{b / len(idx):.3f} | {b - a:+d} |"
        )
    a, b = sum(weighed.values()), sum(held.values())
    lines += ["", f"All renderings: weighed {a / len(cases):.3f}, ranker held out "
              f"{b / len(cases):.3f} ({b - a:+d} of {len(cases)})."]  # fmt: skip
    return lines


def figures(
    cases: Sequence[Ranking], weighed: dict[int, bool], held: dict[int, bool]
) -> dict[str, Any]:
    """Per corpus and renderer: renderings, the weighed choice's share right and the held-out
    ranker's."""
    out: dict[str, Any] = {}
    for corpus in sorted({c.corpus for c in cases}):
        cells: dict[str, Any] = {}
        for renderer in sorted({c.renderer for c in cases if c.corpus == corpus}):
            idx = [i for i, c in enumerate(cases) if (c.corpus, c.renderer) == (corpus, renderer)]
            cells[renderer] = {
                "renderings": len(idx),
                "weighed": sum(weighed[i] for i in idx) / len(idx),
                "held_out": sum(held[i] for i in idx) / len(idx),
            }
        out[corpus] = cells
    return out


def export(cases: Sequence[Ranking]) -> dict[str, Any]:
    """The forest on every rendering, as the library reads it, checked against sklearn's."""
    from articlekit.extract import title_rank
    from articlekit.extract.forest import Forest
    from training.train import export_trees

    X, y = _stack(cases, np.ones(len(cases), bool))
    model = _forest().fit(X, y)
    raw = export_trees(model, title_rank.RANK_FEATURES)
    ours, theirs = Forest.of(raw).raw(X), model.decision_function(X)
    assert np.array_equal(ours, theirs), float(np.abs(ours - theirs).max())
    return raw


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None, help="recorded candidates (pickle)")
    parser.add_argument("--no-export", action="store_true", help="report only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cached = args.cache is not None and args.cache.exists()
    if cached:
        cases = [Ranking(*fields_) for fields_ in pickle.loads(args.cache.read_bytes())]
    else:
        jobs = [(p, r) for c in title_weights.CORPORA for p in pages(c) for r in RENDERERS]
        with ProcessPoolExecutor(args.jobs) as pool:
            cases = [c for c in pool.map(record, jobs, chunksize=16) if c is not None]
        if args.cache is not None:
            plain = [(c.corpus, c.site, c.renderer, c.rows, c.right, c.lead) for c in cases]
            args.cache.write_bytes(pickle.dumps(plain))
    recorded = time.perf_counter() - started
    held = cross_validate(cases, args.folds)
    took = "records read from the cache" if cached else f"recorded in {recorded:.0f} s"
    took += ", cross-validated in "
    took += f"{time.perf_counter() - started - recorded:.0f} s"
    weighed = weighed_picks(cases)
    lines = report(cases, weighed, held, args.folds, took)
    if not args.no_export:
        raw = export(cases)
        MODEL.write_text(json.dumps(raw, separators=(",", ":")) + "\n", encoding="utf-8")
        digest = hashlib.sha256(MODEL.read_bytes()).hexdigest()
        cells = figures(cases, weighed, held)
        found = {"model_sha256": digest, "folds": args.folds, "corpora": cells}
        FIGURES.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        nodes = sum(len(t["leaf"]) for t in raw["trees"])
        lines += ["", f"Shipped: {len(raw['trees'])} trees, {nodes} nodes, trained on every "
                  f"rendering ({MODEL.stat().st_size // 1000} kB); numpy raw scores identical "
                  "to scikit-learn's on all its rows."]  # fmt: skip
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
