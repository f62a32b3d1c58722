"""Build the rendering cache: every page of the dev corpora through every renderer.

    python -m training.render [--corpus scrapinghub,trafilatura,wcxb] [--renderer all]
                              [--jobs 2] [--limit N] [--eval-root ../shared/eval]
                              [--browser-from-dump3]

Writes ``training/renderings/<corpus>/<ID>.<renderer>.txt`` (not committed: rebuild it with this
command or ``make renderings``). Idempotent: a file that exists is skipped, so an interrupted
run resumes where it stopped. Pages are rendered in ``--jobs`` worker processes (each with its
own Chromium for ``browser``). A renderer that fails on a page writes nothing and is reported.

Each run merges its timings into ``training/renderings/timings.json`` and prints, per corpus
and renderer, the pages rendered, seconds per page and in all, and how closely the
``html-text`` rendering reproduces the corpus's ``ID.dump.txt`` (and ``browser`` WCXB's
``ID.dump3.txt``). ``--report FILE`` also writes that table as Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from training.corpus import CORPORA, EVAL_ROOT, RENDERINGS, Page, pages, parse_list
from training.renderers import RENDERERS, close_browser, decode_html, render

Task = tuple[Page, tuple[str, ...], str, bool]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def render_page(task: Task) -> dict[str, Any]:
    """Render one page with each renderer in the task; seconds and errors per renderer."""
    page, renderers, root, browser_from_dump3 = task
    html = decode_html(page.html_bytes())
    out: dict[str, Any] = {"corpus": page.corpus, "id": page.id, "seconds": {}, "errors": {}}
    for name in renderers:
        started = time.perf_counter()
        try:
            if name == "browser" and browser_from_dump3 and page.dump3 is not None:
                text = page.dump3
            else:
                text = render(html, name)
        except Exception as exc:  # one page's failure must not stop the run
            out["errors"][name] = f"{type(exc).__name__}: {exc}"[:300]
            if name == "browser":
                close_browser()  # start a fresh one for the next page
            continue
        out["seconds"][name] = time.perf_counter() - started
        _write(page.rendering_path(name, Path(root)), text)
    return out


def reproduction(page_list: Sequence[Page], root: Path) -> dict[str, dict[str, Any]]:
    """How closely the renderings match the corpus's own dumps: identical files, identical
    after stripping trailing whitespace per line, and the share of identical lines overall."""
    checks = {"html-text": "dump", "browser": "dump3"}
    out: dict[str, dict[str, Any]] = {}
    for renderer, attribute in checks.items():
        same = same_stripped = compared = 0
        lines_same = lines_total = 0
        for page in page_list:
            ours = page.rendering(renderer, root)
            theirs = getattr(page, attribute)
            if ours is None or theirs is None:
                continue
            compared += 1
            same += ours == theirs
            a = [line.rstrip() for line in ours.strip().splitlines()]
            b = [line.rstrip() for line in theirs.strip().splitlines()]
            same_stripped += a == b
            if a != b:
                from difflib import SequenceMatcher

                matcher = SequenceMatcher(None, a, b, autojunk=False)
                lines_same += sum(block.size for block in matcher.get_matching_blocks())
            else:
                lines_same += len(a)
            lines_total += max(len(a), len(b))
        if compared:
            out[renderer] = {
                "against": f"ID.{'dump.txt' if attribute == 'dump' else 'dump3.txt'}",
                "pages": compared,
                "identical": same,
                "identical_modulo_whitespace": same_stripped,
                "line_share": lines_same / lines_total if lines_total else 1.0,
            }
    return out


def benchmark(corpora: Sequence[str], renderers: Sequence[str], n: int, eval_root: Path) -> str:
    """Seconds per page of each renderer on the first ``n`` pages of each corpus (one process;
    the browser's start-up is left out: it is started before the clock runs)."""
    sample = [
        (page, decode_html(page.html_bytes())) for c in corpora for page in pages(c, eval_root, n)
    ]
    lines = [
        f"| renderer | s/page ({len(sample)} pages: first {n} of {', '.join(corpora)}) |",
        "|---|---|",
    ]
    for name in renderers:
        if name == "browser":
            render("<p>warm-up</p>", name)
        started = time.perf_counter()
        for _, html in sample:
            render(html, name)
        lines.append(f"| {name} | {(time.perf_counter() - started) / len(sample):.3f} |")
    close_browser()
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="all", help="comma-separated, or all")
    parser.add_argument("--renderer", default="all", help="comma-separated, or all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="first N pages per corpus")
    parser.add_argument("--eval-root", type=Path, default=EVAL_ROOT)
    parser.add_argument("--out", type=Path, default=RENDERINGS)
    parser.add_argument(
        "--browser-from-dump3",
        action="store_true",
        help="copy WCXB's ID.dump3.txt as the browser rendering instead of running Chromium",
    )
    parser.add_argument("--report", type=Path, default=None, help="also write Markdown here")
    parser.add_argument(
        "--benchmark",
        type=int,
        metavar="N",
        default=None,
        help="write nothing: time each renderer on the first N pages of each corpus, in this "
        "one process, one renderer after the other (figures comparable across renderers)",
    )
    args = parser.parse_args(argv)
    corpora = parse_list(args.corpus, CORPORA, "corpus")
    renderers = parse_list(args.renderer, RENDERERS, "renderer")
    if args.benchmark:
        print(benchmark(corpora, renderers, args.benchmark, args.eval_root))
        return 0
    if "browser" in renderers and not args.browser_from_dump3:
        from training.renderers import CHROMIUM

        if shutil.which(CHROMIUM) is None:
            print(
                f"warning: no Chromium at {CHROMIUM} (apt-get install -y chromium): "
                "the browser rendering will fail on every page",
                file=sys.stderr,
            )

    timings_path = args.out / "timings.json"
    timings: dict[str, Any] = json.loads(timings_path.read_text()) if timings_path.exists() else {}
    all_pages = {c: pages(c, args.eval_root, args.limit) for c in corpora}
    tasks: list[Task] = []
    for corpus in corpora:
        for page in all_pages[corpus]:
            missing = tuple(r for r in renderers if not page.rendering_path(r, args.out).exists())
            if missing:
                tasks.append((page, missing, str(args.out), args.browser_from_dump3))
    total = sum(len(all_pages[c]) for c in corpora) * len(renderers)
    todo = sum(len(t[1]) for t in tasks)
    print(f"{todo} renderings to make ({total - todo} cached)", file=sys.stderr)

    started = time.perf_counter()
    errors: list[str] = []
    new_seconds: dict[tuple[str, str], list[float]] = {}

    def collect(result: dict[str, Any]) -> None:
        for name, seconds in result["seconds"].items():
            new_seconds.setdefault((result["corpus"], name), []).append(seconds)
        for name, error in result["errors"].items():
            errors.append(f"{result['corpus']}/{result['id']} {name}: {error}")

    done = 0
    if args.jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            futures = [pool.submit(render_page, t) for t in tasks]
            for future in as_completed(futures):
                collect(future.result())
                done += 1
                _progress(done, len(tasks))
            # each worker's Chromium goes with it (multiprocessing finalizer, PDEATHSIG)
    else:
        for task in tasks:
            collect(render_page(task))
            done += 1
            _progress(done, len(tasks))
        close_browser()
    wall = time.perf_counter() - started

    for (corpus, name), values in new_seconds.items():
        entry = timings.setdefault(corpus, {}).setdefault(name, {"pages": 0, "seconds": 0.0})
        entry["pages"] += len(values)
        entry["seconds"] += sum(values)
    if new_seconds:
        timings.setdefault("_runs", []).append(
            {
                "date": time.strftime("%Y-%m-%d %H:%M"),
                "wall_seconds": round(wall, 1),
                "jobs": args.jobs,
                "renderings": sum(len(v) for v in new_seconds.values()),
            }
        )
        args.out.mkdir(parents=True, exist_ok=True)
        timings_path.write_text(json.dumps(timings, indent=1) + "\n")
    for line in errors:
        print(f"warning: {line}", file=sys.stderr)

    lines = [
        "| corpus | renderer | pages | s/page | s in all (one core) |",
        "|---|---|---|---|---|",
    ]
    for corpus in corpora:
        for name in renderers:
            entry = timings.get(corpus, {}).get(name)
            if entry and entry["pages"]:
                lines.append(
                    f"| {corpus} | {name} | {entry['pages']} | "
                    f"{entry['seconds'] / entry['pages']:.3f} | {entry['seconds']:.0f} |"
                )
    lines += [
        "",
        "| corpus | renderer | against | pages | identical | identical (whitespace) "
        "| lines shared |",
        "|---|---|---|---|---|---|---|",
    ]
    for corpus in corpora:
        for name, check in reproduction(all_pages[corpus], args.out).items():
            lines.append(
                f"| {corpus} | {name} | {check['against']} | {check['pages']} | "
                f"{check['identical']} | {check['identical_modulo_whitespace']} | "
                f"{check['line_share']:.4f} |"
            )
    report = "\n".join(lines)
    print(report)
    print(
        f"{sum(len(v) for v in new_seconds.values())} renderings in {wall:.0f} s "
        f"with {args.jobs} processes; {len(errors)} failed",
        file=sys.stderr,
    )
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report + "\n", encoding="utf-8")
    return 1 if errors else 0


def _progress(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        print(f"  {done}/{total} pages", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
