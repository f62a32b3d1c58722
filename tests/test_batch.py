"""clean_many: order, per-item errors, bounded look-ahead, clean shutdown.

Assertions are on structure (order, types, counts), never on extraction quality.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import operator
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import articlekit
from articlekit import Article, InputError, clean_many

ARTICLE = """Markets rally as inflation cools, report {i}

By Jane Doe

Stocks rose on Monday after new figures showed inflation easing for a third month, marker{i}.
Investors welcomed the data, which suggested the central bank could cut rates soon.

"This is the news we were waiting for," said one analyst in a note to clients.
"""

BINARY = b"\x00" * 200 + b"\x01\x02\x03" * 50


def article(i: int) -> str:
    return ARTICLE.format(i=i)


def worker_pid(_: Article) -> int:
    """A transform telling which process cleaned the item."""
    return os.getpid()


def test_exported_from_the_package() -> None:
    assert articlekit.clean_many is clean_many
    assert "clean_many" in articlekit.__all__


@pytest.mark.parametrize("jobs", [1, 2])
def test_yields_articles_in_input_order(jobs: int) -> None:
    # Uneven sizes, so a parallel run that did not keep order would show it.
    items = [article(i) * (20 if i % 3 == 0 else 1) for i in range(10)]
    results = list(clean_many(items, jobs=jobs))
    assert all(isinstance(r, Article) for r in results)
    assert [f"marker{i}." in r.text for i, r in enumerate(results)] == [True] * 10
    for i, r in enumerate(results):
        others = [j for j in range(10) if j != i and f"marker{j}." in r.text]
        assert others == []


@pytest.mark.parametrize("jobs,chunksize", [(1, 1), (2, 1), (2, 3)])
def test_errors_return_puts_the_exception_in_place(
    tmp_path: Path, jobs: int, chunksize: int
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(article(1), encoding="utf-8")
    items: list[str | bytes | Path] = [
        article(0),
        tmp_path / "missing.txt",
        BINARY,
        good,
        tmp_path,  # a folder where a file should be
        article(2).encode(),
    ]
    results = list(clean_many(items, jobs=jobs, chunksize=chunksize, errors="return"))
    assert len(results) == len(items)
    assert isinstance(results[0], Article)
    assert isinstance(results[1], FileNotFoundError)
    assert isinstance(results[2], InputError)
    assert isinstance(results[3], Article) and "marker1." in results[3].text
    assert isinstance(results[4], IsADirectoryError)
    assert isinstance(results[5], Article) and "marker2." in results[5].text


@pytest.mark.parametrize("jobs", [1, 2])
def test_errors_raise_stops_at_the_failing_item(jobs: int) -> None:
    stream = clean_many([article(0), BINARY, article(2)], jobs=jobs)
    assert isinstance(next(stream), Article)
    with pytest.raises(InputError):
        next(stream)


def test_transform_runs_in_the_workers() -> None:
    items = [article(i) for i in range(6)]
    pids = list(clean_many(items, jobs=2, transform=worker_pid))
    assert len(pids) == 6
    assert os.getpid() not in pids

    assert set(clean_many(items, jobs=1, transform=worker_pid)) == {os.getpid()}

    lines = list(clean_many(items, jobs=2, transform=operator.methodcaller("to_json")))
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_clean_keywords_reach_clean() -> None:
    url = "https://example.com/news/1"
    results = list(clean_many([article(0), article(1)], jobs=2, url=url))
    assert [r.url for r in results] == [url, url]


def test_max_bytes_refuses_a_large_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(article(0) * 10, encoding="utf-8")
    (result,) = clean_many([big], jobs=1, errors="return", max_bytes=100)
    assert isinstance(result, InputError)
    assert "max_bytes" in str(result)


def test_look_ahead_is_bounded_and_close_stops_the_pool() -> None:
    consumed = 0

    def endless() -> Iterator[str]:
        nonlocal consumed
        for i in itertools.count():
            consumed += 1
            yield article(i)

    stream = clean_many(endless(), jobs=2, transform=operator.attrgetter("text"))
    firsts = [next(stream) for _ in range(3)]
    assert [f"marker{i}." in text for i, text in enumerate(firsts)] == [True] * 3
    # 4 chunks per worker queued up front, then one more per result handed out.
    assert consumed <= 2 * 4 + 3
    stream.close()
    assert multiprocessing.active_children() == []


def test_arguments_are_checked_at_call_time() -> None:
    with pytest.raises(ValueError):
        clean_many([], jobs=0)
    with pytest.raises(ValueError):
        clean_many([], chunksize=0)
    with pytest.raises(ValueError):
        clean_many([], errors="ignore")  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        clean_many([], lanugage="en")


def test_empty_input() -> None:
    assert list(clean_many([], jobs=2)) == []
