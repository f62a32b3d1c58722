"""The ``articlekit`` command, run for real through subprocess.

Assertions are on structure (keys, paths, order, files, exit codes, the summary line), not on
how well articles are extracted: the core is still being tuned.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = """Markets rally as inflation cools, report {i}

By Jane Doe

Stocks rose on Monday after new figures showed inflation easing for a third month, marker{i}.
Investors welcomed the data, which suggested the central bank could cut rates soon.

"This is the news we were waiting for," said one analyst in a note to clients.
"""

HTML = """<html><head><title>Storm closes schools {i}</title></head><body>
<h1>Storm closes schools {i}</h1><p>By Sam Roe</p>
<p>Heavy snow closed schools across the region on Tuesday, officials said, marker{i}.</p>
<p>Roads were expected to reopen by the evening once ploughs had cleared the main routes.</p>
</body></html>
"""

BINARY = b"\x00" * 200 + b"\x01\x02\x03" * 50

SUMMARY = re.compile(
    r"^articlekit: (\d+) inputs?, (\d+) outputs?, (\d+) failed, (\d+) skipped in \d+\.\d\ds",
    re.MULTILINE,
)


def _command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m articlekit``."""
    script = shutil.which("articlekit", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "articlekit"]


COMMAND = _command()


def run(
    *args: str | Path,
    cwd: Path,
    stdin: bytes | None = None,
    timeout: float = 300,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [*COMMAND, *map(str, args)],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=timeout,
        env=env,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8"),
        proc.stderr.decode("utf-8", "replace"),
    )


def summary(stderr: str) -> tuple[int, int, int, int]:
    found = SUMMARY.findall(stderr)
    assert len(found) == 1, stderr
    inputs, outputs, failed, skipped = map(int, found[0])
    return inputs, outputs, failed, skipped


def jsonl(stdout: str) -> list[dict[str, object]]:
    lines = stdout.splitlines()
    assert all(line.startswith("{") for line in lines), stdout[:500]
    return [json.loads(line) for line in lines]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """in/a.txt, in/b.html, in/notes.md, in/sub/c.txt, in/sub/deeper/d.txt, in/.hidden.txt"""
    root = tmp_path / "in"
    write(root / "a.txt", ARTICLE.format(i=1))
    write(root / "b.html", HTML.format(i=2))
    write(root / "notes.md", ARTICLE.format(i=3))
    write(root / "sub" / "c.txt", ARTICLE.format(i=4))
    write(root / "sub" / "deeper" / "d.txt", ARTICLE.format(i=5))
    write(root / ".hidden.txt", ARTICLE.format(i=6))
    return tmp_path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# -- standard input ------------------------------------------------------------------------


def test_stdin_to_stdout_is_one_json_object(tmp_path: Path) -> None:
    result = run(cwd=tmp_path, stdin=ARTICLE.format(i=1).encode())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert {"schema_version", "title", "authors", "body", "blocks"} <= data.keys()
    assert "path" not in data and "segments" not in data
    assert result.stdout.startswith("{\n  ")  # indented for people
    assert result.stderr == ""  # a filter keeps stderr quiet unless something fails


