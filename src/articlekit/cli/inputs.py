"""The inputs of a run and where their outputs go: walking the FILE and DIR arguments, and
planning each output path under ``-o`` so that none is written over an input."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from articlekit.cli.report import reason

if TYPE_CHECKING:
    from articlekit.cli.options import Options

#: Output format -> suffix of the file written per input under ``-o``.
SUFFIXES = {
    "json": ".json",
    "jsonl": ".jsonl",
    "csv": ".csv",
    "text": ".txt",
    "markdown": ".md",
    "audit": ".html",
    "explain": ".explain.txt",
}

#: With ``--format audit -o OUTDIR``, the page listing every input, written last.
INDEX_NAME = "index.html"

STDIN_NAME = "<stdin>"


@dataclass
class Task:
    """One input: where it is, where its output goes, and why it will not run (if so)."""

    path: Path
    out: Path | None = None
    error: str | None = None
    skip: bool = False


def nothing_found(opts: Options) -> str:
    """Why a run over FILE and DIR arguments has no input at all (an error: exit status 1)."""
    where = ", ".join(opts.paths)
    scope = "below" if opts.recursive else "directly in"
    if opts.globs:
        globs = " ".join(f"--glob {g!r}" for g in opts.globs)
        return f"no input files: no file {scope} {where} matches {globs}"
    return f"no input files: {where} holds no file{'' if opts.recursive else ' (-r descends)'}"


def matches(rel: Path, globs: tuple[str, ...]) -> bool:
    from fnmatch import fnmatchcase

    if not globs:
        return True
    return any(fnmatchcase(rel.as_posix() if "/" in g else rel.name, g) for g in globs)


def find(
    paths: Sequence[str], *, recursive: bool, globs: tuple[str, ...], outdir: Path | None
) -> Iterator[tuple[Task, Path]]:
    """Every input with its path relative to the output folder, in a stable order."""
    exclude = os.path.realpath(outdir) if outdir is not None else None
    for arg in paths:
        root = Path(arg)
        if root.is_dir():
            yield from _walk(root, recursive, globs, exclude)
        else:
            yield Task(root), Path(root.name)


def _walk(
    root: Path, recursive: bool, globs: tuple[str, ...], exclude: str | None
) -> list[tuple[Task, Path]]:
    """The files of one DIR argument, sorted. Hidden names (starting with '.') are skipped,
    and so is the output folder when it lies inside, so a rerun does not read its own
    outputs. A subfolder that cannot be listed becomes a failed task, not a crash."""
    failed: list[tuple[Task, Path]] = []
    found: list[tuple[Task, Path]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        failed.append((Task(where, error=reason(exc)), Path(where.name)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        if recursive:
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
            if name.startswith(".") or not matches(rel, globs):
                continue
            if full.is_file():
                found.append((Task(full), rel))
            elif not full.is_dir():  # a FIFO, a socket, a device: said, not waited on
                found.append((Task(full, error=_not_regular(full)), rel))
    found.sort(key=lambda pair: pair[1].parts)
    return failed + found


def _not_regular(path: Path) -> str:
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:  # a link to nothing
        return f"cannot read: {reason(exc)} (a broken link?)"
    kind = (
        "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    return f"{kind} in a folder is not read (name it as an argument to read it)"


def _identities(tasks: Sequence[Task]) -> tuple[set[str], set[tuple[int, int]]]:
    """The inputs' real paths and (device, inode) pairs, to recognise them through links."""
    real = {os.path.realpath(t.path) for t in tasks}
    ids = set()
    for t in tasks:
        try:
            st = os.stat(t.path)
        except OSError:
            continue
        ids.add((st.st_dev, st.st_ino))
    return real, ids


def is_input(path: Path, tasks: Sequence[Task]) -> bool:
    """Whether writing ``path`` would write over one of the inputs (the same path, or the
    same file through a link)."""
    real, ids = _identities(tasks)
    try:
        st = os.stat(path)
        same_file = (st.st_dev, st.st_ino) in ids
    except OSError:
        same_file = False
    return same_file or os.path.realpath(path) in real


def plan_outputs(
    tasks: list[Task],
    rels: list[Path],
    *,
    outdir: Path,
    fmt: str,
    overwrite: bool,
    skip_existing: bool,
) -> None:
    """Decide each output path under ``-o`` and refuse the unsafe ones before any work:
    an output that is an input, two inputs with one output, an existing output."""
    suffix = SUFFIXES[fmt]
    input_real, input_ids = _identities(tasks)
    claimed: dict[str, Path] = {}
    if fmt == "audit":  # the index is written last; no input may take its place
        claimed[os.path.realpath(outdir / INDEX_NAME)] = Path("the audit index")
    for task, rel in zip(tasks, rels, strict=True):
        if task.error is not None:
            continue
        out = outdir / rel.with_suffix(suffix)
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
                if skip_existing:
                    task.skip = True
                elif not overwrite:
                    task.error = (
                        f"output {out} exists (--overwrite replaces it, --skip-existing keeps it)"
                    )
