"""The learned body labeller of the text path (extract/learned.py): trained and measured by
site-grouped cross-validation.

    python -m training.train [--jobs 2] [--folds 5] [--rebuild] [--no-export] [--ablation]
                             [--out ...]

1. The dataset: every page of scrapinghub, trafilatura and wcxb, every cached rendering
   (training/renderings/, ``python -m training.render``), and two inputs made from each page
   (:data:`AUGMENTS`: the page written clean, a rendering cropped to its article); one row per
   block of the rule steps' page (training/features.py), labelled from training/labels.py's
   line labels (unknown blocks are not trained on). Built in ``--jobs`` processes and cached in
   ``--cache`` (the HTML path and the rules' text path are scored there too, once).
2. Cross-validation in ``--folds`` folds grouped by site (every input of a page and every page
   of its site in one fold): per fold, word weights (training/lexicon_fit.py) and a
   gradient-boosted forest (sklearn ``HistGradientBoostingClassifier``, fixed seed, no early
   stopping: deterministic) fitted on the other folds, the forest's rows given word-weight
   scores cross-fitted inside them; then, per fold, the second forest (``SEQ_PARAMS``), which
   reads the first forest's held-out p(body) of the blocks around each one. A held-out page's
   body is what ``clean()`` would keep (the second forest's verdict on the body step's
   decisions at ``keep_at``), scored with training/evaluate_renderers.py's ``_body_scores``
   and ``corpus_f1``; beside it the first forest alone, the model over every block, and (with
   ``--ablation``, a second CV) the first forest without the word weights. Every held-out
   p(body) is saved beside the cache (``cv-proba.npz``) for analyses.
3. The final model on all data, exported (when under 2 MB) to
   ``src/articlekit/data/labeller.json``, its scores checked equal to sklearn's on a sample
   with the library's own numpy forest; training/report.py writes the report and the held-out
   figures with the model's hash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from articlekit.extract.features import (
    FEATURES,
    LEX_FEATURES,
    RULE_FEATURES,
    SEQ_FEATURES,
    SEQUENCE_FEATURES,
    lex_columns,
    seq_columns,
)
from articlekit.text import normalise
from training import lexicon_fit
from training.corpus import CORPORA, EVAL_ROOT, RENDERINGS, Page, pages
from training.evaluate_renderers import _body_scores, _clean
from training.features import block_labels, page_features
from training.labels import label_page, oracle_body
from training.renderers import RENDERERS

RESULTS = Path(__file__).resolve().parent / "results"
#: The model ships in the package: extract/learned.py reads it.
MODEL_JSON = (
    Path(__file__).resolve().parent.parent / "src" / "articlekit" / "data" / "labeller.json"
)
CACHE = Path("/tmp/articlekit-labeller/dataset.pkl")
SEED = 0
MAX_JSON_BYTES = 2_000_000
#: Each fit sees at most this many labelled blocks, drawn with a fixed seed (the five renderings
#: of a page are near-copies, so a sample loses little, and 2 shared cores stay within minutes).
TRAIN_ROWS = 200_000
PARAMS = dict(
    max_iter=150,
    learning_rate=0.1,
    max_leaf_nodes=31,
    min_samples_leaf=40,
    l2_regularization=1.0,
    early_stopping=False,
    random_state=SEED,
)
#: The second forest (reading the first's p(body) in context) needs fewer trees.
SEQ_PARAMS = {**PARAMS, "max_iter": 100}


# -- the dataset -------------------------------------------------------------------------------


_TODAY_COLS = [RULE_FEATURES.index(f"label={x}") for x in ("body", "heading", "quote")]


def _input_row(pf: Any, y: np.ndarray, page: Page, oracle: str, **extra: Any) -> dict[str, Any]:
    """What the dataset keeps of one input: features, labels, the rules' body per block, and
    the scores of the rules' body and of the oracle's."""
    return {
        "X": pf.X,
        "y": y,
        "today": pf.X[:, _TODAY_COLS].sum(axis=1) > 0,
        "blocks": pf.blocks,
        "language": pf.language,
        "seconds": 0.0,
        "text": _body_scores(pf.text_body, page),
        "oracle": _body_scores(oracle, page),
        **extra,
    }


def _page_job(page: Page) -> dict[str, Any]:
    """Features, labels and today's figures of every rendering of one page; the HTML path."""
    html = _clean(page.html_bytes(), "html", page.url)
    row: dict[str, Any] = {
        "corpus": page.corpus,
        "id": page.id,
        "site": page.site,
        "page_type": page.meta.get("page_type"),
        "html": _body_scores(html["body"], page),
        "renderers": {},
    }
    for name in RENDERERS:
        text = page.rendering(name, RENDERINGS)
        if text is None:
            continue
        started = time.perf_counter()
        pf = page_features(text)
        seconds = time.perf_counter() - started
        lines, labels = label_page(text, page.gold, page.meta)
        y = block_labels(pf, [ln.text for ln in lines], labels)
        row["renderers"][name] = _input_row(
            pf, y, page, oracle_body(lines, labels), seconds=seconds
        )
    return row


