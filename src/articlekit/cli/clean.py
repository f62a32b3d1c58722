"""``articlekit clean`` (the default command): standard input to standard output, or every
FILE and DIR cleaned in parallel, to stdout or to one file per input under ``-o OUTDIR``;
with ``--format audit -o``, also the index page of the run."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import articlekit
from articlekit.api import DEFAULT_MAX_BYTES
from articlekit.cli import options
from articlekit.cli.inputs import (
    INDEX_NAME,
    STDIN_NAME,
    Task,
    find,
    nothing_found,
    plan_outputs,
)
from articlekit.cli.parquet import OutputError
from articlekit.cli.pool import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    StdoutError,
    Terminated,
    broken_pipe,
    clean_all,
    guarded,
    signals_deferred,
    stdout_gone,
    stop_listening,
)
from articlekit.cli.render import (
    PAGE_BREAK,
    csv_header,
    render,
    render_audit,
    renderer,
    with_cells,
    with_path,
)
from articlekit.cli.report import Reporter, isatty, plural, reason
from articlekit.cli.writing import file_mode, remove_stale, to_file, to_stdout, write_atomic
from articlekit.text.files import read_stream

if TYPE_CHECKING:
    from articlekit.cli.options import Commands, Options

DESCRIPTION = """\
Turn raw scraped news-article dumps (text or HTML) into clean articles.
With no PATH, read one dump from standard input and write it to standard output;
with FILEs and DIRs, clean each file in parallel, to stdout or under -o OUTDIR.
"""

EPILOG = """\
commands ('articlekit COMMAND --help' for each):
  clean      clean dumps: the options above (the default: 'articlekit [OPTIONS] [PATH ...]')
  explain    every decision over each input, as text for a terminal
  learn      learn each site's boilerplate into a profile file (--save-profile FILE)
  records    one article per record of crawl files (JSON Lines, WARC, WET), as --reader
The command is the first argument that is not an option or an option's value; options may
come before or after it. A FILE named like a command is given as ./explain (or after --).

examples:
  articlekit < dump.txt > article.json           clean one dump (standard input)
  cat page.html | articlekit --format text       plain text: title, blank line, body
  articlekit a.txt b.txt > out.jsonl             JSON Lines, one object per input, with "path"
  articlekit -r --glob '*.txt' dumps/ > all.jsonl
  articlekit -r dumps/ -o clean/ --format markdown
                                                 clean/x/y.md for every dumps/x/y.*
  articlekit -r dumps/ -o clean/ --format markdown --skip-existing
                                                 resume an interrupted run (same format)
  articlekit -f csv -r dumps/ > articles.csv     one row per article
  articlekit -f parquet -r dumps/ > articles.parquet
                                                 one Parquet file, typed by articlekit.schema()
  articlekit --fields title,authors,published,body --now 2024-05-01T12:00:00+00:00 a.txt
  articlekit --format audit a.txt > a.html       colour-coded page of every decision
  articlekit -r dumps/ -o audit/ --format audit  one page per input, and audit/index.html
  articlekit explain a.txt | less -R             the decisions in the terminal

