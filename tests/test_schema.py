"""One fixed Arrow schema (issue 15): the rows of ``to_dict()``, the columns of
``clean_frame``, the command's Parquet file and a Hugging Face ``datasets`` table all have the
types of ``articlekit.schema()``, batch after batch, whatever a batch lacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import articlekit
from articlekit.cli import main
from articlekit.integrations.dask_engine import frame_schema

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pd = pytest.importorskip("pandas")

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "amazon-shanghai" / "input.txt"
#: Pages whose articles differ in what they lack: nothing at all, a text with no metadata, a
#: page with metadata, one with a dated byline (``published`` set).
HTML_PAGE = (
    "<html><head><title>Harbour ferry resumes | Harbour Times</title>"
    '<meta property="og:site_name" content="Harbour Times">'
    '<meta name="description" content="The ferry runs again.">'
    '<link rel="canonical" href="https://harbour.example/ferry"></head><body>'
    "<h1>Harbour ferry resumes</h1><p>By Ann Lee, 3 May 2024</p>"
    + "<p>The ferry across the harbour runs again after the storm, the operator said on"
    " Friday, and the first crossing left on time with every seat taken.</p>" * 4 + "</body></html>"
)


def batches() -> list[list[str | bytes]]:
    """Batches that Arrow, left to guess, would type differently (null columns, no metadata)."""
    return [
        ["", "<html><body></body></html>"],
        [SEED.read_bytes()],
        [HTML_PAGE],
        [p.read_bytes() for p in sorted(FIXTURES.glob("*/input.*"))[:6]],
    ]


def _datasets_types_only(kind: Any) -> list[str]:
    """The Arrow types in ``kind`` that Hugging Face ``datasets`` has no feature for: it
    takes strings, integers, lists and structs of them, not maps (``Features.from_arrow_schema``
    fails on ``map<string, string>``)."""
    if pa.types.is_string(kind) or pa.types.is_int64(kind):
        return []
    if pa.types.is_list(kind):
        return _datasets_types_only(kind.value_type)
    if pa.types.is_struct(kind):
        return [bad for f in kind for bad in _datasets_types_only(f.type)]
    return [str(kind)]


@pytest.mark.parametrize("segments", [False, True])
def test_the_schema_has_only_types_datasets_can_hold(segments: bool) -> None:
    schema = articlekit.schema(segments=segments)
    assert [bad for f in schema for bad in _datasets_types_only(f.type)] == []
    assert schema.field("metadata").type == pa.struct(
        [(k, pa.string()) for k in articlekit.METADATA_KEYS]
    )
    assert schema.field("published").type == pa.string()


def test_rows_clean_frame_and_parquet_give_one_schema_batch_after_batch(tmp_path: Path) -> None:
    schema = articlekit.schema()
    every = schema.names
    for i, batch in enumerate(batches()):
        rows = [articlekit.clean(page).to_dict() for page in batch]
        from_rows = pa.Table.from_pylist(rows, schema=schema)
        assert from_rows.schema == schema

        frame = articlekit.clean_frame(pd.DataFrame({"page": batch}), column="page", fields=every)
        assert frame["error"].isna().all()
        from_frame = pa.Table.from_pandas(
            frame,
            schema=frame_schema(every),
            preserve_index=False,
        )
        assert from_frame.drop_columns(["error"]).schema == schema
        assert from_frame.drop_columns(["error"]).to_pylist() == rows  # the same values

        folder = tmp_path / f"batch{i}"
        folder.mkdir()
        for j, page in enumerate(batch):
            data = page.encode() if isinstance(page, str) else page
            suffix = ".html" if data.lstrip()[:1] == b"<" else ".txt"
            (folder / f"{j:02}{suffix}").write_bytes(data)
        out = tmp_path / f"batch{i}.parquet"
        assert main(["-q", "-j", "1", "-f", "parquet", "--output-file", str(out), str(folder)]) == 0
        table = pq.read_table(out)
        assert table.drop_columns(["path"]).schema == schema
        by_path = sorted(table.to_pylist(), key=lambda r: r["path"])
        assert [{k: v for k, v in r.items() if k != "path"} for r in by_path] == rows


def test_a_failed_row_of_clean_frame_keeps_the_schema() -> None:
    every = articlekit.schema(segments=True).names
    frame = articlekit.clean_frame(
        pd.DataFrame({"page": [b"\x00" * 99, SEED.read_bytes()]}), column="page", fields=every
    )
    assert frame.loc[0, "error"].startswith("InputError")
    table = pa.Table.from_pandas(frame, schema=frame_schema(every), preserve_index=False)
    assert table.drop_columns(["error"]).schema == articlekit.schema(segments=True)
    failed = table.to_pylist()[0]
    assert failed["schema_version"] == articlekit.SCHEMA_VERSION and failed["body"] is None
    assert table.to_pylist()[1]["segments"][0]["start"] == 0


def test_the_datasets_features_are_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``datasets`` installed (the dev extra has it), its features of the schema give the
    schema's types back (every column nullable there), and a dataset mapped through them keeps
    every column, ``metadata`` too."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    schema = articlekit.schema()
    features = datasets.Features.from_arrow_schema(schema)
    assert [(f.name, f.type) for f in features.arrow_schema] == [(f.name, f.type) for f in schema]

    def clean_batch(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        rows = [articlekit.clean(page).to_dict() for page in batch["page"]]
        return {name: [row[name] for row in rows] for name in schema.names}

    pages = datasets.Dataset.from_dict({"page": [SEED.read_text("utf-8"), HTML_PAGE, ""]})
    clean = pages.map(
        clean_batch, batched=True, batch_size=1, features=features, remove_columns=["page"]
    )
    assert clean.features == features
    assert clean[1]["metadata"]["sitename"] == "Harbour Times"
    assert clean[2]["metadata"] == dict.fromkeys(articlekit.METADATA_KEYS)
    assert clean[0]["title"] == "Amazon has closed its Shanghai AI lab"
