"""Body and metadata quality of articlekit against trafilatura and jusText (``make eval``).

    python benchmarks/evaluate.py [CORPUS_DIR ...] [--limit N] [--tools a,b] [--jobs N]

A corpus folder holds, per page ``ID``: ``ID.dump.txt`` (required), ``ID.html``, ``ID.gold.txt``
and ``ID.meta.json`` (``url``; ``with``/``without`` snippets; ``silver`` or ``gold`` metadata).
A folder whose subfolders are corpora (like ``../shared/eval``) is expanded. Each corpus is
scored with the metrics its labels allow; see docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402
from benchmarks.tools import (  # noqa: E402
    ARTICLEKIT_TOOLS,
    TOOLS,
    Extraction,
    articlekit_status,
    parse_tools,
    trafilatura_metadata,
    versions,
)

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval"
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
DEFAULT_TOOLS = tuple(TOOLS)
#: Tools whose metadata is scored: articlekit from its Article, trafilatura from its reader.
METADATA_TOOLS = ("articlekit-text", "articlekit-html", "trafilatura")
METADATA_FIELDS = ("title", "author", "date")
WORST_N = 10


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    path: Path
    page_ids: tuple[str, ...]


def discover(paths: Sequence[Path], limit: int | None) -> list[Corpus]:
    """Each folder with ``*.dump.txt`` is a corpus; otherwise its such subfolders are."""
    corpora: list[Corpus] = []
    for root in paths:
        if not root.is_dir():
            raise SystemExit(f"corpus folder not found: {root}")
        folders = (
            [root]
            if any(root.glob("*.dump.txt"))
            else sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.dump.txt")))
        )
        if not folders:
            raise SystemExit(f"no *.dump.txt pages in {root} or its subfolders")
        for folder in folders:
            ids = sorted(p.name[: -len(".dump.txt")] for p in folder.glob("*.dump.txt"))
            name = folder.name
            if any(c.name == name for c in corpora):
                name = f"{folder.parent.name}/{folder.name}"
            corpora.append(Corpus(name, folder, tuple(ids[:limit] if limit else ids)))
    return corpora


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def _metadata_scores(found: Extraction, truth: dict[str, Any]) -> dict[str, bool]:
    scores: dict[str, bool] = {}
    if truth.get("title"):
        scores["title"] = metrics.title_matches(found.title, truth["title"])
    if truth.get("author"):
        scores["author"] = metrics.authors_match(found.authors, truth["author"])
    if truth.get("date"):
        scores["date"] = metrics.date_matches(found.date, truth["date"])
    return scores


class PageTimeout(Exception):
    """A tool ran longer than ``--timeout`` on one page."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise PageTimeout in the block after ``seconds`` (Unix main thread; else no limit), so a
    tool stuck on one page costs that page, not the whole run."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise PageTimeout(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


Job = tuple[str, str, str, tuple[str, ...], float]


def evaluate_page(job: Job) -> dict[str, Any]:
    """Run every tool on one page and score it; a tool that raises scores as empty output."""
    corpus_name, folder_str, page_id, tool_names, timeout = job
    folder = Path(folder_str)
    dump = _read(folder / f"{page_id}.dump.txt") or b""
    html = _read(folder / f"{page_id}.html")
    gold_bytes = _read(folder / f"{page_id}.gold.txt")
    gold = gold_bytes.decode("utf-8", errors="replace") if gold_bytes is not None else None
    meta_bytes = _read(folder / f"{page_id}.meta.json")
    meta: dict[str, Any] = json.loads(meta_bytes) if meta_bytes else {}
    url = meta.get("url")
    truth = meta.get("gold") or meta.get("silver") or {}
    has_snippets = "with" in meta or "without" in meta

    page: dict[str, Any] = {
        "id": page_id,
        "url": url,
        "gold_chars": len(gold) if gold is not None else None,
        "tools": {},
    }
    for name in tool_names:
        tool = TOOLS[name]
        data = dump if tool.input == "text" else html
        if data is None:
            continue  # no HTML for this page: the tool is not applicable, not failed
        row: dict[str, Any] = {"error": None}
        started = time.perf_counter()
        try:
            with _time_limit(timeout):
                found = tool.run(data, url)
        except Exception as exc:  # any tool bug must cost one page, never the run
            row["error"] = f"{type(exc).__name__}: {exc}"[:300]
            found = Extraction(body="")
        row["seconds"] = round(time.perf_counter() - started, 4)
        row["chars"] = len(found.body)
        if gold is not None:
            bag = metrics.bag_of_tokens(found.body, gold)
            sh = metrics.shingle_counts(found.body, gold)
            row["bag"] = {"p": bag.precision, "r": bag.recall, "f1": bag.f1}
            row["shingle"] = {
                "tp": sh.tp,
                "fp": sh.fp,
                "fn": sh.fn,
                "p": sh.precision,
                "r": sh.recall,
                "pred_empty": sh.pred_empty,
                "gold_empty": sh.gold_empty,
            }
        if has_snippets:
            sn = metrics.snippet_counts(found.body, meta.get("with", []), meta.get("without", []))
            row["snippets"] = {"tp": sn.tp, "fp": sn.fp, "fn": sn.fn}
        if truth and name in METADATA_TOOLS:
            if name == "trafilatura" and html is not None:
                try:
                    found = trafilatura_metadata(html, url)
                except Exception as exc:
                    row["metadata_error"] = f"{type(exc).__name__}: {exc}"[:300]
                    found = Extraction(body="")
            row["metadata"] = _metadata_scores(found, truth)
            row["found"] = {"title": found.title, "authors": found.authors, "date": found.date}
        page["tools"][name] = row
    page["corpus"] = corpus_name
    return page


