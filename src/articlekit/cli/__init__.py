"""The ``articlekit`` command: a Unix filter and a batch tool over files and folders.

    articlekit [COMMAND] [OPTIONS] [PATH ...]

Commands, one module each: ``clean`` (the default), ``explain``, ``learn`` and ``records``.
The command is the first argument that is neither an option nor an option's value, so options
may come before or after it (``articlekit --rules x.toml explain f`` is
``articlekit explain --rules x.toml f``).
When that argument is not a command's name, or there is none, the command is ``clean`` and
every argument is its own: ``articlekit [OPTIONS] [PATH ...]`` is what it always was. A file
named like a command is reached as ``./explain``, or after ``--`` (``articlekit -- explain``),
since nothing after ``--`` is taken for a command.

The command is a thin layer over the public API (``articlekit.clean``, ``clean_many``,
``InputError`` and Article methods), so it is also a worked example of it. Heavy imports
(tqdm, the process pool) happen only once there is work to do, so ``--help`` stays fast.
See docs/cli.md for the full reference.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Container, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from articlekit.cli.options import Commands, Options

__all__ = ["main"]


class Command(Protocol):
    """What each command's module has."""

    def add_parser(self, commands: Commands) -> None: ...

    def check(self, parser: argparse.ArgumentParser, args: argparse.Namespace) -> Options: ...

    def run(self, opts: Options) -> int: ...


def _commands() -> dict[str, Command]:
    """Command name -> its module."""
    from articlekit.cli import clean, explain, learn, records

    return {"clean": clean, "explain": explain, "learn": learn, "records": records}


def build_parser() -> argparse.ArgumentParser:
    """The command's parser: one subparser per command."""
    from articlekit.cli.options import Parser

    parser = Parser(
        prog="articlekit",
        description="Turn raw scraped news-article dumps (text or HTML) into clean articles.",
        epilog="'articlekit COMMAND --help' for each; with no command, clean.",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=Parser
    )
    for module in _commands().values():
        module.add_parser(commands)
    return parser


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            choices: dict[str, argparse.ArgumentParser] = action.choices
            return choices
    raise AssertionError("the parser has no commands")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m articlekit``; returns the exit
    status (0 fine, 1 some inputs failed, 2 usage error, 130 interrupted)."""
    from articlekit.cli.pool import (
        EXIT_INTERRUPTED,
        EXIT_TERMINATED,
        Terminated,
        sigterm_as_interrupt,
    )

    parser = build_parser()
    name, args = split_command(parser, sys.argv[1:] if argv is None else argv)
    namespace, unknown = parser.parse_known_args([name, *args])
    command = _subparsers(parser)[name]
    if unknown:  # said by the command's parser, so the usage shown is the command's
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    module = _commands()[name]
    opts = module.check(command, namespace)
    try:
        with sigterm_as_interrupt():
            return module.run(opts)
    except KeyboardInterrupt as exc:  # a second Ctrl-C that landed while the first was handled
        return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED


# -- finding the command -------------------------------------------------------------------------

_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")  # a value or a path to argparse, not an option


def split_command(parser: argparse.ArgumentParser, args: Sequence[str]) -> tuple[str, list[str]]:
    """The command named in ``args`` (``clean`` when none is) and the other arguments, in
    their order."""
    subparsers = _subparsers(parser)
    rest = list(args)
    at = find_command(rest, subparsers, _takes_value(subparsers.values()))
    return (rest.pop(at) if at is not None else "clean"), rest


def find_command(
    args: Sequence[str], commands: Container[str], takes_value: Callable[[str], bool]
) -> int | None:
    """Where the command's name is in ``args``: the first argument that is neither an option
    nor an option's value, if it names a command; None when it does not, or there is none,
    or it comes after ``--``."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return None
        if arg.startswith("--"):
            name, eq, _ = arg.partition("=")
            if not eq and takes_value(name):
                i += 1  # its value is the next argument
        elif arg.startswith("-") and arg != "-" and not _NEGATIVE_NUMBER.match(arg):
            # Short options, maybe several (-rq), the last maybe with its value (-j4, -rj 4).
            for k in range(1, len(arg)):
                if takes_value("-" + arg[k]):
                    if k == len(arg) - 1:
                        i += 1  # its value is the next argument, not attached (-j4)
                    break
        else:
            return i if arg in commands else None
        i += 1
    return None


def _takes_value(parsers: Iterable[argparse.ArgumentParser]) -> Callable[[str], bool]:
    """Whether an option takes a value, by its name or (as argparse allows) a unique
    abbreviation of a long name; an unknown option does not (argparse will refuse it)."""
    arity: dict[str, bool] = {}
    for parser in parsers:
        for action in parser._actions:
            for option in action.option_strings:
                arity[option] = arity.get(option, False) or action.nargs != 0

    def takes_value(option: str) -> bool:
        if option in arity:
            return arity[option]
        if not option.startswith("--"):
            return False
        found = {value for name, value in arity.items() if name.startswith(option)}
        return found == {True}

    return takes_value
