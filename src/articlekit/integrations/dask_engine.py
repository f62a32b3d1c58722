"""articlekit on Dask: clean a bag or a dataframe of documents on a cluster.

Needs the optional extra ``articlekit[dask]`` (dask, distributed, pandas). Dask schedules; each
task cleans one partition of documents with ``articlekit.clean``, so the work spreads over every
worker process of whatever cluster is active (a ``distributed.Client``, or Dask's local
scheduler without one)::

    from distributed import Client, LocalCluster
    import articlekit.integrations.dask_engine as akd

    client = Client(LocalCluster(n_workers=8, threads_per_worker=1))
    records = akd.read_bag(["crawl-00000.warc.wet.gz", "crawl-00001.warc.wet.gz"])
    articles = akd.clean_bag(records, transform=akd.summary)      # a bag of small dicts
    articles.map(json.dumps).to_textfiles("clean/*.jsonl")

    frame = akd.clean_dataframe(dd.read_parquet("pages/"), column="html", url_column="url")
    frame.to_parquet("clean/")

Cleaning is pure Python and holds the GIL: give workers one thread each
(``threads_per_worker=1``) and as many worker processes as there are cores.

Nothing is lost: a document that cannot be cleaned gives its exception in its place (bags,
``errors="return"``) or an ``error`` column (dataframes) instead of failing the whole task.
:func:`clean_frame` is the plain-pandas function behind :func:`clean_dataframe`; it is also what
the PySpark recipe in docs/scale.md runs in ``mapInPandas``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from articlekit.api import DEFAULT_MAX_BYTES, clean_with
from articlekit.batch import _with_defaults, prepared
from articlekit.errors import InputError
from articlekit.model import FIELDS as MODEL_FIELDS
from articlekit.model import SCHEMA_VERSION, SEGMENT_FIELDS, Article
from articlekit.readers import Record, read

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = [
    "FIELDS",
    "clean_bag",
    "clean_dataframe",
    "clean_frame",
    "frame_meta",
    "frame_schema",
    "read_bag",
    "summary",
]

#: The columns :func:`clean_frame` gives by default, then ``error``.
FIELDS: tuple[str, ...] = (
    "title",
    "source",
    "authors",
    "published",
    "language",
    "url",
    "body",
)
#: Every column :func:`clean_frame` can give (and ``error``): the keys of
#: ``articlekit.schema(segments=True)``, in its order.
_ALL_FIELDS: tuple[str, ...] = (*MODEL_FIELDS, *SEGMENT_FIELDS)


def summary(article: Article) -> dict[str, Any]:
    """The Article as a JSON-ready dict without the audit trail (a handy ``transform``)."""
    return article.to_dict(segments=False)


# -- bags ------------------------------------------------------------------------------------


def read_bag(
    paths: Sequence[str | os.PathLike[str]],
    *,
    reader: str = "auto",
    field: str = "text",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> dask.bag.Bag:
    """A bag of :class:`~articlekit.readers.Record` s from crawl files (JSON Lines, WARC, WET),
    one partition per file, read lazily on the workers. Files must be readable there."""
    import dask.bag as db

    names = [os.fspath(p) for p in paths]
    return db.from_sequence(names, npartitions=max(1, len(names))).map_partitions(
        _read_partition, reader=reader, field=field, max_bytes=max_bytes
    )


def _read_partition(
    paths: Iterable[str], *, reader: str, field: str, max_bytes: int | None
) -> Iterator[Record]:
    for path in paths:
        yield from read(path, reader, field=field, max_bytes=max_bytes)


def clean_bag(
    bag: dask.bag.Bag,
    *,
    field: str = "text",
    url_field: str = "url",
    errors: Literal["raise", "return"] = "return",
    transform: Callable[[Article], Any] | None = None,
    **clean_kwargs: Any,
) -> dask.bag.Bag:
    """Clean every document of ``bag``: its items are text, bytes, crawl ``Record`` s, or dicts
    holding the document under ``field`` (and its address under ``url_field``).

    Gives a bag of Articles, or of ``transform(article)`` (e.g. :func:`summary`, a picklable
    callable run on the workers). ``errors="return"`` (the default here: one bad page should
    not fail a partition of thousands) puts the exception in the document's place;
    ``errors="raise"`` fails the task, and Dask raises it on ``compute()``. ``clean_kwargs``
    (``now``, ``language``, ``format``, ``url``, ``max_bytes``) are checked now.
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    kwargs = _with_defaults(clean_kwargs)
    return bag.map_partitions(
        _clean_partition,
        field=field,
        url_field=url_field,
        return_errors=errors == "return",
        transform=transform,
        clean_kwargs=kwargs,
    )


def _clean_partition(
    items: Iterable[Any],
    *,
    field: str,
    url_field: str,
    return_errors: bool,
    transform: Callable[[Article], Any] | None,
    clean_kwargs: dict[str, Any],
) -> list[Any]:
    out = []
    for item in items:
        try:
            article = _clean_item(item, field, url_field, clean_kwargs)
            out.append(transform(article) if transform is not None else article)
        except Exception as exc:
            if not return_errors:
                raise
            out.append(exc)
    return out


