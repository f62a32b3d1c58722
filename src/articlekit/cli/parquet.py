"""``--format parquet``: every input's row in one Parquet file, typed by ``articlekit.schema()``
(after the ``path`` and, for crawl records, ``record`` columns JSON Lines carries), written a
row group at a time as results arrive, so memory does not grow with the number of inputs.

The file goes to standard output (not a terminal: options.py refuses one) or to
``--output-file FILE``, written beside it under a temporary name and renamed into place when
the run ends, so FILE is either absent or whole. Needs pyarrow (``articlekit[arrow]``);
options.py checks it can be imported before any work.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import articlekit
from articlekit.cli.render import csv_columns

if TYPE_CHECKING:
    from articlekit import Article
    from articlekit.cli.inputs import Task
    from articlekit.cli.options import Options
    from articlekit.cli.report import Reporter

#: Rows held before they are written as one row group: large enough for Parquet's column
#: compression to pay, small enough that a run's memory stays that of a few hundred articles.
ROW_GROUP = 500

INSTALL = "pip install 'articlekit[arrow]'"


class OutputError(Exception):
    """``--output-file`` cannot be written (a full disk, no permission, it appeared meanwhile):
    the run stops, since every later row would fail the same way."""


def missing_pyarrow() -> str | None:
    """Why ``--format parquet`` cannot run here (pyarrow will not import), or None."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        return f"--format parquet needs pyarrow ({INSTALL}): {exc}"
    return None


def add_output_file(group: argparse._ArgumentGroup, *, overwrite: bool) -> None:
    """``--output-file``; ``overwrite``: and ``--overwrite`` for it (a command without ``-o``)."""
    group.add_argument(
        "--output-file",
        metavar="FILE",
        type=Path,
        help="with --format parquet: write the one Parquet file to FILE (atomically) instead "
        "of stdout",
    )
    if overwrite:
        group.add_argument(
            "--overwrite", action="store_true", help="replace an existing --output-file"
        )


def check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--format parquet`` is one binary file of every input: not per input under ``-o``,
    not to a terminal, and only where pyarrow imports; ``--output-file`` is its alone."""
    if args.output_dir is None and args.output_file is None and args.overwrite:
        parser.error("--overwrite only applies with -o/--output-dir or --output-file")
    if args.format != "parquet":
        if args.output_file is not None:
            parser.error(
                "--output-file applies to --format parquet; redirect stdout for other formats"
            )
        return
    from articlekit.cli.report import isatty

    if (why := missing_pyarrow()) is not None:
        parser.error(why)
    if args.output_dir is not None:
        parser.error(
            "--format parquet writes one file of every input: give --output-file FILE (or "
            "redirect stdout) instead of -o/--output-dir"
        )
    target = args.output_file
    if target is None:
        if isatty(sys.stdout):
            parser.error(
                "--format parquet is binary: redirect stdout to a file (> out.parquet) or give "
                "--output-file FILE"
            )
        return
    if target.is_dir():
        parser.error(f"--output-file: {target} is a folder; give the file to write")
    if not target.parent.is_dir():
        parser.error(f"--output-file: there is no folder {target.parent} to write it in")


def columns(opts: Options) -> tuple[str, ...]:
    """The article's columns: ``--fields`` (less ``path``/``record``), else every field of
    ``articlekit.schema()``, in order."""
    return csv_columns(opts.fields, opts.segments)


def arrow_schema(opts: Options, *, record: bool = False) -> Any:
    """``path`` (and ``record``), then the columns, each with its type in
    ``articlekit.schema(segments=True)``: the same schema whatever a batch holds."""
    import pyarrow as pa

    types = articlekit.schema(segments=True, arrow=True)
    head = [pa.field("path", pa.string(), nullable=False)]
    if record:
        head.append(pa.field("record", pa.string()))
    return pa.schema([*head, *(types.field(name) for name in columns(opts))])


def row(article: Article, *, columns: tuple[str, ...], segments: bool) -> dict[str, Any]:
    """The article's values of ``columns``: the transform the workers run, so they send back
    a small dict, not the Article."""
    data = article.to_dict(segments=segments)
    return {name: data[name] for name in columns}


def transform(opts: Options) -> Any:
    """:func:`row` with the run's columns: a picklable transform for ``clean_many``."""
    from functools import partial

    return partial(row, columns=columns(opts), segments=opts.segments)


