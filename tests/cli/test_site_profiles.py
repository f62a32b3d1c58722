"""``--learn``, ``--save-profile`` and ``--profile`` through the command (site profiles
themselves are tested in tests/test_profile.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articlekit.config import sites

from ..conftest import run_cli
from ..test_profile import page, site_pages


def write_site(folder: Path, n: int = 6) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(site_pages(n)):
        path = folder / f"page{i}.txt"
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def test_cli_learns_by_folder_and_saves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_site(tmp_path / "tidings")
    saved = tmp_path / "learned.toml"
    status, out, err = run_cli(
        capsys, "-v", "--save-profile", str(saved), "--fields", "body", str(tmp_path / "tidings")
    )
    assert status == 0, err
    bodies = [json.loads(line)["body"] for line in out.splitlines()]
    assert bodies == [page(i)[1] for i in range(6)]
    assert "learned" in err
    profiles = sites.load(saved)
    assert len(profiles) == 1 and profiles[0].site == str(tmp_path / "tidings")
    assert profiles[0].get("Boats and tides") is not None
    # --no-learn: the footer paragraph stays in the body, as without the feature.
    status, out, _ = run_cli(capsys, "--no-learn", "--fields", "body", str(tmp_path / "tidings"))
    assert status == 0
    assert all("Harbour Tidings is written" in json.loads(x)["body"] for x in out.splitlines())
    # --profile: the saved profile, no learning.
    one = str(tmp_path / "tidings" / "page0.txt")
    status, out, _ = run_cli(capsys, "--profile", str(saved), "--fields", "body", one)
    assert status == 0 and json.loads(out)["body"] == page(0)[1]


def test_cli_learns_nothing_from_small_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path / "a", 2)
    write_site(tmp_path / "b", 2)
    status, out, err = run_cli(capsys, "-v", "-r", "--fields", "body", str(tmp_path))
    assert status == 0
    assert "nothing to learn" in err
    assert all("Harbour Tidings is written" in json.loads(x)["body"] for x in out.splitlines())


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    status, _, err = run_cli(capsys, "--profile", str(bad), str(tmp_path))
    assert status == 2 and "--profile" in err and "bad.json:1" in err
    status, _, err = run_cli(capsys, "--learn")
    assert status == 2 and "--learn needs FILE or DIR" in err
    status, _, err = run_cli(capsys, "--no-learn", "--save-profile", "x.json", str(tmp_path))
    assert status == 2 and "--save-profile" in err


def test_cli_learns_per_url_host_from_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "crawl.jsonl"
    with records.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(site_pages(10)):  # five pages on each of two hosts
            url = f"https://{'a' if i % 2 else 'b'}.tidings.example/{i}"
            fh.write(json.dumps({"id": f"r{i}", "url": url, "text": text}) + "\n")
    saved = tmp_path / "sites.json"
    status, out, err = run_cli(
        capsys, "--reader", "jsonl", "--save-profile", str(saved), "--fields", "body", str(records)
    )
    assert status == 0, err
    assert [json.loads(x)["body"] for x in out.splitlines()] == [page(i)[1] for i in range(10)]
    assert sorted(p.site or "" for p in sites.load(saved)) == [
        "a.tidings.example",
        "b.tidings.example",
    ]


def test_cli_learned_profiles_reach_the_workers_without_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profiles learned go to the worker processes with each task: no temporary file."""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the learning pass needs no temporary file")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    write_site(tmp_path / "tidings", 10)  # enough to be learned by default
    status, out, err = run_cli(capsys, "-j", "2", "--fields", "body", str(tmp_path / "tidings"))
    assert status == 0, err
    assert [json.loads(x)["body"] for x in out.splitlines()] == [page(i)[1] for i in range(10)]


def test_shared_objects_are_unpickled_once_per_process() -> None:
    """How the profiles learned travel: one blob with each task, the same objects for it."""
    import pickle

    import articlekit
    from articlekit.cli.pool import Shared

    learned = articlekit.SiteProfile.learn(site_pages(), site="tidings.example")
    first, second = (pickle.loads(pickle.dumps(Shared([learned]))) for _ in range(2))
    assert first is second  # a worker gets the same objects for every task
    assert first[0] is not learned and first[0].entries == learned.entries
    assert articlekit.clean(page(0)[0], profile=first).body == page(0)[1]


# -- articlekit learn ------------------------------------------------------------------------------