def _clean_item(item: Any, field: str, url_field: str, clean_kwargs: dict[str, Any]) -> Article:
    if isinstance(item, Record):
        data, kwargs = item.clean_args(clean_kwargs)
        if isinstance(data, os.PathLike):
            with open(data, "rb") as fh:
                data = fh.read()
        return clean_with(data, **kwargs)
    if isinstance(item, dict):
        url = item.get(url_field)
        kwargs = {**clean_kwargs, "url": url} if isinstance(url, str) and url else clean_kwargs
        value = item.get(field)
        if not isinstance(value, (str, bytes)):
            raise InputError(f"no {field!r} string in this record")
        return clean_with(value, **kwargs)
    return clean_with(item, **clean_kwargs)


# -- dataframes --------------------------------------------------------------------------------


def clean_dataframe(
    df: dask.dataframe.DataFrame,
    *,
    column: str = "text",
    url_column: str | None = None,
    fields: Sequence[str] = FIELDS,
    **clean_kwargs: Any,
) -> dask.dataframe.DataFrame:
    """Clean the documents in ``df[column]`` (text or HTML, str or bytes): a dataframe with the
    same index and one column per Article field in ``fields`` (default :data:`FIELDS`), then
    ``error`` (None, or ``"InputError: ..."`` for a document that could not be cleaned, whose
    other columns are then empty). ``url_column`` passes each row's address to ``clean``.
    """
    fields = _check_fields(fields)
    kwargs = _with_defaults(clean_kwargs)
    return df.map_partitions(
        clean_frame,
        column=column,
        url_column=url_column,
        fields=fields,
        meta=frame_meta(fields),
        **kwargs,
    )


def clean_frame(
    frame: pandas.DataFrame,
    *,
    column: str = "text",
    url_column: str | None = None,
    fields: Sequence[str] = FIELDS,
    **clean_kwargs: Any,
) -> pandas.DataFrame:
    """The pandas core of :func:`clean_dataframe`: one row out per row in, same index. Every
    column holds Python objects as ``Article.to_dict()`` gives them (``published`` its ISO
    string, ``metadata`` a dict), so :func:`frame_schema` types it as ``articlekit.schema()``
    does the rows.

    Plain pandas, so it also serves PySpark's ``mapInPandas`` and anything else that hands
    over pandas batches. Never raises for a bad document: see the ``error`` column.
    """
    import pandas as pd

    fields = _check_fields(fields)
    audit = any(name in SEGMENT_FIELDS for name in fields)
    clean_kwargs = prepared(clean_kwargs)  # once per frame; clean_dataframe's arrive so
    urls = frame[url_column] if url_column is not None else None
    rows: dict[str, list[Any]] = {name: [] for name in (*fields, "error")}
    for i, data in enumerate(frame[column]):
        kwargs = clean_kwargs
        if urls is not None:
            url = urls.iloc[i]
            if isinstance(url, str) and url:
                kwargs = {**clean_kwargs, "url": url}
        try:
            if data is None or (not isinstance(data, (str, bytes)) and pd.isna(data)):
                raise InputError(f"no document in column {column!r}")
            article = clean_with(data, **kwargs)
        except Exception as exc:
            for name in fields:  # empty, but for the version of the row's schema
                rows[name].append(SCHEMA_VERSION if name == "schema_version" else None)
            rows["error"].append(f"{type(exc).__name__}: {exc}")
            continue
        values = article.to_dict(segments=audit)
        for name in fields:
            rows[name].append(values[name])
        rows["error"].append(None)
    return pd.DataFrame(
        {name: pd.Series(values, dtype=object, index=frame.index) for name, values in rows.items()},
        index=frame.index,
    )


def frame_meta(fields: Sequence[str] = FIELDS) -> pandas.DataFrame:
    """An empty frame with the columns and dtypes :func:`clean_frame` gives (Dask's ``meta``)."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series([], dtype=object) for name in (*fields, "error")})


def frame_schema(fields: Sequence[str] = FIELDS) -> Any:
    """The ``pyarrow.Schema`` of :func:`clean_frame`'s columns: those of ``articlekit.schema()``
    with their types, then ``error`` (a string). Give it to ``to_parquet(..., schema=...)`` and
    ``pyarrow.Table.from_pandas``: left to infer, Dask tries a placeholder object for object
    columns, which Arrow refuses, and a batch whose column is all None would be typed null."""
    import pyarrow as pa

    from articlekit.model import schema

    row = schema(segments=True, arrow=True)
    columns = [row.field(name) for name in _check_fields(fields)]
    return pa.schema([*columns, pa.field("error", pa.string())])


def _check_fields(fields: Sequence[str]) -> tuple[str, ...]:
    fields = tuple(fields)
    unknown = [f for f in fields if f not in _ALL_FIELDS]
    if unknown:
        raise ValueError(f"unknown field(s) {unknown}; choose from {list(_ALL_FIELDS)}")
    return fields
