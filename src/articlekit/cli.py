"""The ``articlekit`` command: a Unix filter and a batch tool over files and folders.

Only the public API is used (``articlekit.clean``, ``articlekit.clean_many``,
``articlekit.InputError`` and Article methods), so the command is also a worked example of it.
Heavy imports (tqdm, the process pool) happen only once there is work to do, so ``--help``
stays fast. See docs/cli.md for the full reference.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import articlekit

if TYPE_CHECKING:
    from articlekit import Article

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM, e.g. from timeout(1) or a service manager
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what shells report when the reader went away

#: Output format -> suffix of the file written per input under ``-o``.
SUFFIXES = {
    "json": ".json",
    "jsonl": ".json",
    "text": ".txt",
    "markdown": ".md",
    "audit": ".html",
    "explain": ".explain.txt",
}

#: With ``--format audit -o OUTDIR``, the page listing every input, written last.
INDEX_NAME = "index.html"

#: Separates articles when several go to stdout as text or Markdown: a form feed, the
#: traditional page break, which never occurs in cleaned text.
PAGE_BREAK = "\f\n"

STDIN_NAME = "<stdin>"

EPILOG = """\
examples:
  articlekit < dump.txt > article.json           clean one dump (standard input)
  cat page.html | articlekit --format text       plain text: title, blank line, body
  articlekit a.txt b.txt > out.jsonl             JSON Lines, one object per input, with "path"
  articlekit -r --glob '*.txt' dumps/ > all.jsonl
  articlekit -r dumps/ -o clean/ --format markdown
                                                 clean/x/y.md for every dumps/x/y.*
  articlekit -r dumps/ -o clean/ --skip-existing resume an interrupted run
  articlekit --fields title,authors,published,body --now 2024-05-01T12:00:00+00:00 a.txt
  articlekit --format audit a.txt > a.html       colour-coded page of every decision
  articlekit -r dumps/ -o audit/ --format audit  one page per input, and audit/index.html
  articlekit explain a.txt | less -R             the decisions in the terminal

