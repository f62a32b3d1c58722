"""Page-by-page output of articlekit at two revisions, to show a refactor kept behaviour
(``make compare BASE=rev``).

    python benchmarks/compare.py BASE [HEAD] [--corpus NAME ...] [--jobs N] [--limit N] [--show N]

BASE and HEAD are git revisions; HEAD defaults to ``WORKTREE``, the work tree as it is now,
uncommitted changes included (``WORKTREE`` can be given for BASE too). Every fixture input
(tests/fixtures/*/input.txt, input.html) and every page of ../shared/eval/ (each dump through the
text path, each HTML through the HTML path) is cleaned by each revision with a fixed ``now``,
through the public API only (``articlekit.clean`` and ``Article.to_dict``), so revisions with
different module layouts compare. The inputs are always those of the current work tree.

Each revision runs in a subprocess of this interpreter that imports articlekit from that
revision's ``src/`` (checked) and cleans with a pool of ``--jobs`` workers. A record per page
holds the sha256 of the canonical JSON of ``to_dict()`` (segments included), a hash per
top-level field (to name the first field that differs), or the exception raised (an exception
is an output too). Records of a commit are cached in .cache/compare/; the work tree never is.

Exit status: 0 when every page is identical, 1 when any differs, 2 on usage errors or when a
revision cannot be run.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import gzip
import hashlib
import importlib.metadata
import inspect
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
EVAL_ROOT = REPO_ROOT.parent / "shared" / "eval"
CACHE_DIR = REPO_ROOT / ".cache" / "compare"
CORPORA = ("fixtures", "scrapinghub", "trafilatura", "wcxb")
WORKTREE = "WORKTREE"
#: Relative dates ("13 hours ago") resolve against this, so outputs do not change with the day.
NOW = datetime(2025, 7, 23, 12, tzinfo=timezone.utc)
#: Bump when a record's content changes: older cache files are then recomputed.
RECORD_FORMAT = 1
#: Distributions whose version can change articlekit's output; part of the cache's identity.
DEPENDENCIES = ("beautifulsoup4", "lxml", "trafilatura", "python-dateutil", "charset-normalizer")
#: File-name endings in an eval corpus, and the path each goes through.
EVAL_KINDS = (
    (".dump.txt", "text"),
    (".dump3.txt", "text"),
    (".html", "html"),
    (".html.gz", "html"),
)
FIXTURE_INPUTS = (("input.txt", "text"), ("input.html", "html"))
PROGRESS_EVERY = 250
DIFF_LINES = 200


class UsageError(Exception):
    """Bad arguments or a revision that cannot be run: exit status 2."""


@dataclass(frozen=True, slots=True)
class Input:
    id: str  # corpus/relative path, e.g. "wcxb/dev-0001.html.gz"
    corpus: str
    path: str  # "text" or "html": the clean() path it goes through
    file: str  # absolute


# -- inputs ------------------------------------------------------------------------------------


def find_inputs(
    corpora: Sequence[str],
    limit: int | None = None,
    *,
    fixtures: Path = FIXTURES,
    eval_root: Path = EVAL_ROOT,
) -> list[Input]:
    """Every input of the given corpora, in a stable order; ``limit``: first N pages of each
    (a page is a fixture folder or an eval page ID, with all its inputs)."""
    out: list[Input] = []
    for corpus in corpora:
        if corpus == "fixtures":
            if not fixtures.is_dir():
                raise UsageError(f"fixtures folder not found: {fixtures}")
            pages = [d for d in sorted(fixtures.iterdir()) if d.is_dir()]
            for case in pages[:limit]:
                for name, path in FIXTURE_INPUTS:
                    if (case / name).is_file():
                        rel = f"{case.name}/{name}"
                        out.append(Input(f"fixtures/{rel}", corpus, path, str(case / name)))
            continue
        folder = eval_root / corpus
        if not folder.is_dir():
            raise UsageError(f"corpus folder not found: {folder} (see {eval_root}/README.md)")
        by_page: dict[str, list[tuple[str, str]]] = {}
        for file in sorted(folder.iterdir()):
            for ending, path in EVAL_KINDS:
                if file.name.endswith(ending) and file.is_file():
                    page = file.name[: -len(ending)]
                    by_page.setdefault(page, []).append((file.name, path))
        for page in sorted(by_page)[:limit]:
            for name, path in by_page[page]:
                out.append(Input(f"{corpus}/{name}", corpus, path, str(folder / name)))
    return out


def read_input(file: str) -> bytes:
    data = Path(file).read_bytes()
    return gzip.decompress(data) if file.endswith(".gz") else data


# -- records -----------------------------------------------------------------------------------


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def article_dict(article: Any) -> dict[str, Any]:
    """``to_dict()`` with segments, whatever the revision's signature."""
    params = inspect.signature(article.to_dict).parameters
    data: dict[str, Any] = (
        article.to_dict(segments=True) if "segments" in params else article.to_dict()
    )
    if "segments" not in data:
        params = inspect.signature(article.to_json).parameters
        kwargs = {"segments": True} if "segments" in params else {}
        data = json.loads(article.to_json(**kwargs))
    if "segments" not in data:
        raise RuntimeError("this revision's Article.to_dict() and to_json() leave out segments")
    return data


