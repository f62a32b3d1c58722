"""Speed and memory of articlekit against trafilatura and jusText (``make bench``).

    python benchmarks/bench.py [CORPUS_DIR ...] [--quick] [--reps N] [--tools a,b]

Throughput: every tool on the same pages in this one process, pinned to one core, several
repetitions, medians. Scaling: articlekit's text path on 1x, 10x and 100x the pages, once in a
fresh interpreter (library) and once through the ``articlekit`` CLI, timing each run and reading
its peak RSS from the kernel. Writes benchmarks/results/bench.{json,md} and docs/benchmarks.md
with a plot. Nothing here asserts timings: the numbers are for people, not for CI.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.tools import TOOLS, articlekit_status, parse_tools, versions  # noqa: E402

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval"
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
DOCS_DIR = REPO_ROOT / "docs"
PLOT_NAME = "benchmarks-pages-per-second.png"
DEFAULT_TOOLS = ("articlekit-text", "articlekit-html", "trafilatura", "justext")
REFERENCE = "trafilatura"
SCALE_FACTORS = (1, 10, 100)
#: Pages in the 1x scaling set: 100x of it through two paths must stay within minutes.
SCALE_PAGES = 10
MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    dump: Path
    html: Path
    url: str | None


def find_pages(roots: Sequence[Path], limit: int | None) -> list[Page]:
    """Pages with both a dump and an HTML file, corpus by corpus, in name order."""
    pages: list[Page] = []
    for root in roots:
        folders = (
            [root]
            if any(root.glob("*.dump.txt"))
            else sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.dump.txt")))
        )
        for folder in folders:
            found = []
            for dump in sorted(folder.glob("*.dump.txt")):
                page_id = dump.name[: -len(".dump.txt")]
                html = folder / f"{page_id}.html"
                if not html.exists():
                    continue
                meta_path = folder / f"{page_id}.meta.json"
                meta = json.loads(meta_path.read_bytes()) if meta_path.exists() else {}
                found.append(Page(f"{folder.name}/{page_id}", dump, html, meta.get("url")))
            pages += found[:limit] if limit else found
    return pages


def pin_to_one_core() -> str:
    """Run on a single CPU so every tool gets the same one core (children inherit it)."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError) as exc:
        return f"not pinned ({exc})"


# -- throughput ------------------------------------------------------------------------------


def throughput(
    pages: list[Page], tool_names: Sequence[str], reps: int
) -> dict[str, dict[str, Any]]:
    """Wall time of each tool over all pages, median of ``reps`` repetitions. Paired: each
    repetition goes page by page and runs every tool on the page before the next one (which
    tool goes first rotates from page to page), so a drift in the machine's speed, which on
    a shared machine is large over seconds, hits all tools alike. Timing whole-corpus
    blocks per tool instead gave ratios between repetitions from 1.15 to 1.44 in one run."""
    inputs = {
        name: [
            ((p.dump if TOOLS[name].input == "text" else p.html).read_bytes(), p.url) for p in pages
        ]
        for name in tool_names
    }
    errors: dict[str, int] = dict.fromkeys(tool_names, 0)
    for name in tool_names:  # warm-up: imports, compiled patterns, caches
        for data, url in inputs[name][:3]:
            with contextlib.suppress(Exception):
                TOOLS[name].run(data, url)
    times: dict[str, list[float]] = {name: [] for name in tool_names}
    names = list(tool_names)
    clock = time.perf_counter
    for rep in range(reps):
        spent = dict.fromkeys(names, 0.0)
        gc.collect()
        for i in range(len(pages)):
            turn = (i + rep) % len(names)
            for name in names[turn:] + names[:turn]:
                data, url = inputs[name][i]
                started = clock()
                try:
                    TOOLS[name].run(data, url)
                except Exception:
                    if rep == 0:
                        errors[name] += 1
                spent[name] += clock() - started
        for name in names:
            times[name].append(spent[name])
        summary = ", ".join(f"{n} {times[n][-1]:.2f}s" for n in tool_names)
        print(f"  rep {rep + 1}/{reps}: {summary}", file=sys.stderr, flush=True)

    out: dict[str, dict[str, Any]] = {}
    for name in tool_names:
        median = statistics.median(times[name])
        size = sum(len(d) for d, _ in inputs[name])
        out[name] = {
            "input": TOOLS[name].input,
            "pages": len(pages),
            "input_mb": size / MB,
            "seconds": times[name],
            "median_seconds": median,
            "pages_per_s": len(pages) / median,
            "mb_per_s": size / MB / median,
            "ms_per_page": 1000 * median / len(pages),
            "errors": errors[name],
        }
    if REFERENCE in out:
        ref = out[REFERENCE]["pages_per_s"]
        for name, row in out.items():
            row["vs_trafilatura"] = row["pages_per_s"] / ref
            # time per page over trafilatura's, repetition by repetition (paired runs)
            row["time_ratios"] = [
                mine / theirs for mine, theirs in zip(times[name], times[REFERENCE], strict=True)
            ]
    return out


