"""A learned body labeller over the text path's blocks, measured by site-grouped cross-validation.

    python -m training.train [--jobs 2] [--folds 5] [--rebuild] [--out training/results/labeller.md]

1. The dataset: every page of scrapinghub, trafilatura and wcxb, every cached rendering
   (training/renderings/, ``python -m training.render``); one row per block of the text path
   (training/features.py), labelled from training/labels.py's line labels. Unknown blocks are
   left out of training and of block accuracy. Built in ``--jobs`` processes and cached in
   ``--cache`` (the HTML path and today's text path are scored there too, once).
2. A gradient-boosted classifier (sklearn ``HistGradientBoostingClassifier``, fixed seed, no
   early stopping: deterministic), cross-validated in ``--folds`` folds grouped by site (the host
   of the page's url: all renderings of a page and all pages of a site in one fold). Each
   held-out page's body is the blocks predicted body (p >= 0.5) joined by blank lines, scored
   with training/evaluate_renderers.py's own ``_body_scores`` and ``corpus_f1``.
3. The same without the neighbour features (sequence context's worth).
4. The final model on all data, exported as JSON trees (when under 2 MB) to
   ``training/results/labeller-model.json``; :func:`predict_raw` (numpy only) reproduces the
   library's predictions from it, checked for equality on a sample.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from training.corpus import CORPORA, EVAL_ROOT, RENDERINGS, Page, pages
from training.evaluate_renderers import METRIC_NAME, _body_scores, _clean, corpus_f1, wcxb_by_type
from training.features import FEATURES, N_BASE, block_labels, page_features
from training.labels import label_page, oracle_body
from training.renderers import RENDERERS

RESULTS = Path(__file__).resolve().parent / "results"
MODEL_JSON = RESULTS / "labeller-model.json"
CACHE = Path("/tmp/articlekit-labeller/dataset.pkl")
SEED = 0
MAX_JSON_BYTES = 2_000_000
#: Each fit sees at most this many labelled blocks, drawn with a fixed seed (the five renderings
#: of a page are near-copies, so a sample loses little, and 2 shared cores stay within minutes).
TRAIN_ROWS = 200_000
PARAMS = dict(max_iter=150, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=40,
              l2_regularization=1.0, early_stopping=False, random_state=SEED)
ANALYSIS_MARK = "<!-- analysis: kept when the tables are regenerated -->"


# -- the dataset -------------------------------------------------------------------------------


def _page_job(page: Page) -> dict[str, Any]:
    """Features, labels and today's figures of every rendering of one page; the HTML path."""
    html = _clean(page.html_bytes(), "html", page.url)
    row: dict[str, Any] = {"corpus": page.corpus, "id": page.id, "site": page.site,
                           "page_type": page.meta.get("page_type"),
                           "html": _body_scores(html["body"], page), "renderers": {}}
    for name in RENDERERS:
        text = page.rendering(name, RENDERINGS)
        if text is None:
            continue
        started = time.perf_counter()
        pf = page_features(text)
        seconds = time.perf_counter() - started
        lines, labels = label_page(text, page.gold, page.meta)
        y = block_labels(pf, [ln.text for ln in lines], labels)
        today = pf.X[:, [FEATURES.index(f"label={x}") for x in ("body", "heading", "quote")]]
        row["renderers"][name] = {
            "X": pf.X, "y": y, "today": today.sum(axis=1) > 0, "blocks": pf.blocks,
            "language": pf.language, "seconds": seconds,
            "text": _body_scores(pf.text_body, page),
            "oracle": _body_scores(oracle_body(lines, labels), page),
        }
    return row