# -- aggregation -----------------------------------------------------------------------------


def summarise(pages: list[dict[str, Any]], tool_names: Sequence[str]) -> dict[str, Any]:
    """Corpus figures per tool from the per-page rows."""
    out: dict[str, Any] = {}
    for name in tool_names:
        rows = [p["tools"][name] for p in pages if name in p["tools"]]
        if not rows:
            continue
        summary: dict[str, Any] = {
            "pages": len(rows),
            "errors": sum(1 for r in rows if r["error"]),
        }
        bag_rows = [r["bag"] for r in rows if "bag" in r]
        if bag_rows:
            bag = metrics.summarise_bag(metrics.PRF(b["p"], b["r"], b["f1"]) for b in bag_rows)
            summary["bag"] = {
                "p": bag.precision,
                "r": bag.recall,
                "f1": bag.f1,
                "share_f1_ge_0_9": bag.share_good,
                "pages": bag.pages,
                "errors": sum(1 for r in rows if "bag" in r and r["error"]),
            }
            sh = metrics.summarise_shingles(
                metrics.ShingleCounts(s["tp"], s["fp"], s["fn"], s["pred_empty"], s["gold_empty"])
                for s in (r["shingle"] for r in rows if "shingle" in r)
            )
            summary["shingle"] = {"p": sh.precision, "r": sh.recall, "f1": sh.f1}
        snip_rows = [r["snippets"] for r in rows if "snippets" in r]
        if snip_rows:
            pooled = metrics.pool_snippets(
                metrics.SnippetCounts(s["tp"], s["fp"], s["fn"]) for s in snip_rows
            )
            sc = pooled.scores()
            summary["snippets"] = {
                "tp": pooled.tp,
                "fp": pooled.fp,
                "fn": pooled.fn,
                "p": sc.precision,
                "r": sc.recall,
                "f1": sc.f1,
                "pages": len(snip_rows),
                "errors": sum(1 for r in rows if "snippets" in r and r["error"]),
            }
        meta_rows = [r["metadata"] for r in rows if "metadata" in r]
        if meta_rows:
            summary["metadata"] = {}
            for field in METADATA_FIELDS:
                hits = [m[field] for m in meta_rows if field in m]
                if hits:
                    summary["metadata"][field] = {
                        "rate": sum(hits) / len(hits),
                        "matched": sum(hits),
                        "pages": len(hits),
                    }
        out[name] = summary
    return out


