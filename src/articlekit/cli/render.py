"""An article in the output format. ``render`` and ``render_audit`` run in the worker
processes (``clean_many``'s ``transform``), which then send back strings, not Articles."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING, Any

import articlekit

if TYPE_CHECKING:
    from articlekit import Article
    from articlekit.cli.options import Options

#: Separates articles when several go to stdout as text or Markdown: a form feed, the
#: traditional page break, which never occurs in cleaned text.
PAGE_BREAK = "\f\n"


def render(
    article: Article,
    *,
    fmt: str,
    fields: tuple[str, ...] | None,
    segments: bool,
    indent: bool,
    colour: bool = False,
    width: int = 100,
) -> str:
    """One article in the output format, ending in a newline. A top-level function so
    ``clean_many`` can send it to worker processes, which then return strings, not Articles."""
    if fmt == "text":
        return article.to_text()
    if fmt == "markdown":
        return article.to_markdown()
    if fmt == "audit":
        return article.to_html()
    if fmt == "explain":
        return articlekit.explain(article, colour=colour, width=width)
    data = article.to_dict(segments=segments)
    if fmt == "csv":
        return csv_row([_cell(data.get(name)) for name in csv_columns(fields, segments)])
    if fields is not None:
        data = {key: data[key] for key in fields if key in data}
    return json.dumps(data, ensure_ascii=False, indent=2 if indent else None) + "\n"


# -- CSV -------------------------------------------------------------------------------------------


def csv_columns(fields: tuple[str, ...] | None, segments: bool) -> tuple[str, ...]:
    """The article's columns of a CSV row: ``--fields``, else the fixed fields of
    ``articlekit.schema()`` (the keys of ``to_dict()``), in order. ``path`` (and ``record``)
    are put first by the command, so they are not among them."""
    if fields is not None:
        return tuple(f for f in fields if f not in ("path", "record"))
    return tuple(articlekit.schema(segments=segments, arrow=False))


def csv_header(fields: tuple[str, ...] | None, segments: bool, *, record: bool = False) -> str:
    return csv_row(["path", *(["record"] if record else []), *csv_columns(fields, segments)])


def csv_row(cells: list[str]) -> str:
    """One CSV record (RFC 4180 quoting: a cell with a comma, quote or line break is quoted,
    its quotes doubled), ending in a newline."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def with_cells(cells: list[str | None], row: str) -> str:
    """``row`` with the cells (the path, the record id) put before its first."""
    head = csv_row(["" if c is None else c for c in cells]).rstrip("\n")
    return head + ("," + row if row != "\n" else "\n")


def _cell(value: Any) -> str:
    """A value of ``to_dict()`` as a CSV cell: text as it is, null empty, a list of strings
    one item a line, anything structured (blocks, promos, metadata, segments) as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def renderer(opts: Options, *, indent: bool) -> Any:
    """``render`` with the run's settings: a picklable transform for ``clean_many``."""
    return partial(
        render,
        fmt=opts.fmt,
        fields=opts.fields,
        segments=opts.segments,
        indent=indent,
        colour=opts.colour,
        width=opts.width,
    )


def render_audit(article: Article) -> tuple[str, articlekit.AuditSummary]:
    """``--format audit -o``: the page, and the figures the index needs (small to send back)."""
    return article.to_html(), articlekit.audit_summary(article)


def with_path(path: str, json_line: str) -> str:
    """Put ``"path"`` first in a rendered one-line JSON object without parsing it again.
    The path is ASCII-escaped so undecodable file names still give valid UTF-8."""
    head = '{"path": ' + json.dumps(path)
    body = json_line.rstrip("\n")
    rest = body[1:]
    return head + ("}" if rest.strip() == "}" else ", " + rest) + "\n"


def with_record(path: str, record: str | None, json_line: str) -> str:
    """``"path"`` and ``"record"`` (the record id) first in a rendered one-line JSON object."""
    line = with_path(path, json_line)
    head = '{"path": ' + json.dumps(path)
    return head + ', "record": ' + json.dumps(record) + line[len(head) :]