class Sink:
    """One Parquet file being written: ``add`` rows, then ``close`` (whole) or ``abort``."""

    def __init__(self, opts: Options, *, record: bool = False) -> None:
        import pyarrow.parquet as pq

        self.schema = arrow_schema(opts, record=record)
        self.target = opts.outfile
        self.overwrite = opts.overwrite
        self.rows: list[dict[str, Any]] = []
        self.tmp: Path | None = None
        with self._writing():
            target = self.target
            self.stream: BinaryIO = sys.stdout.buffer if target is None else self._temporary(target)
            try:
                self.writer = pq.ParquetWriter(self.stream, self.schema)
            except BaseException:
                self.abort_file()
                raise

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """A failed write as the run's errors say it: a closed pipe stops quietly, stdout that
        cannot be written is ``StdoutError``, FILE that cannot be is :class:`OutputError`."""
        from articlekit.cli.pool import StdoutError
        from articlekit.cli.report import reason

        try:
            yield
        except BrokenPipeError:
            raise
        except FileExistsError:
            raise OutputError(f"{self.target} exists (--overwrite replaces it)") from None
        except OSError as exc:
            if self.target is None:
                raise StdoutError(exc) from exc
            raise OutputError(f"cannot write {self.target}: {reason(exc)}") from exc

    def _temporary(self, target: Path) -> BinaryIO:
        import tempfile

        from articlekit.cli.writing import file_mode

        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        self.tmp = Path(tmp)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, file_mode())
        return os.fdopen(fd, "wb")

    def add(self, values: dict[str, Any]) -> None:
        self.rows.append(values)
        if len(self.rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            table = pa.Table.from_pylist(self.rows, schema=self.schema)
            self.rows = []
            with self._writing():
                self.writer.write_table(table)

    def close(self) -> None:
        """The last row group and the footer; then FILE takes its place (refusing, without
        ``--overwrite``, a file that appeared meanwhile)."""
        from articlekit.cli.pool import signals_deferred
        from articlekit.cli.writing import place

        self.flush()
        with self._writing():
            self.writer.close()
            if self.tmp is None:
                self.stream.flush()
                return
            self.stream.close()
            assert self.target is not None
            with signals_deferred():
                try:
                    place(self.tmp, self.target, overwrite=self.overwrite)
                finally:
                    self._remove()

    def abort(self) -> None:
        """The run stopped (Ctrl-C, an error): no FILE, and no temporary file left. On stdout,
        the rows so far are closed into a readable file, as CSV's rows so far stay written."""
        with contextlib.suppress(Exception):
            self.flush()
            self.writer.close()
        self.abort_file()

    def abort_file(self) -> None:
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
            self._remove()

    def _remove(self) -> None:
        if self.tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)
            self.tmp = None


@contextlib.contextmanager
def writing(opts: Options, *, record: bool = False) -> Iterator[Sink]:
    """A :class:`Sink` closed whole when the block ends, aborted when anything escapes it (an
    error, Ctrl-C): no FILE then, and no temporary file left."""
    sink = Sink(opts, record=record)
    try:
        yield sink
        sink.close()
    except BaseException:
        sink.abort()
        raise


def refused(opts: Options, report: Reporter, tasks: Sequence[Task]) -> bool:
    """Whether ``--output-file`` must not be written (then say why, before any work): it is
    one of the inputs, or it exists and ``--overwrite`` was not given. Temporary files an
    earlier, killed run left beside it are removed."""
    from articlekit.cli.inputs import is_input
    from articlekit.cli.writing import remove_stale

    target = opts.outfile
    if target is None:
        return False
    if is_input(target, tasks):
        report.say(f"articlekit: error: --output-file {target} is one of the inputs; refusing")
        return True
    if os.path.lexists(target) and not opts.overwrite:
        report.say(f"articlekit: error: --output-file {target} exists (--overwrite replaces it)")
        return True
    remove_stale([target])
    return False