def error_text(exc: BaseException) -> str:
    # The class's bare name, not its module: the module may move in a refactor.
    return f"{type(exc).__name__}: {exc}"


def record(
    page_id: str,
    corpus: str,
    path: str,
    data: bytes,
    *,
    clean: Callable[..., Any] | None = None,
) -> dict[str, Any]:
    """Clean ``data`` through ``path`` ("text" or "html") and summarise the output: its sha256,
    a short hash per top-level field of ``to_dict()``, or the exception raised."""
    if clean is None:
        import articlekit

        clean = articlekit.clean
    out: dict[str, Any] = {"id": page_id, "corpus": corpus, "path": path}
    try:
        article_data = article_dict(clean(data, now=NOW, format=path))
    except Exception as exc:
        error = error_text(exc)
        digest = hashlib.sha256(b"exception\0" + error.encode("utf-8", "replace")).hexdigest()
        return {**out, "sha256": digest, "error": error, "fields": {}}
    fields = {k: hashlib.sha256(canonical(v)).hexdigest()[:16] for k, v in article_data.items()}
    return {
        **out,
        "sha256": hashlib.sha256(canonical(article_data)).hexdigest(),
        "error": None,
        "fields": fields,
    }


def first_difference(base: dict[str, Any], head: dict[str, Any]) -> str | None:
    """None when the two records are of the same output; else the first top-level field of
    ``to_dict()`` (in its order) that differs, or "exception" when only one side raised or
    they raised differently."""
    if base["sha256"] == head["sha256"]:
        return None
    if base["error"] != head["error"]:
        return "exception"
    fields_a: dict[str, str] = base["fields"]
    fields_b: dict[str, str] = head["fields"]
    for key in [*fields_a, *(k for k in fields_b if k not in fields_a)]:
        if fields_a.get(key) != fields_b.get(key):
            return key
    return "(unknown)"  # not reached unless the record format changed


def pretty_output(path: str, data: bytes) -> str:
    """The whole output as indented JSON (to_dict order), or the exception: for --show."""
    import articlekit

    try:
        article_data = article_dict(articlekit.clean(data, now=NOW, format=path))
    except Exception as exc:
        return f"exception {error_text(exc)}\n"
    return json.dumps(article_data, ensure_ascii=False, indent=1) + "\n"


# -- the runner subprocess ---------------------------------------------------------------------


def _work(task: tuple[str, list[str]]) -> dict[str, Any]:
    mode, (page_id, corpus, path, file) = task
    data = read_input(file)
    if mode == "json":
        return {"id": page_id, "json": pretty_output(path, data)}
    return record(page_id, corpus, path, data)