def build_dataset(jobs: int, cache: Path, rebuild: bool, limit: int | None = None
                  ) -> list[dict[str, Any]]:
    if cache.exists() and not rebuild:
        with cache.open("rb") as fh:
            return pickle.load(fh)
    todo = [p for c in CORPORA for p in pages(c, EVAL_ROOT, limit)]
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    with ProcessPoolExecutor(jobs) as pool:
        for i, row in enumerate(pool.map(_page_job, todo, chunksize=4), 1):
            rows.append(row)
            if i % 200 == 0 or i == len(todo):
                print(f"  {i}/{len(todo)} pages, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as fh:
        pickle.dump(rows, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return rows


def stack(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """All blocks of all renderings as flat arrays, with the page, renderer and site of each."""
    X, y, today, page_idx, rend, site = [], [], [], [], [], []
    sites: dict[str, int] = {}
    for p, row in enumerate(rows):
        s = sites.setdefault(row["site"], len(sites))
        for r, name in enumerate(RENDERERS):
            d = row["renderers"].get(name)
            if d is None or not len(d["y"]):
                continue
            n = len(d["y"])
            X.append(d["X"]); y.append(d["y"]); today.append(d["today"])
            page_idx.append(np.full(n, p, np.int32)); rend.append(np.full(n, r, np.int8))
            site.append(np.full(n, s, np.int32))
    return {"X": np.concatenate(X), "y": np.concatenate(y), "today": np.concatenate(today),
            "page": np.concatenate(page_idx), "renderer": np.concatenate(rend),
            "site": np.concatenate(site)}


# -- training and cross-validation -------------------------------------------------------------


def _model() -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**PARAMS)


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


def _sample(mask: np.ndarray, seed: int) -> np.ndarray:
    """Indices of at most TRAIN_ROWS of the rows in ``mask``, in order, the same every run."""
    idx = np.flatnonzero(mask)
    if len(idx) <= TRAIN_ROWS:
        return idx
    return np.sort(np.random.default_rng(seed).choice(idx, TRAIN_ROWS, replace=False))


def cross_validate(data: dict[str, np.ndarray], cols: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """Held-out p(body) for every block, and the seconds spent fitting."""
    fold = folds_by_site(data["site"], k)
    proba = np.zeros(len(data["y"]))
    known = data["y"] >= 0
    seconds = 0.0
    for f in range(k):
        train = _sample((fold != f) & known, SEED + f)
        model = _model()
        started = time.perf_counter()
        model.fit(data["X"][train][:, cols], data["y"][train])
        seconds += time.perf_counter() - started
        test = fold == f
        proba[test] = model.predict_proba(data["X"][test][:, cols])[:, 1]
        print(f"  fold {f + 1}/{k}: {len(train)} rows, {time.perf_counter() - started:.0f} s",
              file=sys.stderr, flush=True)
    return proba, seconds


def predicted_scores(rows: list[dict[str, Any]], data: dict[str, np.ndarray],
                     proba: np.ndarray, page_of: dict[tuple[str, str], Page]) -> dict:
    """Per page and renderer: the corpus scores of the body the model predicts."""
    out: dict[tuple[int, str], dict[str, Any]] = {}
    order = np.lexsort((data["renderer"], data["page"]))
    assert (np.diff(order) > 0).all(), "rows are stacked page by page, renderer by renderer"
    bounds = np.flatnonzero(np.diff(data["page"] * 8 + data["renderer"])) + 1
    for chunk in np.split(np.arange(len(proba)), bounds):
        if not len(chunk):
            continue
        p, r = int(data["page"][chunk[0]]), RENDERERS[int(data["renderer"][chunk[0]])]
        blocks = rows[p]["renderers"][r]["blocks"]
        keep = proba[chunk] >= 0.5
        body = "\n\n".join(b for b, k in zip(blocks, keep) if k)
        out[(p, r)] = _body_scores(body, page_of[(rows[p]["corpus"], rows[p]["id"])])
    for p, row in enumerate(rows):  # a rendering without a block: an empty body
        for r in row["renderers"]:
            if (p, r) not in out:
                out[(p, r)] = _body_scores("", page_of[(row["corpus"], row["id"])])
    return out


# -- export and the numpy evaluator ------------------------------------------------------------


def export_trees(model: Any) -> dict[str, Any]:
    """The fitted model as plain trees: per node feature, threshold, left, right, leaf value."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        assert not nodes["is_categorical"].any()
        trees.append({
            "feature": nodes["feature_idx"].tolist(),
            "threshold": nodes["num_threshold"].tolist(),
            "missing_left": nodes["missing_go_to_left"].astype(int).tolist(),
            "left": nodes["left"].tolist(),
            "right": nodes["right"].tolist(),
            "leaf": nodes["is_leaf"].astype(int).tolist(),
            "value": nodes["value"].tolist(),
        })
    base = float(np.ravel(model._baseline_prediction)[0])
    return {"features": list(FEATURES), "baseline": base, "trees": trees}


def predict_raw(model: dict[str, Any], X: np.ndarray) -> np.ndarray:
    """The model's raw score (log-odds of body) per row, from the JSON trees, numpy only.
    p(body) = 1 / (1 + exp(-raw)); NaN features follow each node's ``missing_left``."""
    X = np.asarray(X, dtype=np.float64)
    rows = np.arange(len(X))
    raw = np.full(len(X), model["baseline"], dtype=np.float64)
    for tree in model["trees"]:
        feature = np.asarray(tree["feature"], dtype=np.intp)
        threshold = np.asarray(tree["threshold"], dtype=np.float64)
        missing_left = np.asarray(tree["missing_left"], dtype=bool)
        left = np.asarray(tree["left"], dtype=np.intp)
        right = np.asarray(tree["right"], dtype=np.intp)
        leaf = np.asarray(tree["leaf"], dtype=bool)
        node = np.zeros(len(X), dtype=np.intp)
        active = ~leaf[node]
        while active.any():
            n = node[active]
            x = X[rows[active], feature[n]]
            go_left = np.where(np.isnan(x), missing_left[n], x <= threshold[n])
            node[active] = np.where(go_left, left[n], right[n])
            active = ~leaf[node]
        raw += np.asarray(tree["value"], dtype=np.float64)[node]
    return raw


def predict_proba(model: dict[str, Any], X: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-predict_raw(model, X)))


# -- the report --------------------------------------------------------------------------------


def _f(fig: dict[str, float]) -> str:
    return f"{fig['f1']:.3f}" if fig else "–"


def block_accuracy(y: np.ndarray, pred: np.ndarray, mask: np.ndarray) -> str:
    m = mask & (y >= 0)
    return f"{(pred[m] == (y[m] == 1)).mean():.3f}" if m.any() else "–"


def report(rows, data, runs, times, extra) -> str:  # long: one table after another
    lines: list[str] = []
    add = lines.append
    y, today = data["y"], data["today"]
    add("# A learned body labeller for the text path: site-grouped cross-validation")
    add("")
    add(f"`python -m training.train` ({extra['date']}). {extra['n_pages']} pages, "
        f"{extra['n_renderings']} renderings, {len(y)} blocks ({(y >= 0).sum()} labelled: "
        f"{(y == 1).sum()} body, {(y == 0).sum()} not; {(y < 0).sum()} unknown, left out of "
        f"training and block accuracy). {len(FEATURES)} features ({N_BASE} of the block and "
        f"page, {len(FEATURES) - N_BASE} of the two blocks either side). Model: sklearn "
        f"HistGradientBoostingClassifier {PARAMS}, each fit on a fixed-seed sample of at most "
        f"{TRAIN_ROWS} labelled blocks of its training folds. 5 folds grouped by site "
        f"({extra['n_sites']} sites); a page's body is its blocks with p >= 0.5 joined by "
        "blank lines, scored by training/evaluate_renderers.py's `_body_scores`/`corpus_f1`.")
    add("")
    add("## Main table: F1 per corpus and renderer")
    add("")
    add("today = `articlekit.clean(text, format='text')` (the same run the features come from); "
        "model = held-out grouped CV; no ctx = the model without the neighbour features; "
        "oracle = the lines labels.py calls body; HTML = `clean(html, format='html')`, once per "
        "page. scrapinghub: bag F1 (shingle F1 in brackets).")
    add("")
    add("| corpus (metric) | renderer | pages | today | model | no ctx | oracle | HTML path | "
        "block acc. today | block acc. model |")
    add("|---|---|---|---|---|---|---|---|---|---|")
    for corpus in CORPORA:
        idx = [i for i, r in enumerate(rows) if r["corpus"] == corpus]
        html = corpus_f1([rows[i]["html"] for i in idx], corpus)
        for r, name in enumerate(RENDERERS):
            have = [i for i in idx if name in rows[i]["renderers"]]
            cell = {}
            for key in ("text", "oracle"):
                cell[key] = corpus_f1([rows[i]["renderers"][name][key] for i in have], corpus)
            for key, scores in runs.items():
                cell[key] = corpus_f1([scores[(i, name)] for i in have if (i, name) in scores],
                                      corpus)
            sh = lambda c: f" ({c['shingle_f1']:.3f})" if c and "shingle_f1" in c else ""
            mask = (data["renderer"] == r) & np.isin(data["page"], idx)
            add(f"| {corpus} ({METRIC_NAME[corpus]}) | `{name}` | {len(have)} | "
                f"{_f(cell['text'])}{sh(cell['text'])} | {_f(cell['model'])}{sh(cell['model'])} "
                f"| {_f(cell['noctx'])} | {_f(cell['oracle'])}{sh(cell['oracle'])} | "
                f"{_f(html)}{sh(html)} | {block_accuracy(y, today, mask)} | "
                f"{block_accuracy(y, extra['proba'] >= 0.5, mask)} |")
    add("")
    add("## Per-renderer spread (mean over the three corpora's headline F1)")
    add("")
    add("| renderer | today | model | oracle | model − today | oracle − model |")
    add("|---|---|---|---|---|---|")
    for name in RENDERERS:
        vals = defaultdict(list)
        for corpus in CORPORA:
            have = [i for i, r in enumerate(rows) if r["corpus"] == corpus and name in r["renderers"]]
            vals["text"].append(corpus_f1([rows[i]["renderers"][name]["text"] for i in have], corpus)["f1"])
            vals["oracle"].append(corpus_f1([rows[i]["renderers"][name]["oracle"] for i in have], corpus)["f1"])
            vals["model"].append(corpus_f1([runs["model"][(i, name)] for i in have if (i, name) in runs["model"]], corpus)["f1"])
        t, m, o = (float(np.mean(vals[k])) for k in ("text", "model", "oracle"))
        add(f"| `{name}` | {t:.3f} | {m:.3f} | {o:.3f} | {m - t:+.3f} | {o - m:+.3f} |")
    add("")
    add("## wcxb word F1 per page type (model, grouped CV / today's text path)")
    add("")
    widx = [i for i, r in enumerate(rows) if r["corpus"] == "wcxb"]
    types = sorted({rows[i]["page_type"] for i in widx if rows[i]["page_type"]})
    add("| page type | pages | " + " | ".join(f"`{n}`" for n in RENDERERS) + " | HTML path |")
    add("|---|---|" + "---|" * (len(RENDERERS) + 1))
    per = {}
    for name in RENDERERS:
        have = [i for i in widx if name in rows[i]["renderers"]]
        per[name] = (wcxb_by_type([(rows[i]["page_type"], runs["model"][(i, name)]["word"]) for i in have]),
                     wcxb_by_type([(rows[i]["page_type"], rows[i]["renderers"][name]["text"]["word"]) for i in have]))
    per_html = wcxb_by_type([(rows[i]["page_type"], rows[i]["html"]["word"]) for i in widx])
    for t in ["all", *types]:
        count = len(widx) if t == "all" else sum(1 for i in widx if rows[i]["page_type"] == t)
        cells = [f"{per[n][0].get(t, 0):.3f} / {per[n][1].get(t, 0):.3f}" for n in RENDERERS]
        add(f"| {t} | {count} | " + " | ".join(cells) + f" | {per_html.get(t, 0):.3f} |")
    add("")
    add("## Block accuracy on slices (labelled blocks, all renderers, grouped CV)")
    add("")
    add("| slice | blocks | body share | today | model | no ctx |")
    add("|---|---|---|---|---|---|")
    X = data["X"]
    col = {n: i for i, n in enumerate(FEATURES)}
    lang = extra["language"]
    slices = {
        "all": np.ones(len(y), bool),
        "bullet (list items)": X[:, col["bullet"]] == 1,
        "pipes (table-like rows)": X[:, col["pipe_count"]] >= 2,
        "claimed by promo (teasers)": X[:, col["step=promo"]] == 1,
        "claimed by chrome": X[:, col["step=chrome"]] == 1,
        "claimed by body step": X[:, col["step=body"]] == 1,
        "outside today's densest run": X[:, col["in_region"]] == 0,
        "heading-like": X[:, col["heading_like"]] == 1,
        "language en": lang == "en",
        "language other (stop list)": (lang != "en") & (lang != "") & (X[:, col["page_has_stoplist"]] == 1),
        "language zh/ja/ko": X[:, col["page_cjk"]] == 1,
        "language unknown / no stop list": (X[:, col["page_has_stoplist"]] == 0),
    }
    for label, mask in slices.items():
        m = mask & (y >= 0)
        add(f"| {label} | {m.sum()} | {(y[m] == 1).mean() if m.any() else 0:.3f} | "
            f"{block_accuracy(y, today, mask)} | {block_accuracy(y, extra['proba'] >= 0.5, mask)} | "
            f"{block_accuracy(y, extra['proba_noctx'] >= 0.5, mask)} |")
    add("")
    add("## Top 15 features (split gain summed over the final model's trees)")
    add("")
    add("| feature | gain share |")
    add("|---|---|")
    for name, share in extra["importances"][:15]:
        add(f"| `{name}` | {share:.3f} |")
    add("")
    add("## Size and time")
    add("")
    for k, v in times.items():
        add(f"- {k}: {v}")
    add("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:  # long: the whole run, step by step
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build the dataset cache, stop")
    parser.add_argument("--limit", type=int, default=None, help="pages per corpus (a smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS / "labeller.md")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", str(args.jobs))
    times: dict[str, str] = {}
    started = time.perf_counter()
    rows = build_dataset(args.jobs, args.cache, args.rebuild, args.limit)
    if args.build_only:
        return 0
    feat_s = sum(d["seconds"] for r in rows for d in r["renderers"].values())
    n_rend = sum(len(r["renderers"]) for r in rows)
    times["dataset"] = (f"{time.perf_counter() - started:.0f} s (cached after the first run); "
                        f"features incl. today's text path {feat_s / n_rend * 1000:.0f} ms per "
                        "rendering, one core")
    page_of = {(p.corpus, p.id): p for c in CORPORA for p in pages(c, EVAL_ROOT)}
    data = stack(rows)
    language = np.concatenate([
        np.full(len(d["y"]), d["language"] or "", dtype=object)
        for r in rows for n in RENDERERS
        if (d := r["renderers"].get(n)) is not None and len(d["y"])
    ])
    all_cols = np.arange(len(FEATURES))
    proba, fit_s = cross_validate(data, all_cols, args.folds)
    times["grouped CV, all features"] = f"{fit_s:.0f} s fitting ({args.folds} fits)"
    proba_noctx, fit2 = cross_validate(data, np.arange(N_BASE), args.folds)
    times["grouped CV, no neighbour features"] = f"{fit2:.0f} s fitting"
    runs = {"model": predicted_scores(rows, data, proba, page_of),
            "noctx": predicted_scores(rows, data, proba_noctx, page_of)}

    known = data["y"] >= 0
    model = _model()
    t0 = time.perf_counter()
    train = _sample(known, SEED + 99)
    model.fit(data["X"][train], data["y"][train])
    times[f"final model fit ({len(train)} blocks sampled from all labelled ones)"] = f"{time.perf_counter() - t0:.0f} s"
    exported = export_trees(model)
    leaves = sum(sum(t["leaf"]) for t in exported["trees"])
    text = json.dumps(exported, separators=(",", ":"))
    size = len(text.encode())
    times["model size"] = (f"{len(exported['trees'])} trees, {leaves} leaves "
                           f"({leaves / len(exported['trees']):.1f} per tree), JSON {size / 1e6:.2f} MB")
    rng = np.random.default_rng(SEED)
    sample = rng.choice(len(data["y"]), size=min(50_000, len(data["y"])), replace=False)
    ours = predict_raw(json.loads(text), data["X"][sample])
    theirs = model.decision_function(data["X"][sample])
    assert np.array_equal(ours, theirs), float(np.abs(ours - theirs).max())
    p_ours = 1.0 / (1.0 + np.exp(-ours))
    assert np.array_equal(p_ours >= 0.5, model.predict_proba(data["X"][sample])[:, 1] >= 0.5)
    t0 = time.perf_counter()
    predict_raw(json.loads(text), data["X"][sample[:10_000]])
    times["numpy evaluator"] = (f"raw scores identical to sklearn's on {len(sample)} blocks; "
                                f"{(time.perf_counter() - t0) * 1e6 / 10_000:.1f} µs per block")
    if size < MAX_JSON_BYTES:
        MODEL_JSON.write_text(text + "\n", encoding="utf-8")
        times["exported"] = str(MODEL_JSON.relative_to(RESULTS.parent.parent))
    else:
        times["exported"] = f"not written: {size / 1e6:.2f} MB is over {MAX_JSON_BYTES / 1e6:.0f} MB"
    gain = np.zeros(len(FEATURES))
    for (predictor,) in model._predictors:
        nodes = predictor.nodes[~predictor.nodes["is_leaf"].astype(bool)]
        np.add.at(gain, nodes["feature_idx"], nodes["gain"])
    order = np.argsort(-gain)
    importances = [(FEATURES[i], gain[i] / gain.sum()) for i in order]
    times["total"] = f"{time.perf_counter() - started:.0f} s"
    extra = {"date": time.strftime("%Y-%m-%d"), "n_pages": len(rows), "n_renderings": n_rend,
             "n_sites": len({r["site"] for r in rows}), "proba": proba,
             "proba_noctx": proba_noctx, "importances": importances, "language": language}
    markdown = report(rows, data, runs, times, extra)
    keep = ""
    if args.out.exists():
        old = args.out.read_text("utf-8")
        if ANALYSIS_MARK in old:
            keep = old[old.index(ANALYSIS_MARK):]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown + ("\n" + keep if keep else ""), encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