def test_stdin_jsonl_with_segments(tmp_path: Path) -> None:
    result = run("-f", "jsonl", "--with-segments", cwd=tmp_path, stdin=HTML.format(i=1).encode())
    assert result.returncode == 0, result.stderr
    (data,) = jsonl(result.stdout)
    assert data["path"] == "-"
    assert isinstance(data["segments"], list) and data["segments"]
    assert isinstance(data["text"], str)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_stdin_text_formats(tmp_path: Path, fmt: str) -> None:
    result = run("--format", fmt, cwd=tmp_path, stdin=ARTICLE.format(i=1).encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert not result.stdout.lstrip().startswith("{")


def test_stdin_that_is_not_text_fails_with_status_1(tmp_path: Path) -> None:
    result = run(cwd=tmp_path, stdin=BINARY)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "articlekit: error: <stdin>:" in result.stderr


# -- files to stdout -----------------------------------------------------------------------


def test_files_to_jsonl_keep_argument_order_in_parallel(tmp_path: Path) -> None:
    names = []
    for i in range(12):
        # Slow and fast files mixed, named so argument order is not sorted order.
        text = ARTICLE.format(i=i) * (300 if i % 4 == 0 else 1)
        names.append(write(tmp_path / f"f{(i * 7) % 12:02d}.txt", text).name)
    result = run("--jobs", "2", "--format", "jsonl", "--fields", "title,text", *names, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    objects = jsonl(result.stdout)
    assert [o["path"] for o in objects] == names
    assert list(objects[0]) == ["path", "title", "text"]
    # Each object is the article of its own path (``text`` is the input as read).
    assert [f"marker{i}." in str(o["text"]) for i, o in enumerate(objects)] == [True] * 12
    assert summary(result.stderr) == (12, 12, 0, 0)


def test_one_file_gives_one_object_several_give_json_lines(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE.format(i=1))
    write(tmp_path / "b.txt", ARTICLE.format(i=2))

    one = run("a.txt", cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert "path" not in json.loads(one.stdout)

    two = run("--format", "json", "a.txt", "b.txt", cwd=tmp_path)
    assert two.returncode == 0, two.stderr
    assert [o["path"] for o in jsonl(two.stdout)] == ["a.txt", "b.txt"]


def test_fields_choose_the_keys(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE.format(i=1))
    write(tmp_path / "b.txt", ARTICLE.format(i=2))
    result = run("--fields", "title,authors,body", "a.txt", "b.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for obj in jsonl(result.stdout):
        assert list(obj) == ["path", "title", "authors", "body"]


def test_text_to_stdout_separates_articles_with_a_form_feed(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE.format(i=1))
    write(tmp_path / "b.txt", ARTICLE.format(i=2))
    result = run("-f", "text", "a.txt", "b.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\f\n") == 1


# -- folders -------------------------------------------------------------------------------


def test_folder_is_not_recursive_by_default(tree: Path) -> None:
    result = run("in", "--glob", "*.txt", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert [o["path"] for o in jsonl(result.stdout)] == ["in/a.txt"]


def test_folder_recursive_with_globs(tree: Path) -> None:
    result = run("-r", "in", "--glob", "*.txt", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert [o["path"] for o in jsonl(result.stdout)] == [
        "in/a.txt",
        "in/sub/c.txt",
        "in/sub/deeper/d.txt",
    ]

    result = run("-r", "in", "--glob", "*.html", "--glob", "sub/*.txt", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert [o["path"] for o in jsonl(result.stdout)] == [
        "in/b.html",
        "in/sub/c.txt",
        "in/sub/deeper/d.txt",
    ]


def test_folder_without_glob_takes_every_visible_file(tree: Path) -> None:
    result = run("-r", "in", "--jobs", "2", cwd=tree)
    assert result.returncode == 0, result.stderr
    paths = [o["path"] for o in jsonl(result.stdout)]
    assert paths == ["in/a.txt", "in/b.html", "in/notes.md", "in/sub/c.txt", "in/sub/deeper/d.txt"]
    assert summary(result.stderr) == (5, 5, 0, 0)


# -- output folder -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,suffix", [("json", ".json"), ("jsonl", ".jsonl"), ("text", ".txt"), ("markdown", ".md")]
)
def test_output_dir_mirrors_the_input_tree(tree: Path, fmt: str, suffix: str) -> None:
    before = snapshot(tree / "in")
    result = run("-r", "in", "-o", "out", "--format", fmt, "--jobs", "2", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    expected = ["a", "b", "notes", "sub/c", "sub/deeper/d"]
    assert files_under(tree / "out") == sorted(name + suffix for name in expected)
    assert snapshot(tree / "in") == before  # inputs untouched
    assert summary(result.stderr) == (5, 5, 0, 0)

    written = (tree / "out" / "sub" / f"c{suffix}").read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(written)
        assert "path" not in data and "title" in data
    elif fmt == "jsonl":
        assert written.count("\n") == 1
        assert json.loads(written)["path"] == "in/sub/c.txt"
    else:
        assert written.strip() and not written.startswith("{")


def test_file_arguments_go_to_the_top_of_the_output_dir(tree: Path) -> None:
    result = run("in/sub/c.txt", "in/a.txt", "-o", "out", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert files_under(tree / "out") == ["a.json", "c.json"]


def test_refuses_to_overwrite_outputs_without_overwrite(tree: Path) -> None:
    first = run("in/a.txt", "in/sub/c.txt", "-o", "out", cwd=tree)
    assert first.returncode == 0, first.stderr
    out = tree / "out" / "a.json"
    out.write_text("sentinel", encoding="utf-8")

    again = run("in/a.txt", "in/sub/c.txt", "-o", "out", cwd=tree)
    assert again.returncode == 1
    assert "in/a.txt" in again.stderr and "exists" in again.stderr
    assert out.read_text(encoding="utf-8") == "sentinel"
    assert summary(again.stderr) == (2, 0, 2, 0)

    forced = run("in/a.txt", "in/sub/c.txt", "-o", "out", "--overwrite", cwd=tree)
    assert forced.returncode == 0, forced.stderr
    assert "title" in json.loads(out.read_text(encoding="utf-8"))
    assert files_under(tree / "out") == ["a.json", "c.json"]  # no temporary files left


def test_skip_existing_resumes_a_run(tree: Path) -> None:
    first = run("-r", "in", "--glob", "*.txt", "-o", "out", cwd=tree)
    assert first.returncode == 0, first.stderr
    kept = tree / "out" / "a.json"
    kept.write_text("sentinel", encoding="utf-8")
    (tree / "out" / "sub" / "c.json").unlink()

    resumed = run("-r", "in", "--glob", "*.txt", "-o", "out", "--skip-existing", cwd=tree)
    assert resumed.returncode == 0, resumed.stderr
    assert kept.read_text(encoding="utf-8") == "sentinel"
    assert (tree / "out" / "sub" / "c.json").is_file()
    assert summary(resumed.stderr) == (3, 1, 0, 2)


def test_never_writes_over_an_input(tree: Path) -> None:
    before = (tree / "in" / "a.txt").read_bytes()
    result = run("in", "-o", "in", "--format", "text", "--overwrite", cwd=tree)
    assert result.returncode == 1
    assert re.search(r"error: in/a\.txt: .*would overwrite an input", result.stderr)
    assert (tree / "in" / "a.txt").read_bytes() == before
    # The run went on: b.html and notes.md have their .txt outputs beside them.
    assert (tree / "in" / "b.txt").is_file() and (tree / "in" / "notes.txt").is_file()
    assert summary(result.stderr) == (3, 2, 1, 0)


def test_two_inputs_with_one_output_path(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", ARTICLE.format(i=1))
    write(tmp_path / "in" / "a.html", HTML.format(i=1))
    result = run("in", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert "already the output of in/a.html" in result.stderr
    assert files_under(tmp_path / "out") == ["a.json"]


def test_output_dir_inside_the_input_is_not_read_back(tree: Path) -> None:
    first = run("-r", "in", "-o", "in/out", cwd=tree)
    assert first.returncode == 0, first.stderr
    second = run("-r", "in", "-o", "in/out", "--skip-existing", cwd=tree)
    assert second.returncode == 0, second.stderr
    assert summary(second.stderr) == (5, 0, 0, 5)


# -- errors and exit status ----------------------------------------------------------------


def test_bad_inputs_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE.format(i=1))
    write(tmp_path / "binary.dat", BINARY)
    write(tmp_path / "z.txt", ARTICLE.format(i=2))
    result = run("a.txt", "missing.txt", "binary.dat", "z.txt", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1
    assert [o["path"] for o in jsonl(result.stdout)] == ["a.txt", "z.txt"]
    assert "articlekit: error: missing.txt: No such file or directory" in result.stderr
    assert "articlekit: error: binary.dat: " in result.stderr
    assert summary(result.stderr) == (4, 2, 2, 0)


def test_max_bytes(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE.format(i=1))
    result = run("--max-bytes", "50", "a.txt", "a.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("max_bytes") == 2


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE.format(i=1))
    write(tmp_path / "z.txt", ARTICLE.format(i=2))
    result = run("a.txt", "missing.txt", "z.txt", "--fail-fast", cwd=tmp_path)
    assert result.returncode == 1
    assert [o["path"] for o in jsonl(result.stdout)] == ["a.txt"]
    assert summary(result.stderr) == (2, 1, 1, 0)


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "yaml", "a.txt"],
        ["--jobs", "0", "a.txt"],
        ["--now", "yesterday", "a.txt"],
        ["--fields", "title,nonsense", "a.txt"],
        ["--format", "text", "--fields", "title", "a.txt"],
        ["-o", "out"],  # standard input cannot go to a folder
        ["--overwrite", "a.txt"],  # only with -o
        ["--overwrite", "--skip-existing", "-o", "out", "a.txt"],
        ["--quiet", "--verbose", "a.txt"],
        ["-", "a.txt"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    write(tmp_path / "a.txt", ARTICLE.format(i=1))
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "usage:" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_now_accepts_iso_8601(tmp_path: Path) -> None:
    for now in ("2024-05-01T12:00:00Z", "2024-05-01T12:00:00+02:00", "2024-05-01"):
        result = run("--now", now, cwd=tmp_path, stdin=ARTICLE.format(i=1).encode())
        assert result.returncode == 0, (now, result.stderr)


def test_quiet_and_verbose(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE.format(i=1))
    quiet = run("-q", "a.txt", "missing.txt", cwd=tmp_path)
    assert quiet.returncode == 1
    assert quiet.stderr.strip().splitlines() == [
        "articlekit: error: missing.txt: No such file or directory"
    ]
    verbose = run("-v", "a.txt", "-o", "out", cwd=tmp_path)
    assert verbose.returncode == 0, verbose.stderr
    assert f"a.txt -> {Path('out', 'a.json')}" in verbose.stderr


# -- the command itself ----------------------------------------------------------------------


def test_help_has_examples(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "examples:" in result.stdout and "--recursive" in result.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "articlekit", "--format", "jsonl", "--fields", "title"],
        input=ARTICLE.format(i=1).encode(),
        capture_output=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert list(json.loads(proc.stdout)) == ["path", "title"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX process groups and FIFOs")
def test_ctrl_c_leaves_only_whole_outputs(tmp_path: Path) -> None:
    from tests.cli import interrupting

    for i in range(40):
        write(tmp_path / "in" / f"f{i:03d}.txt", ARTICLE.format(i=i) * 5)
    out = tmp_path / "out"
    # the endless FIFO last: the run is still going whenever the signal lands
    pipe = interrupting.endless(tmp_path)
    proc = interrupting.start(["in", pipe, "-o", "out", "--jobs", "2"], tmp_path)
    interrupting.wait_until(lambda: bool(interrupting.outputs(out)), proc, "an output")
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole group
    stderr = interrupting.finish(proc)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    names = files_under(out)
    assert names and all(name.endswith(".json") for name in names)  # no temporary files
    for name in names:
        assert "title" in json.loads((out / name).read_text(encoding="utf-8"))
    inputs, outputs, failed, _ = summary(stderr)
    assert outputs == len(names) and failed == 0 and inputs <= 41 and outputs <= 40
