"""The command's options: the argparse groups each subcommand is built from, and the checks
that turn parsed arguments into :class:`Options`, so nothing after them looks at argparse.

A usage error (a bad value, options that do not go together, a rule pack or profile that does
not load) ends the run here with exit status 2, before any input is read.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import articlekit
from articlekit.cli import parquet
from articlekit.cli.inputs import SUFFIXES
from articlekit.cli.report import isatty, printable


class Parser(argparse.ArgumentParser):
    """Usage errors start 'articlekit: error:' whatever the command, as all errors do."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"articlekit: error: {printable(message)}\n")


if TYPE_CHECKING:
    #: What a command module adds its parser to (``Parser.add_subparsers()``).
    Commands = argparse._SubParsersAction[Parser]

#: What ``--format`` can be; ``records`` has no ``audit`` (its articles all go to stdout).
#: ``parquet`` is one file of every input (stdout or ``--output-file``), never one per input.
FORMATS = (*SUFFIXES, "parquet")
#: The formats ``--fields`` and ``--with-segments`` shape.
ROW_FORMATS = ("json", "jsonl", "csv", "parquet")
READERS = ("file", "auto", "jsonl", "warc", "wet")


@dataclass(frozen=True)
class Options:
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
    clean_kwargs: dict[str, Any] = field(default_factory=dict)
    colour: bool = False
    width: int = 100
    reader: str = "file"
    field: str = "text"
    learn: bool = False
    #: Learning asked for (``--learn``, ``--save-profile``, the ``learn`` command): every site
    #: with enough inputs is learned in full. Otherwise (the default) only where it pays.
    learn_all: bool = False
    save_profile: Path | None = None
    #: ``--output-file``: where ``--format parquet`` goes instead of stdout.
    outfile: Path | None = None


# -- value types -------------------------------------------------------------------------------


def iso_datetime(value: str) -> datetime:
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


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer: {value!r}")
    return number


# -- the option groups -------------------------------------------------------------------------


def add_paths(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help=help)
    parser.add_argument(
        "--version", action="version", version=f"articlekit {articlekit.__version__}"
    )


def add_output(
    parser: argparse.ArgumentParser,
    *,
    formats: tuple[str, ...] = FORMATS,
    default: str = "json",
    outdir: bool = True,
) -> None:
    """How articles are written: ``--format`` and its companions, ``-o`` and what it keeps."""
    out = parser.add_argument_group("output")
    shapes = (
        "To stdout, json is one indented object for standard input or a single FILE, JSON "
        "Lines otherwise. audit: an HTML page showing every decision (with -o, also "
        "OUTDIR/index.html)"
        if outdir
        else 'json and jsonl: JSON Lines, each line with its "path" and "record" first'
    )
    out.add_argument(
        "-f",
        "--format",
        "--output-format",
        choices=formats,
        default=default,
        help=f"output format (default: {default}; --output-format as in trafilatura). {shapes}; "
        "csv: a header, then one row per article (the fields of articlekit.schema()); "
        "parquet: one Parquet file of every article, typed by articlekit.schema(), to stdout "
        "(not a terminal) or --output-file; explain: the decisions as text",
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
    if outdir:
        out.add_argument(
            "-o",
            "--output-dir",
            metavar="OUTDIR",
            type=Path,
            help="write one file per input under OUTDIR, mirroring the input tree, instead of "
            "stdout",
        )
    parquet.add_output_file(out, overwrite=not outdir)
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
    if outdir:
        existing = out.add_mutually_exclusive_group()
        existing.add_argument(
            "--overwrite",
            action="store_true",
            help="replace outputs that already exist (with -o, or --output-file)",
        )
        existing.add_argument(
            "--skip-existing",
            action="store_true",
            help="leave inputs whose output exists alone, to resume a run (with -o)",
        )
    else:
        parser.set_defaults(output_dir=None, skip_existing=False)


def add_input(
    parser: argparse.ArgumentParser, *, readers: tuple[str, ...] = READERS, reader: str = "file"
) -> None:
    """Which files are inputs and how to read them."""
    inp = parser.add_argument_group("input")
    inp.add_argument(
        "-r", "--recursive", action="store_true", help="descend into subfolders of each DIR"
    )
    inp.add_argument(
        "--input-dir",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder to clean with every file below it, as trafilatura's --input-dir: the "
        "same as the arguments -r DIR (repeatable)",
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
        type=iso_datetime,
        help="reference time for relative dates such as '13 hours ago'",
    )
    inp.add_argument("--language", metavar="CODE", help="language of the inputs, e.g. en, de")
    inp.add_argument("--url", help="address of the page, recorded in the article")
    inp.add_argument(
        "--max-bytes",
        metavar="N",
        type=positive_int,
        help="fail inputs larger than N bytes instead of cleaning them",
    )
    inp.add_argument(
        "--reader",
        choices=readers,
        default=reader,
        help=f"how a FILE holds documents (default: {reader}): "
        + ("file (one dump per file); " if "file" in readers else "")
        + "jsonl (one per line, see --field); warc or wet (one per record; needs "
        "articlekit[warc]); auto (by suffix: .jsonl, .warc, .wet, optionally .gz, else one "
        "per file)",
    )
    inp.add_argument(
        "--field",
        metavar="NAME",
        help="with --reader jsonl: the key holding each document's text or HTML (default: text)",
    )


def add_adapting(
    parser: argparse.ArgumentParser, *, learning: bool = True, profile_help: str | None = None
) -> argparse._ArgumentGroup:
    """Rule packs and site profiles; with ``learning``, the learning pass's switches too."""
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
        help=profile_help
        or "a site profile (JSON or TOML, from --save-profile or SiteProfile.save): the "
        "boilerplate it holds is removed",
    )
    if learning:
        adapt.add_argument(
            "--learn",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="first learn each site's boilerplate (what recurs across its pages) from the "
            "inputs, then clean with it; sites are told by --url or the records' URLs, else by "
            "folder (default: for files and folders without --profile, only the sites with "
            "enough inputs where what their first pages teach changes an article; --learn "
            "learns every site with 3 inputs or more)",
        )
        adapt.add_argument(
            "--save-profile",
            metavar="FILE",
            type=Path,
            help="write the profiles learned to FILE (.json, or .toml), for --profile later",
        )
    return adapt


