"""Today's articlekit on every rendering of every dev page, against the line-labelling oracle.

    python -m training.evaluate_renderers [--corpus all] [--renderer all] [--jobs 2]
                                          [--limit N] [--out training/results/renderers.md]

Reads the rendering cache that ``python -m training.render`` builds (a page whose rendering is
missing is left out of that renderer's figures, and the report says how many pages each figure
covers). Per page and renderer it runs the text path, ``articlekit.clean(text, format="text")``,
and scores the body with each corpus's own metric (benchmarks/metrics.py, as in
benchmarks/evaluate.py):

* scrapinghub/: bag-of-tokens F1 (mean of page F1s) and 4-token shingle F1;
* trafilatura/: snippet F1, counts pooled over pages;
* wcxb/: word F1 (lower-cased ``\\w+`` multisets) averaged over pages, overall and per page type.

Beside it: the rendering itself as the answer (the baseline), the oracle (the body made of
exactly the lines training/labels.py labels body: the ceiling of a line labeller on that
rendering), and, once per page, the HTML path ``articlekit.clean(html, format="html", url=url)``.
Metadata from the text path: title found (exact after normalisation, against WCXB's ``title``
and scrapinghub's silver title), date found (the same day as WCXB's ``publish_date``,
scrapinghub's silver date), and junk authors (the share of pages where some author returned
is not within the gold author string).

Writes the Markdown report to ``--out`` (and stdout), every per-page figure to
``training/renderings/evaluation.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from training.corpus import CORPORA, EVAL_ROOT, RENDERINGS, REPO_ROOT, Page, pages, parse_list
from training.labels import label_page, oracle_body
from training.renderers import RENDERERS

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402
from benchmarks.evaluate import _time_limit  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "renderers.md"
PAGE_TIMEOUT = 120.0

Job = tuple[Page, tuple[str, ...], str]


# -- one page ----------------------------------------------------------------------------------


def _clean(data: str | bytes, fmt: str, url: str | None) -> dict[str, Any]:
    """articlekit on one input: body, title, authors, date, seconds, error (empty body then)."""
    import articlekit

    started = time.perf_counter()
    out: dict[str, Any] = {"body": "", "title": None, "authors": [], "date": None, "error": None}
    try:
        with _time_limit(PAGE_TIMEOUT):
            if fmt == "html":
                article = articlekit.clean(data, format="html", url=url)
            else:
                article = articlekit.clean(data, format="text")
        out["body"] = article.body or ""
        out["title"] = article.title
        out["authors"] = list(article.authors)
        published = article.published
        out["date"] = published.date().isoformat() if published is not None else None
    except Exception as exc:  # any failure costs this page only
        out["error"] = f"{type(exc).__name__}: {exc}"[:300]
    out["seconds"] = time.perf_counter() - started
    return out


def _body_scores(body: str, page: Page) -> dict[str, Any]:
    """The corpus's metrics of one body; only those the page's labels allow."""
    scores: dict[str, Any] = {}
    if page.gold is not None:
        if page.corpus == "wcxb":
            w = metrics.wcxb_word_f1(body, page.gold)
            scores["word"] = [w.precision, w.recall, w.f1]
        else:
            bag = metrics.bag_of_tokens(body, page.gold)
            scores["bag"] = [bag.precision, bag.recall, bag.f1]
            sh = metrics.shingle_counts(body, page.gold)
            scores["shingle"] = [sh.tp, sh.fp, sh.fn, sh.pred_empty, sh.gold_empty]
    elif "with" in page.meta or "without" in page.meta:
        sn = metrics.snippet_counts(body, page.meta.get("with", []), page.meta.get("without", []))
        scores["snippets"] = [sn.tp, sn.fp, sn.fn]
    return scores


def _truth(page: Page) -> dict[str, Any]:
    """Title, author and date to compare metadata with: WCXB's reviewed ones, else silver."""
    if page.corpus == "wcxb":
        m = page.meta
        return {"title": m.get("title"), "author": m.get("author"), "date": m.get("publish_date")}
    silver = page.meta.get("silver") or page.meta.get("gold") or {}
    return {k: silver.get(k) for k in ("title", "author", "date")}


def junk_authors(found: Sequence[str], gold: str | None) -> bool:
    """Whether some author found is not within the gold author string (normalised; no gold
    author means every author found is junk)."""
    if not found:
        return False
    haystack = metrics.normalise_field(gold)
    return any(metrics.normalise_field(a) not in haystack for a in found if a.strip())