def worst_pages(pages: list[dict[str, Any]], tool: str, n: int = WORST_N) -> list[dict[str, Any]]:
    """The ``n`` lowest-scoring pages for ``tool``: by bag F1 where the corpus has gold text,
    else by per-page snippet F1 (one metric per list, so the scores are comparable)."""
    by_bag = any("bag" in row for p in pages for row in p["tools"].values())
    scored: list[dict[str, Any]] = []
    for page in pages:
        row = page["tools"].get(tool)
        if row is None:
            continue
        entry: dict[str, Any] = {"id": page["id"], "url": page["url"], "error": row["error"]}
        if by_bag:
            if "bag" not in row:
                continue
            entry.update(
                metric="bag F1",
                score=row["bag"]["f1"],
                p=row["bag"]["p"],
                r=row["bag"]["r"],
                chars=row["chars"],
                gold_chars=page["gold_chars"],
            )
        elif "snippets" in row:
            s = row["snippets"]
            counts = metrics.SnippetCounts(s["tp"], s["fp"], s["fn"])
            if counts.tp + counts.fp + counts.fn == 0:
                continue
            sc = counts.scores()
            entry.update(
                metric="snippet F1",
                score=sc.f1,
                p=sc.precision,
                r=sc.recall,
                tp=s["tp"],
                fp=s["fp"],
                fn=s["fn"],
                chars=row["chars"],
            )
        else:
            continue
        scored.append(entry)
    # Among ties (many pages score 0), the pages with the most wrong snippets come first.
    scored.sort(key=lambda e: (e["score"], -(e.get("fp", 0) + e.get("fn", 0)), e["id"]))
    return scored[:n]


# -- report ----------------------------------------------------------------------------------