# -- scaling and memory ----------------------------------------------------------------------


def _child_main(list_file: str, factor: int) -> int:
    """Fresh-interpreter worker: articlekit's text path on the pages ``factor`` times over."""
    import articlekit

    blobs = [Path(p).read_bytes() for p in json.loads(Path(list_file).read_text())]
    articlekit.clean(blobs[0], format="text")  # warm-up, outside the timing
    started = time.perf_counter()
    for _ in range(factor):
        for blob in blobs:
            articlekit.clean(blob, format="text")
    print(json.dumps({"seconds": time.perf_counter() - started}))
    return 0


#: Starts the measured command and reports its exit code, wall time and peak RSS. It exists
#: because a child's ``ru_maxrss`` on Linux starts from the RSS of the process it was forked
#: from: spawned straight from this (large) benchmark process, every run would report at least
#: our own size. From this ~11 MB launcher, the figure is the command's own.
_LAUNCHER = """\
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as f:
    json.dump([os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss], f)
"""


def _run_measured(cmd: list[str], timeout: float) -> tuple[int, float, float, str, str]:
    """Run ``cmd``; return (exit code, wall seconds, peak RSS MB, stdout, stderr tail).

    Peak RSS is that of the largest process of the run (waited-for descendants included), as
    the kernel reports it through ``wait4``, never below the launcher's ~11 MB.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp) / "rusage.json"
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report)]
        # A session of its own, so a timeout can end the launcher and everything it started.
        proc = subprocess.Popen(
            [*launcher, *cmd], stdout=out, stderr=err, cwd=REPO_ROOT, start_new_session=True
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return -1, timeout, 0.0, "", f"timed out after {timeout:.0f} s"
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", errors="replace")
        stderr = err.read().decode("utf-8", errors="replace")[-800:]
        if not report.exists():
            return -1, 0.0, 0.0, stdout, stderr or "launcher failed"
        code, wall, maxrss = json.loads(report.read_text())
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss_mb = maxrss / (MB if sys.platform == "darwin" else 1000)
    return int(code), float(wall), rss_mb, stdout, stderr


def find_cli() -> tuple[list[str] | None, str]:
    """The command that runs the articlekit CLI and its ``--help`` text, or None and why not."""
    bin_dir = Path(sys.executable).parent
    candidates: list[list[str]] = []
    if importlib.util.find_spec("articlekit") is not None:
        if importlib.util.find_spec("articlekit.__main__") is not None:
            candidates.append([sys.executable, "-m", "articlekit"])
        script = bin_dir / "articlekit"
        if script.exists() or shutil.which("articlekit"):
            candidates.append([str(script) if script.exists() else "articlekit"])
    if not candidates:
        return None, "no `python -m articlekit` and no `articlekit` script"
    last = ""
    for cmd in candidates:
        try:
            result = subprocess.run(
                [*cmd, "--help"], capture_output=True, text=True, timeout=60, cwd=REPO_ROOT
            )
        except OSError as exc:
            last = f"{' '.join(cmd)}: {exc}"
            continue
        if result.returncode == 0:
            return cmd, result.stdout
        last = f"{' '.join(cmd)} --help exited {result.returncode}: {result.stderr.strip()[-300:]}"
    return None, last


def cli_command(cli: list[str], help_text: str, in_dir: Path, out_dir: Path) -> list[str]:
    """One run over a folder: single process (so its RSS is the whole cost), text format, quiet.

    Options are added only where ``--help`` lists them, so an older CLI still runs; a CLI that
    does not take folders gets the file names instead.
    """
    cmd = [*cli, "-o", str(out_dir)]
    for flag, extra in (("--jobs", ["1"]), ("--input-format", ["text"]), ("--quiet", [])):
        if flag in help_text:
            cmd += [flag, *extra]
    if "folder" in help_text or "DIR" in help_text:
        return [*cmd, str(in_dir)]
    return [*cmd, *sorted(str(p) for p in in_dir.iterdir())]


def scaling(
    pages: list[Page], cli: list[str] | None, help_text: str, timeout: float
) -> dict[str, Any]:
    """Library and CLI runs at each factor: wall time and peak RSS grow how with input size?"""
    base = [p.dump for p in pages]
    base_mb = sum(p.stat().st_size for p in base) / MB
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="akbench-") as tmp_str:
        tmp = Path(tmp_str)
        list_file = tmp / "pages.json"
        list_file.write_text(json.dumps([str(p) for p in base]))
        for factor in SCALE_FACTORS:
            code, wall, rss, stdout, stderr = _run_measured(
                [sys.executable, __file__, "--_child", str(list_file), str(factor)], timeout
            )
            row: dict[str, Any] = {
                "path": "library",
                "factor": factor,
                "pages": factor * len(base),
                "input_mb": factor * base_mb,
                "peak_rss_mb": rss,
                "wall_seconds": wall,
            }
            if code == 0:
                row["seconds"] = json.loads(stdout.strip().splitlines()[-1])["seconds"]
            else:
                row["error"] = f"exit {code}: {stderr.strip()[-300:]}"
            rows.append(row)
            print(f"  library {factor}x: {row.get('seconds', 'failed')}", file=sys.stderr)

        if cli is None:
            return {"base_pages": len(base), "base_mb": base_mb, "rows": rows, "notes": notes}
        # One copy of each dump, then hard links for the repeats: 100x costs no disk.
        src = tmp / "src"
        src.mkdir()
        copies = []
        for i, path in enumerate(base):
            target = src / f"{i:04d}.txt"
            shutil.copyfile(path, target)
            copies.append(target)
        for factor in SCALE_FACTORS:
            in_dir, out_dir = tmp / f"in{factor}", tmp / f"out{factor}"
            in_dir.mkdir()
            out_dir.mkdir()
            count = 0
            for rep in range(factor):
                for copy in copies:
                    link = in_dir / f"{rep:03d}-{copy.name}"
                    try:
                        os.link(copy, link)
                    except OSError:
                        shutil.copyfile(copy, link)
                    count += 1
            cmd = cli_command(cli, help_text, in_dir, out_dir)
            code, wall, rss, _, stderr = _run_measured(cmd, timeout)
            written = sum(1 for _ in out_dir.rglob("*") if _.is_file())
            row = {
                "path": "cli",
                "factor": factor,
                "pages": count,
                "input_mb": factor * base_mb,
                "peak_rss_mb": rss,
                "wall_seconds": wall,
                "seconds": wall,
                "outputs": written,
                "command": " ".join(
                    [Path(cmd[0]).name]
                    + [
                        {str(in_dir): "IN", str(out_dir): "OUT"}.get(a, a)
                        for a in cmd[1:]
                        if not a.startswith(f"{in_dir}/")
                    ]
                ),
            }
            if code != 0:
                row["error"] = f"exit {code}: {stderr.strip()[-300:]}"
            elif written != count:
                row["error"] = f"{written} outputs for {count} inputs"
            rows.append(row)
            print(f"  cli {factor}x: {wall:.2f}s, {rss:.0f} MB, exit {code}", file=sys.stderr)
            shutil.rmtree(in_dir)
            shutil.rmtree(out_dir)
    return {"base_pages": len(base), "base_mb": base_mb, "rows": rows, "notes": notes}


# -- report ----------------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def render_tables(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    tp = report["throughput"]
    if tp:
        first = next(iter(tp.values()))
        lines += [
            f"### Throughput ({first['pages']} pages, {report['reps']} repetitions, median, "
            "one core)",
            "",
        ]
        lines += _table(
            [
                "tool",
                "input",
                "input MB",
                "median s",
                "pages/s",
                "MB/s",
                "ms/page",
                "vs trafilatura",
                "errors",
            ],
            [
                [
                    name,
                    r["input"],
                    f"{r['input_mb']:.1f}",
                    f"{r['median_seconds']:.2f}",
                    f"{r['pages_per_s']:.1f}",
                    f"{r['mb_per_s']:.2f}",
                    f"{r['ms_per_page']:.2f}",
                    f"{r['vs_trafilatura']:.2f}x" if "vs_trafilatura" in r else "-",
                    str(r["errors"]),
                ]
                for name, r in tp.items()
            ],
        )
        lines.append("")
    sc = report.get("scaling")
    if sc:
        lines += [
            f"### Scaling: articlekit text path, {sc['base_pages']} dumps "
            f"({sc['base_mb']:.2f} MB) repeated",
            "",
        ]
        rows = []
        for r in sc["rows"]:
            if "seconds" in r and r["pages"]:
                per_page = f"{1000 * r['seconds'] / r['pages']:.2f}"
                rate = f"{r['pages'] / r['seconds']:.1f}" if r["seconds"] else "-"
            else:
                per_page = rate = "-"
            rows.append(
                [
                    r["path"],
                    f"{r['factor']}x",
                    str(r["pages"]),
                    f"{r['input_mb']:.1f}",
                    f"{r['seconds']:.2f}" if "seconds" in r else "failed",
                    per_page,
                    rate,
                    f"{r['peak_rss_mb']:.0f}",
                    r.get("error", "")[:80],
                ]
            )
        lines += _table(
            [
                "path",
                "factor",
                "pages",
                "input MB",
                "seconds",
                "ms/page",
                "pages/s",
                "peak RSS MB",
                "note",
            ],
            rows,
        )
        lines.append("")
        lines += [
            "`library` runs `articlekit.clean` in a fresh interpreter (time excludes start-up); "
            "`cli` times the whole command, start-up included, on a folder of repeated dumps. "
            "Peak RSS is the kernel's high-water mark for the run's largest process (`wait4`)."
        ]
        if sc.get("cli"):
            lines += ["", f"CLI command: `{sc['cli']}`."]
        for note in sc["notes"]:
            lines += ["", f"**Note:** {note}"]
        lines.append("")
    return lines


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The headline figures in words, computed from the tables so they never go stale."""
    out: list[str] = []
    tp = report["throughput"]
    for name in ("articlekit-text", "articlekit-html"):
        if name in tp and "vs_trafilatura" in tp[name]:
            r = tp[name]
            ratios = r.get("time_ratios") or []
            spread = (
                f" (per repetition {min(ratios):.2f}x to {max(ratios):.2f}x)"
                if len(ratios) > 1
                else ""
            )
            out.append(
                f"* {name}: {r['ms_per_page']:.1f} ms per page, {r['pages_per_s']:.1f} pages/s, "
                f"{r['vs_trafilatura']:.2f}x trafilatura's throughput; "
                f"{1 / r['vs_trafilatura']:.2f}x its time per page{spread}."
            )
    sc = report.get("scaling") or {}
    for path in ("library", "cli"):
        rows = {r["factor"]: r for r in sc.get("rows", []) if r["path"] == path and "seconds" in r}
        low, high = rows.get(SCALE_FACTORS[0]), rows.get(SCALE_FACTORS[-1])
        if not (low and high and low["pages"] and high["pages"]):
            continue
        per_low = 1000 * low["seconds"] / low["pages"]
        per_high = 1000 * high["seconds"] / high["pages"]
        out.append(
            f"* Scaling, {path}: {per_low:.1f} ms/page at {low['factor']}x, {per_high:.1f} at "
            f"{high['factor']}x ({high['pages']} pages); peak RSS {low['peak_rss_mb']:.0f} MB "
            f"then {high['peak_rss_mb']:.0f} MB."
        )
    return [*out, ""] if out else []


