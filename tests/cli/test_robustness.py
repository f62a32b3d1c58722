"""Issue 17, the command's side: nothing lost (an input never overwritten, no temporary file
left), nothing hangs (FIFOs, /dev/zero, a double Ctrl-C, a killed parent), and no traceback
from any input, flag or signal. Run for real, through subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli import interrupting
from tests.cli.test_clean import ARTICLE, COMMAND, SUMMARY, run

ENV_SHORT_WAIT = {**os.environ, "ARTICLEKIT_PIPE_WAIT": "0.5"}


def folder(tmp_path: Path, n: int, name: str = "d") -> Path:
    d = tmp_path / name
    d.mkdir()
    for i in range(n):
        (d / f"{i}.txt").write_text(ARTICLE.format(i=i))
    return d


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr


# -- 1: --save-profile never writes over an input ------------------------------------------------


def test_save_profile_naming_an_input_is_refused(tmp_path: Path) -> None:
    d = folder(tmp_path, 3)
    before = (d / "1.txt").read_bytes()
    proc = run(d, "-o", "out", "-q", "--save-profile", d / "1.txt", cwd=tmp_path)
    assert proc.returncode == 1 and "is one of the inputs" in proc.stderr
    assert (d / "1.txt").read_bytes() == before
    no_traceback(proc)


@pytest.mark.parametrize("command", [["--reader", "jsonl"], ["records"]])
def test_save_profile_naming_a_jsonl_input_is_refused(tmp_path: Path, command: list[str]) -> None:
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text('{"text": "The council met."}\n' * 3)
    before = jsonl.read_bytes()
    proc = run(*command, jsonl, "-q", "--learn", "--save-profile", jsonl, cwd=tmp_path)
    assert proc.returncode == 1 and "is one of the inputs" in proc.stderr
    assert jsonl.read_bytes() == before


def test_save_profile_in_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    d = folder(tmp_path, 3)
    proc = run(d, "-o", "out", "-q", "--save-profile", "nowhere/p.json", cwd=tmp_path)
    assert proc.returncode == 2 and "no folder nowhere" in proc.stderr
    no_traceback(proc)


# -- 2: Ctrl-C twice, a killed parent, temporary files ------------------------------------------


def _start(tmp_path: Path, d: Path) -> subprocess.Popen[str]:
    """A run over ``d`` and then an endless FIFO: it cannot finish before it is signalled."""
    pipe = interrupting.endless(tmp_path)
    return interrupting.start([d, pipe, "-o", "out", "-j2", "-q", "--no-learn"], tmp_path)


def _outputs_of(tmp_path: Path, n: int) -> Callable[[], bool]:
    return lambda: len(interrupting.outputs(tmp_path / "out")) >= n


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, FIFOs")
@pytest.mark.parametrize("gap", [0.0, 0.05])
def test_a_double_ctrl_c_ends_the_run_and_its_workers(tmp_path: Path, gap: float) -> None:
    # Interrupted after the first output (the parent is still writing) and once all the
    # outputs before the FIFO are written (it waits on the FIFO's worker); the second Ctrl-C
    # right behind the first, or while the first one's teardown runs.
    d = folder(tmp_path, 30)
    for when in (1, 30):
        proc = _start(tmp_path, d)
        interrupting.wait_until(_outputs_of(tmp_path, when), proc, f"{when} outputs")
        workers = interrupting.workers(proc.pid)
        assert workers
        proc.send_signal(signal.SIGINT)
        time.sleep(gap)  # not a bound: either gap must give the same result
        proc.send_signal(signal.SIGINT)
        err = interrupting.finish(proc)
        assert proc.returncode == 130, err
        assert "(interrupted)" in err and "Traceback" not in err, err
        # gone when the command has returned: it waits for the workers it killed
        assert not [w for w in workers if interrupting.alive(w)]
        assert not list((tmp_path / "out").glob(".*.tmp"))
        for f in (tmp_path / "out").iterdir():
            f.unlink()
        (tmp_path / "zz-endless").unlink()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, FIFOs")
def test_a_parent_killed_takes_its_workers_with_it(tmp_path: Path) -> None:
    d = folder(tmp_path, 30)
    proc = _start(tmp_path, d)
    interrupting.wait_until(_outputs_of(tmp_path, 1), proc, "an output")
    workers = interrupting.workers(proc.pid)
    assert workers
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 120  # a wait, not a bound: a loaded machine reaps slowly
    while [w for w in workers if interrupting.alive(w)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if interrupting.alive(w)]


def test_a_rerun_removes_the_temporary_files_a_killed_run_left(tmp_path: Path) -> None:
    d = folder(tmp_path, 2)
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".0.json.ab12cd_3.tmp", out / ".index.html.zzzzzzzz.tmp"]
    for f in stale:
        f.write_bytes(b"")
    mine = out / ".notes.txt.abcdefgh.tmp"  # not beside an output of this run: kept
    mine.write_bytes(b"keep")
    proc = run(d, "-o", out, "--skip-existing", "-q", "--no-learn", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not any(f.exists() for f in stale) and mine.exists()


# -- 3: a full standard output -------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full")
@pytest.mark.parametrize("stdin", [False, True])
def test_a_full_stdout_is_one_error_and_the_summary(tmp_path: Path, stdin: bool) -> None:
    d = folder(tmp_path, 3)
    args = [] if stdin else [str(d), "--no-learn"]
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [*COMMAND, *args],
            cwd=tmp_path,
            stdin=open(d / "0.txt", "rb") if stdin else subprocess.DEVNULL,  # noqa: SIM115
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1
    assert "cannot write to standard output: No space left on device" in proc.stderr
    if not stdin:
        assert SUMMARY.search(proc.stderr)
    no_traceback(proc)


# -- 4: standard input, FIFOs and devices, bounded -----------------------------------------------


def test_dev_zero_on_stdin_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(
            [*COMMAND, "--max-bytes", "1000000"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
    assert proc.returncode == 1 and "over max_bytes=1000000" in proc.stderr
    no_traceback(proc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_named_as_input_does_not_hold_back_the_others(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_text(ARTICLE.format(i=1))
    proc = run(
        "pipe", "a.txt", "-j2", "--fields", "title", cwd=tmp_path, timeout=60, env=ENV_SHORT_WAIT
    )
    assert proc.returncode == 1 and "pipe with no writer" in proc.stderr
    assert '"path": "a.txt"' in proc.stdout
    no_traceback(proc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_inside_a_folder_is_reported_not_skipped_silently(tmp_path: Path) -> None:
    d = folder(tmp_path, 1)
    os.mkfifo(d / "pipe.txt")
    proc = run(d, "--fields", "title", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1 and "pipe.txt: a FIFO in a folder is not read" in proc.stderr
    assert SUMMARY.search(proc.stderr)[3] == "1"  # type: ignore[index]


@pytest.mark.parametrize("option", ["--rules", "--profile"])
def test_rules_or_profile_from_dev_zero_is_a_usage_error(tmp_path: Path, option: str) -> None:
    proc = run(option, "/dev/zero", cwd=tmp_path, stdin=b"The council met.", timeout=120)
    assert proc.returncode == 2 and "over the limit" in proc.stderr
    no_traceback(proc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.parametrize("option", ["--rules", "--profile"])
def test_rules_or_profile_from_a_fifo_is_a_usage_error(tmp_path: Path, option: str) -> None:
    os.mkfifo(tmp_path / "pipe")
    proc = run(
        option, "pipe", stdin=b"The council met.", cwd=tmp_path, timeout=60, env=ENV_SHORT_WAIT
    )
    assert proc.returncode == 2 and "pipe with no writer" in proc.stderr


# -- 8, 9: flags and files that once raised -----------------------------------------------------


def test_max_bytes_past_any_integer_type(tmp_path: Path) -> None:
    d = folder(tmp_path, 2)
    proc = run(d, "--max-bytes", "99999999999999999999999", "--no-learn", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run("--max-bytes", "99999999999999999999999", cwd=tmp_path, stdin=b"The council met.")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_a_deep_rule_pack_or_profile_is_exit_2(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    if suffix == ".toml":
        path.write_text("[chrome]\nadd = " + "[" * 5000 + "]" * 5000 + "\n")
        option = "--rules"
    else:
        path.write_text('{"sites": ' + "[" * 5000 + "]" * 5000 + "}")
        option = "--profile"
    proc = run(option, path, cwd=tmp_path, stdin=b"The council met.")
    assert proc.returncode == 2 and "nested too deeply" in proc.stderr
    no_traceback(proc)


def test_an_age_past_the_calendar_with_now(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("2030 years ago\n\nvor 9999 Jahren\n\n" + ARTICLE.format(i=1))
    proc = run("a.txt", "--now", "2025-07-23T00:00:00Z", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_audit_skip_existing_over_a_summary_with_a_non_string(tmp_path: Path) -> None:
    d = folder(tmp_path, 2)
    out = tmp_path / "audit"
    assert run(d, "-o", out, "--format", "audit", "-q", "--no-learn", cwd=tmp_path).returncode == 0
    page = out / "0.html"
    text = page.read_text("utf-8")
    start = text.index('name="articlekit-summary" content="') + len(
        'name="articlekit-summary" content="'
    )
    end = text.index('"', start)
    page.write_text(text[:start] + "{&quot;title&quot;:5}" + text[end:], "utf-8")
    proc = run(d, "-o", out, "--format", "audit", "--skip-existing", "--no-learn", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (out / "index.html").is_file()
    no_traceback(proc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.parametrize("command", [["--reader", "jsonl"], ["records"]])
def test_a_fifo_named_as_a_crawl_file_does_not_hold_back_the_others(
    tmp_path: Path, command: list[str]
) -> None:
    """Item 4 under the crawl readers: a FIFO named as a JSON Lines or WARC file blocked
    forever in open(), before the other inputs were read."""
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "a.jsonl").write_text('{"text": "The council met on Tuesday."}\n')
    proc = run(
        *command,
        "pipe.jsonl",
        "a.jsonl",
        "--fields",
        "title",
        cwd=tmp_path,
        timeout=60,
        env=ENV_SHORT_WAIT,
    )
    assert proc.returncode == 1 and "pipe with no writer" in proc.stderr
    assert '"path": "a.jsonl"' in proc.stdout
    no_traceback(proc)


@pytest.mark.parametrize("stdin", [False, True])
@pytest.mark.parametrize("reader", ["jsonl", "warc"])
def test_dev_zero_as_a_crawl_file_is_one_failed_input(
    tmp_path: Path, stdin: bool, reader: str
) -> None:
    pytest.importorskip("warcio")
    args = [] if stdin else ["/dev/zero"]
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(
            [*COMMAND, "records", "--reader", reader, "--max-bytes", "1000", *args],
            stdin=zero if stdin else subprocess.DEVNULL,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1 and "a device is read no further than" in proc.stderr
    assert SUMMARY.search(proc.stderr)
    no_traceback(proc)