def _f(value: float) -> str:
    return f"{value:.3f}"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    lines = ["# articlekit evaluation", ""]
    v = report["versions"]
    lines.append(
        f"Run {report['date']}; articlekit {v['articlekit']} ({v['articlekit_source']}), "
        f"trafilatura {v['trafilatura']}, "
        f"jusText {v['jusText']}, Python {v['python']}. Metrics: docs/evaluation.md."
    )
    lines += [
        "",
        "**The text path's figures here are in-sample.** Its learned labeller was trained on "
        "these dev corpora (`make train`), so on these pages it scores higher than on pages it "
        "never saw. The held-out figures, from cross-validation grouped by site, per corpus "
        "and renderer, are in training/results/labeller.md (docs/learned.md); use these "
        "figures to compare revisions, not to judge the text path.",
    ]
    if report.get("skipped"):
        lines += ["", f"**Skipped:** {report['skipped']}"]
    for corpus in report["corpora"]:
        summ: dict[str, Any] = corpus["summary"]
        lines += ["", f"## {corpus['name']} ({corpus['pages']} pages)", ""]
        bag_tools = [t for t, s in summ.items() if "bag" in s]
        if bag_tools:
            lines += [
                "Body against the gold text: bag of tokens (mean of per-page P/R/F1, "
                "share of pages with F1 >= 0.9) and 4-token shingles (mean P and R, "
                "F1 of the means).",
                "",
            ]
            lines += _table(
                [
                    "tool",
                    "pages",
                    "errors",
                    "bag P",
                    "bag R",
                    "bag F1",
                    "F1>=0.9",
                    "shingle P",
                    "shingle R",
                    "shingle F1",
                ],
                (
                    [
                        t,
                        str(s["bag"]["pages"]),
                        str(s["bag"]["errors"]),
                        _f(s["bag"]["p"]),
                        _f(s["bag"]["r"]),
                        f"**{_f(s['bag']['f1'])}**",
                        f"{s['bag']['share_f1_ge_0_9']:.0%}",
                        _f(s["shingle"]["p"]),
                        _f(s["shingle"]["r"]),
                        f"**{_f(s['shingle']['f1'])}**",
                    ]
                    for t, s in ((t, summ[t]) for t in bag_tools)
                ),
            )
            lines.append("")
        snip_tools = [t for t, s in summ.items() if "snippets" in s]
        if snip_tools:
            lines += [
                "Snippets (`with` must be in the body, `without` must not), counts pooled "
                "over pages.",
                "",
            ]
            lines += _table(
                ["tool", "pages", "errors", "tp", "fp", "fn", "P", "R", "F1"],
                (
                    [
                        t,
                        str(s["snippets"]["pages"]),
                        str(s["snippets"]["errors"]),
                        str(s["snippets"]["tp"]),
                        str(s["snippets"]["fp"]),
                        str(s["snippets"]["fn"]),
                        _f(s["snippets"]["p"]),
                        _f(s["snippets"]["r"]),
                        f"**{_f(s['snippets']['f1'])}**",
                    ]
                    for t, s in ((t, summ[t]) for t in snip_tools)
                ),
            )
            lines.append("")
        meta_tools = [t for t, s in summ.items() if s.get("metadata")]
        if meta_tools:
            lines += [
                "Metadata exact-match rate against the page's silver (markup-derived) "
                "metadata; pages without a silver value are left out of that column.",
                "",
            ]
            header = ["tool"] + [
                f"{f} (n={max(summ[t]['metadata'].get(f, {}).get('pages', 0) for t in meta_tools)})"
                for f in METADATA_FIELDS
            ]
            lines += _table(
                header,
                (
                    [t]
                    + [
                        _f(summ[t]["metadata"][f]["rate"]) if f in summ[t]["metadata"] else "-"
                        for f in METADATA_FIELDS
                    ]
                    for t in meta_tools
                ),
            )
            lines.append("")
        for tool, worst in corpus["worst"].items():
            if not worst:
                continue
            lines += [f"Worst {len(worst)} pages for {tool} ({worst[0]['metric']}):", ""]
            lines += _table(
                ["page", "score", "P", "R", "chars out", "detail"],
                (
                    [
                        w["id"][:16],
                        _f(w["score"]),
                        _f(w["p"]),
                        _f(w["r"]),
                        str(w["chars"]),
                        w["error"]
                        or (
                            f"gold {w['gold_chars']} chars"
                            if "gold_chars" in w
                            else f"tp {w['tp']} fp {w['fp']} fn {w['fn']}"
                        ),
                    ]
                    for w in worst
                ),
            )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path, help=f"default: {DEFAULT_CORPUS}")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    parser.add_argument(
        "--tools", default=None, help="comma list; default all: " + ",".join(DEFAULT_TOOLS)
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results folder")
    parser.add_argument(
        "--timeout", type=float, default=120, help="seconds per tool and page (0: no limit)"
    )
    args = parser.parse_args(argv)

    paths = args.corpora or [DEFAULT_CORPUS]
    if not args.corpora and not DEFAULT_CORPUS.is_dir():
        print(
            f"evaluation corpus not found at {DEFAULT_CORPUS}; pass a corpus folder",
            file=sys.stderr,
        )
        return 2
    tool_names = parse_tools(args.tools, DEFAULT_TOOLS)
    skipped = None
    if any(t in ARTICLEKIT_TOOLS for t in tool_names):
        problem = articlekit_status()
        if problem:
            skipped = f"articlekit columns: `import articlekit` fails ({problem})"
            print(f"warning: skipping {skipped}", file=sys.stderr)
            tool_names = tuple(t for t in tool_names if t not in ARTICLEKIT_TOOLS)
    corpora = discover(paths, args.limit)

    jobs: list[Job] = [
        (c.name, str(c.path), pid, tool_names, args.timeout) for c in corpora for pid in c.page_ids
    ]
    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for i, page in enumerate(pool.map(evaluate_page, jobs, chunksize=2), 1):
                results.append(page)
                _progress(i, len(jobs))
    else:
        for i, job in enumerate(jobs, 1):
            results.append(evaluate_page(job))
            _progress(i, len(jobs))
    for page in results:
        for name, row in page["tools"].items():
            if row["error"]:
                print(
                    f"warning: {name} failed on {page['corpus']}/{page['id']}: {row['error']}",
                    file=sys.stderr,
                )

    report: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "versions": versions(),
        "tools": {t: TOOLS[t].description for t in tool_names},
        "skipped": skipped,
        "seconds": round(time.perf_counter() - started, 1),
        "corpora": [],
    }
    for corpus in corpora:
        pages = [p for p in results if p["corpus"] == corpus.name]
        report["corpora"].append(
            {
                "name": corpus.name,
                "path": str(corpus.path),
                "pages": len(pages),
                "summary": summarise(pages, tool_names),
                "worst": {t: worst_pages(pages, t) for t in tool_names if t in ARTICLEKIT_TOOLS},
                "per_page": pages,
            }
        )

    markdown = render_markdown(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "eval.md").write_text(markdown, encoding="utf-8")
    (args.out / "eval.json").write_text(
        json.dumps(_rounded(report), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(markdown)
    print(f"wrote {args.out / 'eval.md'} and eval.json in {report['seconds']} s", file=sys.stderr)
    return 0


def _rounded(value: Any) -> Any:
    """Floats to 4 places: smaller files, and diffs between runs show real changes only."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def _progress(done: int, total: int) -> None:
    if done % 25 == 0 or done == total:
        print(f"  {done}/{total} pages", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