exit status: 0 all inputs cleaned, 1 some inputs failed, 2 usage error,
130 interrupted (Ctrl-C). Full reference: docs/cli.md
"""


# -- argument parsing ------------------------------------------------------------------------


def _iso_datetime(value: str) -> datetime:
    """``--now``: ISO 8601, also with a trailing ``Z`` (which Python 3.10 does not parse)."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date-time: {value!r} (e.g. 2024-05-01T12:00:00+00:00)"
        ) from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer: {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="articlekit",
        description=(
            "Turn raw scraped news-article dumps (text or HTML) into clean articles.\n"
            "With no PATH, read one dump from standard input and write it to standard output;\n"
            "with FILEs and DIRs, clean each file in parallel, to stdout or under -o OUTDIR."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files and folders to clean; none or '-' means standard input",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {articlekit.__version__}")

    out = parser.add_argument_group("output")
    out.add_argument(
        "-f",
        "--format",
        choices=tuple(SUFFIXES),
        default="json",
        help="output format (default: json). To stdout, json is one indented object for "
        "standard input or a single FILE, JSON Lines otherwise. audit: an HTML page showing "
        "every decision (with -o, also OUTDIR/index.html); explain: the decisions as text",
    )
    out.add_argument(
        "--explain",
        dest="format",
        action="store_const",
        const="explain",
        help="same as --format explain (or the command 'articlekit explain PATH ...')",
    )
    out.add_argument(
        "--color",
        "--colour",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour --format explain output: auto (default) when stdout is a terminal "
        "and NO_COLOR is not set",
    )
    out.add_argument(
        "-o",
        "--output-dir",
        metavar="OUTDIR",
        type=Path,
        help="write one file per input under OUTDIR, mirroring the input tree, instead of stdout",
    )
    out.add_argument(
        "--fields",
        metavar="LIST",
        help="comma-separated top-level keys to keep in JSON output, e.g. title,authors,body",
    )
    out.add_argument(
        "--with-segments",
        action="store_true",
        help="add the audit trail to JSON output: 'text' and its labelled 'segments'",
    )
    existing = out.add_mutually_exclusive_group()
    existing.add_argument(
        "--overwrite", action="store_true", help="replace outputs that already exist (with -o)"
    )
    existing.add_argument(
        "--skip-existing",
        action="store_true",
        help="leave inputs whose output exists alone, to resume a run (with -o)",
    )

    inp = parser.add_argument_group("input")
    inp.add_argument(
        "-r", "--recursive", action="store_true", help="descend into subfolders of each DIR"
    )
    inp.add_argument(
        "--glob",
        metavar="PATTERN",
        action="append",
        default=[],
        help="in folders, take only files whose name matches PATTERN (repeatable; a pattern "
        "with '/' matches the path below DIR); files named on the command line are always taken",
    )
    inp.add_argument(
        "--input-format",
        choices=("auto", "text", "html"),
        default="auto",
        help="how to read inputs (default: auto-detect)",
    )
    inp.add_argument(
        "--now",
        metavar="ISO8601",
        type=_iso_datetime,
        help="reference time for relative dates such as '13 hours ago'",
    )
    inp.add_argument("--language", metavar="CODE", help="language of the inputs, e.g. en, de")
    inp.add_argument("--url", help="address of the page, recorded in the article")
    inp.add_argument(
        "--max-bytes",
        metavar="N",
        type=_positive_int,
        help="fail inputs larger than N bytes instead of cleaning them",
    )
    inp.add_argument(
        "--reader",
        choices=("file", "auto", "jsonl", "warc", "wet"),
        default="file",
        help="how a FILE holds documents: file (default: one dump per file); jsonl (one per "
        "line, see --field); warc or wet (one per record; needs articlekit[warc]); auto (by "
        "suffix: .jsonl, .warc, .wet, optionally .gz, else one per file)",
    )
    inp.add_argument(
        "--field",
        metavar="NAME",
        help="with --reader jsonl: the key holding each document's text or HTML (default: text)",
    )

    adapt = parser.add_argument_group("adapting to a site (docs/rules.md, docs/site-profiles.md)")
    adapt.add_argument(
        "--rules",
        metavar="FILE",
        help="a rule pack (TOML) adding to or overriding the word lists and patterns per "
        "label, language or site",
    )
    adapt.add_argument(
        "--favour",
        "--favor",
        choices=("balanced", "precision", "recall"),
        default="balanced",
        help="precision: keep less boilerplate, at some cost in article text; recall: keep "
        "more article text (default: balanced)",
    )
    adapt.add_argument(
        "--profile",
        metavar="FILE",
        help="a site profile (JSON or TOML, from --save-profile or SiteProfile.save): the "
        "boilerplate it holds is removed",
    )
    adapt.add_argument(
        "--learn",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="first learn each site's boilerplate (what recurs across its pages) from the "
        "inputs, then clean with it; sites are told by --url or the records' URLs, else by "
        "folder (default: on for files and folders, unless --profile is given)",
    )
    adapt.add_argument(
        "--save-profile",
        metavar="FILE",
        type=Path,
        help="write the profiles learned to FILE (.json, or .toml), for --profile later",
    )

    run = parser.add_argument_group("run")
    run.add_argument(
        "-j",
        "--jobs",
        metavar="N",
        type=_positive_int,
        help="worker processes (default: number of CPUs); 1 runs in this process",
    )
    run.add_argument("--fail-fast", action="store_true", help="stop at the first input that fails")
    talk = run.add_mutually_exclusive_group()
    talk.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar and no summary; errors are still reported",
    )
    talk.add_argument("-v", "--verbose", action="store_true", help="one line per input on stderr")
    return parser


@dataclass(frozen=True)
class _Options:
    """Validated settings the run needs, so nothing below looks at argparse again."""

    paths: tuple[str, ...]
    fmt: str
    outdir: Path | None
    fields: tuple[str, ...] | None
    segments: bool
    overwrite: bool
    skip_existing: bool
    recursive: bool
    globs: tuple[str, ...]
    jobs: int | None
    fail_fast: bool
    quiet: bool
    verbose: bool
    clean_kwargs: dict[str, Any]
    colour: bool = False
    width: int = 100
    reader: str = "file"
    field: str = "text"
    learn: bool = False
    save_profile: Path | None = None


def _known_fields() -> tuple[str, ...]:
    """Top-level keys of ``Article.to_dict``, asked of the API so they cannot drift."""
    return (*articlekit.Article(text="").to_dict(segments=True), "path")