def render_markdown(report: dict[str, Any], plot: str | None) -> str:
    v = report["versions"]
    lines = [
        "# articlekit benchmarks",
        "",
        f"Run {report['date']} on {report['machine']} ({report['pinning']}); articlekit "
        f"{v['articlekit']} ({v['articlekit_source']}), trafilatura {v['trafilatura']}, "
        f"jusText {v['jusText']}, lxml {v['lxml']}, Python {v['python']}.",
        "",
    ]
    if report.get("skipped"):
        lines += [f"**Skipped:** {report['skipped']}", ""]
    lines += summary_lines(report)
    lines += render_tables(report)
    if plot:
        lines += [f"![pages per second per tool]({plot})", ""]
    elif report.get("plot_note"):
        lines += [f"*{report['plot_note']}*", ""]
    return "\n".join(lines).rstrip() + "\n"


DOC_INTRO = """\
# Benchmarks

How fast articlekit cleans pages, next to trafilatura and jusText, and whether its cost grows
linearly with input while memory stays flat. `make bench` measures it again and writes the
results to `.cache/results/` (`bench.md`, `bench.json`, and this page with its plot), a folder
git ignores; `make bench UPDATE=1` regenerates the committed ones (`benchmarks/results/` and
this page). The run takes minutes, more on a busy machine; `BENCH_ARGS=--quick` makes it
shorter. Quality figures are in [evaluation.md](evaluation.md).

Whether a change keeps behaviour, page by page, is [comparing.md](comparing.md) (`make compare`).

## Method

* **Same pages, same process, one core.** Every page of the evaluation corpus that has both a
  text dump and its HTML is read into memory once; each tool then runs over all of them in
  turn, in this one Python process pinned to a single CPU. The articlekit *text* path gets the
  dump, every other tool the HTML (undecoded bytes, so decoding is part of each tool's cost).
  MB/s is measured on each tool's own input (1 MB = 10^6 bytes): dumps are far smaller than
  pages' HTML, so compare tools on pages/s.
* **Paired repetitions and medians.** Each repetition goes page by page and runs every tool
  on a page before moving on (which tool goes first rotates from page to page), so a drift in
  the machine's speed hits all tools alike: on a shared machine, timing each tool over the
  whole corpus in turn gave ratios between repetitions from 1.15x to 1.44x in one run. The
  table shows the median of the repetitions; the summary gives the time ratio to trafilatura
  of each repetition. A few pages per tool are run before timing so imports and caches are
  warm. "vs trafilatura" is pages/s divided by trafilatura's.
* **Scaling.** The articlekit text path on 1x, 10x and 100x a set of dumps (the first pages
  of the first corpus, repeated): as a library call loop in a fresh interpreter, and through
  the `articlekit` CLI (one process, `--jobs 1`) writing one file per input to an output
  folder. Linear cost shows as a constant ms/page; flat memory as a peak RSS that does not
  grow with the factor. Peak RSS is the kernel's high-water mark for the run's process, read
  with `wait4` by a small launcher process (a child forked straight from the benchmark would
  inherit the benchmark's own size in that figure).
* Timings depend on the machine and its load; nothing in the test suite asserts them.

## Results

"""