def _metadata(result: dict[str, Any], truth: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"junk_authors": junk_authors(result["authors"], truth["author"])}
    if truth["title"]:
        out["title"] = metrics.title_matches(result["title"], truth["title"])
    if truth["date"]:
        out["date"] = metrics.date_matches(result["date"], truth["date"])
    if truth["author"]:
        out["author"] = metrics.authors_match(result["authors"], truth["author"])
    return out


def evaluate_page(job: Job) -> dict[str, Any]:
    page, renderers, root = job
    truth = _truth(page)
    row: dict[str, Any] = {
        "corpus": page.corpus,
        "id": page.id,
        "site": page.site,
        "page_type": page.meta.get("page_type"),
        "renderers": {},
    }
    html = _clean(page.html_bytes(), "html", page.url)
    row["html"] = {
        "scores": _body_scores(html["body"], page),
        "metadata": _metadata(html, truth),
        "seconds": html["seconds"],
        "error": html["error"],
        "chars": len(html["body"]),
    }
    for name in renderers:
        text = page.rendering(name, Path(root))
        if text is None:
            continue
        result = _clean(text, "text", None)
        lines, labels = label_page(text, page.gold, page.meta)
        oracle = oracle_body(lines, labels)
        row["renderers"][name] = {
            "text": _body_scores(result["body"], page),
            "oracle": _body_scores(oracle, page),
            "raw": _body_scores(text, page),
            "metadata": _metadata(result, truth),
            "found": {k: result[k] for k in ("title", "authors", "date")},
            "seconds": result["seconds"],
            "error": result["error"],
            "chars": len(result["body"]),
            "lines": len(lines),
            "body_lines": sum(1 for x in labels if x),
            "unknown_lines": sum(1 for x in labels if x is None),
        }
    return row


# -- aggregation -------------------------------------------------------------------------------


def corpus_f1(rows: Sequence[dict[str, Any]], corpus: str) -> dict[str, float]:
    """The corpus's headline figures over per-page score dicts: P, R, F1 (and shingle F1)."""
    if not rows:
        return {}
    if corpus == "wcxb":
        s = metrics.summarise_bag(metrics.PRF(*r["word"]) for r in rows)
        return {"p": s.precision, "r": s.recall, "f1": s.f1}
    if corpus == "trafilatura":
        pooled = metrics.pool_snippets(metrics.SnippetCounts(*r["snippets"]) for r in rows)
        sc = pooled.scores()
        return {"p": sc.precision, "r": sc.recall, "f1": sc.f1}
    bag = metrics.summarise_bag(metrics.PRF(*r["bag"]) for r in rows)
    sh = metrics.summarise_shingles(metrics.ShingleCounts(*r["shingle"]) for r in rows)
    return {"p": bag.precision, "r": bag.recall, "f1": bag.f1, "shingle_f1": sh.f1}


def wcxb_by_type(rows: Sequence[tuple[str | None, list[float]]]) -> dict[str, float]:
    summary = metrics.summarise_wcxb((t, metrics.PRF(*s)) for t, s in rows)
    return {k: v.f1 for k, v in summary.items()}


def _rate(values: Sequence[bool]) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "–"


METRIC_NAME = {
    "scrapinghub": "bag F1",
    "trafilatura": "snippet F1, pooled",
    "wcxb": "word F1, page mean",
}


def _cell(fig: dict[str, float]) -> str:
    if not fig:
        return "–"
    if "shingle_f1" in fig:
        return f"{fig['f1']:.3f} ({fig['shingle_f1']:.3f})"
    return f"{fig['f1']:.3f}"