def add_run(parser: argparse.ArgumentParser, *, fail_fast: bool = True) -> None:
    run = parser.add_argument_group("run")
    run.add_argument(
        "-j",
        "--jobs",
        "--parallel",
        metavar="N",
        type=positive_int,
        help="worker processes (default, and at most: the number of CPUs this process may "
        "use; more only compete for them); 1 runs in this process. --parallel as in "
        "trafilatura",
    )
    if fail_fast:
        run.add_argument(
            "--fail-fast", action="store_true", help="stop at the first input that fails"
        )
    else:
        parser.set_defaults(fail_fast=False)
    talk = run.add_mutually_exclusive_group()
    talk.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar and no summary; errors are still reported",
    )
    talk.add_argument("-v", "--verbose", action="store_true", help="one line per input on stderr")


# -- the checks --------------------------------------------------------------------------------


def validate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Options:
    """Check the arguments together and settle what they leave open; usage errors exit 2."""
    for folder in args.input_dir:
        if not Path(folder).is_dir():
            parser.error(f"--input-dir {folder}: not a folder")
    paths = (*args.paths, *args.input_dir)
    stdin = not paths or paths == ("-",)
    _check_combinations(parser, args, paths, stdin)
    fields, segments = _fields(parser, args)
    learn = _check_adapting(parser, args, stdin)
    return Options(
        paths=() if stdin else paths,
        fmt=args.format,
        outdir=args.output_dir,
        fields=fields,
        segments=segments,
        overwrite=args.overwrite,
        skip_existing=args.skip_existing,
        recursive=args.recursive or bool(args.input_dir),
        globs=tuple(args.glob),
        jobs=_jobs(args.jobs),
        fail_fast=args.fail_fast,
        quiet=args.quiet,
        verbose=args.verbose,
        colour=_colour(args.color, to_terminal=args.output_dir is None),
        width=_terminal_width(),
        reader=args.reader,
        field=args.field or "text",
        learn=learn,
        learn_all=bool(args.learn) or args.save_profile is not None,
        save_profile=args.save_profile,
        outfile=args.output_file,
        clean_kwargs=_clean_kwargs(args),
    )


