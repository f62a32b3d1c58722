"""The ``index.html`` of a folder run: every input with its share of body text and counts of
promos and disclaimers, the oddest pages first."""

from __future__ import annotations

from collections.abc import Iterable

from articlekit.labels import BODY_LABELS, LABELS
from articlekit.output.escape import escape_attr as _a
from articlekit.output.escape import escape_text as _t
from articlekit.output.style import COLOURS, CSP, OTHER_COLOUR, fmt, pct
from articlekit.output.summary import AuditEntry, AuditSummary

__all__ = ["INDEX_GENERATOR", "audit_index"]

#: Marks a page as an articlekit index, so a later run may replace it.
INDEX_GENERATOR = "articlekit audit index"


def _oddness(summary: AuditSummary, median: float) -> tuple[float, list[str]]:
    """How unusual a page looks within its run, and why, in words."""
    score = abs(summary.body_share - median)
    why = []
    if summary.body_chars == 0:
        score += 2
        why.append("no body text")
    elif abs(summary.body_share - median) >= 0.2:
        side = "low" if summary.body_share < median else "high"
        why.append(f"body share {side} (run median {100 * median:.0f}%)")
    if summary.warnings:
        score += 1
        why.append("; ".join(summary.warnings))
    if not summary.title:
        score += 0.3
        why.append("no title")
    if summary.unclaimed and summary.content_chars:
        share = summary.unclaimed / summary.content_chars
        score += share
        if share >= 0.02:
            why.append(f"{pct(summary.unclaimed, summary.content_chars)} left unclaimed")
    return score, why


_INDEX_CSS = """
:root{--bg:#f7f7f5;--fg:#1d2127;--muted:#626a74;--line:#e2e2de}
*{box-sizing:border-box}
html{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",
Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}
p.sub{margin:0 0 18px;color:var(--muted)}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);
border-radius:8px;font-size:14px}
th,td{padding:7px 10px;border-bottom:1px solid #efefec;text-align:left;vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
background:#fafaf8;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px;
overflow-wrap:anywhere;min-width:14em;max-width:28em}
.t{color:#39404a;max-width:30em}
.stack{display:inline-flex;width:130px;height:10px;border-radius:3px;background:#ececea;
overflow:hidden;vertical-align:middle;margin-right:8px}
.stack i{display:block;height:100%}
.keys{margin:-8px 0 16px;font-size:12.5px;color:var(--muted);display:flex;flex-wrap:wrap;
gap:4px 12px;align-items:center}
.keys span{display:inline-flex;align-items:center;gap:5px}
.keys i{display:inline-block;width:10px;height:10px;border-radius:2px}
.why{color:#8a4b00}
tr.failed td{background:#fff1f1}
tr.failed .why{color:#a1121f}
.muted{color:var(--muted)}
.cc{border:1px dashed #b33;color:#b33;font-size:10px;padding:0 2px}
"""


def _stack(s: AuditSummary) -> str:
    """A bar of the page's non-blank characters by label, body labels first."""
    if not s.content_chars:
        return '<span class="stack"></span>'
    order = [x for x in s.labels if x[0] in BODY_LABELS]
    order += [x for x in s.labels if x[0] not in BODY_LABELS and x[0] != "blank"]
    tip = ", ".join(f"{label} {pct(chars, s.content_chars)}" for label, _, chars in order)
    bars = "".join(
        f'<i style="width:{100 * chars / s.content_chars:.2f}%;'
        f'background:{COLOURS.get(label, OTHER_COLOUR)[2]}"></i>'
        for label, _, chars in order
    )
    return f'<span class="stack" title="{_a(tip)}">{bars}</span>'


def _index_legend() -> str:
    items = "".join(
        f'<span><i style="background:{COLOURS[label][2]}"></i>{label}</span>'
        for label in LABELS
        if label != "blank"
    )
    return f'<p class="keys">Bars show each page\'s text by label: {items}</p>\n'


def audit_index(entries: Iterable[AuditEntry], *, title: str = "articlekit audit") -> str:
    """The ``index.html`` of a folder run: one row per input with its share of body text and
    counts of promos and disclaimers, sorted so the oddest pages come first (failed inputs,
    then pages without body text, with warnings, without a title, and with a body share far
    from the run's median)."""
    import statistics

    entries = list(entries)
    shares = [e.summary.body_share for e in entries if e.summary is not None]
    median = statistics.median(shares) if shares else 0.0
    rows = []
    for e in entries:
        if e.error is not None:
            rank = (0, 0.0)
            why = [f"failed: {e.error}"]
        elif e.summary is None:
            rank = (2, 0.0)
            why = ["kept from an earlier run (not cleaned again)"]
        else:
            score, why = _oddness(e.summary, median)
            rank = (1, -score)
        rows.append((rank, e.name, e, why))
    rows.sort(key=lambda row: (row[0], row[1]))

    failed = sum(1 for e in entries if e.error is not None)
    out = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="{INDEX_GENERATOR}">\n',
        f"<title>{_t(title)}</title>\n<style>{_INDEX_CSS}</style>\n</head>\n<body>\n",
        f"<h1>{_t(title)}</h1>\n",
        f'<p class="sub">{len(entries)} inputs, {failed} failed; median body share '
        f"{100 * median:.0f}%. Oddest first: failures, pages without body text, warnings, "
        "no title, a body share far from the median.</p>\n",
        _index_legend(),
        "<table>\n<thead><tr><th>#</th><th>input</th><th>title</th><th>body share</th>"
        "<th>body chars</th><th>promos</th><th>disclaimers</th><th>segments</th>"
        "<th>why look</th></tr></thead>\n<tbody>\n",
    ]
    for n, (_, name, e, why) in enumerate(rows, 1):
        shown = _t(name)
        link = f'<a href="{_a(e.href)}">{shown}</a>' if e.href and e.error is None else shown
        s = e.summary
        cls = ' class="failed"' if e.error is not None else ""
        out.append(
            f'<tr{cls} data-name="{_a(name)}"><td class="num">{n}</td><td class="name">{link}</td>'
        )
        if s is None:
            out.append('<td class="muted" colspan="6">–</td>')
        else:
            segs = sum(count for _, count, _ in s.labels)
            t = _t(s.title) if s.title else '<span class="muted">none</span>'
            out.append(
                f'<td class="t">{t}</td>'
                f'<td class="num" data-share="{s.body_share:.4f}">{_stack(s)}'
                f"{100 * s.body_share:.0f}%</td>"
                f'<td class="num">{fmt(s.body_chars)}</td>'
                f'<td class="num">{s.promos}</td><td class="num">{s.disclaimers}</td>'
                f'<td class="num">{segs}</td>'
            )
        out.append(f'<td class="why">{"<br>".join(_t(x) for x in why)}</td></tr>\n')
    out.append("</tbody>\n</table>\n</body>\n</html>\n")
    return "".join(out)