def write_plot(report: dict[str, Any], path: Path) -> str | None:
    """A bar chart of pages/s per tool; a message instead when matplotlib is absent."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib not installed (pip install -e '.[bench]'): plot skipped"
    tp = report["throughput"]
    names = list(tp)
    values = [tp[n]["pages_per_s"] for n in names]
    colours = ["#1f77b4" if n.startswith("articlekit") else "#999999" for n in names]
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(names) + 1.2))
    bars = ax.barh(names[::-1], values[::-1], color=colours[::-1])
    ax.bar_label(bars, labels=[f"{v:.1f}" for v in values[::-1]], padding=3)
    ax.set_xlabel("pages per second (one core, median; higher is better)")
    ax.set_title(f"Throughput on {next(iter(tp.values()))['pages']} pages")
    ax.margins(x=0.15)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path, help=f"default: {DEFAULT_CORPUS}")
    parser.add_argument(
        "--quick", action="store_true", help="20 pages per corpus, 3 reps, scaling on 5 pages"
    )
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 3)")
    parser.add_argument("--limit", type=int, default=None, help="first N pages per corpus")
    parser.add_argument(
        "--scale-pages",
        type=int,
        default=None,
        help=f"pages in the 1x scaling set (default {SCALE_PAGES})",
    )
    parser.add_argument(
        "--tools", default=None, help="comma list; default " + ",".join(DEFAULT_TOOLS)
    )
    parser.add_argument("--no-scaling", action="store_true", help="throughput only")
    parser.add_argument("--timeout", type=float, default=900, help="per scaling run, seconds")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results folder")
    parser.add_argument("--docs", type=Path, default=DOCS_DIR, help="docs folder")
    parser.add_argument("--_child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._child:
        return _child_main(args._child[0], int(args._child[1]))

    roots = args.corpora or [DEFAULT_CORPUS]
    for root in roots:
        if not root.is_dir():
            print(f"corpus folder not found: {root}; pass a corpus folder", file=sys.stderr)
            return 2
    reps = args.reps or 3
    limit = args.limit or (20 if args.quick else None)
    pages = find_pages(roots, limit)
    if not pages:
        print("no pages with both a .dump.txt and an .html", file=sys.stderr)
        return 2
    tool_names = parse_tools(args.tools, DEFAULT_TOOLS)
    skipped = None
    problem = articlekit_status()
    if problem:
        skipped = f"articlekit rows: `import articlekit` fails ({problem})"
        print(f"warning: skipping {skipped}", file=sys.stderr)
        tool_names = tuple(t for t in tool_names if not t.startswith("articlekit"))

    pinning = pin_to_one_core()
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    report: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": f"{cpu}, {os.cpu_count()} CPUs",
        "pinning": pinning,
        "versions": versions(),
        "reps": reps,
        "skipped": skipped,
        "throughput": {},
        "scaling": None,
    }
    print(f"throughput: {len(pages)} pages x {reps} reps ({pinning})", file=sys.stderr)
    report["throughput"] = throughput(pages, tool_names, reps)

    if not args.no_scaling:
        first_corpus = pages[0].id.split("/")[0]
        base = [p for p in pages if p.id.split("/")[0] == first_corpus]
        base = base[: args.scale_pages or (5 if args.quick else SCALE_PAGES)]
        if problem:
            report["scaling"] = {
                "base_pages": len(base),
                "base_mb": 0.0,
                "rows": [],
                "notes": [f"not run: {skipped}"],
            }
        else:
            cli, why = find_cli()
            print(f"scaling: {len(base)} pages x {SCALE_FACTORS}", file=sys.stderr)
            report["scaling"] = scaling(base, cli, why, args.timeout)
            if cli is None:
                report["scaling"]["notes"].append(
                    f"articlekit CLI not available, CLI memory check not run: {why}"
                )
            else:
                cli_rows = [r for r in report["scaling"]["rows"] if r["path"] == "cli"]
                report["scaling"]["cli"] = cli_rows[0]["command"] if cli_rows else None

    args.out.mkdir(parents=True, exist_ok=True)
    args.docs.mkdir(parents=True, exist_ok=True)
    plot_note = write_plot(report, args.docs / PLOT_NAME) if report["throughput"] else "no data"
    report["plot_note"] = plot_note
    if plot_note:
        print(f"warning: {plot_note}", file=sys.stderr)
    (args.out / "bench.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (args.out / "bench.md").write_text(render_markdown(report, None), encoding="utf-8")
    doc = DOC_INTRO + render_markdown(report, None if plot_note else PLOT_NAME).split("\n", 2)[2]
    (args.docs / "benchmarks.md").write_text(doc, encoding="utf-8")
    print(render_markdown(report, None))
    print(
        f"wrote {args.out / 'bench.md'}, bench.json and {args.docs / 'benchmarks.md'}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