#: Inputs made from the pages that no renderer gives, trained on and reported apart:
#: ``clean`` is the page already cleaned (its title, then its body lines as paragraphs, as
#: ``Article.to_text`` writes them), every block of it body, so a cleaned text stays whole when
#: cleaned again; ``crop`` is one rendering cut to its article and a few lines either side (a
#: short dump, as a copy-paste of the article gives), so a page's size does not tell the model
#: whether it is clean.
AUGMENTS = ("clean", "crop")
#: Most lines a crop keeps before the first and after the last body line.
CROP_MARGIN = 8


def _clean_job(page: Page) -> dict[str, Any] | None:
    """Features of the page written as a clean text; None without a labelled rendering."""
    from training.evaluate_renderers import _truth

    for name in RENDERERS:
        text = page.rendering(name, RENDERINGS)
        if text is None:
            continue
        lines, labels = label_page(text, page.gold, page.meta)
        body = [ln.text.strip() for ln, keep in zip(lines, labels, strict=True) if keep]
        if not body:
            continue
        title = _truth(page)["title"]
        clean = "\n\n".join([title.strip()] + body if title and title.strip() else body)
        pf = page_features(clean)
        y = np.ones(len(pf.blocks), dtype=np.int8)
        if title and pf.blocks and pf.blocks[0] == title.strip():
            y[0] = -1  # the title line: the header step's, not a body decision
        return _input_row(pf, y, page, "\n\n".join(body))
    return None


def _crop_job(page: Page) -> dict[str, Any] | None:
    """Features and labels of one rendering (a different renderer page by page) cut to the
    lines from a few before its first body line to a few after its last; the margins come
    from the page's id, so the same every run."""
    digest = hashlib.sha256(page.id.encode()).digest()
    name = RENDERERS[digest[0] % len(RENDERERS)]
    text = page.rendering(name, RENDERINGS)
    if text is None:
        return None
    lines, labels = label_page(text, page.gold, page.meta)
    body = [k for k, keep in enumerate(labels) if keep]
    if not body:
        return None
    a = max(0, body[0] - digest[1] % (CROP_MARGIN + 1))
    b = min(len(lines) - 1, body[-1] + digest[2] % (CROP_MARGIN + 1))
    crop = "\n".join(text.splitlines()[lines[a].number : lines[b].number + 1]) + "\n"
    pf = page_features(crop)
    lines, labels = label_page(crop, page.gold, page.meta)
    y = block_labels(pf, [ln.text for ln in lines], labels)
    return _input_row(pf, y, page, oracle_body(lines, labels), renderer=name)


_AUGMENT_JOBS = {"clean": _clean_job, "crop": _crop_job}


def add_augments(rows: list[dict[str, Any]], jobs: int, cache: Path) -> None:
    """Give every row its augmented inputs (computed once, then kept in the cache)."""
    page_of = {(p.corpus, p.id): p for c in CORPORA for p in pages(c, EVAL_ROOT)}
    changed = False
    for name in AUGMENTS:
        todo = [i for i, r in enumerate(rows) if name not in r.get("augments", {})]
        if not todo:
            continue
        started = time.perf_counter()
        with ProcessPoolExecutor(jobs) as pool:
            work = [page_of[(rows[i]["corpus"], rows[i]["id"])] for i in todo]
            done = pool.map(_AUGMENT_JOBS[name], work, chunksize=8)
            for k, (i, got) in enumerate(zip(todo, done, strict=True), 1):
                rows[i].setdefault("augments", {})[name] = got
                if k % 400 == 0 or k == len(todo):
                    print(
                        f"  {name}: {k}/{len(todo)}, {time.perf_counter() - started:.0f} s",
                        file=sys.stderr,
                        flush=True,
                    )
        changed = True
    if changed:
        with cache.open("wb") as fh:
            pickle.dump(rows, fh, protocol=pickle.HIGHEST_PROTOCOL)