def _check_combinations(
    parser: argparse.ArgumentParser, args: argparse.Namespace, paths: tuple[str, ...], stdin: bool
) -> None:
    """Options that do not go together, or not with standard input."""
    if "-" in paths and not stdin:
        parser.error("'-' (standard input) cannot be mixed with other paths")
    if stdin and args.output_dir is not None:
        parser.error("-o/--output-dir needs FILE or DIR arguments, not standard input")
    parquet.check_usage(parser, args)
    if args.output_dir is None and args.skip_existing:
        parser.error("--skip-existing only applies with -o/--output-dir")
    if args.output_dir is not None and args.output_dir.exists() and not args.output_dir.is_dir():
        parser.error(f"-o/--output-dir {args.output_dir} exists and is not a folder")
    json_out = args.format in ROW_FORMATS
    one_input = stdin or (len(paths) == 1 and not Path(paths[0]).is_dir())
    if args.format == "audit" and args.output_dir is None and not one_input:
        parser.error(
            "--format audit writes one HTML page per input: give -o OUTDIR (or a single FILE)"
        )
    if not json_out and (args.fields is not None or args.with_segments):
        parser.error(
            "--fields and --with-segments apply to --format json, jsonl, csv or parquet only"
        )
    if args.field is not None and args.reader not in ("jsonl", "auto"):
        parser.error("--field applies to --reader jsonl (or auto)")
    if args.reader == "auto" and stdin:
        parser.error("--reader auto goes by file names: name the reader for standard input")
    if args.reader != "file" and (args.output_dir is not None or args.format == "audit"):
        parser.error(
            f"--reader {args.reader} writes one article per record to standard output: "
            "redirect it to a file instead of -o, and use json, jsonl, csv, parquet, text or "
            "markdown"
        )


def _known_fields() -> tuple[str, ...]:
    """Top-level keys of ``Article.to_dict``, asked of the API so they cannot drift."""
    return (*articlekit.Article(text="").to_dict(segments=True), "path")


def _fields(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> tuple[tuple[str, ...] | None, bool]:
    """``--fields`` checked against the Article's keys, and whether segments are wanted."""
    segments = bool(args.with_segments)
    if args.fields is None:
        return None, segments
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
    return fields, segments or any(f in ("text", "segments") for f in fields)


def _check_adapting(parser: argparse.ArgumentParser, args: argparse.Namespace, stdin: bool) -> bool:
    """Read --rules and --profile now, so a bad file is a usage error naming its line, not a
    failure of every input; and decide whether to learn (files and folders, no --profile)."""
    if args.rules is not None:
        try:
            articlekit.load_pack(args.rules)
        except articlekit.RuleError as exc:
            parser.error(f"--rules: {exc}")
    if args.profile is not None:
        from articlekit.cli.learning import load_profiles

        try:
            load_profiles(args.profile)
        except articlekit.ProfileError as exc:
            parser.error(f"--profile: {exc}")
    # By default, files and folders are learned from where it pays (cli/learning.py); crawl
    # files (a --reader) only when asked, since learning reads them all twice.
    default = args.profile is None and (args.reader == "file" or args.save_profile is not None)
    learn: bool = args.learn if args.learn is not None else default
    if stdin and args.learn:
        parser.error(
            "--learn needs FILE or DIR arguments: one page from standard input has "
            "nothing to compare with"
        )
    if args.save_profile is not None and (not learn or stdin):
        parser.error("--save-profile writes what --learn learned: give FILE or DIR arguments")
    if args.save_profile is not None:
        target = Path(args.save_profile)
        if target.is_dir():
            parser.error(f"--save-profile: {target} is a folder; give the file to write")
        if not target.parent.is_dir():
            parser.error(f"--save-profile: there is no folder {target.parent} to write it in")
    return learn and not stdin


def _clean_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """What every input's ``clean()`` gets. Only what was given: the library's own defaults
    (max_bytes) stay in force otherwise. Rule packs and profiles go by path: workers read
    each once (cached per process)."""
    return {
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
    }


def _jobs(asked: int | None) -> int | None:
    """``--jobs``, capped at the CPUs this process may run on: cleaning is CPU-bound, and more
    workers than CPUs only share them (``-j64`` on 2 CPUs ran 3.5 times slower than ``-j2``,
    issue 17)."""
    from articlekit.batch import default_jobs

    return None if asked is None else min(asked, default_jobs())


def _colour(when: str, *, to_terminal: bool) -> bool:
    """Colour for ``--format explain``: always, never, or (auto) when stdout is a terminal
    and the NO_COLOR convention (https://no-color.org) does not ask otherwise."""
    if when != "auto":
        return when == "always"
    return to_terminal and isatty(sys.stdout) and not os.environ.get("NO_COLOR")


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns if isatty(sys.stdout) else 100
