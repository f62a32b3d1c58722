"""How articlekit's cost grows with input size, and how throughput grows with workers.

    python benchmarks/scaling.py [--quick] [--no-dask] [--out DIR]      (or: make scaling)

1. Seconds per MB across sizes, for each adversarial shape of docs/robustness.md (prose dumps up
   to 50 MB, one long line, 100,000 tiny lines, deep HTML, megabytes of inline script, lines
   built to make regular expressions backtrack). Each measurement runs in a fresh process, so
   its peak memory is its own; only ``clean()`` is timed, not making the input. Linear cost
   shows as a flat seconds-per-MB column.
2. Throughput on many ordinary dumps (the test fixtures, repeated): ``clean_many`` with 1 and 2
   processes, and ``articlekit.dask`` on a ``distributed.LocalCluster`` with 1 and 2 workers.

Prints Markdown tables and writes benchmarks/results/scaling.{json,md}. Nothing is asserted:
the numbers are for docs/scale.md and docs/robustness.md, not for CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
MB = 1_000_000

PROSE = (
    "The council met on Tuesday and agreed that the budget would be cut by a third, "
    "officials said, after a long debate about the cost of the new bridge."
)


# -- inputs ------------------------------------------------------------------------------------


def fixture_dumps() -> list[bytes]:
    return [p.read_bytes() for p in sorted(FIXTURES.glob("*/input.*"))]


def repeat_to(unit: bytes, size: int, sep: bytes = b"\n\n") -> bytes:
    """``unit`` repeated (with ``sep``) to about ``size`` bytes."""
    times = max(1, size // (len(unit) + len(sep)))
    return sep.join([unit] * times)


def prose_dump(size: int) -> bytes:
    """Real dumps (the fixtures, one after another) repeated to ``size``: the varied shapes
    of ordinary pages, at crawl-record and far beyond crawl-record sizes."""
    return repeat_to(b"\n\n".join(fixture_dumps()), size)


def html_page(size: int) -> bytes:
    paragraphs = [
        line.strip()
        for dump in fixture_dumps()
        for line in dump.decode("utf-8", "replace").splitlines()
        if line.strip()
    ]
    body = "".join(f"<p>{p.replace('<', '&lt;')}</p>" for p in paragraphs).encode()
    return b"<html><head><title>t</title></head><body>" + repeat_to(body, size, b"") + b"</body>"


def one_line(size: int) -> bytes:
    return (PROSE.encode() + b" ") * (size // (len(PROSE) + 1))


def tiny_lines(size: int) -> bytes:
    return b"".join(b"%d\n" % (i % 10) for i in range(size // 2))


def nested_html(size: int) -> bytes:
    depth = size // 11
    return b"<html><body>" + b"<div>" * depth + PROSE.encode() + b"</div>" * depth


def inline_script(size: int) -> bytes:
    script = b"var a = '<p>x</p>'; function f(x) { return x < 1 && x > 0; }\n"
    js = repeat_to(script, size // 2, b"")
    return (
        b"<html><head><script>" + js + b"</script></head><body><h1>Title</h1><p>"
        + PROSE.encode() + b"</p><script>" + js + b"</script></body></html>"
    )  # fmt: skip


def spaces_line(size: int) -> bytes:
    return b"Title" + b" " * size + b"x |\n\n" + PROSE.encode()


def dashes_line(size: int) -> bytes:
    return b"- " * (size // 2) + b"\n\n" + PROSE.encode()


def paren_line(size: int) -> bytes:
    return PROSE.encode() + b"\n\nPhoto (" + b"a(" * (size // 2) + b"\n\n" + PROSE.encode()


#: name -> (maker, sizes in bytes, quick sizes, what the shape is)
SHAPES: dict[str, tuple[Callable[[int], bytes], tuple[int, ...], tuple[int, ...], str]] = {
    "prose dump": (
        prose_dump,
        (1 * MB, 2 * MB, 4 * MB, 8 * MB, 16 * MB, 50 * MB),
        (100_000, 200_000),
        "the 16 fixture dumps repeated",
    ),
    "HTML page": (
        html_page,
        (1 * MB, 2 * MB, 4 * MB, 8 * MB),
        (100_000, 200_000),
        "fixture lines as <p> elements",
    ),
    "one long line": (
        one_line,
        (1 * MB, 4 * MB, 10 * MB, 40 * MB),
        (100_000, 400_000),
        "sentences with no line break",
    ),
    "tiny lines": (
        tiny_lines,
        (50_000, 100_000, 200_000, 400_000),
        (10_000, 20_000),
        "'7\\n' lines: 200,000 lines = 0.4 MB",
    ),
    "nested HTML": (
        nested_html,
        (11_000, 110_000, 1_100_000),
        (11_000, 22_000),
        "<div> 1,000 / 10,000 / 100,000 deep",
    ),
    "inline script": (
        inline_script,
        (1 * MB, 4 * MB, 16 * MB),
        (100_000, 400_000),
        "a page whose <script> is megabytes",
    ),
    "spaces line": (
        spaces_line,
        (100_000, 400_000, 1_600_000),
        (10_000, 40_000),
        "'Title', spaces, 'x |'",
    ),
    "dashes line": (
        dashes_line,
        (100_000, 400_000, 1_600_000),
        (10_000, 40_000),
        "'- - - ...'",
    ),
    "parens line": (
        paren_line,
        (100_000, 400_000, 1_600_000),
        (10_000, 40_000),
        "'Photo (a(a(a(...'",
    ),
}


# -- 1. seconds per MB -------------------------------------------------------------------------


def measure_one(shape: str, size: int) -> dict[str, Any]:
    """Child-process side: make the input, time ``clean`` on it, report peak memory."""
    import gc

    import articlekit

    data = SHAPES[shape][0](size)
    articlekit.clean(b"warm up: imports and compiled patterns\n\n" + PROSE.encode())
    articlekit.clean(b"<html><body><p>" + PROSE.encode() + b"</p></body></html>")
    gc.collect()
    started = time.perf_counter()
    try:
        article = articlekit.clean(data)
        outcome = f"{len(article.segments)} segments, body {len(article.body):,} chars"
    except articlekit.InputError as exc:
        outcome = f"InputError: {exc}"
    seconds = time.perf_counter() - started
    return {
        "shape": shape,
        "bytes": len(data),
        "seconds": seconds,
        "s_per_mb": seconds / (len(data) / MB),
        "peak_rss_mb": _peak_rss_mb(),
        "outcome": outcome,
    }


def _peak_rss_mb() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def per_mb(quick: bool, shapes: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for shape in shapes:
        sizes = SHAPES[shape][2] if quick else SHAPES[shape][1]
        for size in sizes:
            proc = subprocess.run(
                [sys.executable, __file__, "--measure", shape, str(size)],
                capture_output=True,
                text=True,
                check=False,
                timeout=3600,
            )
            if proc.returncode != 0:
                row = {"shape": shape, "bytes": size, "error": proc.stderr.strip()[-500:]}
            else:
                row = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(_per_mb_line(row), flush=True)
    return rows


def _per_mb_line(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"  {row['shape']:14s} {row['bytes'] / MB:8.2f} MB  FAILED: {row['error']}"
    return (
        f"  {row['shape']:14s} {row['bytes'] / MB:8.2f} MB {row['seconds']:8.2f} s "
        f"{row['s_per_mb']:7.2f} s/MB  peak {row['peak_rss_mb'] or 0:7.0f} MB  {row['outcome']}"
    )


# -- 2. throughput with workers ----------------------------------------------------------------


def corpus(copies: int) -> list[bytes]:
    return fixture_dumps() * copies


def throughput_clean_many(docs: list[bytes], jobs: int, reps: int) -> dict[str, Any]:
    from operator import attrgetter

    import articlekit

    times = []
    for _ in range(reps):
        started = time.perf_counter()
        n = sum(1 for _ in articlekit.clean_many(docs, jobs=jobs, transform=attrgetter("title")))
        times.append(time.perf_counter() - started)
    return _rate(f"clean_many, jobs={jobs}", docs, n, times)


def throughput_dask(docs: list[bytes], workers: int, reps: int) -> dict[str, Any]:
    import dask.bag as db
    from distributed import Client, LocalCluster

    import articlekit.integrations.dask_engine as akd

    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        up = time.perf_counter() - started
        warm = db.from_sequence(docs[: workers * 2], npartitions=workers * 2)
        akd.clean_bag(warm, transform=akd.summary).compute()  # imports on every worker
        bag = db.from_sequence(docs, npartitions=workers * 4)
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            n = akd.clean_bag(bag, transform=akd.summary).count().compute()
            times.append(time.perf_counter() - started)
    row = _rate(f"dask LocalCluster, {workers} worker(s)", docs, n, times)
    row["cluster_start_s"] = up
    return row


def _rate(name: str, docs: list[bytes], n: int, times: list[float]) -> dict[str, Any]:
    """The best of the repetitions: other work on the machine only ever slows a run down."""
    size = sum(map(len, docs))
    seconds = min(times)
    return {
        "engine": name,
        "docs": n,
        "mb": size / MB,
        "seconds": seconds,
        "all_seconds": times,
        "docs_per_s": n / seconds,
        "mb_per_s": size / MB / seconds,
    }


def throughput(quick: bool, dask: bool, reps: int) -> list[dict[str, Any]]:
    docs = corpus(4 if quick else 60)
    rows = []
    runs: list[tuple[Callable[..., dict[str, Any]], int]] = [
        (throughput_clean_many, 1),
        (throughput_clean_many, 2),
    ]
    if dask:
        runs += [(throughput_dask, 1), (throughput_dask, 2)]
    for run, n in runs:
        row = run(docs, n, reps)
        rows.append(row)
        print(
            f"  {row['engine']:32s} {row['docs']:6d} docs {row['mb']:6.2f} MB "
            f"{row['seconds']:7.2f} s {row['docs_per_s']:7.1f} docs/s {row['mb_per_s']:6.3f} MB/s",
            flush=True,
        )
    return rows


# -- report --------------------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Scaling: seconds per MB, and throughput with workers",
        "",
        f"{result['when']} · Python {result['python']} · {result['machine']} · "
        f"{result['cpus']} CPUs available"
        + (
            f" · load average {result['load_average'][0]:.1f} at start"
            if result["load_average"]
            else ""
        ),
    ]
    if result["per_mb"]:
        lines += [
            "",
            "| shape | size (MB) | seconds | s/MB | peak RSS (MB) | outcome |",
            "|---|---:|---:|---:|---:|---|",
        ]
    for row in result["per_mb"]:
        if "error" in row:
            lines.append(f"| {row['shape']} | {row['bytes'] / MB:.2f} | failed | | | |")
            continue
        lines.append(
            f"| {row['shape']} | {row['bytes'] / MB:.2f} | {row['seconds']:.2f} | "
            f"{row['s_per_mb']:.2f} | {row['peak_rss_mb'] or 0:.0f} | {row['outcome']} |"
        )
    if result["throughput"]:
        lines += [
            "",
            "| engine | docs | MB | seconds | docs/s | MB/s | speed-up |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
    base: dict[str, float] = {}
    for row in result["throughput"]:
        family = row["engine"].split(",")[0]
        base.setdefault(family, row["docs_per_s"])
        lines.append(
            f"| {row['engine']} | {row['docs']} | {row['mb']:.2f} | {row['seconds']:.2f} | "
            f"{row['docs_per_s']:.1f} | {row['mb_per_s']:.3f} | "
            f"{row['docs_per_s'] / base[family]:.2f}x |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask throughput runs")
    parser.add_argument("--shapes", help="comma-separated shapes to time (default: all)")
    parser.add_argument("--no-throughput", action="store_true", help="only seconds per MB")
    parser.add_argument("--no-per-mb", action="store_true", help="only throughput")
    parser.add_argument("--reps", type=int, default=5, help="throughput runs; the best counts")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="where results go")
    parser.add_argument("--measure", nargs=2, metavar=("SHAPE", "BYTES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:  # child process of per_mb()
        print(json.dumps(measure_one(args.measure[0], int(args.measure[1]))))
        return 0

    shapes = args.shapes.split(",") if args.shapes else list(SHAPES)
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shapes {unknown}; choose from {list(SHAPES)}")
    from articlekit.batch import default_jobs

    result: dict[str, Any] = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "cpus": default_jobs(),
        "quick": args.quick,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    result["per_mb"] = result["throughput"] = []
    if not args.no_per_mb:
        print("seconds per MB (each in a fresh process):", flush=True)
        result["per_mb"] = per_mb(args.quick, shapes)
    if not args.no_throughput:
        print(f"throughput with workers (best of {args.reps}):", flush=True)
        result["throughput"] = throughput(args.quick, not args.no_dask, max(1, args.reps))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scaling.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    report = markdown(result)
    (args.out / "scaling.md").write_text(report, encoding="utf-8")
    print()
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