def render_markdown(report: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    corpora = report["corpora"]
    renderers = report["renderers"]
    lines = [
        "# articlekit's text path on five renderings of the same pages",
        "",
        f"Run {report['date']} with `python -m training.evaluate_renderers` "
        f"({report['seconds']:.0f} s, {report['jobs']} processes); articlekit "
        f"{report['articlekit']}. Renderings from `python -m training.render` "
        "(training/README.md). Metrics: benchmarks/metrics.py; the oracle is the body made of "
        "exactly the lines training/labels.py labels body, the ceiling a line labeller can "
        "reach on that rendering.",
        "",
        "## Summary: text path F1 / oracle F1 per renderer; HTML path F1",
        "",
        "| corpus (metric) | pages | " + " | ".join(f"`{r}`" for r in renderers) + " | HTML path |",
        "|---|---|" + "---|" * (len(renderers) + 1),
    ]
    by_corpus = {c: [r for r in rows if r["corpus"] == c] for c in corpora}
    figures: dict[str, dict[str, Any]] = {}
    for corpus in corpora:
        crow = by_corpus[corpus]
        fig: dict[str, Any] = {"html": corpus_f1([r["html"]["scores"] for r in crow], corpus)}
        for name in renderers:
            have = [r["renderers"][name] for r in crow if name in r["renderers"]]
            fig[name] = {
                "pages": len(have),
                "text": corpus_f1([h["text"] for h in have], corpus),
                "oracle": corpus_f1([h["oracle"] for h in have], corpus),
                "raw": corpus_f1([h["raw"] for h in have], corpus),
                "errors": sum(1 for h in have if h["error"]),
                "seconds": sum(h["seconds"] for h in have),
            }
        figures[corpus] = fig
        cells = []
        for name in renderers:
            f = fig[name]
            if not f["pages"]:
                cells.append("–")
                continue
            t, o = f["text"], f["oracle"]
            cells.append(f"{t['f1']:.3f} / {o['f1']:.3f}")
        lines.append(
            f"| {corpus} ({METRIC_NAME[corpus]}) | {len(crow)} | "
            + " | ".join(cells)
            + f" | {fig['html']['f1']:.3f} |"
        )
    if "scrapinghub" in figures:
        fig = figures["scrapinghub"]
        cells = [
            f"{fig[n]['text']['shingle_f1']:.3f} / {fig[n]['oracle']['shingle_f1']:.3f}"
            if fig[n]["pages"]
            else "–"
            for n in renderers
        ]
        lines.append(
            f"| scrapinghub (shingle F1) | {len(by_corpus['scrapinghub'])} | "
            + " | ".join(cells)
            + f" | {fig['html']['shingle_f1']:.3f} |"
        )

    lines += ["", "## Per corpus and renderer", ""]
    for corpus in corpora:
        fig = figures[corpus]
        lines += [
            f"### {corpus} ({METRIC_NAME[corpus]}"
            + (", shingle F1 in brackets)" if corpus == "scrapinghub" else ")"),
            "",
            "| input | pages | errors | text path P | R | F1 | oracle F1 | rendering as is F1 "
            "| text path s/page |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name in renderers:
            f = fig[name]
            if not f["pages"]:
                continue
            t = f["text"]
            lines.append(
                f"| `{name}` | {f['pages']} | {f['errors']} | {t['p']:.3f} | {t['r']:.3f} | "
                f"{_cell(t)} | {_cell(f['oracle'])} | {_cell(f['raw'])} | "
                f"{f['seconds'] / f['pages']:.3f} |"
            )
        crow = by_corpus[corpus]
        h = fig["html"]
        lines.append(
            f"| HTML path | {len(crow)} | {sum(1 for r in crow if r['html']['error'])} | "
            f"{h['p']:.3f} | {h['r']:.3f} | {_cell(h)} | | | "
            f"{sum(r['html']['seconds'] for r in crow) / max(1, len(crow)):.3f} |"
        )
        lines.append("")

    if "wcxb" in corpora:
        crow = by_corpus["wcxb"]
        types = sorted({r["page_type"] for r in crow if r["page_type"]})
        lines += [
            "### wcxb word F1 per page type (text path per renderer; oracle of `browser`)",
            "",
            "| page type | pages | "
            + " | ".join(f"`{r}`" for r in renderers)
            + " | HTML path | oracle (`browser`) |",
            "|---|---|" + "---|" * (len(renderers) + 2),
        ]
        per: dict[str, dict[str, float]] = {}
        for name in renderers:
            per[name] = wcxb_by_type(
                [
                    (r["page_type"], r["renderers"][name]["text"]["word"])
                    for r in crow
                    if name in r["renderers"]
                ]
            )
        per["html"] = wcxb_by_type([(r["page_type"], r["html"]["scores"]["word"]) for r in crow])
        oracle_name = "browser" if "browser" in renderers else renderers[0]
        per["oracle"] = wcxb_by_type(
            [
                (r["page_type"], r["renderers"][oracle_name]["oracle"]["word"])
                for r in crow
                if oracle_name in r["renderers"]
            ]
        )
        for t in ["all", *types]:
            count = len(crow) if t == "all" else sum(1 for r in crow if r["page_type"] == t)
            cells = [f"{per[n].get(t, 0.0):.3f}" for n in [*renderers, "html", "oracle"]]
            lines.append(f"| {t} | {count} | " + " | ".join(cells) + " |")
        lines.append("")

    lines += [
        "## Metadata from the text path",
        "",
        "Title: exact after NFKC, case-folding and whitespace collapsing, against WCXB's "
        "`title` and scrapinghub's silver title. Date: the same day as WCXB's `publish_date` "
        "(scrapinghub: silver date). Author: the same set of names. Junk authors: share of all "
        "pages where some author returned is not within the gold author string (a page with no "
        "gold author counts any author as junk).",
        "",
        "| corpus | input | title found | date found | author found | junk authors |",
        "|---|---|---|---|---|---|",
    ]
    for corpus in corpora:
        crow = by_corpus[corpus]
        if corpus == "trafilatura":
            continue
        inputs: list[tuple[str, list[dict[str, Any]]]] = [
            (f"`{n}`", [r["renderers"][n]["metadata"] for r in crow if n in r["renderers"]])
            for n in renderers
        ]
        inputs.append(("HTML path", [r["html"]["metadata"] for r in crow]))
        for label, metas in inputs:
            if not metas:
                continue
            titles = [m["title"] for m in metas if "title" in m]
            dates = [m["date"] for m in metas if "date" in m]
            authors = [m["author"] for m in metas if "author" in m]
            junk = [m["junk_authors"] for m in metas]
            lines.append(
                f"| {corpus} | {label} | {_rate(titles)} ({len(titles)}) | {_rate(dates)} "
                f"({len(dates)}) | {_rate(authors)} ({len(authors)}) | {_rate(junk)} "
                f"({len(junk)}) |"
            )
    lines.append("")
    return "\n".join(lines)


def _use_snapshot(revision: str) -> str:
    """Import articlekit from ``revision``'s committed src/ (here and in the forked workers)."""
    import atexit
    import shutil
    import subprocess
    import tempfile

    commit = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", revision],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="articlekit-snapshot-"))
    atexit.register(shutil.rmtree, folder, True)
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", commit, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    sys.path.insert(0, str(folder / "src"))
    import articlekit

    if not Path(articlekit.__file__).is_relative_to(folder):
        raise SystemExit(f"articlekit was already imported from {articlekit.__file__}")
    return f"{commit}, committed src/"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="all")
    parser.add_argument("--renderer", default="all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--eval-root", type=Path, default=EVAL_ROOT)
    parser.add_argument("--renderings", type=Path, default=RENDERINGS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--snapshot",
        metavar="REV",
        default=None,
        help="measure articlekit as committed at REV (its src/ unpacked to a temporary folder), "
        "not the work tree, which others may be editing",
    )
    args = parser.parse_args(argv)
    source = _use_snapshot(args.snapshot) if args.snapshot else None
    corpora = parse_list(args.corpus, CORPORA, "corpus")
    renderers = parse_list(args.renderer, RENDERERS, "renderer")

    jobs: list[Job] = [
        (page, renderers, str(args.renderings))
        for corpus in corpora
        for page in pages(corpus, args.eval_root, args.limit)
    ]
    missing = sum(
        1
        for page, names, root in jobs
        for n in names
        if not page.rendering_path(n, Path(root)).exists()
    )
    if missing:
        print(
            f"warning: {missing} renderings missing (python -m training.render): "
            "those pages are left out of that renderer's figures",
            file=sys.stderr,
        )
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            for i, row in enumerate(pool.map(evaluate_page, jobs, chunksize=4), 1):
                rows.append(row)
                _progress(i, len(jobs))
    else:
        for i, job in enumerate(jobs, 1):
            rows.append(evaluate_page(job))
            _progress(i, len(jobs))
    from benchmarks.tools import versions

    v = versions()
    if source:
        v["articlekit_source"] = source
    report = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "seconds": time.perf_counter() - started,
        "jobs": args.jobs,
        "articlekit": f"{v['articlekit']} ({v['articlekit_source']})",
        "corpora": list(corpora),
        "renderers": list(renderers),
    }
    for row in rows:
        for name, r in [("html", row["html"]), *row["renderers"].items()]:
            if r["error"]:
                print(f"warning: {row['corpus']}/{row['id']} {name}: {r['error']}", file=sys.stderr)
    markdown = render_markdown(report, rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown, encoding="utf-8")
    args.renderings.mkdir(parents=True, exist_ok=True)
    (args.renderings / "evaluation.json").write_text(
        json.dumps({"report": report, "pages": rows}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(markdown)
    print(f"wrote {args.out} in {report['seconds']:.0f} s", file=sys.stderr)
    return 0


def _progress(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        print(f"  {done}/{total} pages", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