def build_dataset(
    jobs: int, cache: Path, rebuild: bool, limit: int | None = None
) -> list[dict[str, Any]]:
    if cache.exists() and not rebuild:
        with cache.open("rb") as fh:
            rows: list[dict[str, Any]] = pickle.load(fh)
        add_augments(rows, jobs, cache)
        return rows
    todo = [p for c in CORPORA for p in pages(c, EVAL_ROOT, limit)]
    started = time.perf_counter()
    rows = []
    with ProcessPoolExecutor(jobs) as pool:
        for i, row in enumerate(pool.map(_page_job, todo, chunksize=4), 1):
            rows.append(row)
            if i % 200 == 0 or i == len(todo):
                print(
                    f"  {i}/{len(todo)} pages, {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
    cache.parent.mkdir(parents=True, exist_ok=True)
    add_augments(rows, jobs, cache)
    return rows


ALL = (*RENDERERS, *AUGMENTS)


def _source(row: dict[str, Any], name: str) -> dict[str, Any] | None:
    """One rendering (or augmented input) of a page's row."""
    got = row["renderers"].get(name)
    return got if got is not None else row.get("augments", {}).get(name)


def stack(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """All blocks of all renderings and augmented inputs as flat arrays, with the page,
    input (index into :data:`ALL`) and site of each, the block texts, and each rendering's
    [start, end) rows."""
    X, y, today, page_idx, rend, site, texts, bounds = [], [], [], [], [], [], [], []
    sites: dict[str, int] = {}
    at = 0
    for p, row in enumerate(rows):
        s = sites.setdefault(row["site"], len(sites))
        for r, name in enumerate(ALL):
            d = _source(row, name)
            if d is None or not len(d["y"]):
                continue
            n = len(d["y"])
            X.append(d["X"])
            y.append(d["y"])
            today.append(d["today"])
            texts.extend(d["blocks"])
            page_idx.append(np.full(n, p, np.int32))
            rend.append(np.full(n, r, np.int8))
            site.append(np.full(n, s, np.int32))
            bounds.append((at, at + n))
            at += n
    return {
        "X": np.concatenate(X),
        "y": np.concatenate(y),
        "today": np.concatenate(today),
        "page": np.concatenate(page_idx),
        "renderer": np.concatenate(rend),
        "site": np.concatenate(site),
        "texts": texts,
        "bounds": bounds,
    }


# -- training and cross-validation -------------------------------------------------------------


def _model(params: dict[str, Any] = PARAMS) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**params)


def folds_by_site(site: np.ndarray, k: int) -> np.ndarray:
    """Fold per row: sites sorted by size, each to the fold with fewest rows so far (the
    same split every run)."""
    ids, counts = np.unique(site, return_counts=True)
    load = np.zeros(k, dtype=np.int64)
    fold_of = {}
    for i in np.lexsort((ids, -counts)):
        f = int(np.argmin(load))
        fold_of[ids[i]] = f
        load[f] += counts[i]
    lookup = np.zeros(ids.max() + 1, dtype=np.int8)
    for s, f in fold_of.items():
        lookup[s] = f
    return lookup[site]


def _sample(mask: np.ndarray, seed: int, limit: int = TRAIN_ROWS) -> np.ndarray:
    """Indices of at most ``limit`` of the rows in ``mask``, in order, the same every run."""
    idx = np.flatnonzero(mask)
    if len(idx) <= limit:
        return idx
    return np.sort(np.random.default_rng(seed).choice(idx, limit, replace=False))


def training_rows(mask: np.ndarray, data: dict[str, Any], seed: int) -> np.ndarray:
    """The forest's rows of ``mask``: a sample of the renderings' labelled blocks, and a
    sample half that size of the augmented inputs' blocks."""
    aug = data["renderer"] >= len(RENDERERS)
    known = data["y"] >= 0
    return np.union1d(
        _sample(mask & known & ~aug, seed),
        _sample(mask & known & aug, seed + 1000, TRAIN_ROWS // 2),
    )


def lex_matrix(lex: np.ndarray, data: dict[str, Any]) -> np.ndarray:
    """The lexicon's columns of every row, page by page (``features.lex_columns``)."""
    out = np.empty((len(lex), len(LEX_FEATURES)), dtype=np.float32)
    for a, b in data["bounds"]:
        out[a:b] = lex_columns(lex[a:b], data["X"][a:b])
    return out


def seq_matrix(p1: np.ndarray, data: dict[str, Any]) -> np.ndarray:
    """The second forest's extra columns of every row, page by page (``features.seq_columns``)."""
    out = np.empty((len(p1), len(SEQ_FEATURES)), dtype=np.float32)
    for a, b in data["bounds"]:
        out[a:b] = seq_columns(p1[a:b], data["X"][a:b])
    return out


def _rows(
    data: dict[str, Any], idx: np.ndarray, lexcols: np.ndarray | None, seq: np.ndarray | None = None
) -> np.ndarray:
    parts = [data["X"][idx]]
    parts += [lexcols[idx]] if lexcols is not None else []
    parts += [seq[idx]] if seq is not None else []
    return parts[0] if len(parts) == 1 else np.hstack(parts)


def cross_validate(
    data: dict[str, Any],
    corpus: lexicon_fit.Corpus | None,
    k: int,
    times: dict[str, str],
    tag: str,
    sequence: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Held-out p(body) for every row, of the first forest and (with ``sequence``) of the
    second: per fold, a lexicon and the forests fitted on the other folds only; the forests'
    training rows get lexicon scores cross-fitted inside them. The second forest reads the
    first forest's held-out scores (each fold's from the fit without it), the usual way of
    stacking models: its training rows' scores come from fits that never saw those rows."""
    fold = folds_by_site(data["site"], k)
    known = data["y"] >= 0
    proba = np.zeros(len(data["y"]))
    started = time.perf_counter()
    lexes: list[np.ndarray | None] = []
    for f in range(k):
        train, test = fold != f, np.flatnonzero(fold == f)
        lex_all = None
        if corpus is not None:
            inner = lexicon_fit.cross_fit(corpus, data["y"], fold, train & known)
            outer = lexicon_fit.fit(corpus, lexicon_fit.rows_of(train & known, SEED + f), data["y"])
            inner[test] = outer.decision_function(corpus.matrix[test])
            lex_all = lex_matrix(inner, data)
        lexes.append(lex_all)
        rows = training_rows(train, data, SEED + f)
        model = _model()
        model.fit(_rows(data, rows, lex_all), data["y"][rows])
        proba[test] = model.predict_proba(_rows(data, test, lex_all))[:, 1]
        print(
            f"  {tag} fold {f + 1}/{k}: {len(rows)} rows, {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    times[f"grouped CV, {tag}"] = f"{time.perf_counter() - started:.0f} s ({k} folds)"
    if not sequence:
        return proba, None
    started = time.perf_counter()
    seq = seq_matrix(proba, data)
    proba2 = np.zeros(len(data["y"]))
    for f in range(k):
        train, test = fold != f, np.flatnonzero(fold == f)
        rows = training_rows(train, data, SEED + 500 + f)
        model = _model(SEQ_PARAMS)
        model.fit(_rows(data, rows, lexes[f], seq), data["y"][rows])
        proba2[test] = model.predict_proba(_rows(data, test, lexes[f], seq))[:, 1]
        print(
            f"  {tag}, second forest, fold {f + 1}/{k}: {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    times[f"grouped CV, {tag}, second forest"] = f"{time.perf_counter() - started:.0f} s"
    return proba, proba2


def decided(data: dict[str, Any], steps: tuple[str, ...] = ("body",)) -> np.ndarray:
    """Rows the learned step may change: the body step's own body/chrome decisions (and, for
    each other step named, the blocks it labelled chrome)."""
    X, col = data["X"], {n: i for i, n in enumerate(FEATURES)}
    body = (X[:, col["label=body"]] + X[:, col["label=heading"]] + X[:, col["label=quote"]]) > 0
    chrome = X[:, col["label=chrome"]] == 1
    out = (X[:, col["step=body"]] == 1) & (body | chrome)
    for name in steps:
        if name != "body":
            out |= (X[:, col[f"step={name}"]] == 1) & chrome
    return out


def library_keep(
    data: dict[str, Any], proba: np.ndarray, keep_at: float, steps: tuple[str, ...] = ("body",)
) -> np.ndarray:
    """What clean() keeps: the model's verdict on decided rows, the rules' on the others."""
    out = data["today"].astype(float)
    d = decided(data, steps)
    out[d] = (proba[d] >= keep_at).astype(float)
    return out


def predicted_scores(
    rows: list[dict[str, Any]],
    data: dict[str, Any],
    keep: np.ndarray,
    page_of: dict[tuple[str, str], Page],
) -> dict:
    """Per page and renderer: the corpus scores of the body made of the kept blocks, each
    normalised as ``clean`` writes a paragraph (entities; Markdown marks where the rendering
    reads as Markdown)."""
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for a, b in data["bounds"]:
        p, r = int(data["page"][a]), ALL[int(data["renderer"][a])]
        if r not in RENDERERS:
            continue
        texts = data["texts"][a:b]
        markdown = normalise.reads_as_markdown("\n".join(texts))
        body = "\n\n".join(
            normalise.block("paragraph", t, markdown=markdown).text
            for t, k in zip(texts, keep[a:b], strict=True)
            if k >= 0.5
        )
        out[(p, r)] = _body_scores(body, page_of[(rows[p]["corpus"], rows[p]["id"])])
    for p, row in enumerate(rows):  # a rendering without a block: an empty body
        for r in row["renderers"]:
            if (p, r) not in out:
                out[(p, r)] = _body_scores("", page_of[(row["corpus"], row["id"])])
    return out


# -- export and the numpy evaluator ------------------------------------------------------------


def export_trees(model: Any, names: tuple[str, ...] = FEATURES) -> dict[str, Any]:
    """The fitted model as plain trees: per node feature, threshold, left, right, leaf value."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        assert not nodes["is_categorical"].any()
        trees.append(
            {
                "feature": nodes["feature_idx"].tolist(),
                "threshold": nodes["num_threshold"].tolist(),
                "missing_left": nodes["missing_go_to_left"].astype(int).tolist(),
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "leaf": nodes["is_leaf"].astype(int).tolist(),
                "value": nodes["value"].tolist(),
            }
        )
    base = float(np.ravel(model._baseline_prediction)[0])
    return {
        "features": list(names),
        "baseline": base,
        "learning_rate": float(model.learning_rate),
        "trees": trees,
    }


# -- the run ---------------------------------------------------------------------------------


def final_model(
    data: dict[str, Any], corpus: lexicon_fit.Corpus, k: int, p1: np.ndarray, times: dict[str, str]
) -> tuple[Any, Any, dict[str, Any], np.ndarray, np.ndarray]:
    """The shipped model: a lexicon on all labelled rows, and forests on all data whose
    lexicon columns are cross-fitted (as in the CV), so they see scores like those of pages
    never seen; the second forest reads ``p1``, the first forest's held-out p(body) from the CV.
    Returns the forests, the lexicon as exported, and the rows' lexicon and sequence columns."""
    started = time.perf_counter()
    known = data["y"] >= 0
    fold = folds_by_site(data["site"], k)
    lex = lex_matrix(lexicon_fit.cross_fit(corpus, data["y"], fold, known), data)
    lexicon = lexicon_fit.export(
        corpus, lexicon_fit.fit(corpus, lexicon_fit.rows_of(known, SEED + 99), data["y"])
    )
    rows = training_rows(np.ones(len(known), bool), data, SEED + 99)
    model = _model()
    model.fit(_rows(data, rows, lex), data["y"][rows])
    seq = seq_matrix(p1, data)
    second = _model(SEQ_PARAMS)
    second.fit(_rows(data, rows, lex, seq), data["y"][rows])
    times[f"final model ({len(rows)} blocks)"] = f"{time.perf_counter() - started:.0f} s"
    return model, second, lexicon, lex, seq


def check_export(
    models: tuple[Any, Any],
    exported: dict[str, Any],
    data: dict[str, Any],
    lex: np.ndarray,
    seq: np.ndarray,
    times: dict[str, str],
) -> None:
    """The library's numpy forests give sklearn's raw scores exactly (on a sample)."""
    from articlekit.extract.forest import Forest

    rng = np.random.default_rng(SEED)
    sample = np.sort(rng.choice(len(data["y"]), size=min(50_000, len(data["y"])), replace=False))
    spent = 0.0
    for model, raw, X in (
        (models[0], exported, _rows(data, sample, lex)),
        (models[1], exported["sequence"], _rows(data, sample, lex, seq)),
    ):
        forest = Forest.of(raw)
        t0 = time.perf_counter()
        ours = forest.raw(X)
        spent += time.perf_counter() - t0
        theirs = model.decision_function(X)
        assert np.array_equal(ours, theirs), float(np.abs(ours - theirs).max())
    times["numpy evaluator"] = (
        f"raw scores of both forests identical to sklearn's on "
        f"{len(sample)} blocks; {spent * 1e6 / len(sample):.1f} µs per "
        "block in one batch each"
    )


def main(argv: list[str] | None = None) -> int:  # long: the whole run, step by step
    from training.report import FIGURES_JSON, importances, report, write_report

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build the dataset cache, stop")
    parser.add_argument("--limit", type=int, default=None, help="pages per corpus (a smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS / "labeller.md")
    parser.add_argument("--no-export", action="store_true", help="do not write the package's model")
    parser.add_argument(
        "--ablation",
        action="store_true",
        help="also cross-validate without the lexicon (the 'no lexicon' column)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", str(args.jobs))
    from articlekit.config.params import for_favour

    keep_at = for_favour("balanced").learned.keep_at
    times: dict[str, str] = {}
    started = time.perf_counter()
    rows = build_dataset(args.jobs, args.cache, args.rebuild, args.limit)
    if args.build_only:
        return 0
    times["dataset"] = f"{time.perf_counter() - started:.0f} s (cached after the first run)"
    page_of = {(p.corpus, p.id): p for c in CORPORA for p in pages(c, EVAL_ROOT)}
    data = stack(rows)
    t0 = time.perf_counter()
    corpus = lexicon_fit.Corpus(data["texts"])
    times["lexicon's vocabulary"] = (
        f"{len(corpus.words)} words in >= {lexicon_fit.MIN_DF} "
        f"blocks, {time.perf_counter() - t0:.0f} s"
    )
    proba1, proba = cross_validate(data, corpus, args.folds, times, "with the lexicon", True)
    assert proba is not None
    keeps = {
        "library": library_keep(data, proba, keep_at),
        "model": proba,
        "first forest": library_keep(data, proba1, keep_at),
        "chrome step too": library_keep(data, proba, keep_at, ("body", "chrome")),
    }
    held_out = {"first": proba1, "second": proba}
    if args.ablation:
        proba_rules, _ = cross_validate(data, None, args.folds, times, "rule features only")
        keeps["no lexicon"] = library_keep(data, proba_rules, keep_at)
        held_out["rules"] = proba_rules
    # every held-out p(body), for analyses beside the report (thresholds, what it decides)
    np.savez_compressed(args.cache.parent / "cv-proba.npz", **held_out)
    runs = {name: predicted_scores(rows, data, keep, page_of) for name, keep in keeps.items()}
    model, second, lexicon, lex, seq = final_model(data, corpus, args.folds, proba1, times)
    exported = {
        **export_trees(model),
        "lexicon": lexicon,
        "sequence": export_trees(second, SEQUENCE_FEATURES),
    }
    check_export((model, second), exported, data, lex, seq, times)
    text = json.dumps(exported, separators=(",", ":"))
    size = len(text.encode())
    trees = [*exported["trees"], *exported["sequence"]["trees"]]
    leaves = sum(sum(t["leaf"]) for t in trees)
    times["model size"] = (
        f"{len(exported['trees'])} + {len(exported['sequence']['trees'])} "
        f"trees, {leaves} leaves, {len(lexicon['weights'])} words; "
        f"JSON {size / 1e6:.2f} MB"
    )
    if args.no_export:
        times["exported"] = "not written (--no-export)"
    elif size < MAX_JSON_BYTES:
        MODEL_JSON.write_text(text + "\n", encoding="utf-8")
        times["exported"] = str(MODEL_JSON.relative_to(RESULTS.parent.parent))
    else:
        times["exported"] = (
            f"not written: {size / 1e6:.2f} MB is over {MAX_JSON_BYTES / 1e6:.0f} MB"
        )
    times["total"] = f"{time.perf_counter() - started:.0f} s"
    extra = {
        "date": time.strftime("%Y-%m-%d"),
        "keep_at": keep_at,
        "folds": args.folds,
        "n_sites": len({r["site"] for r in rows}),
        "keeps": keeps,
        "importances": importances(second, list(SEQUENCE_FEATURES)),
    }
    markdown, figures = report(rows, data, runs, times, extra)
    # ties the held-out figures to the model they describe (tests/test_learned_gate.py)
    figures["model_sha256"] = hashlib.sha256((text + "\n").encode()).hexdigest()
    # the committed figures describe the shipped model: a run that ships none writes its own
    shipped = times["exported"] == str(MODEL_JSON.relative_to(RESULTS.parent.parent))
    write_report(
        args.out, markdown, figures, FIGURES_JSON if shipped else args.out.with_suffix(".json")
    )
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
