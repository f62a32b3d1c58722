"""What ``clean()`` takes at its boundary and what an Article gives back: paths, ``now`` as the
CLI writes it, ``language=`` checked, warnings for what the caller forced, a short repr, and
one fixed schema for ``to_dict()``'s rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import articlekit
from articlekit import InputError, RulePack
from articlekit.model import FIELDS, SEGMENT_FIELDS

from .conftest import FIXTURES

SEED = FIXTURES / "amazon-shanghai" / "input.txt"
HTML = FIXTURES / "jsonld-wire-story-html" / "input.html"


# -- the input ---------------------------------------------------------------------------------


def test_a_path_is_read_as_a_file() -> None:
    want = articlekit.clean(SEED.read_bytes())
    assert articlekit.clean(SEED) == want

    class Named(os.PathLike[str]):
        def __fspath__(self) -> str:
            return str(SEED)

    assert articlekit.clean(Named()) == want


def test_a_missing_or_too_large_file_says_so() -> None:
    with pytest.raises(FileNotFoundError):
        articlekit.clean(Path("no/such/dump.txt"))
    with pytest.raises(InputError, match="max_bytes"):
        articlekit.clean(SEED, max_bytes=100)


def test_a_str_naming_a_file_is_text_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED.parent)
    with pytest.warns(UserWarning, match="name of an existing file"):
        article = articlekit.clean("input.txt")
    assert article.text == "input.txt"  # never read behind the caller's back
    assert any("pathlib.Path" in w for w in article.warnings)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not articlekit.clean("no-such-file.txt").warnings
        assert not articlekit.clean(SEED.read_text("utf-8")).warnings


@pytest.mark.parametrize("bad", [42, None, ["text"], 3.5])
def test_other_input_types_are_a_type_error_naming_the_accepted_ones(bad: Any) -> None:
    with pytest.raises(TypeError, match=r"str, bytes or a path"):
        articlekit.clean(bad)


def test_url_must_be_a_str() -> None:
    with pytest.raises(TypeError, match="url"):
        articlekit.clean("text", url=b"https://example.org/")  # type: ignore[arg-type]


# -- now ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "published"),
    [
        ("2025-07-23T12:00:00Z", datetime(2025, 7, 22, 23, tzinfo=timezone.utc)),
        ("2025-07-23T12:00:00+00:00", datetime(2025, 7, 22, 23, tzinfo=timezone.utc)),
        ("2025-07-23", datetime(2025, 7, 22, 11, tzinfo=timezone.utc)),
        (date(2025, 7, 23), datetime(2025, 7, 22, 11, tzinfo=timezone.utc)),
        (
            datetime(2025, 7, 23, 12, tzinfo=timezone.utc),
            datetime(2025, 7, 22, 23, tzinfo=timezone.utc),
        ),
    ],
)
def test_now_takes_iso_strings_and_dates_as_the_cli_does(now: Any, published: datetime) -> None:
    article = articlekit.clean(SEED.read_bytes(), now=now)
    assert article.promos[1].published == published  # "13 hours ago"


def test_a_bad_now_names_the_forms_it_takes() -> None:
    with pytest.raises(ValueError, match=r"ISO 8601.*'2025-07-23'.*'yesterday'"):
        articlekit.clean("text", now="yesterday")
    with pytest.raises(TypeError, match="now must be"):
        articlekit.clean("text", now=1721736000)  # type: ignore[arg-type]


# -- language ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "code"),
    [("en", "en"), ("EN", "en"), ("en-GB", "en"), ("pt_BR", "pt"), ("no", "nb"), ("zh-Hans", "zh")],
)
def test_language_takes_iso_639_1_codes_with_regions(given: str, code: str) -> None:
    assert articlekit.clean("Some text here.", language=given).language == code


@pytest.mark.parametrize(
    ("bad", "hint"),
    [("english", "use 'en'"), ("German", "use 'de'"), ("xx", "known: ar, bg"), ("", "known")],
)
def test_a_language_it_does_not_know_is_an_error_naming_valid_forms(bad: str, hint: str) -> None:
    with pytest.raises(ValueError, match="ISO 639-1") as caught:
        articlekit.clean("text", language=bad)
    assert hint in str(caught.value)


def test_the_known_languages_are_public() -> None:
    assert "en" in articlekit.languages() and "fi" in articlekit.languages()


# -- warnings for what the caller forced -------------------------------------------------------


def test_a_forced_language_that_empties_the_body_warns() -> None:
    # The learned labeller rescues most of the body from a wrong stop-word list; the rules
    # alone (as a pack can ask) keep nothing, and that is what must be said.
    rules_only = RulePack.from_dict({"favour": {"balanced": {"learned": {"enabled": 0}}}})
    article = articlekit.clean(SEED.read_bytes(), language="de", rules=rules_only)
    assert article.body == ""
    assert "empty body with language='de' forced (the text reads as 'en')" in article.warnings
    assert articlekit.clean(SEED.read_bytes(), language="en").warnings == ()


def test_format_html_on_a_text_dump_warns() -> None:
    article = articlekit.clean(SEED.read_bytes(), format="html")
    assert "format='html' was forced on input that does not look like HTML" in article.warnings
    assert articlekit.clean(SEED.read_bytes()).warnings == ()


def test_format_text_on_html_warns() -> None:
    article = articlekit.clean(HTML.read_bytes(), format="text")
    assert any(w.startswith("format='text' was forced") for w in article.warnings)


def test_an_empty_body_under_a_forced_format_warns() -> None:
    article = articlekit.clean("<html><body><nav>Home</nav></body></html>", format="html")
    assert article.body == ""
    assert any("empty body with format='html' forced" in w for w in article.warnings)


# -- the Article out ---------------------------------------------------------------------------


def test_repr_is_short() -> None:
    article = articlekit.clean(SEED.read_bytes())
    text = repr(article)
    assert len(text) < 300, text
    assert text.startswith("Article(title='Amazon has closed its Shanghai AI lab', language='en'")
    assert "body=3458 chars" in text
    assert len(repr(articlekit.clean("x" * 500 + "\n\n" + "y " * 3000))) < 300


def test_metadata_is_in_to_dict() -> None:
    article = articlekit.clean(HTML.read_bytes())
    metadata = article.to_dict()["metadata"]
    assert list(metadata) == list(articlekit.METADATA_KEYS)  # every key, every time
    assert {k: v for k, v in metadata.items() if v is not None} == dict(article.metadata)
    assert metadata["sitename"] == "Harbour Times"
    assert articlekit.clean("").to_dict()["metadata"] == dict.fromkeys(articlekit.METADATA_KEYS)


def test_a_metadata_key_outside_the_schema_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown metadata key.*'author_twitter'"):
        articlekit.Article(text="", metadata=(("sitename", "A"), ("author_twitter", "@a")))
    assert (
        articlekit.Article(text="", metadata=(("tags", "a; b"),)).to_dict()["metadata"]["tags"]
        == "a; b"
    )


def _type_ok(value: Any, kind: Any) -> bool:
    """``value`` fits the schema type ``kind`` (None fits any but a list)."""
    if isinstance(kind, list):
        return isinstance(value, list) and all(_type_ok(v, kind[0]) for v in value)
    if value is None:
        return True
    if isinstance(kind, dict):
        return (
            isinstance(value, dict)
            and list(value) == list(kind)
            and all(_type_ok(value[k], t) for k, t in kind.items())
        )
    return isinstance(value, str) if kind == "string" else type(value) is int


def _many_articles() -> list[articlekit.Article]:
    inputs = [p.read_bytes() for p in sorted(FIXTURES.glob("*/input.*"))]
    out = [articlekit.clean(data) for data in inputs]
    out += [articlekit.clean(""), articlekit.clean("<html><body></body></html>")]
    out.append(articlekit.clean(SEED.read_bytes(), now="2025-07-23"))
    return out


@pytest.mark.parametrize("segments", [False, True])
def test_every_row_follows_the_one_schema(segments: bool) -> None:
    fields = articlekit.schema(segments=segments, arrow=False)
    assert fields == {**FIELDS, **(SEGMENT_FIELDS if segments else {})}
    for article in _many_articles():
        row = article.to_dict(segments=segments)
        assert list(row) == list(fields)  # the same keys, in the same order, every time
        bad = {k: row[k] for k, kind in fields.items() if not _type_ok(row[k], kind)}
        assert not bad, (article.title, bad)
        assert row["schema_version"] == articlekit.SCHEMA_VERSION
        assert json.loads(article.to_json(segments=segments)) == row


def test_arrow_tables_of_different_batches_share_the_schema() -> None:
    pa = pytest.importorskip("pyarrow")
    schema = articlekit.schema()
    assert isinstance(schema, pa.Schema)
    articles = _many_articles()
    # a batch of empty articles (nulls, empty lists) and one of full ones: one schema
    empty = pa.Table.from_pylist([a.to_dict() for a in articles[-3:-1]], schema=schema)
    full = pa.Table.from_pylist([a.to_dict() for a in articles], schema=schema)
    assert empty.schema == full.schema == schema
    both = pa.concat_tables([empty, full])
    assert both.num_rows == len(articles) + 2
    audit = pa.Table.from_pylist(
        [articles[0].to_dict(segments=True)], schema=articlekit.schema(segments=True)
    )
    assert audit.column("segments")[0].as_py()[0]["start"] == 0


def test_schema_without_pyarrow_is_the_plain_description() -> None:
    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "import articlekit\n"
        "s = articlekit.schema()\n"
        "assert s['authors'] == ['string'] and s['metadata']['sitename'] == 'string', s\n"
        "try:\n"
        "    articlekit.schema(arrow=True)\n"
        "except ImportError as e:\n"
        "    assert 'pyarrow' in str(e)\n"
        "else:\n"
        "    raise SystemExit('no ImportError')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(articlekit.__file__).parents[1])}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_clean_frame_is_at_the_top_level_and_loads_lazily() -> None:
    code = (
        "import sys, articlekit\n"
        "assert 'articlekit.integrations.dask_engine' not in sys.modules\n"
        "assert 'pandas' not in sys.modules\n"
        "from articlekit import clean_frame\n"
        "from articlekit.integrations.dask_engine import clean_frame as real\n"
        "assert clean_frame is real\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(articlekit.__file__).parents[1])}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert "clean_frame" in articlekit.__all__ and "schema" in articlekit.__all__
