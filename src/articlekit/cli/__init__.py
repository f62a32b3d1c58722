"""The ``articlekit`` command: a Unix filter and a batch tool over files and folders.

The command is a thin layer over the public API (``articlekit.clean``, ``clean_many``,
``InputError`` and Article methods), so it is also a worked example of it. Heavy imports
(tqdm, the process pool) happen only once there is work to do, so ``--help`` stays fast.
See docs/cli.md for the full reference.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from articlekit.cli import options
from articlekit.cli.pool import sigterm_as_interrupt

__all__ = ["main"]

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
    options.add_paths(parser, "files and folders to clean; none or '-' means standard input")
    options.add_output(parser)
    options.add_input(parser)
    options.add_adapting(parser)
    options.add_run(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m articlekit``; returns the exit
    status (0 fine, 1 some inputs failed, 2 usage error, 130 interrupted)."""
    from articlekit.cli import clean

    parser = build_parser()
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["explain"]:  # `articlekit explain PATH ...` is `--format explain PATH ...`
        args = ["--format", "explain", *args[1:]]
    opts = options.validate(parser, parser.parse_args(args))
    with sigterm_as_interrupt():
        return clean.run(opts)