def _runner_main() -> int:
    """Child side: the spec on stdin; a hello line, then one JSON line per input on stdout."""
    spec = json.load(sys.stdin)
    import articlekit

    hello = {"articlekit": articlekit.__file__, "version": getattr(articlekit, "__version__", None)}
    print(json.dumps(hello), flush=True)
    tasks = [(spec["mode"], item) for item in spec["inputs"]]
    label, jobs, total = spec["label"], max(1, min(spec["jobs"], len(tasks))), len(tasks)
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        results: Iterable[dict[str, Any]]
        if jobs == 1:
            results = map(_work, tasks)
        else:
            # One page of each path here first, so the modules and data either path loads on
            # first use are loaded once, before the workers fork, from the tree as it is now.
            for path in dict.fromkeys(item[2] for _, item in tasks):
                _work(next(task for task in tasks if task[1][2] == path))
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            pool = stack.enter_context(context.Pool(jobs))
            results = pool.imap(_work, tasks, chunksize=4)
        for done, result in enumerate(results, 1):
            print(json.dumps(result, ensure_ascii=False), flush=done == total)
            if spec["progress"] and (done % PROGRESS_EVERY == 0 or done == total):
                elapsed = time.perf_counter() - start
                print(f"  {label}: {done}/{total} pages, {elapsed:.0f} s", file=sys.stderr)
    return 0


def runner_command() -> list[str]:
    # -s: no user site-packages; -P (3.11+): nothing prepended to sys.path. -I would also
    # ignore PYTHONPATH, which is how the revision's tree is chosen; the environment is instead
    # cleared of every other PYTHON* variable in runner_env().
    flags = ["-s", "-P"] if sys.version_info >= (3, 11) else ["-s"]
    return [sys.executable, *flags, str(Path(__file__).resolve()), "--_runner"]


def runner_env(src: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(src)
    env["PYTHONHASHSEED"] = "0"  # the same set and dict orders in every run of every revision
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_revision(
    label: str, src: Path, inputs: Sequence[Input], jobs: int, mode: str = "records"
) -> list[dict[str, Any]]:
    """Run ``inputs`` through the articlekit in ``src`` in a subprocess; its results in order."""
    spec = {
        "label": label,
        "jobs": jobs,
        "mode": mode,
        "progress": mode == "records",
        "inputs": [[i.id, i.corpus, i.path, i.file] for i in inputs],
    }
    with subprocess.Popen(
        runner_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=runner_env(src),
        cwd=src.parent,
        text=True,
        encoding="utf-8",
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        with contextlib.suppress(BrokenPipeError):  # a runner that died says so below
            proc.stdin.write(json.dumps(spec))
            proc.stdin.close()
        first = proc.stdout.readline()
        try:
            imported = Path(json.loads(first)["articlekit"]).resolve()
        except (ValueError, KeyError, TypeError):
            proc.kill()
            raise UsageError(
                f"{label}: the runner could not import articlekit from {src}"
            ) from None
        package = (src / "articlekit").resolve()
        if not imported.is_relative_to(package):
            proc.kill()
            raise UsageError(f"{label}: articlekit was imported from {imported}, not {package}")
        if mode == "records":
            print(f"{label}: articlekit from {imported}", file=sys.stderr)
        results = [json.loads(line) for line in proc.stdout]
    if proc.returncode != 0 or len(results) != len(inputs):
        raise UsageError(
            f"{label}: the runner failed (exit {proc.returncode}, "
            f"{len(results)} of {len(inputs)} results)"
        )
    return results


# -- revisions and the cache -------------------------------------------------------------------


def git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise UsageError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


class Revision:
    """A git commit (exported on first use into a temporary folder) or the work tree."""

    def __init__(self, name: str, stack: contextlib.ExitStack) -> None:
        self.name = name
        self._stack = stack
        self._src: Path | None = None
        if name == WORKTREE:
            self.sha: str | None = None
            self.label = WORKTREE
            self._src = REPO_ROOT / "src"
        else:
            try:
                self.sha = git("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
            except UsageError:
                raise UsageError(f"not a git revision: {name!r} (or {WORKTREE})") from None
            short = self.sha[:10]
            self.label = short if name in (self.sha, short) else f"{name} ({short})"

    @property
    def src(self) -> Path:
        if self._src is None:
            assert self.sha is not None
            tree = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="compare-")))
            with subprocess.Popen(
                ["git", "archive", "--format=tar", self.sha], cwd=REPO_ROOT, stdout=subprocess.PIPE
            ) as archive:
                untar = subprocess.run(["tar", "-x", "-C", str(tree)], stdin=archive.stdout)
            if archive.returncode != 0 or untar.returncode != 0:
                raise UsageError(f"{self.label}: git archive | tar -x failed")
            if not (tree / "src" / "articlekit" / "__init__.py").is_file():
                raise UsageError(f"{self.label}: this revision has no src/articlekit/")
            self._src = tree / "src"
        return self._src


