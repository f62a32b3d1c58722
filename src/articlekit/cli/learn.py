"""``articlekit learn``: learn each site's boilerplate (what recurs across its pages) from
FILEs and DIRs, or from the records of crawl files, and write the profiles to
``--save-profile FILE``, for ``--profile`` later.

It is the learning pass of ``articlekit --save-profile FILE ...`` without the cleaning
after it: the same sites (the ``--url`` host, each record's URL host, else the folder), the
same inputs (only sites with 3 inputs or more are read) and the same profiles. Here the inputs
that fail are reported, and the profile file is written even when nothing was learned.
"""

from __future__ import annotations

import argparse
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from articlekit.cli import options, records
from articlekit.cli.inputs import Task, find, nothing_found
from articlekit.cli.pool import EXIT_FAILED, EXIT_OK, guarded
from articlekit.cli.report import Reporter, plural, reason

if TYPE_CHECKING:
    from articlekit.cli.options import Commands, Options
    from articlekit.config.sites import SiteProfile

EPILOG = """\
examples:
  articlekit learn -r dumps/ --save-profile sites.toml     one profile per folder of dumps/
  articlekit --profile sites.toml new-dump.txt            clean with it later
  articlekit learn --url https://news.example/ --save-profile news.json pages/
  articlekit learn --reader warc crawl/*.warc.gz --save-profile sites.json
                                                          one profile per URL host
  articlekit learn --profile sites.toml --save-profile more.toml dumps/2024/
                                                          the profiles of sites.toml, and more

exit status: 0 the profile file was written, 1 some inputs failed or the file could not be
written, 2 usage error, 130 interrupted (Ctrl-C). Full reference: docs/site-profiles.md
"""


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "learn",
        prog="articlekit learn",
        help="learn each site's boilerplate into a profile file (--save-profile FILE)",
        description="Learn each site's boilerplate (what recurs across its pages) from the\n"
        "inputs and write the profiles to FILE, for --profile later. Sites are told by --url,\n"
        "by each record's URL (--reader), else by folder; a site needs 3 inputs or more.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.add_paths(parser, "files and folders to learn from")
    adapt = options.add_adapting(
        parser,
        learning=False,
        profile_help="a profile file to start from: its sites are written to FILE too, "
        "before the ones learned",
    )
    adapt.add_argument(
        "--save-profile",
        metavar="FILE",
        type=Path,
        required=True,
        help="where to write the profiles learned (.json, or .toml)",
    )
    options.add_input(parser)
    options.add_run(parser, fail_fast=False)
    # What clean's checks ask of options learn has no use for.
    parser.set_defaults(format="json", fields=None, with_segments=False, color="never")
    parser.set_defaults(
        output_dir=None, output_file=None, overwrite=False, skip_existing=False, learn=True
    )


def check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Options:
    if not (args.paths or args.input_dir) or args.paths == ["-"]:
        parser.error(
            "learn needs FILE or DIR arguments: one page from standard input has nothing "
            "to compare with"
        )
    return options.validate(parser, args)


def run(opts: Options) -> int:
    from articlekit.cli import learning  # only now: it loads the profile internals

    report = Reporter(quiet=opts.quiet, verbose=opts.verbose)

    def body() -> int:
        assert opts.save_profile is not None
        tasks = [
            t for t, _ in find(opts.paths, recursive=opts.recursive, globs=opts.globs, outdir=None)
        ]
        if not tasks:
            report.say(f"articlekit: error: {nothing_found(opts)}")
            return EXIT_FAILED
        if learning.overwrites_an_input(opts, report, tasks):
            return EXIT_FAILED
        found = (
            _from_records(opts, report)
            if opts.reader != "file"
            else _from_files(opts, report, tasks)
        )
        return _save(opts, report, learning.with_given(opts, found))

    return guarded(report, body, quiet=opts.quiet, missing_module=True)


def _from_files(opts: Options, report: Reporter, tasks: list[Task]) -> list[SiteProfile]:
    from articlekit.cli import learning

    report.start_bar(len(tasks))
    for task in tasks:
        if task.error is not None:
            report.error(str(task.path), task.error)
    sites, paths, small = learning.by_site(opts, tasks)
    for task in small:
        report.skipped_one(f"{task.path}: skipped, its site has fewer than 3 inputs")
    if not paths:
        report.warn("nothing to learn from: no site with 3 inputs or more")
        return []
    report.info(f"learning from {plural(len(paths), 'input')} of {plural(len(set(sites)), 'site')}")

    def each(i: int, error: Exception | None) -> None:
        if error is not None:
            report.error(str(paths[i]), reason(error))
        else:
            report.read(f"{paths[i]}: read")

    return learning.learn(opts, paths, sites, each)


def _from_records(opts: Options, report: Reporter) -> list[SiteProfile]:
    from articlekit.cli import learning

    report.start_bar(None)
    names: records.Names = deque()

    def each(i: int, error: Exception | None) -> None:
        name, rid = names.popleft()
        if error is not None:
            report.error(*records.failure(error, name, rid))
        else:
            report.read(f"{records.label(name, rid)}: read")

    return learning.learn(opts, records.records(opts, names), None, each)


def _save(opts: Options, report: Reporter, found: list[SiteProfile]) -> int:
    from articlekit.cli import learning

    assert opts.save_profile is not None
    try:
        learning.save(opts.save_profile, found)
    except OSError as exc:
        report.say(f"articlekit: error: cannot write {opts.save_profile}: {reason(exc)}")
        return EXIT_FAILED
    report.saved(f"profiles -> {opts.save_profile}")
    if not opts.quiet:
        report.say(f"articlekit: learned {learning.about(found)} -> {opts.save_profile}")
    return EXIT_FAILED if report.failed else EXIT_OK