def _validate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> _Options:
    paths = tuple(args.paths)
    stdin = not paths or paths == ("-",)
    if "-" in paths and not stdin:
        parser.error("'-' (standard input) cannot be mixed with other paths")
    if stdin and args.output_dir is not None:
        parser.error("-o/--output-dir needs FILE or DIR arguments, not standard input")
    if args.output_dir is None and (args.overwrite or args.skip_existing):
        parser.error("--overwrite and --skip-existing only apply with -o/--output-dir")
    if args.output_dir is not None and args.output_dir.exists() and not args.output_dir.is_dir():
        parser.error(f"-o/--output-dir {args.output_dir} exists and is not a folder")
    json_out = args.format in ("json", "jsonl")
    one_input = stdin or (len(paths) == 1 and not Path(paths[0]).is_dir())
    if args.format == "audit" and args.output_dir is None and not one_input:
        parser.error(
            "--format audit writes one HTML page per input: give -o OUTDIR (or a single FILE)"
        )
    if not json_out and (args.fields is not None or args.with_segments):
        parser.error("--fields and --with-segments apply to --format json or jsonl only")
    if args.field is not None and args.reader not in ("jsonl", "auto"):
        parser.error("--field applies to --reader jsonl (or auto)")
    if args.reader == "auto" and stdin:
        parser.error("--reader auto goes by file names: name the reader for standard input")
    if args.reader != "file" and (args.output_dir is not None or args.format == "audit"):
        parser.error(
            f"--reader {args.reader} writes one article per record to standard output: "
            "redirect it to a file instead of -o, and use json, jsonl, text or markdown"
        )

    fields: tuple[str, ...] | None = None
    segments = bool(args.with_segments)
    if args.fields is not None:
        fields = tuple(f.strip() for f in args.fields.split(",") if f.strip())
        known = _known_fields()
        unknown = [f for f in fields if f not in known]
        if not fields or unknown:
            parser.error(
                f"--fields: unknown field(s) {', '.join(unknown) or '(none given)'}; "
                f"choose from {','.join(known)}"
            )
        if segments:
            fields += tuple(f for f in ("text", "segments") if f not in fields)
        segments = segments or any(f in ("text", "segments") for f in fields)
    learn = _check_adapting(parser, args, stdin)

    return _Options(
        paths=() if stdin else paths,
        fmt=args.format,
        outdir=args.output_dir,
        fields=fields,
        segments=segments,
        overwrite=args.overwrite,
        skip_existing=args.skip_existing,
        recursive=args.recursive,
        globs=tuple(args.glob),
        jobs=args.jobs,
        fail_fast=args.fail_fast,
        quiet=args.quiet,
        verbose=args.verbose,
        colour=_colour(args.color, to_terminal=args.output_dir is None),
        width=_terminal_width(),
        reader=args.reader,
        field=args.field or "text",
        learn=learn,
        save_profile=args.save_profile,
        # Only what was given: the library's own defaults (max_bytes) stay in force otherwise.
        # Rule packs and profiles go by path: workers read each once (cached per process).
        clean_kwargs={
            key: value
            for key, value in (
                ("now", args.now),
                ("language", args.language),
                ("format", args.input_format),
                ("url", args.url),
                ("max_bytes", args.max_bytes),
                ("rules", args.rules),
                ("favour", None if args.favour == "balanced" else args.favour),
                ("profile", args.profile),
            )
            if value is not None
        },
    )


def _check_adapting(parser: argparse.ArgumentParser, args: argparse.Namespace, stdin: bool) -> bool:
    """Read --rules and --profile now, so a bad file is a usage error naming its line, not a
    failure of every input; and decide whether to learn (files and folders, no --profile)."""
    if args.rules is not None:
        try:
            articlekit.load_pack(args.rules)
        except articlekit.RuleError as exc:
            parser.error(f"--rules: {exc}")
    if args.profile is not None:
        from articlekit.config import sites

        try:
            sites.load(args.profile)
        except articlekit.ProfileError as exc:
            parser.error(f"--profile: {exc}")
    learn = args.learn if args.learn is not None else args.profile is None
    if stdin and args.learn:
        parser.error(
            "--learn needs FILE or DIR arguments: one page from standard input has "
            "nothing to compare with"
        )
    if args.save_profile is not None and (not learn or stdin):
        parser.error("--save-profile writes what --learn learned: give FILE or DIR arguments")
    return learn and not stdin


def _colour(when: str, *, to_terminal: bool) -> bool:
    """Colour for ``--format explain``: always, never, or (auto) when stdout is a terminal
    and the NO_COLOR convention (https://no-color.org) does not ask otherwise."""
    if when != "auto":
        return when == "always"
    return to_terminal and _isatty(sys.stdout) and not os.environ.get("NO_COLOR")


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns if _isatty(sys.stdout) else 100


# -- rendering (runs in the worker processes) ------------------------------------------------


def render(
    article: Article,
    *,
    fmt: str,
    fields: tuple[str, ...] | None,
    segments: bool,
    indent: bool,
    colour: bool = False,
    width: int = 100,
) -> str:
    """One article in the output format, ending in a newline. A top-level function so
    ``clean_many`` can send it to worker processes, which then return strings, not Articles."""
    if fmt == "text":
        return article.to_text()
    if fmt == "markdown":
        return article.to_markdown()
    if fmt == "audit":
        return article.to_html()
    if fmt == "explain":
        return articlekit.explain(article, colour=colour, width=width)
    data = article.to_dict(segments=segments)
    if fields is not None:
        data = {key: data[key] for key in fields if key in data}
    return json.dumps(data, ensure_ascii=False, indent=2 if indent else None) + "\n"


def render_audit(article: Article) -> tuple[str, articlekit.AuditSummary]:
    """``--format audit -o``: the page, and the figures the index needs (small to send back)."""
    return article.to_html(), articlekit.audit_summary(article)


