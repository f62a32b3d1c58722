"""The commands (clean, explain, ...) and how the command line is dispatched to them: options
before or after the command's name, ``clean`` when none is named, a file named like a
command, each command's ``--help``."""

from __future__ import annotations

from pathlib import Path

import pytest

from articlekit.cli import build_parser, split_command

from ..conftest import run_cli
from ..test_rulepacks import PAGE, write

COMMANDS = ("clean", "explain", "learn", "records")
RULE = "chrome: UI text 'weekly tide letter'"  # what explain says of the pack's rule


@pytest.fixture
def page(tmp_path: Path) -> Path:
    return write(tmp_path, PAGE, "page.txt")


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return write(tmp_path, '[chrome.any]\nexact = ["weekly tide letter"]\n', "pack.toml")


def test_options_before_and_after_explain(
    page: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run_cli(capsys, "--rules", str(pack), "explain", str(page))
    after = run_cli(capsys, "explain", "--rules", str(pack), str(page))
    plain = run_cli(capsys, "explain", str(page))
    assert before[0] == after[0] == plain[0] == 0, before[2] + after[2]
    assert before[1] == after[1]
    assert RULE in before[1] and RULE not in plain[1]
    # The older spellings say the same.
    assert run_cli(capsys, "--rules", str(pack), "--explain", str(page))[1] == before[1]
    assert run_cli(capsys, "--format", "explain", "--rules", str(pack), str(page))[1] == before[1]


def test_clean_is_the_default_command(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    implied = run_cli(capsys, "--fields", "title,body", str(page))
    named = run_cli(capsys, "clean", "--fields", "title,body", str(page))
    before = run_cli(capsys, "--fields", "title,body", "clean", str(page))
    assert implied[:2] == named[:2] == before[:2]
    assert implied[0] == 0 and '"title"' in implied[1]


def test_a_file_named_explain_is_reachable(
    tmp_path: Path, page: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("explain").write_text(page.read_text("utf-8"), "utf-8")
    expected = run_cli(capsys, "--fields", "title", str(page))
    assert expected[0] == 0 and expected[1]
    assert run_cli(capsys, "--fields", "title", "./explain")[:2] == expected[:2]
    assert run_cli(capsys, "--fields", "title", "--", "explain")[:2] == expected[:2]
    assert run_cli(capsys, "clean", "--fields", "title", "explain")[:2] == expected[:2]
    # The command explain, on the file explain.
    explained = run_cli(capsys, "explain", "explain")
    assert explained[0] == 0 and explained[1] == run_cli(capsys, "explain", str(page))[1]
    # After another path, a command's name is a path too, as it always was.
    status, out, err = run_cli(capsys, "--fields", "title", str(page), "explain")
    assert status == 0, err
    assert out.count('"title"') == 2 and '"path": "explain"' in out


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, command, "--help")
    assert status == 0
    assert out.startswith("usage: articlekit") and "--jobs" in out
    if command != "clean":
        assert out.startswith(f"usage: articlekit {command} ")
    # Options before the command's name: still that command's help.
    assert run_cli(capsys, "-h", command)[1] == out


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "--help")
    assert status == 0 and out == run_cli(capsys, "clean", "--help")[1]
    for command in COMMANDS:
        assert f"\n  {command} " in out


def test_usage_errors_name_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "explain", "--no-such-option")
    assert status == 2 and not out
    assert err.startswith("usage: articlekit explain ")
    assert "articlekit: error: unrecognized arguments: --no-such-option" in err


@pytest.mark.parametrize(
    "args,at",
    [
        ([], None),
        (["explain"], 0),
        (["explain", "a.txt"], 0),
        (["--rules", "x.toml", "explain", "a.txt"], 2),
        (["--rules=x.toml", "explain"], 1),
        (["-q", "-j", "2", "explain"], 3),
        (["-qj", "2", "explain"], 2),
        (["-qj2", "explain"], 1),
        (["--glob", "explain", "dir"], None),  # the value of --glob
        (["--gl", "explain", "dir"], None),  # an abbreviation of --glob
        (["-o", "clean", "a.txt"], None),  # the value of -o
        (["a.txt", "explain"], None),  # after a path: a path
        (["./explain"], None),
        (["--", "explain"], None),
        (["-", "explain"], None),
        (["-5", "explain"], None),  # argparse takes -5 for a value, not an option
        (["--learn", "explain"], 1),  # --learn takes no value
        (["clean", "explain"], 0),
    ],
)
def test_split_command(args: list[str], at: int | None) -> None:
    """The command is the first argument that is not an option or an option's value."""
    expected = ("clean", args) if at is None else (args[at], args[:at] + args[at + 1 :])
    assert split_command(build_parser(), args) == expected


def test_docs_list_every_option() -> None:
    """docs/cli.md names every option of every command (as `--option` or `--option VALUE`)."""
    import re

    from articlekit.cli import _subparsers

    doc = (Path(__file__).parents[2] / "docs" / "cli.md").read_text("utf-8")
    missing = {
        (name, option)
        for name, parser in _subparsers(build_parser()).items()
        for action in parser._actions
        for option in action.option_strings
        if not re.search(f"`{re.escape(option)}[` ]", doc)
    }
    assert not missing
    for name in COMMANDS:
        assert f"articlekit {name} " in doc or name == "clean"