def cache_key(corpora: Sequence[str], limit: int | None) -> str:
    return "+".join(corpora) + (f"-limit{limit}" if limit else "-all")


def cache_header(inputs: Sequence[Input]) -> dict[str, Any]:
    """What a cached file must match to be used: the inputs, interpreter and dependencies."""
    digest = hashlib.sha256()
    for item in inputs:
        digest.update(f"{item.id}\0{item.path}\0{Path(item.file).stat().st_size}\n".encode())
    deps: dict[str, str | None] = {}
    for name in DEPENDENCIES:
        try:
            deps[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            deps[name] = None
    return {
        "format": RECORD_FORMAT,
        "now": NOW.isoformat(),
        "inputs": digest.hexdigest(),
        "python": sys.version.split()[0],
        "dependencies": deps,
    }


def read_cache(file: Path, header: dict[str, Any], count: int) -> list[dict[str, Any]] | None:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
        if not lines or json.loads(lines[0]) != header:
            return None
        records = [json.loads(line) for line in lines[1:]]
    except (OSError, ValueError):
        return None
    return records if len(records) == count else None


def write_cache(file: Path, header: dict[str, Any], records: Sequence[dict[str, Any]]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(file.name + f".{os.getpid()}.tmp")
    lines = [json.dumps(header)] + [json.dumps(r, ensure_ascii=False) for r in records]
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, file)


def child_cpu() -> float:
    """CPU seconds of this process's finished children and theirs (the pool's workers are
    waited for by the runner): on a loaded machine a steadier figure than wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def records_of(
    rev: Revision, inputs: Sequence[Input], jobs: int, key: str, header: dict[str, Any]
) -> tuple[list[dict[str, Any]], str]:
    """The revision's records (from the cache for a commit when possible) and how they came."""
    cache = CACHE_DIR / f"{rev.sha}-{key}.jsonl" if rev.sha else None
    if cache is not None:
        cached = read_cache(cache, header, len(inputs))
        if cached is not None:
            return cached, f"from cache {cache.relative_to(REPO_ROOT)}"
    print(f"{rev.label}: cleaning {len(inputs)} pages with {jobs} jobs", file=sys.stderr)
    start, cpu = time.perf_counter(), child_cpu()
    records = run_revision(rev.label, rev.src, inputs, jobs)
    wall, cpu = time.perf_counter() - start, child_cpu() - cpu
    how = f"computed in {wall:.1f} s ({cpu:.1f} s CPU in the runner and its workers)"
    if cache is not None:
        write_cache(cache, header, records)
    return records, how


# -- the report --------------------------------------------------------------------------------


def compare_records(
    inputs: Sequence[Input], base: Sequence[dict[str, Any]], head: Sequence[dict[str, Any]]
) -> tuple[dict[tuple[str, str], list[int]], list[tuple[Input, str]]]:
    """Per (corpus, path): [pages, identical]; and each differing input with its first field."""
    counts: dict[tuple[str, str], list[int]] = {}
    differing: list[tuple[Input, str]] = []
    for item, a, b in zip(inputs, base, head, strict=True):
        if a["id"] != item.id or b["id"] != item.id:
            raise UsageError(f"records out of step at {item.id}: {a['id']}, {b['id']}")
        row = counts.setdefault((item.corpus, item.path), [0, 0])
        row[0] += 1
        field = first_difference(a, b)
        if field is None:
            row[1] += 1
        else:
            differing.append((item, field))
    return counts, differing


def report_lines(
    counts: dict[tuple[str, str], list[int]], differing: Sequence[tuple[Input, str]]
) -> Iterator[str]:
    yield f"{'corpus':<12} {'path':<5} {'pages':>6} {'identical':>9} {'differ':>6}"
    total = [0, 0]
    for (corpus, path), (pages, same) in counts.items():
        total[0] += pages
        total[1] += same
        yield f"{corpus:<12} {path:<5} {pages:>6} {same:>9} {pages - same:>6}"
    yield f"{'all':<12} {'':<5} {total[0]:>6} {total[1]:>9} {total[0] - total[1]:>6}"
    if differing:
        by_field = Counter(field for _, field in differing)
        summary = ", ".join(f"{field} {n}" for field, n in by_field.most_common())
        yield ""
        yield f"{len(differing)} differing pages; first differing field: {summary}"
        for item, field in differing:
            yield f"  {item.id} [{item.path}]: {field}"


def show_diffs(base: Revision, head: Revision, items: Sequence[Input], jobs: int) -> Iterator[str]:
    """Unified diffs of the whole JSON output of ``items``, re-run on both revisions."""
    outputs = [
        {r["id"]: r["json"] for r in run_revision(rev.label, rev.src, items, jobs, mode="json")}
        for rev in (base, head)
    ]
    for item in items:
        a, b = (out[item.id].splitlines() for out in outputs)
        diff = list(
            difflib.unified_diff(
                a, b, f"{base.label}: {item.id}", f"{head.label}: {item.id}", n=2, lineterm=""
            )
        )
        if not diff:
            diff = [f"(no difference on re-run: {item.id} is not deterministic?)"]
        yield from diff[:DIFF_LINES]
        if len(diff) > DIFF_LINES:
            yield f"... {len(diff) - DIFF_LINES} more diff lines"
        yield ""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0].replace("\n", " "),
        epilog="Exit status: 0 all identical, 1 some differ, 2 usage error.",
    )
    parser.add_argument("base", metavar="BASE", help=f"a git revision, or {WORKTREE}")
    parser.add_argument(
        "head", metavar="HEAD", nargs="?", default=WORKTREE, help=f"default: {WORKTREE}"
    )
    parser.add_argument(
        "--corpus",
        action="append",
        choices=CORPORA,
        help="repeatable; default: all of " + ", ".join(CORPORA),
    )
    parser.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--limit", type=int, default=None, help="first N pages per corpus")
    parser.add_argument(
        "--show", type=int, default=0, metavar="N", help="diff the JSON of the first N that differ"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1 or (args.limit is not None and args.limit < 1) or args.show < 0:
        parser.error("--jobs and --limit must be at least 1, --show at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpora = [c for c in CORPORA if c in (args.corpus or CORPORA)]
    try:
        with contextlib.ExitStack() as stack:
            base, head = Revision(args.base, stack), Revision(args.head, stack)
            inputs = find_inputs(corpora, args.limit)
            if not inputs:
                raise UsageError("no inputs found")
            key, header = cache_key(corpora, args.limit), cache_header(inputs)
            base_records, base_how = records_of(base, inputs, args.jobs, key, header)
            head_records, head_how = records_of(head, inputs, args.jobs, key, header)
            counts, differing = compare_records(inputs, base_records, head_records)
            print(f"base {base.label}: {base_how}")
            print(f"head {head.label}: {head_how}")
            print()
            for line in report_lines(counts, differing):
                print(line)
            if args.show and differing:
                print()
                shown = [item for item, _ in differing[: args.show]]
                for line in show_diffs(base, head, shown, args.jobs):
                    print(line)
    except UsageError as exc:
        print(f"compare: {exc}", file=sys.stderr)
        return 2
    return 1 if differing else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--_runner"]:
        sys.exit(_runner_main())
    sys.exit(main())