def _with_path(path: str, json_line: str) -> str:
    """Put ``"path"`` first in a rendered one-line JSON object without parsing it again.
    The path is ASCII-escaped so undecodable file names still give valid UTF-8."""
    head = '{"path": ' + json.dumps(path)
    body = json_line.rstrip("\n")
    rest = body[1:]
    return head + ("}" if rest.strip() == "}" else ", " + rest) + "\n"


# -- finding inputs --------------------------------------------------------------------------


@dataclass
class _Task:
    """One input: where it is, where its output goes, and why it will not run (if so)."""

    path: Path
    out: Path | None = None
    error: str | None = None
    skip: bool = False


def _matches(rel: Path, globs: tuple[str, ...]) -> bool:
    from fnmatch import fnmatchcase

    if not globs:
        return True
    return any(fnmatchcase(rel.as_posix() if "/" in g else rel.name, g) for g in globs)


def _find(opts: _Options) -> Iterator[tuple[_Task, Path]]:
    """Every input with its path relative to the output folder, in a stable order."""
    exclude = os.path.realpath(opts.outdir) if opts.outdir is not None else None
    for arg in opts.paths:
        root = Path(arg)
        if root.is_dir():
            yield from _walk(root, opts, exclude)
        else:
            yield _Task(root), Path(root.name)


def _walk(root: Path, opts: _Options, exclude: str | None) -> list[tuple[_Task, Path]]:
    """The files of one DIR argument, sorted. Hidden names (starting with '.') are skipped,
    and so is the output folder when it lies inside, so a rerun does not read its own
    outputs. A subfolder that cannot be listed becomes a failed task, not a crash."""
    failed: list[tuple[_Task, Path]] = []
    found: list[tuple[_Task, Path]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        failed.append((_Task(where, error=_reason(exc)), Path(where.name)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        if opts.recursive:
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not d.startswith(".") and os.path.realpath(os.path.join(dirpath, d)) != exclude
            )
        else:
            dirnames[:] = []
        for name in filenames:
            full = Path(dirpath, name)
            rel = full.relative_to(root)
            if not name.startswith(".") and _matches(rel, opts.globs) and full.is_file():
                found.append((_Task(full), rel))
    found.sort(key=lambda pair: pair[1].parts)
    return failed + found


def _plan_outputs(tasks: list[_Task], rels: list[Path], opts: _Options) -> None:
    """Decide each output path under ``-o`` and refuse the unsafe ones before any work:
    an output that is an input, two inputs with one output, an existing output."""
    assert opts.outdir is not None
    suffix = SUFFIXES[opts.fmt]
    input_real = {os.path.realpath(t.path) for t in tasks}
    input_ids = set()
    for t in tasks:
        try:
            st = os.stat(t.path)
        except OSError:
            continue
        input_ids.add((st.st_dev, st.st_ino))
    claimed: dict[str, Path] = {}
    if opts.fmt == "audit":  # the index is written last; no input may take its place
        claimed[os.path.realpath(opts.outdir / INDEX_NAME)] = Path("the audit index")
    for task, rel in zip(tasks, rels, strict=True):
        if task.error is not None:
            continue
        out = opts.outdir / rel.with_suffix(suffix)
        task.out = out
        real = os.path.realpath(out)
        try:
            st = os.stat(out)
            same_file = (st.st_dev, st.st_ino) in input_ids
        except OSError:
            same_file = False
        if real in input_real or same_file:
            task.error = f"output {out} would overwrite an input; refusing"
        elif real in claimed:
            task.error = f"output {out} is already the output of {claimed[real]}"
        else:
            claimed[real] = task.path
            if os.path.lexists(out):
                if opts.skip_existing:
                    task.skip = True
                elif not opts.overwrite:
                    task.error = (
                        f"output {out} exists (--overwrite replaces it, --skip-existing keeps it)"
                    )


# -- writing -------------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM back while the block runs, then deliver them.

    Swapping the Python-level handlers, rather than masking the signal, also works when the
    signal lands on another thread (the process pool has some). Main thread only."""
    import signal

    held: list[int] = []

    def hold(signum: int, frame: object) -> None:
        held.append(signum)

    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, hold) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:
            signal.raise_signal(held[0])


def _write_atomic(target: Path, data: bytes, *, overwrite: bool, mode: int) -> None:
    """Write to a temporary file beside ``target``, then rename it into place: readers and an
    interrupted run only ever see no file or a whole one. Without ``overwrite`` the final step
    is a hard link, which fails rather than replace a file that appeared meanwhile. The caller
    holds Ctrl-C back meanwhile, so the temporary file is always removed."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):  # not on Windows before 3.13
                os.fchmod(fh.fileno(), mode)
            fh.write(data)
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if os.path.lexists(target):
                    raise FileExistsError(f"{target} exists") from None
                os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


# -- reporting -------------------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    """Why an input failed, in words: the OS message for files, the message for bad input,
    and the exception type too for anything unexpected."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, articlekit.InputError):
        return str(exc) or "invalid input"
    return f"{type(exc).__name__}: {exc}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Reporter:
    """Messages and the progress bar on stderr; stdout carries only articles."""

    def __init__(self, opts: _Options) -> None:
        self.quiet = opts.quiet
        self.verbose = opts.verbose
        self.started = time.monotonic()
        self.inputs = self.outputs = self.failed = self.skipped = 0
        self.bar: Any = None

    def start_bar(self, total: int) -> None:
        """A progress bar, only for a person watching: stderr a terminal and not --quiet."""
        if self.quiet or not _isatty(sys.stderr):
            return
        try:
            from tqdm import tqdm
        except ImportError:  # the bar is a nicety: run without it rather than fail
            return
        # No monitor thread: worker processes may be forked later, and fork and threads mix badly.
        tqdm.monitor_interval = 0
        self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, leave=False)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr, flush=True)

    def info(self, message: str) -> None:
        if self.verbose:
            self.say(f"articlekit: {message}")

    def error(self, name: str, reason: str) -> None:
        self.failed += 1
        self._done()
        self.say(f"articlekit: error: {name}: {reason}")

    def wrote(self, message: str) -> None:
        self.outputs += 1
        self._done()
        self.info(message)

    def skipped_one(self, message: str) -> None:
        self.skipped += 1
        self._done()
        self.info(message)

    def _done(self) -> None:
        """Count an input once it is finished, so an interrupted run's summary is exact."""
        self.inputs += 1
        if self.bar is not None:
            self.bar.update(1)

    def summary(self, *, interrupted: bool = False) -> str:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        seconds = time.monotonic() - self.started
        line = (
            f"articlekit: {_plural(self.inputs, 'input')}, {_plural(self.outputs, 'output')}, "
            f"{self.failed} failed, {self.skipped} skipped in {seconds:.2f}s"
        )
        return line + (" (interrupted)" if interrupted else "")