def test_learn_writes_what_save_profile_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "in"
    write_site(root / "tidings")
    write_site(root / "small", 2)
    (root / "tidings" / "broken.txt").write_bytes(b"\x00\x01\x02" * 300)
    both = tmp_path / "both.json"
    status, _, err = run_cli(capsys, "-r", "--save-profile", str(both), str(root))
    assert status == 1, err  # broken.txt
    alone = tmp_path / "alone.json"
    status, out, err = run_cli(capsys, "learn", "-r", "--save-profile", str(alone), str(root))
    assert status == 1 and not out
    assert alone.read_bytes() == both.read_bytes()
    assert "articlekit: error: " in err and "broken.txt: not text" in err
    assert f"articlekit: learned 9 boilerplate blocks of 1 site -> {alone}\n" in err
    assert "articlekit: 9 inputs, 1 output, 1 failed, 2 skipped in " in err
    # Options before the command; -q keeps a run that went well silent.
    again = tmp_path / "again.json"
    pages = [str(p) for p in sorted((root / "tidings").glob("page*.txt"))]
    status, _, err = run_cli(capsys, "-q", "--save-profile", str(again), "learn", *pages)
    assert status == 0 and err == ""
    assert again.read_bytes() == alone.read_bytes()
    # The profile in use later.
    one = str(root / "tidings" / "page0.txt")
    status, out, _ = run_cli(capsys, "--profile", str(alone), "--fields", "body", one)
    assert status == 0 and json.loads(out)["body"] == page(0)[1]


def test_learn_from_records_extends_a_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "crawl.jsonl"
    with records.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(site_pages(10)):  # five pages on each of two hosts
            url = f"https://{'a' if i % 2 else 'b'}.tidings.example/{i}"
            fh.write(json.dumps({"id": f"r{i}", "url": url, "text": text}) + "\n")
        fh.write("not json\n")
    write_site(tmp_path / "folder")
    first = tmp_path / "first.toml"
    status, _, err = run_cli(
        capsys, "learn", "--save-profile", str(first), str(tmp_path / "folder")
    )
    assert status == 0, err
    saved = tmp_path / "sites.json"
    status, out, err = run_cli(
        capsys, "learn", "--reader", "jsonl", "--profile", str(first), "--save-profile", str(saved),
        str(records),
    )  # fmt: skip
    assert status == 1 and not out
    assert "articlekit: error: crawl.jsonl:11: not JSON" in err.replace(str(tmp_path) + "/", "")
    assert [p.site for p in sites.load(saved)] == [
        str(tmp_path / "folder"),
        "b.tidings.example",
        "a.tidings.example",
    ]


def test_learn_writes_the_file_when_nothing_is_learned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path / "small", 2)
    for name in ("none.json", "none.toml"):  # TOML: no [[sites]] table at all
        saved = tmp_path / name
        status, _, err = run_cli(
            capsys, "learn", "--save-profile", str(saved), str(tmp_path / "small")
        )
        assert status == 0
        assert "warning: nothing to learn from: no site with 3 inputs or more" in err
        assert sites.load(saved) == []
        status, _, err = run_cli(capsys, "--profile", str(saved), str(tmp_path / "small"))
        assert status == 0, err  # and it is a profile --profile takes


def test_learn_never_writes_over_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = write_site(tmp_path / "tidings")
    before = pages[0].read_bytes()
    status, _, err = run_cli(capsys, "learn", "--save-profile", str(pages[0]), str(pages[0].parent))
    assert status == 1 and "is one of the inputs" in err
    assert pages[0].read_bytes() == before


@pytest.mark.parametrize(
    "args,message",
    [
        (["learn", "--save-profile", "x.json"], "learn needs FILE or DIR arguments"),
        (["learn", "--save-profile", "x.json", "-"], "learn needs FILE or DIR arguments"),
        (["learn", "."], "the following arguments are required: --save-profile"),
        (["learn", "-o", "out", "--save-profile", "x.json", "."], "unrecognized arguments: -o"),
        (["learn", "--no-learn", "--save-profile", "x.json", "."], "unrecognized arguments"),
        (["learn", "--field", "html", "--save-profile", "x.json", "."], "--field applies to"),
    ],
)
def test_learn_usage_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run_cli(capsys, *args)
    assert status == 2 and not out
    assert err.startswith("usage: articlekit learn ") and message in err
    assert not (tmp_path / "x.json").exists()
