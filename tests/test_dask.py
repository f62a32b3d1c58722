"""articlekit.dask on a real ``distributed.LocalCluster`` (two worker processes).

Assertions are on structure (order, types, columns, errors in place), not extraction quality.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import articlekit.integrations.dask_engine as akd  # noqa: E402
from articlekit import Article, InputError  # noqa: E402
from articlekit.readers import Record  # noqa: E402

PROSE = (
    "The council met on Tuesday and agreed that the budget would be cut by a third, "
    "officials said, after a long debate about the cost of the new bridge."
)


def doc(i: int) -> str:
    return f"Storm closes schools {i}\n\nBy Jane Doe\n\n{PROSE} marker{i}.\n"


def worker_pid(_: Article) -> int:
    return os.getpid()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def test_bag_of_mixed_items_keeps_order_and_errors_in_place(client: Client) -> None:
    items: list[Any] = [doc(i) for i in range(12)]
    items[3] = b"\x00" * 300  # binary
    items[5] = {"text": doc(5), "url": "https://news.example/5"}
    items[7] = Record("r7", doc(7), "https://news.example/7")
    items[9] = {"html": "no text field"}
    bag = db.from_sequence(items, npartitions=4)
    results = akd.clean_bag(bag).compute()
    assert len(results) == 12
    assert isinstance(results[3], InputError)
    assert isinstance(results[9], InputError)
    ok = {i: r for i, r in enumerate(results) if isinstance(r, Article)}
    assert sorted(ok) == [0, 1, 2, 4, 5, 6, 7, 8, 10, 11]
    assert all(f"marker{i}." in a.text for i, a in ok.items())
    assert ok[5].url == "https://news.example/5" and ok[7].url == "https://news.example/7"

    with pytest.raises(InputError):
        akd.clean_bag(bag, errors="raise").compute()


def test_work_runs_on_the_cluster_workers(client: Client) -> None:
    bag = db.from_sequence([doc(i) for i in range(8)], npartitions=4)
    pids = set(akd.clean_bag(bag, transform=worker_pid).compute())
    workers = client.run(os.getpid)
    assert pids <= set(workers.values())
    assert os.getpid() not in pids

    rows = akd.clean_bag(bag, transform=akd.summary, language="en").compute()
    assert [json.loads(json.dumps(r))["language"] for r in rows] == ["en"] * 8


def test_read_bag_from_crawl_files(client: Client, tmp_path: Path) -> None:
    warcio = pytest.importorskip("warcio.warcwriter")
    wet = tmp_path / "part.warc.wet.gz"
    with open(wet, "wb") as out:
        w = warcio.WARCWriter(out, gzip=True)
        for i in range(3):
            w.write_record(
                w.create_warc_record(
                    f"https://news.example/{i}",
                    "conversion",
                    payload=io.BytesIO(doc(i).encode()),
                    warc_content_type="text/plain",
                )
            )
    jsonl = tmp_path / "part.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps({"text": doc(i), "url": f"https://news.example/{i}"}) for i in (3, 4))
        + "\nnot json\n",
        encoding="utf-8",
    )
    bag = akd.read_bag([wet, jsonl])
    assert bag.npartitions == 2
    out = akd.clean_bag(bag, transform=akd.summary).compute()
    assert [o["url"] for o in out[:5]] == [f"https://news.example/{i}" for i in range(5)]
    assert isinstance(out[5], InputError)


def test_dataframe_columns_index_and_errors(client: Client, tmp_path: Path) -> None:
    texts: list[Any] = [doc(i) for i in range(10)]
    texts[3] = "Dated\n\nBy Ann Lee | May 3, 2024 09:30 EDT\n\n" + PROSE + " marker3.\n"
    texts[4] = None
    frame = pd.DataFrame(
        {"text": texts, "url": [f"https://news.example/{i}" for i in range(10)]},
        index=pd.RangeIndex(100, 110),
    )
    ddf = dd.from_pandas(frame, npartitions=3)
    cleaned = akd.clean_dataframe(ddf, url_column="url", now=None)
    assert list(cleaned.columns) == [*akd.FIELDS, "error"]
    result = cleaned.compute()
    assert list(result.index) == list(range(100, 110))
    assert result.loc[104, "error"].startswith("InputError")
    assert result["error"].isna().sum() == 9
    good = result.drop(index=104)
    assert all(f"marker{i - 100}." in body for i, body in good["body"].items())
    assert list(good["url"]) == [f"https://news.example/{i - 100}" for i in good.index]
    # published as to_dict() gives it: an ISO string keeping the page's offset (or None)
    assert result.loc[103, "published"] == "2024-05-03T09:30:00-04:00"
    assert result.loc[100, "published"] is None
    pa = pytest.importorskip("pyarrow")
    cleaned.to_parquet(tmp_path / "clean", schema=akd.frame_schema())  # the recipe's write
    table = pa.parquet.read_table(tmp_path / "clean")
    assert table.schema.field("published").type == pa.string()
    assert table.num_rows == 10


def test_clean_frame_is_plain_pandas() -> None:
    frame = pd.DataFrame({"html": ["<html><body><p>" + PROSE + "</p></body></html>", b"\x00" * 99]})
    out = akd.clean_frame(frame, column="html", fields=("body", "input_format"))
    assert list(out.columns) == ["body", "input_format", "error"]
    assert out.loc[0, "input_format"] == "html" and out.loc[1, "error"].startswith("InputError")
    assert list(akd.frame_meta(("body",)).columns) == ["body", "error"]
    with pytest.raises(ValueError):
        akd.clean_frame(frame, column="html", fields=("nope",))
    with pytest.raises(TypeError):
        akd.clean_bag(db.from_sequence([doc(0)]), lanugage="en")


def test_the_pyspark_recipe_shape() -> None:
    """docs/scale.md's mapInPandas recipe without Spark (not installed here): its own code,
    less the lines that need a SparkSession, fed pandas batches as Spark would. The columns
    must be the ones its Spark schema names, in that order, and of the types it names."""
    import ast
    import re

    doc = (Path(__file__).parents[1] / "docs" / "scale.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(from pyspark.*?)```", doc, re.S)
    assert code is not None
    tree = ast.parse(code[1])
    needs_spark = re.compile(r"\bspark\b|pyspark|\bpages\b|\bclean\b")
    spark = [n for n in tree.body if needs_spark.search(ast.unparse(n))]
    # the import, the session, the read, the mapInPandas and the write
    assert len(spark) == 5, [ast.unparse(n)[:40] for n in spark]
    namespace: dict[str, Any] = {}
    kept = ast.Module([n for n in tree.body if n not in spark], type_ignores=[])
    exec(compile(kept, "docs/scale.md", "exec"), namespace)
    columns = [part.split() for part in namespace["SCHEMA"].split(", ")]

    batches = [
        pd.DataFrame({"url": ["https://news.example/1"], "html": [f"<p>{PROSE}</p>"]}),
        pd.DataFrame({"url": ["https://news.example/2", None], "html": [doc_html(2), b"\x00"]}),
    ]
    out = list(namespace["clean_batches"](iter(batches)))
    names = [name for name, _ in columns]
    assert [list(frame.columns) for frame in out] == [names, names]
    assert list(out[1]["url"]) == ["https://news.example/2", None]
    assert out[1]["error"].iloc[1].startswith("InputError")
    spark_types = {"string": str, "array<string>": list}
    for name, kind in columns:  # each value None or of the Spark type named
        values = [v for frame in out for v in frame[name] if v is not None]
        assert all(isinstance(v, spark_types[kind]) for v in values), (name, kind, values)


def doc_html(i: int) -> str:
    return f"<html><body><h1>Storm {i}</h1><p>{PROSE} marker{i}.</p></body></html>"


def test_a_json_line_nested_too_deep_fails_its_record_not_the_partition(tmp_path: Path) -> None:
    """Issue 17, item 5: a line of 1,050 '[' raised RecursionError out of read_jsonl, and the
    whole Dask partition (the file) failed with it."""
    jsonl = tmp_path / "pages.jsonl"
    lines = [
        json.dumps({"text": PROSE, "id": "a"}),
        "[" * 1050,
        json.dumps({"text": PROSE, "id": "b"}),
    ]
    jsonl.write_text("\n".join(lines) + "\n")
    got = akd.clean_bag(akd.read_bag([jsonl])).compute(scheduler="synchronous")
    assert [type(x) for x in got] == [Article, InputError, Article]
    assert "nested too deeply" in str(got[1])
