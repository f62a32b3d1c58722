"""``articlekit explain``: clean each input and show every decision made over it (which
extractor claimed each part, and why) as text for a terminal: ``articlekit.explain``.

It is ``articlekit clean --format explain`` (as is the older ``--explain``), with every
option of ``clean``: several inputs are separated by a form feed line, ``-o`` writes
``NAME.explain.txt`` files, and colour follows ``--color``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from articlekit.cli import clean, options

if TYPE_CHECKING:
    from articlekit.cli.options import Commands

EPILOG = """\
examples:
  articlekit explain a.txt | less -R             the decisions, in colour when a terminal
  articlekit explain --color always a.txt | less -R
  articlekit --rules site.toml explain a.txt     options before the command work too
  articlekit explain -r dumps/ -o why/           why/x/y.explain.txt for every dumps/x/y.*
  articlekit explain ./explain                   a file named explain

Full reference: docs/cli.md, docs/audit.md
"""


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "explain",
        prog="articlekit explain",
        help="every decision over each input, as text for a terminal",
        description="Clean each input and show every decision made over it, as text for a\n"
        "terminal: the options of 'articlekit clean', with --format explain.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.add_paths(parser, "files and folders to explain; none or '-' means standard input")
    options.add_output(parser, default="explain")
    options.add_input(parser)
    options.add_adapting(parser)
    options.add_run(parser)


check = options.validate
run = clean.run
