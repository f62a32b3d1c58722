"""The public API: inputs it takes, errors it raises, serialisations, idempotence."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

import articlekit
from articlekit import InputError

from .conftest import FIXTURES
from .test_fixtures import known_gap

SEED = FIXTURES / "amazon-shanghai" / "input.txt"


def test_bytes_and_str_give_the_same_article() -> None:
    raw = SEED.read_bytes()
    assert articlekit.clean(raw) == articlekit.clean(raw.decode("utf-8"))


def test_utf16_with_bom_and_cp1252_are_decoded() -> None:
    text = SEED.read_text("utf-8")
    assert articlekit.clean(text.encode("utf-16")).body == articlekit.clean(text).body
    latin = "Caf\xe9 owners said the new rules would cost them dearly this winter.\n"
    assert "Café" in articlekit.clean(latin.encode("cp1252")).text


def test_binary_input_is_an_input_error() -> None:
    with pytest.raises(InputError):
        articlekit.clean(bytes(range(256)) * 40)


def test_max_bytes() -> None:
    with pytest.raises(InputError, match="max_bytes"):
        articlekit.clean("x" * 100, max_bytes=10)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        articlekit.clean("text", format="pdf")
    with pytest.raises(TypeError):
        articlekit.clean(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   \n\n\t", "\ufeff"])
def test_empty_input_gives_an_empty_article(text: str) -> None:
    article = articlekit.clean(text)
    assert article.body == "" and article.blocks == () and article.title is None


def test_seed_article() -> None:
    now = datetime(2025, 7, 23, 12, tzinfo=timezone.utc)
    article = articlekit.clean(SEED.read_bytes(), now=now)
    assert article.title == "Amazon has closed its Shanghai AI lab"
    assert article.source == "Cryptopolitan"
    assert article.language == "en"
    assert len(article.promos) == 6
    assert [p.author for p in article.promos if p.kind == "teaser"] == ["Mitrade"] * 4 + [
        "FXStreet"
    ]
    assert article.promos[1].published == datetime(2025, 7, 22, 23, tzinfo=timezone.utc)
    assert "goTop" in article.chrome and "quote" in article.chrome


def test_serialisations() -> None:
    article = articlekit.clean(SEED.read_bytes())
    data = json.loads(article.to_json())
    assert data["schema_version"] == articlekit.SCHEMA_VERSION
    assert data["title"] == article.title
    assert "segments" not in data and "text" not in data  # the CLI's default, the small one
    full = json.loads(article.to_json(segments=True))
    assert len(full["segments"]) == len(article.segments) and full["text"] == article.text
    md = article.to_markdown()
    assert md.startswith("# Amazon has closed its Shanghai AI lab\n")
    assert "\n## America is pulling out of China\n" in md
    assert article.to_text().startswith(article.title + "\n\n" + article.blocks[0].text)


def _fixture_inputs() -> list[Path]:
    return sorted(FIXTURES.glob("*/input.txt"))


@pytest.mark.parametrize("path", _fixture_inputs(), ids=lambda p: p.parent.name)
def test_clean_is_idempotent_on_its_text_output(path: Path, request: pytest.FixtureRequest) -> None:
    known_gap(request, path.parent)
    first = articlekit.clean(path.read_bytes())
    again = articlekit.clean(first.to_text())
    assert again.body == first.body
    assert again.title == first.title


@pytest.mark.parametrize("path", _fixture_inputs(), ids=lambda p: p.parent.name)
def test_clean_is_deterministic(path: Path) -> None:
    raw = path.read_bytes()
    assert articlekit.clean(raw) == articlekit.clean(raw)


def test_same_output_in_every_process() -> None:
    """Word lists are sets; no answer may depend on set order (which varies per process)."""
    import subprocess
    import sys

    code = (
        "import articlekit, glob, hashlib; h = hashlib.sha256()\n"
        "for f in sorted(glob.glob('tests/fixtures/*/input.txt')):\n"
        "    h.update(articlekit.clean(open(f, 'rb').read()).to_json(segments=True).encode())\n"
        "print(h.hexdigest())"
    )
    root = FIXTURES.parent.parent
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1
