"""What a run does when told nothing more (issue 15): learning only where it pays, with
progress; a single FILE as quiet as standard input; the output suffix following the format;
no input at all an error; the command found after options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from articlekit.cli import learning

from ..conftest import run_cli, text_cases
from ..test_profile import page
from .test_site_profiles import write_site

FOOTER = "Harbour Tidings is written"


def bodies(out: str) -> list[str]:
    return [json.loads(line)["body"] for line in out.splitlines()]


def unrelated(folder: Path, n: int) -> None:
    """``n`` dumps of ``n`` different sites in one folder (the fixtures)."""
    folder.mkdir()
    cases = text_cases()
    assert len(cases) >= n
    for case in cases[:n]:
        shutil.copy(case / "input.txt", folder / f"{case.name}.txt")


def test_a_site_with_enough_pages_is_learned_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path / "tidings", learning.AUTO_MIN_PAGES)
    status, out, err = run_cli(capsys, "-v", "--fields", "body", str(tmp_path / "tidings"))
    assert status == 0, err
    assert bodies(out) == [page(i)[1] for i in range(learning.AUTO_MIN_PAGES)]
    assert "learned" in err and "nothing learned" not in err


def test_a_small_site_is_not_learned_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path / "tidings", 6)
    status, out, err = run_cli(capsys, "-v", "--fields", "body", str(tmp_path / "tidings"))
    assert status == 0, err
    assert all(FOOTER in body for body in bodies(out))
    assert "nothing learned" in err
    status, out, err = run_cli(capsys, "--learn", "--fields", "body", str(tmp_path / "tidings"))
    assert status == 0, err
    assert bodies(out) == [page(i)[1] for i in range(6)]


def test_a_folder_of_unrelated_pages_is_read_once_past_the_probe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many sites in one folder: the first pages teach nothing that changes an article, so
    the rest are not read twice, and the outputs are those of --no-learn."""
    n = learning.AUTO_MIN_PAGES + 2
    unrelated(tmp_path / "mixed", n)
    cleaned: list[int] = []
    real = learning.clean_all

    def counting(items: object, *args: object, **kwargs: object) -> object:
        items = list(items)  # type: ignore[call-overload]
        cleaned.append(len(items))
        return real(items, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(learning, "clean_all", counting)
    status, out, err = run_cli(capsys, "-v", str(tmp_path / "mixed"))
    assert status == 0, err
    assert "nothing learned" in err
    assert sum(cleaned) <= 2 * learning.PROBE_PAGES  # the probe, never the whole folder
    status, plain, _ = run_cli(capsys, "--no-learn", str(tmp_path / "mixed"))
    assert out == plain


def test_learning_shows_progress_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from articlekit.cli import report

    monkeypatch.setattr(report, "isatty", lambda stream: True)
    write_site(tmp_path / "tidings", learning.AUTO_MIN_PAGES)
    status, _, err = run_cli(capsys, "--fields", "body", str(tmp_path / "tidings"))
    assert status == 0
    assert "learning" in err  # the bar of the learning pass, named
    status, _, err = run_cli(capsys, "-q", "--fields", "body", str(tmp_path / "tidings"))
    assert status == 0 and err == ""


def test_a_single_file_is_as_quiet_as_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from articlekit.cli import report

    monkeypatch.setattr(report, "isatty", lambda stream: True)  # stderr "a terminal"
    (tmp_path / "a.txt").write_text(page(0)[0], "utf-8")
    status, out, err = run_cli(capsys, str(tmp_path / "a.txt"))
    assert status == 0 and json.loads(out)["title"]
    assert err == ""  # no bar of one item, no summary line
    status, _, err = run_cli(capsys, "-v", str(tmp_path / "a.txt"))
    assert "1 input, 1 output, 0 failed" in err
    status, _, err = run_cli(capsys, str(tmp_path / "missing.txt"))
    assert status == 1 and "missing.txt: No such file" in err


@pytest.mark.parametrize("fmt,suffix", [("jsonl", ".jsonl"), ("csv", ".csv"), ("json", ".json")])
def test_the_output_suffix_follows_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, suffix: str
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(page(0)[0], "utf-8")
    out = tmp_path / "out"
    status, _, err = run_cli(capsys, "-f", fmt, "-o", str(out), str(tmp_path / "in"))
    assert status == 0, err
    assert [p.name for p in out.iterdir()] == [f"a{suffix}"]


@pytest.mark.parametrize("command", ["clean", "learn", "records"])
def test_no_input_at_all_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(page(0)[0], "utf-8")
    extra = ["--save-profile", str(tmp_path / "p.json")] if command == "learn" else []
    status, out, err = run_cli(capsys, command, *extra, "--glob", "*.html", str(tmp_path / "in"))
    assert status == 1 and out == ""
    assert "error: no input files: no file directly in" in err and "--glob '*.html'" in err
    (tmp_path / "empty").mkdir()
    status, _, err = run_cli(capsys, command, *extra, "-r", str(tmp_path / "empty"))
    assert status == 1 and "error: no input files" in err


def test_explain_is_found_after_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As far as argparse allows: after any options (and their values), before the paths."""
    (tmp_path / "a.txt").write_text(page(0)[0], "utf-8")
    status, out, _ = run_cli(
        capsys, "--input-format", "text", "-q", "explain", str(tmp_path / "a.txt")
    )
    assert status == 0 and "decisions" in out


# -- trafilatura's flags, CSV ---------------------------------------------------------------------


def test_trafilatura_flags_are_aliases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(page(0)[0], "utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text(page(1)[0], "utf-8")
    ours = run_cli(capsys, "-r", "--format", "jsonl", "-j", "2", str(tmp_path / "in"))
    theirs = run_cli(
        capsys, "--input-dir", str(tmp_path / "in"), "--output-format", "jsonl", "--parallel", "2"
    )
    assert ours[0] == theirs[0] == 0
    assert ours[1] == theirs[1] and len(ours[1].splitlines()) == 2
    status, _, err = run_cli(capsys, "--input-dir", str(tmp_path / "in" / "a.txt"))
    assert status == 2 and "--input-dir" in err and "not a folder" in err


def test_csv_has_one_row_per_article_with_the_schema_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import io

    import articlekit

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(page(i)[0], "utf-8")
    status, out, err = run_cli(capsys, "-f", "csv", *(str(tmp_path / f"{i}.txt") for i in range(3)))
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["path", *articlekit.schema(arrow=False)]
    assert [r["path"] for r in rows] == [str(tmp_path / f"{i}.txt") for i in range(3)]
    article = articlekit.clean(page(0)[0])
    assert rows[0]["body"] == article.body and rows[0]["title"] == (article.title or "")
    assert rows[0]["authors"] == "\n".join(article.authors)
    assert json.loads(rows[0]["blocks"]) == article.to_dict()["blocks"]
    # --fields picks the columns, after the path.
    status, out, _ = run_cli(
        capsys, "-f", "csv", "--fields", "title,language", str(tmp_path / "0.txt")
    )
    assert out.splitlines()[0] == "path,title,language"
    assert len(list(csv.reader(io.StringIO(out)))) == 2