exit status: 0 all inputs cleaned, 1 some inputs failed or none found, 2 usage error,
130 interrupted (Ctrl-C). Full reference: docs/cli.md
"""


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "clean",
        prog="articlekit",  # what `articlekit [OPTIONS] [PATH ...]` runs: usage as it always was
        help="clean dumps (the default command)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.add_paths(parser, "files and folders to clean; none or '-' means standard input")
    options.add_output(parser)
    options.add_input(parser)
    options.add_adapting(parser)
    options.add_run(parser)


check = options.validate


def run(opts: Options) -> int:
    """The whole command: records of crawl files, standard input, or files and folders."""
    if opts.reader != "file":
        from articlekit.cli import records

        return records.run(opts)
    if not opts.paths:
        return run_stdin(opts)
    return run_paths(opts)


# -- standard input ------------------------------------------------------------------------------


def run_stdin(opts: Options) -> int:
    report = Reporter(quiet=opts.quiet, verbose=opts.verbose)
    try:
        status = _filter(opts, report)
    except KeyboardInterrupt as exc:
        stop_listening()
        report.say("articlekit: interrupted")
        return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    except BrokenPipeError:
        return broken_pipe()
    except StdoutError as exc:
        report.say(f"articlekit: fatal: {exc}")
        stdout_gone()
        return EXIT_FAILED
    if opts.verbose:
        report.say(report.summary())
    return status


def _filter(opts: Options, report: Reporter) -> int:
    """The filter: one dump in, one article out."""
    if isatty(sys.stdin) and not opts.quiet:
        report.say("articlekit: reading standard input (end with Ctrl-D; --help for usage)")
    limit = opts.clean_kwargs.get("max_bytes", DEFAULT_MAX_BYTES)
    # Past the limit one more byte is enough for clean() to refuse it; no need to hold it all,
    # and memory follows what arrives (a piece at a time), not the limit.
    data = read_stream(sys.stdin.buffer, limit)
    if opts.fmt == "parquet":
        return _filter_parquet(opts, report, data)
    try:
        article = articlekit.clean(data, **opts.clean_kwargs)
    except Exception as exc:
        report.error(STDIN_NAME, reason(exc))
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
        text = with_path("-", text)
    elif opts.fmt == "csv":
        text = csv_header(opts.fields, opts.segments) + with_cells(["-"], text)
    to_stdout(
        text, report, f"{STDIN_NAME} -> stdout", coloured=opts.colour and opts.fmt == "explain"
    )
    return EXIT_OK


def _filter_parquet(opts: Options, report: Reporter, data: bytes) -> int:
    """One dump in, a Parquet file of one row out (of none, if it failed: the file is still
    written, with the run's schema, like a run over files whose every input failed)."""
    from articlekit.cli import parquet

    if parquet.refused(opts, report, []):
        return EXIT_FAILED
    status = EXIT_OK
    try:
        with parquet.writing(opts) as sink:
            try:
                article = articlekit.clean(data, **opts.clean_kwargs)
            except Exception as exc:
                report.error(STDIN_NAME, reason(exc))
                status = EXIT_FAILED
            else:
                sink.add({"path": "-", **parquet.transform(opts)(article)})
                report.wrote(f"{STDIN_NAME} -> {opts.outfile or 'stdout'}")
    except OutputError as exc:
        report.say(f"articlekit: error: {exc}")
        return EXIT_FAILED
    return status


# -- files and folders ---------------------------------------------------------------------------


def run_paths(opts: Options) -> int:
    report = Reporter(quiet=opts.quiet, verbose=opts.verbose)
    # One FILE argument is a run like standard input's: no progress bar of one item on the
    # terminal beside the article, and the summary only with --verbose.
    single = len(opts.paths) == 1 and not Path(opts.paths[0]).is_dir()

    def body() -> int:
        pairs = list(
            find(opts.paths, recursive=opts.recursive, globs=opts.globs, outdir=opts.outdir)
        )
        tasks = [task for task, _ in pairs]
        if not tasks:
            report.say(f"articlekit: error: {nothing_found(opts)}")
            return EXIT_FAILED
        if opts.outdir is not None:
            plan_outputs(
                tasks,
                [rel for _, rel in pairs],
                outdir=opts.outdir,
                fmt=opts.fmt,
                overwrite=opts.overwrite,
                skip_existing=opts.skip_existing,
            )
            targets = [t.out for t in tasks if t.out is not None] + [opts.outdir / INDEX_NAME]
            if stale := remove_stale(targets):
                report.info(f"removed {plural(stale, 'temporary file')} an earlier run left")
        if opts.fmt == "parquet":
            from articlekit.cli import parquet

            if parquet.refused(opts, report, tasks):
                return EXIT_FAILED
        run_opts = opts
        if opts.learn:
            from articlekit.cli import learning

            if learning.overwrites_an_input(opts, report, tasks):
                return EXIT_FAILED
            run_opts = learning.learn_files(opts, report, tasks)
        if not single:
            report.start_bar(len(tasks))
        report.info(f"{plural(len(tasks), 'input')}, jobs={opts.jobs or 'all CPUs'}")
        return _Batch(run_opts, report, tasks).run()

    return guarded(report, body, quiet=opts.quiet or (single and not opts.verbose))


class _Batch:
    """Clean every task in parallel, in order, reporting failures as they come."""

    def __init__(self, opts: Options, report: Reporter, tasks: list[Task]) -> None:
        self.opts = opts
        self.report = report
        self.tasks = tasks
        stdout = opts.outdir is None
        # One FILE argument reads like standard input: a single pretty object. Anything that
        # may give several outputs is JSON Lines, so the shape never depends on what a folder
        # holds.
        single = (
            stdout and len(opts.paths) == 1 and len(tasks) == 1 and not Path(opts.paths[0]).is_dir()
        )
        self.json_lines = opts.fmt == "jsonl" or (opts.fmt == "json" and stdout and not single)
        self.transform: Any = renderer(opts, indent=opts.fmt == "json" and not self.json_lines)
        # A folder audit also needs each page's figures, for the index written at the end.
        self.index: list[articlekit.AuditEntry] | None = None
        if opts.fmt == "audit" and opts.outdir is not None:
            self.transform = render_audit
            self.index = []
        self.mode = file_mode()
        self.wrote_any = False
        #: ``--format parquet``: the one file every row goes to.
        self.sink: Any = None
        if opts.fmt == "parquet":
            from articlekit.cli import parquet

            self.transform = parquet.transform(opts)

    def run(self) -> int:
        runnable = [t.path for t in self.tasks if t.error is None and not t.skip]
        results = clean_all(runnable, self.opts.jobs, self.transform, self.opts.clean_kwargs)
        try:
            if self.opts.fmt == "parquet":
                from articlekit.cli import parquet

                self.sink = parquet.Sink(self.opts)
            for task in self.tasks:
                if not self._one(task, results) and self.opts.fail_fast:
                    self.report.say("articlekit: stopping at the first failure (--fail-fast)")
                    break
            if self.sink is not None:
                self.sink.close()
        except OutputError as exc:
            if self.sink is not None:
                self.sink.abort()
            self.report.say(f"articlekit: error: {exc}")
            return EXIT_FAILED
        except BaseException:
            if self.sink is not None:
                self.sink.abort()
            raise
        finally:
            results.close()
        index_ok = self.index is None or _write_index(
            self.index, self.opts, self.report, mode=self.mode
        )
        return EXIT_FAILED if self.report.failed or not index_ok else EXIT_OK

    def _one(self, task: Task, results: Any) -> bool:
        """Report, write and index one task; False if it failed."""
        name = str(task.path)
        if task.skip:
            self.report.skipped_one(f"{name}: skipped, {task.out} exists")
            self._note(task, summary=_summary_of_page(task.out))
            return True
        if task.error is not None:
            self.report.error(name, task.error)
            self._note(task, error=task.error)
            return False
        result = next(results)
        summary = None
        if self.index is not None and not isinstance(result, Exception):
            result, summary = result
        if isinstance(result, Exception):
            self.report.error(name, reason(result))
            self._note(task, error=reason(result))
            return False
        if not self._emit(task, result):
            self._note(task, error="output not written")
            return False
        self.wrote_any = True
        self._note(task, summary=summary)
        return True

    def _emit(self, task: Task, rendered: Any) -> bool:
        """Send one rendered article to stdout or its output file; False if it could not be.
        Ctrl-C waits until the output is whole and counted, so the summary matches the disk."""
        name = str(task.path)
        if self.sink is not None:
            self.sink.add({"path": name, **rendered})
            self.report.wrote(f"{name} -> {self.opts.outfile or 'stdout'}")
            return True
        text = with_path(name, rendered) if self.json_lines else rendered
        if self.opts.fmt == "csv":  # a header on top of the file, or of stdout
            text = with_cells([name], rendered)
            if task.out is not None or not self.wrote_any:
                text = csv_header(self.opts.fields, self.opts.segments) + text
        if task.out is None:
            if self.wrote_any and self.opts.fmt in ("text", "markdown", "explain"):
                text = PAGE_BREAK + text
            to_stdout(
                text,
                self.report,
                f"{name} -> stdout",
                coloured=self.opts.colour and self.opts.fmt == "explain",
            )
            return True
        return to_file(
            name, task.out, text, self.report, overwrite=self.opts.overwrite, mode=self.mode
        )

    def _note(
        self,
        task: Task,
        *,
        summary: articlekit.AuditSummary | None = None,
        error: str | None = None,
    ) -> None:
        if self.index is not None:
            self.index.append(_index_entry(task, self.opts, summary=summary, error=error))


# -- the audit index -----------------------------------------------------------------------------


def _index_entry(
    task: Task,
    opts: Options,
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
    entries: list[articlekit.AuditEntry], opts: Options, report: Reporter, *, mode: int
) -> bool:
    """OUTDIR/index.html, atomically. It describes this run, so an index an earlier run wrote
    is replaced; any other file of that name is kept unless --overwrite is given."""
    assert opts.outdir is not None
    target = opts.outdir / INDEX_NAME
    overwrite = opts.overwrite or _is_our_index(target)
    data = articlekit.audit_index(entries).encode("utf-8")
    with signals_deferred():
        try:
            write_atomic(target, data, overwrite=overwrite, mode=mode)
        except FileExistsError:
            report.say(
                f"articlekit: error: {target} exists and is not an articlekit index "
                "(--overwrite replaces it)"
            )
            return False
        except OSError as exc:
            report.say(f"articlekit: error: cannot write {target}: {reason(exc)}")
            return False
    report.info(f"index of {plural(len(entries), 'input')} -> {target}")
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
