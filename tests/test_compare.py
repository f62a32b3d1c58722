"""benchmarks/compare.py's records: the same output gives the same record, a changed output
names the first top-level field that changed, and an exception is an output like any other.
In this process, on two fixture inputs; no git, no subprocess."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest

import articlekit

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import compare  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [
    ("fixtures/amazon-shanghai/input.txt", "text"),
    ("fixtures/jsonld-wire-story-html/input.html", "html"),
]


@pytest.mark.parametrize(("page_id", "path"), CASES)
def test_records_are_equal_for_equal_outputs_and_name_the_changed_field(
    page_id: str, path: str
) -> None:
    data = (FIXTURES.parent / page_id).read_bytes()
    made: list[articlekit.Article] = []

    def keep(data: bytes, **kwargs: Any) -> articlekit.Article:
        made.append(articlekit.clean(data, **kwargs))
        return made[-1]

    base = compare.record(page_id, "fixtures", path, data, clean=keep)
    again = compare.record(page_id, "fixtures", path, data)  # articlekit.clean itself
    assert base == again and compare.first_difference(base, again) is None
    assert base["error"] is None and "segments" in base["fields"]

    article = made[0]
    assert article.title and article.segments

    def changed(**fields: Any) -> dict[str, Any]:
        def clean(data: bytes, **kwargs: Any) -> articlekit.Article:
            return dataclasses.replace(article, **fields)

        return compare.record(page_id, "fixtures", path, data, clean=clean)

    assert changed() == base  # the same Article, however it was made
    assert compare.first_difference(base, changed(warnings=("new",))) == "warnings"
    # the first field in to_dict()'s order, whichever changed first in the list
    assert compare.first_difference(base, changed(chrome=(), title="Other")) == "title"
    assert compare.first_difference(base, changed(segments=article.segments[:-1])) == "segments"


def test_an_exception_is_an_output() -> None:
    def failing(message: str) -> Any:
        def clean(data: bytes, **kwargs: Any) -> articlekit.Article:
            raise ValueError(message)

        return clean

    page_id, path = CASES[0]
    one, two, other = (
        compare.record(page_id, "fixtures", path, b"x", clean=failing(m)) for m in "aab"
    )
    assert one == two and compare.first_difference(one, two) is None
    assert one["error"] == "ValueError: a"
    assert compare.first_difference(one, other) == "exception"
    ok = compare.record(page_id, "fixtures", path, b"A title\n\nA short body of one line.\n")
    assert ok["error"] is None and compare.first_difference(ok, one) == "exception"


def test_find_inputs_pages_and_paths(tmp_path: Path) -> None:
    fixtures, corpus = tmp_path / "fixtures", tmp_path / "eval" / "wcxb"
    for name in ("a/input.txt", "b/input.html", "b/expected.json"):
        (fixtures / name).parent.mkdir(parents=True, exist_ok=True)
        (fixtures / name).write_text("x")
    corpus.mkdir(parents=True)
    for page in ("p1", "p2"):
        for ending in (".dump.txt", ".dump3.txt", ".html.gz", ".gold.txt", ".meta.json"):
            (corpus / f"{page}{ending}").write_text("x")
    found = compare.find_inputs(
        ["fixtures", "wcxb"], limit=1, fixtures=fixtures, eval_root=tmp_path / "eval"
    )
    assert [(i.id, i.path) for i in found] == [
        ("fixtures/a/input.txt", "text"),
        ("wcxb/p1.dump.txt", "text"),
        ("wcxb/p1.dump3.txt", "text"),
        ("wcxb/p1.html.gz", "html"),
    ]
