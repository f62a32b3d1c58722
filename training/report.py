"""The report of ``python -m training.train``: results/labeller.md and results/labeller-cv.json.

Every figure is held out (site-grouped folds). ``library`` is what ``clean()`` returns with the
model of that fold: the model's verdict on the body step's decisions at ``keep_at``, the rule
steps' labels elsewhere; ``model`` applies it to every block; ``first forest`` is the library
with the first forest alone (no second forest reading it in context); ``no lexicon`` is the
first forest without the word weights' columns.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from training.corpus import CORPORA
from training.evaluate_renderers import METRIC_NAME, corpus_f1, wcxb_by_type
from training.renderers import RENDERERS

ANALYSIS_MARK = "<!-- analysis: kept when the tables are regenerated -->"
FIGURES_JSON = Path(__file__).resolve().parent / "results" / "labeller-cv.json"


def importances(model: Any, names: list[str]) -> list[tuple[str, float]]:
    """Split gain per feature over the forest, as shares, largest first."""
    gain = np.zeros(len(names))
    for (predictor,) in model._predictors:
        nodes = predictor.nodes[~predictor.nodes["is_leaf"].astype(bool)]
        np.add.at(gain, nodes["feature_idx"], nodes["gain"])
    return [(names[i], float(gain[i] / gain.sum())) for i in np.argsort(-gain)]


def sh(x: dict[str, Any] | None) -> str:
    """The shingle F1 in brackets, where the corpus has one."""
    return f" ({x['shingle_f1']:.3f})" if x and "shingle_f1" in x else ""


def _f(fig: dict[str, float]) -> str:
    return f"{fig['f1']:.3f}" if fig else "–"


def _cells(rows, runs, corpus: str, name: str) -> dict[str, dict[str, float]]:
    have = [i for i, r in enumerate(rows) if r["corpus"] == corpus and name in r["renderers"]]
    cell = {
        key: corpus_f1([rows[i]["renderers"][name][key] for i in have], corpus)
        for key in ("text", "oracle")
    }
    for key, scores in runs.items():
        cell[key] = corpus_f1([scores[(i, name)] for i in have if (i, name) in scores], corpus)
    cell["pages"] = {"f1": float(len(have))}
    return cell


def _clean_texts(data: dict[str, Any], keep: np.ndarray) -> str:
    """How the library treats pages written clean: decided blocks dropped, pages touched."""
    from training.train import ALL, decided

    aug = data["renderer"] == ALL.index("clean")
    d = aug & decided(data) & (data["y"] == 1)
    lost = d & (keep < 0.5)
    pages = np.unique(data["page"][aug])
    touched = np.unique(data["page"][lost])
    return (
        f"{lost.sum()} of {d.sum()} body blocks the body step decided dropped "
        f"({lost.sum() / max(1, d.sum()):.1%}); {len(touched)} of {len(pages)} pages lose one "
        f"or more ({len(touched) / max(1, len(pages)):.1%})"
    )


def report(rows, data, runs, times, extra) -> tuple[str, dict[str, Any]]:  # long: tables in turn
    lines: list[str] = []
    add = lines.append
    y = data["y"]
    figures: dict[str, Any] = {"keep_at": extra["keep_at"], "corpora": {}}
    add("# The learned body labeller: site-grouped cross-validation")
    add("")
    add(
        f"`python -m training.train` ({extra['date']}). {len(rows)} pages of {extra['n_sites']} "
        f"sites, {len(data['bounds'])} inputs (five renderings a page and the page written "
        f"clean), {len(y)} blocks ({(y >= 0).sum()} labelled). {extra['folds']} folds grouped "
        "by site: a page is scored by a lexicon and a forest fitted without its site. "
        f"keep_at = {extra['keep_at']}."
    )
    add("")
    add("## Body F1 per corpus and renderer (held out)")
    add("")
    add(
        "today = the rule steps alone (the text path before the learned step); library = what "
        "`clean()` returns (both forests); model = the same on every block; first forest = "
        "the library with the first forest alone; no lexicon = the first forest without "
        "the word weights; oracle = the lines labels.py calls body; HTML = the HTML path on the "
        "page. scrapinghub: bag F1 (shingle F1 in brackets)."
    )
    add("")
    add(
        "| corpus (metric) | renderer | pages | today | library | model | first forest | "
        "no lexicon | oracle | HTML path |"
    )
    add("|---|---|---|---|---|---|---|---|---|---|")
    for corpus in CORPORA:
        idx = [i for i, r in enumerate(rows) if r["corpus"] == corpus]
        html = corpus_f1([rows[i]["html"] for i in idx], corpus)
        figures["corpora"][corpus] = {
            "metric": METRIC_NAME[corpus],
            "html": html.get("f1"),
            "renderers": {},
        }
        for name in RENDERERS:
            c = _cells(rows, runs, corpus, name)
            figures["corpora"][corpus]["renderers"][name] = {
                k: c.get(k, {}).get("f1")
                for k in (
                    "text",
                    "library",
                    "model",
                    "first forest",
                    "no lexicon",
                    "chrome step too",
                    "oracle",
                )
            }
            add(
                f"| {corpus} ({METRIC_NAME[corpus]}) | `{name}` | {int(c['pages']['f1'])} | "
                f"{_f(c['text'])}{sh(c['text'])} | **{_f(c['library'])}**{sh(c['library'])} | "
                f"{_f(c['model'])} | {_f(c['first forest'])} | {_f(c.get('no lexicon', {}))} | "
                f"{_f(c['oracle'])} | "
                f"{_f(html)}{sh(html)} |"
            )
    add("")
    add("## Per renderer (mean of the three corpora's headline F1)")
    add("")
    add("| renderer | today | library | oracle | library − today |")
    add("|---|---|---|---|---|")
    for name in RENDERERS:
        vals = defaultdict(list)
        for corpus in CORPORA:
            c = figures["corpora"][corpus]["renderers"][name]
            for k in ("text", "library", "oracle"):
                vals[k].append(c[k] or 0.0)
        t, m, o = (float(np.mean(vals[k])) for k in ("text", "library", "oracle"))
        add(f"| `{name}` | {t:.3f} | {m:.3f} | {o:.3f} | {m - t:+.3f} |")
    add("")
    add("## A page already clean, cleaned again")
    add("")
    add(
        "Each page's title and body lines written as `Article.to_text()` writes them (held out, "
        f"library): {_clean_texts(data, extra['keeps']['library'])}."
    )
    add("")
    add("## wcxb word F1 per page type (library / today)")
    add("")
    widx = [i for i, r in enumerate(rows) if r["corpus"] == "wcxb"]
    types = sorted({rows[i]["page_type"] for i in widx if rows[i]["page_type"]})
    add("| page type | pages | " + " | ".join(f"`{n}`" for n in RENDERERS) + " | HTML path |")
    add("|---|---|" + "---|" * (len(RENDERERS) + 1))
    per = {}
    for name in RENDERERS:
        have = [i for i in widx if name in rows[i]["renderers"]]
        per[name] = (
            wcxb_by_type(
                [(rows[i]["page_type"], runs["library"][(i, name)]["word"]) for i in have]
            ),
            wcxb_by_type(
                [(rows[i]["page_type"], rows[i]["renderers"][name]["text"]["word"]) for i in have]
            ),
        )
    per_html = wcxb_by_type([(rows[i]["page_type"], rows[i]["html"]["word"]) for i in widx])
    for t in ["all", *types]:
        count = len(widx) if t == "all" else sum(1 for i in widx if rows[i]["page_type"] == t)
        cells = [f"{per[n][0].get(t, 0):.3f} / {per[n][1].get(t, 0):.3f}" for n in RENDERERS]
        add(f"| {t} | {count} | " + " | ".join(cells) + f" | {per_html.get(t, 0):.3f} |")
    add("")
    add("## Top 20 features (split gain over the shipped second forest)")
    add("")
    add("| feature | gain share |")
    add("|---|---|")
    for name, share in extra["importances"][:20]:
        add(f"| `{name}` | {share:.3f} |")
    add("")
    add("## Size and time (2 shared cores)")
    add("")
    for k, v in times.items():
        add(f"- {k}: {v}")
    return "\n".join(lines) + "\n", figures


def write_report(out: Path, markdown: str, figures: dict[str, Any], figures_json: Path) -> None:
    """The Markdown (keeping a hand-written analysis below ANALYSIS_MARK) and the figures
    (the gate test reads :data:`FIGURES_JSON`, which only a run that ships its model writes)."""
    keep = ""
    if out.exists():
        old = out.read_text("utf-8")
        if ANALYSIS_MARK in old:
            keep = old[old.index(ANALYSIS_MARK) :]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown + ("\n" + keep if keep else ""), encoding="utf-8")
    figures_json.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", "utf-8")
