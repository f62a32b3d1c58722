"""``articlekit records`` (and ``--reader`` of clean): every record of every crawl file
(JSON Lines, WARC, WET), or of standard input, becomes one article on stdout, in order,
cleaned in parallel with the record's own URL. ``records`` is ``clean --reader auto`` with
only the options that apply: the articles all go to stdout, so there is no ``-o`` and no
``--format audit``.

The only module of the command that uses the readers (``articlekit.readers``).
"""

from __future__ import annotations

import argparse
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import articlekit
from articlekit.cli import options, parquet
from articlekit.cli.inputs import STDIN_NAME, find, nothing_found
from articlekit.cli.pool import EXIT_FAILED, EXIT_OK, clean_all, guarded
from articlekit.cli.render import PAGE_BREAK, csv_header, renderer, with_cells, with_record
from articlekit.cli.report import Reporter, reason
from articlekit.cli.writing import to_stdout

if TYPE_CHECKING:
    from articlekit.cli.options import Commands, Options

#: (input, record id) of each record handed out, in order.
Names = deque[tuple[str, str | None]]

EPILOG = """\
examples:
  articlekit records CC-MAIN-20240101-00000.warc.wet.gz > clean.jsonl   by suffix: WET
  articlekit records -j 8 crawl/*.warc.gz --fields url,title,body > clean.jsonl
  articlekit records --field html pages.jsonl.gz > clean.jsonl
  zcat pages.jsonl.gz | articlekit records --reader jsonl --format text
  articlekit records -r crawl/ > clean.jsonl     .jsonl/.warc/.wet by suffix, else one dump a file

A bad record is reported with its place (articlekit: error: pages.jsonl:17: not JSON: ...) and
the run goes on. WARC and WET need: pip install 'articlekit[warc]'.

exit status: 0 every record cleaned, 1 some failed, 2 usage error, 130 interrupted (Ctrl-C).
Full reference: docs/cli.md (Crawl files), docs/scale.md
"""


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "records",
        prog="articlekit records",
        help="one article per record of crawl files (JSON Lines, WARC, WET)",
        description="Clean every record of crawl files (JSON Lines, WARC, WET), or of standard\n"
        "input, into one article each, on standard output, in order: the same as\n"
        "'articlekit --reader READER ...', with the options that apply.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.add_paths(parser, "crawl files and folders of them; none or '-': standard input")
    formats = tuple(f for f in options.FORMATS if f != "audit")
    options.add_output(parser, formats=formats, default="jsonl", outdir=False)
    options.add_input(parser, readers=options.READERS[1:], reader="auto")
    options.add_adapting(parser)
    options.add_run(parser)


check = options.validate


def run(opts: Options) -> int:
    report = Reporter(quiet=opts.quiet, verbose=opts.verbose)

    def body() -> int:
        run_opts = opts
        if opts.paths and next(iter(_files(opts)), None) is None:
            report.say(f"articlekit: error: {nothing_found(opts)}")
            return EXIT_FAILED
        if opts.fmt == "parquet":
            tasks = [task for task, _ in _files(opts)]
            if parquet.refused(opts, report, tasks):
                return EXIT_FAILED
        if opts.learn:  # the files are read twice: once to learn each URL host's boilerplate
            from articlekit.cli import learning

            inputs = find(opts.paths, recursive=opts.recursive, globs=opts.globs, outdir=None)
            if learning.overwrites_an_input(opts, report, [task for task, _ in inputs]):
                return EXIT_FAILED

            report.info("learning each site's boilerplate from the records")
            run_opts = learning.learned(opts, report, None, records(opts, deque()))
        return _clean_records(run_opts, report)

    return guarded(report, body, quiet=opts.quiet, missing_module=True)


def _files(opts: Options) -> Iterator[Any]:
    return find(opts.paths, recursive=opts.recursive, globs=opts.globs, outdir=None)


def records(opts: Options, names: Names) -> Iterator[Any]:
    """The records of every input, lazily; ``names`` gets (input, record id) for each one
    handed out, so results (which come back in the same order) can be labelled."""
    from articlekit import readers
    from articlekit.api import DEFAULT_MAX_BYTES

    limit = opts.clean_kwargs.get("max_bytes", DEFAULT_MAX_BYTES)
    if not opts.paths:
        stdin = readers.read(sys.stdin.buffer, opts.reader, field=opts.field, max_bytes=limit)
        yield from _labelled(stdin, STDIN_NAME, names)
        return
    for task, _ in find(opts.paths, recursive=opts.recursive, globs=opts.globs, outdir=None):
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


def _labelled(records: Iterator[Any], name: str, names: Names) -> Iterator[Any]:
    for record in records:
        names.append((name, record.id))
        yield record


def _cleaned(
    results: Iterable[Any], names: Names, opts: Options, report: Reporter
) -> Iterator[tuple[str, str | None, Any]]:
    """Each record's file, id and result, in order; a failed record is reported (and with
    ``--fail-fast`` ends the run) instead."""
    for result in results:
        name, rid = names.popleft()
        if isinstance(result, Exception):
            report.error(*failure(result, name, rid))
            if opts.fail_fast:
                report.say("articlekit: stopping at the first failure (--fail-fast)")
                return
            continue
        yield name, rid, result


def _clean_records(opts: Options, report: Reporter) -> int:
    if opts.fmt == "parquet":
        return _records_to_parquet(opts, report)
    text_out = opts.fmt not in ("json", "jsonl")
    names: Names = deque()
    results = clean_all(
        records(opts, names), opts.jobs, renderer(opts, indent=False), opts.clean_kwargs
    )
    first = True
    try:
        for name, rid, result in _cleaned(results, names, opts, report):
            if opts.fmt == "csv":
                out = with_cells(["-" if name == STDIN_NAME else name, rid], result)
                if first:
                    out = csv_header(opts.fields, opts.segments, record=True) + out
            elif text_out:
                out = result if first else PAGE_BREAK + result
            else:
                out = with_record("-" if name == STDIN_NAME else name, rid, result)
            first = False
            to_stdout(
                out,
                report,
                f"{label(name, rid)} -> stdout",
                coloured=opts.colour and opts.fmt == "explain",
            )
    finally:
        results.close()
    return EXIT_FAILED if report.failed else EXIT_OK


def _records_to_parquet(opts: Options, report: Reporter) -> int:
    """Every record's row in one Parquet file, with ``path`` and ``record`` first."""
    names: Names = deque()
    results = clean_all(records(opts, names), opts.jobs, parquet.transform(opts), opts.clean_kwargs)
    where = opts.outfile or "stdout"
    try:
        with parquet.writing(opts, record=True) as sink:
            for name, rid, result in _cleaned(results, names, opts, report):
                sink.add({"path": "-" if name == STDIN_NAME else name, "record": rid, **result})
                report.wrote(f"{label(name, rid)} -> {where}")
    except parquet.OutputError as exc:
        report.say(f"articlekit: error: {exc}")
        return EXIT_FAILED
    finally:
        results.close()
    return EXIT_FAILED if report.failed else EXIT_OK


def label(name: str, rid: str | None) -> str:
    """A record in messages: its file, and its id when that is not the file."""
    return name if rid is None or rid == name else f"{name} [{rid}]"


def failure(exc: Exception, name: str, rid: str | None) -> tuple[str, str]:
    """Where and why a record failed. A reader's error already names its place ("a.jsonl:7:
    not JSON"): do not repeat it."""
    why = reason(exc)
    for prefix in (rid, name):
        if prefix and why.startswith(prefix + ": "):
            return prefix, why[len(prefix) + 2 :]
    return label(name, rid), why