def _isatty(stream: IO[Any]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- running ---------------------------------------------------------------------------------


def _run_stdin(opts: _Options, report: _Reporter) -> int:
    """The filter: one dump in, one article out."""
    if _isatty(sys.stdin) and not opts.quiet:
        report.say("articlekit: reading standard input (end with Ctrl-D; --help for usage)")
    limit = opts.clean_kwargs.get("max_bytes")
    # Past the limit one more byte is enough for clean() to refuse it; no need to hold it all.
    data = sys.stdin.buffer.read() if limit is None else sys.stdin.buffer.read(limit + 1)
    try:
        article = articlekit.clean(data, **opts.clean_kwargs)
    except Exception as exc:
        report.error(STDIN_NAME, _reason(exc))
        return EXIT_FAILED
    text = render(
        article,
        fmt=opts.fmt,
        fields=opts.fields,
        segments=opts.segments,
        indent=opts.fmt == "json",
        colour=opts.colour,
        width=opts.width,
    )
    if opts.fmt == "jsonl":
        text = _with_path("-", text)
    with _signals_deferred():
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        report.wrote(f"{STDIN_NAME} -> stdout")
    return EXIT_OK


def _run_paths(opts: _Options, report: _Reporter, tasks: list[_Task]) -> int:
    """The batch: clean every task in parallel, in order, reporting failures as they come."""
    to_stdout = opts.outdir is None
    # One FILE argument reads like standard input: a single pretty object. Anything that may
    # give several outputs is JSON Lines, so the shape never depends on what a folder holds.
    single = (
        to_stdout and len(opts.paths) == 1 and len(tasks) == 1 and not Path(opts.paths[0]).is_dir()
    )
    json_lines = opts.fmt == "jsonl" or (opts.fmt == "json" and to_stdout and not single)
    transform: Any = partial(
        render,
        fmt=opts.fmt,
        fields=opts.fields,
        segments=opts.segments,
        indent=opts.fmt == "json" and not json_lines,
        colour=opts.colour,
        width=opts.width,
    )
    # A folder audit also needs each page's figures, for the index written at the end.
    index: list[articlekit.AuditEntry] | None = None
    if opts.fmt == "audit" and opts.outdir is not None:
        transform = render_audit
        index = []
    runnable = [t.path for t in tasks if t.error is None and not t.skip]
    results = articlekit.clean_many(
        runnable, jobs=opts.jobs, errors="return", transform=transform, **opts.clean_kwargs
    )
    mode = 0o666 & ~_umask()
    wrote_any = False
    try:
        for task in tasks:
            name = str(task.path)
            if task.skip:
                report.skipped_one(f"{name}: skipped, {task.out} exists")
                if index is not None:
                    index.append(_index_entry(task, opts, summary=_summary_of_page(task.out)))
                continue
            if task.error is not None:
                report.error(name, task.error)
                if index is not None:
                    index.append(_index_entry(task, opts, error=task.error))
            else:
                result = next(results)
                summary = None
                if index is not None and not isinstance(result, Exception):
                    result, summary = result
                if isinstance(result, Exception):
                    report.error(name, _reason(result))
                    if index is not None:
                        index.append(_index_entry(task, opts, error=_reason(result)))
                elif _emit(
                    task,
                    result,
                    opts,
                    report,
                    json_lines=json_lines,
                    first=not wrote_any,
                    mode=mode,
                ):
                    wrote_any = True
                    if index is not None:
                        index.append(_index_entry(task, opts, summary=summary))
                    continue
                elif index is not None:
                    index.append(_index_entry(task, opts, error="output not written"))
            if opts.fail_fast:
                report.say("articlekit: stopping at the first failure (--fail-fast)")
                break
    finally:
        results.close()
    index_ok = index is None or _write_index(index, opts, report, mode=mode)
    return EXIT_FAILED if report.failed or not index_ok else EXIT_OK


def _index_entry(
    task: _Task,
    opts: _Options,
    *,
    summary: articlekit.AuditSummary | None = None,
    error: str | None = None,
) -> articlekit.AuditEntry:
    """A row of the audit index: the input, a link to its page relative to OUTDIR (percent-
    encoded from the raw bytes of the name, so any file name gives a working link)."""
    from urllib.parse import quote

    href = None
    if task.out is not None and opts.outdir is not None and error is None:
        rel = os.path.relpath(task.out, opts.outdir)
        href = quote(os.fsencode(Path(rel).as_posix()))
    return articlekit.AuditEntry(name=str(task.path), href=href, summary=summary, error=error)


def _summary_of_page(path: Path | None) -> articlekit.AuditSummary | None:
    """The figures an audit page from an earlier run carries in its head, if it is one."""
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(256 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    return articlekit.AuditSummary.from_page(head)


def _write_index(
    entries: list[articlekit.AuditEntry], opts: _Options, report: _Reporter, *, mode: int
) -> bool:
    """OUTDIR/index.html, atomically. It describes this run, so an index an earlier run wrote
    is replaced; any other file of that name is kept unless --overwrite is given."""
    assert opts.outdir is not None
    target = opts.outdir / INDEX_NAME
    overwrite = opts.overwrite or _is_our_index(target)
    data = articlekit.audit_index(entries).encode("utf-8")
    with _signals_deferred():
        try:
            _write_atomic(target, data, overwrite=overwrite, mode=mode)
        except FileExistsError:
            report.say(
                f"articlekit: error: {target} exists and is not an articlekit index "
                "(--overwrite replaces it)"
            )
            return False
        except OSError as exc:
            report.say(f"articlekit: error: cannot write {target}: {_reason(exc)}")
            return False
    report.info(f"index of {_plural(len(entries), 'input')} -> {target}")
    return True


def _is_our_index(path: Path) -> bool:
    """Whether ``path`` is an index page articlekit wrote: its generator meta tag (see
    docs/audit.md) is in the first bytes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError:
        return False
    return b'<meta name="generator" content="articlekit audit index">' in head


def _emit(
    task: _Task,
    rendered: str,
    opts: _Options,
    report: _Reporter,
    *,
    json_lines: bool,
    first: bool,
    mode: int,
) -> bool:
    """Send one rendered article to stdout or its output file; False if it could not be.
    Ctrl-C waits until the output is whole and counted, so the summary matches the disk."""
    name = str(task.path)
    text = _with_path(name, rendered) if json_lines else rendered
    if task.out is None and not first and opts.fmt in ("text", "markdown", "explain"):
        text = PAGE_BREAK + text
    data = text.encode("utf-8")
    with _signals_deferred():
        if task.out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            try:
                _write_atomic(task.out, data, overwrite=opts.overwrite, mode=mode)
            except OSError as exc:
                report.error(name, f"cannot write {task.out}: {_reason(exc)}")
                return False
        report.wrote(f"{name} -> {task.out or 'stdout'}")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m articlekit``; returns the exit
    status (0 fine, 1 some inputs failed, 2 usage error, 130 interrupted)."""
    parser = build_parser()
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["explain"]:  # `articlekit explain PATH ...` is `--format explain PATH ...`
        args = ["--format", "explain", *args[1:]]
    opts = _validate(parser, parser.parse_args(args))
    with _sigterm_as_interrupt():
        if opts.reader != "file":
            return _main_records(opts)
        if not opts.paths:
            return _main_stdin(opts)
        return _main_paths(opts)


def _main_stdin(opts: _Options) -> int:
    report = _Reporter(opts)
    try:
        status = _run_stdin(opts, report)
    except KeyboardInterrupt as exc:
        report.say("articlekit: interrupted")
        return EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED
    except BrokenPipeError:
        return _broken_pipe()
    if opts.verbose:
        report.say(report.summary())
    return status


def _main_paths(opts: _Options) -> int:
    from concurrent.futures import BrokenExecutor

    report = _Reporter(opts)
    interrupted = False
    learned: list[str] = []  # a temporary profile file to remove at the end
    try:
        pairs = list(_find(opts))
        tasks = [task for task, _ in pairs]
        if opts.outdir is not None:
            _plan_outputs(tasks, [rel for _, rel in pairs], opts)
        if opts.learn:
            opts = _learn_files(opts, report, tasks, learned)
        report.start_bar(len(tasks))
        report.info(f"{_plural(len(tasks), 'input')}, jobs={opts.jobs or 'all CPUs'}")
        if not tasks and not opts.quiet:
            report.say("articlekit: warning: no input files found")
        status = _run_paths(opts, report, tasks)
    except KeyboardInterrupt as exc:
        interrupted = True
        status = EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED
    except BrokenPipeError:
        return _broken_pipe()
    except BrokenExecutor as exc:  # a worker was killed: no single input is to blame
        report.say(f"articlekit: fatal: {_reason(exc)}")
        status = EXIT_FAILED
    finally:
        for name in learned:
            with contextlib.suppress(OSError):
                os.unlink(name)
    if not opts.quiet or interrupted:
        report.say(report.summary(interrupted=interrupted))
    return status


# -- learning each site's boilerplate first (--learn) -----------------------------------------


def _learn_files(
    opts: _Options, report: _Reporter, tasks: list[_Task], temporary: list[str]
) -> _Options:
    """Clean the inputs once to learn each site's boilerplate (a site is the --url's host, else
    a folder), then return the options that clean with the profiles learned. Only sites with
    enough inputs are read twice; failures here are left for the real pass to report."""
    from articlekit.config.sites import DEFAULT_MIN_PAGES, site_of

    site = site_of(opts.clean_kwargs.get("url"))
    groups: dict[str, list[Path]] = {}
    for task in tasks:
        if task.error is None:
            groups.setdefault(site or str(task.path.parent), []).append(task.path)
    items = [
        (name, path)
        for name, paths in groups.items()
        if len(paths) >= DEFAULT_MIN_PAGES
        for path in paths
    ]
    if not items:
        report.info("nothing to learn from: no site with 3 inputs or more")
        return opts
    report.info(
        f"learning from {_plural(len(items), 'input')} "
        f"of {_plural(len({n for n, _ in items}), 'site')}"
    )
    return _learned(
        opts, report, [name for name, _ in items], [path for _, path in items], temporary
    )


def _learned(
    opts: _Options,
    report: _Reporter,
    sites: Sequence[str | None] | None,
    items: Any,
    temporary: list[str],
) -> _Options:
    """Run the learning pass over ``items`` (``sites[i]`` is item i's site; None: take each
    page's URL host), save the profiles and put them in the options' ``clean_kwargs``."""
    from dataclasses import replace

    from articlekit.config.sites import load as load_profiles
    from articlekit.config.sites import save as save_profiles
    from articlekit.profiles import SiteLearners, site_keys

    kwargs = {k: v for k, v in opts.clean_kwargs.items() if k != "profile"}
    learners = SiteLearners()
    results = articlekit.clean_many(
        items, jobs=opts.jobs, errors="return", transform=site_keys, **kwargs
    )
    try:
        for i, result in enumerate(results):
            if isinstance(result, Exception):
                continue
            url_site, keys = result
            site = sites[i] if sites is not None else url_site
            learners.add_keys(site or "", keys)
    finally:
        results.close()
    found: list[Any] = list(learners.profiles())
    if "profile" in opts.clean_kwargs:
        found = load_profiles(opts.clean_kwargs["profile"]) + found
    report.info(
        f"learned {_plural(sum(len(p) for p in found), 'boilerplate block')} "
        f"of {_plural(len(found), 'site')}"
    )
    if opts.save_profile is not None:
        save_profiles(opts.save_profile, found)
        report.info(f"profiles -> {opts.save_profile}")
    if not found:
        return opts
    target = str(opts.save_profile) if opts.save_profile is not None else None
    if target is None:
        import tempfile

        fd, target = tempfile.mkstemp(prefix="articlekit-profile-", suffix=".json")
        os.close(fd)
        temporary.append(target)
        save_profiles(target, found)
    return replace(opts, clean_kwargs={**opts.clean_kwargs, "profile": target})


# -- crawl files: records from JSON Lines, WARC and WET (--reader) ---------------------------


def _main_records(opts: _Options) -> int:
    """``--reader``: every record of every FILE (or of standard input) becomes one article on
    stdout, in order, cleaned in parallel by ``clean_many`` with the record's URL."""
    from concurrent.futures import BrokenExecutor

    report = _Reporter(opts)
    interrupted = False
    learned: list[str] = []  # a temporary profile file to remove at the end
    try:
        if opts.learn:  # the files are read twice: once to learn each URL host's boilerplate
            report.info("learning each site's boilerplate from the records")
            opts = _learned(opts, report, None, _records(opts, deque()), learned)
        status = _run_records(opts, report)
    except KeyboardInterrupt as exc:
        interrupted = True
        status = EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED
    except BrokenPipeError:
        return _broken_pipe()
    except BrokenExecutor as exc:
        report.say(f"articlekit: fatal: {_reason(exc)}")
        status = EXIT_FAILED
    except ImportError as exc:  # warcio missing: say how to get it
        report.say(f"articlekit: error: {exc}")
        status = EXIT_FAILED
    finally:
        for name in learned:
            with contextlib.suppress(OSError):
                os.unlink(name)
    if not opts.quiet or interrupted:
        report.say(report.summary(interrupted=interrupted))
    return status


def _records(opts: _Options, names: deque[tuple[str, str | None]]) -> Iterator[Any]:
    """The records of every input, lazily; ``names`` gets (input, record id) for each one
    handed out, so results (which come back in the same order) can be labelled."""
    from articlekit import readers
    from articlekit.api import DEFAULT_MAX_BYTES

    limit = opts.clean_kwargs.get("max_bytes", DEFAULT_MAX_BYTES)
    if not opts.paths:
        stdin = readers.read(sys.stdin.buffer, opts.reader, field=opts.field, max_bytes=limit)
        yield from _labelled(stdin, STDIN_NAME, names)
        return
    for task, _ in _find(opts):
        name = str(task.path)
        if task.error is not None:
            names.append((name, None))
            yield readers.Record(name, "", None, articlekit.InputError(task.error))
            continue
        reader = opts.reader if opts.reader != "auto" else readers.reader_for(name)
        if reader is None:  # --reader auto, and not a crawl file: the whole file is one dump
            names.append((name, None))
            yield readers.Record(name, task.path)
            continue
        yield from _labelled(
            readers.read(task.path, reader, field=opts.field, max_bytes=limit), name, names
        )


def _labelled(
    records: Iterator[Any], name: str, names: deque[tuple[str, str | None]]
) -> Iterator[Any]:
    for record in records:
        names.append((name, record.id))
        yield record


def _run_records(opts: _Options, report: _Reporter) -> int:
    text_out = opts.fmt not in ("json", "jsonl")
    transform = partial(
        render,
        fmt=opts.fmt,
        fields=opts.fields,
        segments=opts.segments,
        indent=False,
        colour=opts.colour,
        width=opts.width,
    )
    names: deque[tuple[str, str | None]] = deque()
    results = articlekit.clean_many(
        _records(opts, names),
        jobs=opts.jobs,
        errors="return",
        transform=transform,
        **opts.clean_kwargs,
    )
    first = True
    try:
        for result in results:
            name, rid = names.popleft()
            label = name if rid is None or rid == name else f"{name} [{rid}]"
            if isinstance(result, Exception):
                report.error(*_where(_reason(result), label, rid, name))
                if opts.fail_fast:
                    report.say("articlekit: stopping at the first failure (--fail-fast)")
                    break
                continue
            if text_out:
                out = result if first else PAGE_BREAK + result
            else:
                out = _with_record("-" if name == STDIN_NAME else name, rid, result)
            first = False
            with _signals_deferred():
                sys.stdout.buffer.write(out.encode("utf-8"))
                sys.stdout.buffer.flush()
                report.wrote(f"{label} -> stdout")
    finally:
        results.close()
    return EXIT_FAILED if report.failed else EXIT_OK


def _where(reason: str, label: str, rid: str | None, name: str) -> tuple[str, str]:
    """A reader's error already names its place ("a.jsonl:7: not JSON"): do not repeat it."""
    for prefix in (rid, name):
        if prefix and reason.startswith(prefix + ": "):
            return prefix, reason[len(prefix) + 2 :]
    return label, reason


def _with_record(path: str, record: str | None, json_line: str) -> str:
    """``"path"`` and ``"record"`` (the record id) first in a rendered one-line JSON object."""
    line = _with_path(path, json_line)
    head = '{"path": ' + json.dumps(path)
    return head + ', "record": ' + json.dumps(record) + line[len(head) :]


class _Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Let ``timeout`` or a service manager stop a run as cleanly as Ctrl-C does; the old
    handler is put back afterwards, for callers of ``main()`` in their own process."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _broken_pipe() -> int:
    """The reader of stdout went away (``articlekit dir/ | head``): stop quietly, and keep
    Python from complaining again when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE
