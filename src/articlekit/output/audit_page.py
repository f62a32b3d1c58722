"""The audit page (``Article.to_html()``): every decision articlekit made, over the original dump.

One self-contained HTML page: the dump in a monospace panel with every segment coloured by its
label, a sticky legend with counts and characters per label, promo cards with their parsed
fields, and a clickable list of decisions (label, extractor, reason). Hovering a segment says
who claimed it and why. Each ``span.seg`` in ``pre.dump`` holds its segment's text exactly (see
:mod:`articlekit.output.escape` for the one exception, ``span.cc``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from articlekit.output.escape import css_name, snippet
from articlekit.output.escape import escape_attr as _a
from articlekit.output.escape import escape_text as _t
from articlekit.output.promos import promo_segments
from articlekit.output.style import COLOURS, CSP, OTHER_COLOUR, fmt, pct
from articlekit.output.summary import AuditSummary, audit_summary

if TYPE_CHECKING:
    from articlekit.model import Article, Promo

__all__ = ["MEANINGS", "audit_page"]

#: What each label means, for the legend's tooltips.
MEANINGS: dict[str, str] = {
    "title": "the headline",
    "byline": "author, source or date line",
    "body": "article text kept",
    "heading": "sub-heading kept in the body",
    "quote": "quotation kept in the body",
    "disclaimer": "legal, risk, affiliate or copyright notice (removed, listed)",
    "promo": "teaser card, call to action or ad (removed, parsed)",
    "chrome": "page furniture: buttons, menus, counters (removed)",
    "caption": "photo caption or credit (removed)",
    "comment": "reader comments (removed)",
    "blank": "whitespace between segments",
}

_PAGE_CSS = """
:root{--bg:#f7f7f5;--fg:#1d2127;--muted:#626a74;--line:#e2e2de;--panel:#fff;
--mono:ui-monospace,"SFMono-Regular","DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace}
*{box-sizing:border-box}
html{font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",
Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
a{color:#1f5fbf}
.top{padding:22px 28px 14px;background:var(--panel);border-bottom:1px solid var(--line)}
.kicker{margin:0;font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
.kicker .name{text-transform:none;letter-spacing:0;font:12.5px var(--mono);color:var(--fg)}
h1{font-size:25px;line-height:1.25;margin:4px 0 8px;max-width:60em}
h1 .none{color:var(--muted);font-weight:400;font-style:italic}
.facts{display:flex;flex-wrap:wrap;gap:4px 20px;margin:0;padding:0;list-style:none;
font-size:13.5px;color:var(--muted)}
.facts b{color:var(--fg);font-weight:600}
.warn{margin:10px 0 0;padding:8px 12px;border-radius:6px;background:#fff4d6;
border:1px solid #f0d48a;font-size:13.5px}
.legend{position:sticky;top:0;z-index:10;display:flex;flex-wrap:wrap;align-items:center;
gap:6px 8px;padding:9px 28px;background:rgba(247,247,245,.97);border-bottom:1px solid var(--line);
box-shadow:0 2px 6px rgba(0,0,0,.04)}
.legend .hint{font-size:12.5px;color:var(--muted);margin-right:4px}
.legend label{display:inline-flex;align-items:center;gap:7px;padding:3px 11px 3px 7px;
border:1px solid var(--line);border-radius:999px;background:var(--panel);font-size:13px;
cursor:pointer;user-select:none;white-space:nowrap}
.legend input{margin:0;width:13px;height:13px}
.legend .n{color:var(--muted);font-variant-numeric:tabular-nums}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;flex:none;
border:1px solid rgba(0,0,0,.12);vertical-align:-1px}
.bar{display:inline-block;width:46px;height:5px;border-radius:3px;background:#ececea;
overflow:hidden;vertical-align:middle}
.bar i{display:block;height:100%}
main{display:grid;grid-template-columns:minmax(0,1fr) 390px;gap:24px;padding:20px 28px 60px;
align-items:start}
@media (max-width:1050px){main{grid-template-columns:minmax(0,1fr)}}
.panel-title{margin:0 0 8px;font-size:13px;font-weight:600;color:var(--muted);
text-transform:uppercase;letter-spacing:.06em}
pre.dump{margin:0;padding:18px 22px;background:var(--panel);border:1px solid var(--line);
border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;
font:13px/1.75 var(--mono);color:var(--fg)}
.seg{border-radius:2px;scroll-margin-top:90px}
.seg:not(.s-blank):hover{outline:2px solid rgba(0,0,0,.55);outline-offset:0}
.seg:target{outline:3px solid #1f5fbf;outline-offset:1px}
.cc{display:inline-block;padding:0 2px;margin:0 1px;border:1px dashed #b33;border-radius:3px;
font-size:10px;line-height:1.3;color:#b33;background:#fff;vertical-align:1px}
aside{position:sticky;top:62px;max-height:calc(100vh - 76px);overflow:auto;
padding-right:4px}
details{background:var(--panel);border:1px solid var(--line);border-radius:8px;
margin:0 0 14px;padding:0 14px}
details>summary{cursor:pointer;padding:10px 0;font-weight:600;font-size:14px}
details[open]>summary{border-bottom:1px solid var(--line);margin-bottom:10px}
.result{margin:0 0 12px;font-size:13.5px;display:grid;grid-template-columns:auto 1fr;
gap:3px 12px}
.result dt{color:var(--muted)}
.result dd{margin:0;overflow-wrap:anywhere}
.card{border:1px solid var(--line);border-left:4px solid #e11d48;border-radius:6px;
padding:7px 10px 8px;margin:0 0 10px;font-size:13px}
.card-head{display:flex;align-items:center;gap:6px;margin:0 0 5px}
.card-head .n{color:var(--muted);font-size:12px}
.card .goto{margin-left:auto;font-size:12px}
.card dl{display:grid;grid-template-columns:4.6em 1fr;gap:2px 8px;margin:0}
.card dt{color:var(--muted);font-size:12px;line-height:1.6}
.card dd{margin:0;overflow-wrap:anywhere}
.ptitle{font-weight:600;font-size:13.5px;line-height:1.35}
.clamp{color:#39404a;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;
overflow:hidden}
.kind{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;
letter-spacing:.05em;color:#6b0f1f;background:#ffd3da;border-radius:4px;padding:0 6px}
.missing{color:var(--muted);font-style:italic}
ol.decisions{list-style:none;margin:0 0 12px;padding:0;font-size:12.5px}
ol.decisions li{border-bottom:1px solid #f0f0ee}
ol.decisions a{display:block;padding:5px 2px;color:inherit;text-decoration:none}
ol.decisions a:hover{background:#f4f6fb}
.dl{font-weight:600}
.off{float:right;color:var(--muted);font:11px/1.9 var(--mono)}
.why{display:block;color:#39404a}
.snip{display:block;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis;
font-family:var(--mono);font-size:11.5px}
footer{padding:0 28px 30px;color:var(--muted);font-size:12.5px}
"""


def _label_css(labels: Iterable[str]) -> str:
    rules = []
    for label in labels:
        bg, fg, accent = COLOURS.get(label, OTHER_COLOUR)
        c = css_name(label)
        rules.append(f".s-{c}{{background:{bg};color:{fg}}}")
        rules.append(f".sw.s-{c},.bar i.s-{c}{{background:{accent}}}")
        if label != "blank":
            # A thin accent line where each segment starts, so neighbours with the same label
            # (a card's title glued to its summary) still show as two decisions.
            rules.append(f".seg.s-{c}{{box-shadow:inset 2px 0 0 {accent}}}")
        if label == "heading":
            rules.append(f".seg.s-{c}{{font-weight:700}}")
        if label == "title":
            rules.append(f".seg.s-{c}{{font-weight:700}}")
        # Unticking a label in the legend takes its colour off the dump.
        rules.append(
            f"body:has(#show-{c}:not(:checked)) .seg.s-{c}"
            "{background:transparent;color:inherit;font-weight:inherit;box-shadow:none}"
        )
    return "\n".join(rules)


def audit_page(article: Article, *, name: str | None = None) -> str:
    """One self-contained HTML page showing every decision taken on ``article``.

    ``name`` (a file name, say) is shown in the page's header. The page needs nothing but
    itself: no network, no scripts. See the module documentation for how the dump is
    written."""
    summary = audit_summary(article)
    cards = promo_segments(article)
    return "".join(
        [
            _head(article, summary),
            _header(article, summary, name),
            _legend(summary),
            "<main>\n<section>\n",
            '<h2 class="panel-title">The dump, every character labelled</h2>\n',
            _dump(article, cards),
            "</section>\n<aside>\n",
            # Side column: the result, the promo cards, the decisions.
            _kept(article),
            _promos(article, cards),
            _decisions(article),
            "</aside>\n</main>\n",
            _FOOTER,
        ]
    )


_FOOTER = (
    "<footer>Made by articlekit. Each coloured span is one segment; hover it for the "
    "extractor and the rule, or pick a decision on the right. Untick a label in the "
    "legend to take its colour off.</footer>\n</body>\n</html>\n"
)


def _head(article: Article, summary: AuditSummary) -> str:
    """From the doctype to ``<body>``: the page's policy, its figures (for the index of a
    later run, see :meth:`AuditSummary.from_page`), its title and its style."""
    labels = [label for label, _, _ in summary.labels]
    title = article.title or "(no title found)"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="articlekit audit">\n'
        f'<meta name="articlekit-summary" content="{_a(summary.to_json())}">\n'
        f"<title>Audit: {_t(snippet(title, 120))}</title>\n"
        f"<style>{_PAGE_CSS}\n{_label_css(labels)}\n</style>\n</head>\n<body>\n"
    )


def _header(article: Article, summary: AuditSummary, name: str | None) -> str:
    """The page's header: what was read, what came out."""
    out = ['<header class="top">\n<p class="kicker">articlekit audit']
    w = out.append
    if name:
        w(f' · <span class="name">{_t(name)}</span>')
    w("</p>\n")
    if article.title:
        w(f"<h1>{_t(article.title)}</h1>\n")
    else:
        w('<h1><span class="none">(no title found)</span></h1>\n')
    facts = [
        (
            "body",
            f"{fmt(summary.body_chars)} chars, "
            f"{pct(summary.body_chars, summary.content_chars)} of the text",
        ),
        ("removed", f"{fmt(summary.content_chars - summary.body_chars)} chars"),
        ("input", f"{fmt(summary.chars)} chars, {article.input_format}"),
        ("segments", fmt(len(article.segments))),
        ("language", article.language or "unknown"),
    ]
    if article.url:
        facts.append(("url", article.url))
    w('<ul class="facts">')
    for key, value in facts:
        w(f"<li>{_t(key)} <b>{_t(value)}</b></li>")
    w("</ul>\n")
    if article.input_format == "html":
        w(
            '<p class="kicker" style="margin-top:8px;text-transform:none;letter-spacing:0">'
            "HTML input: shown as the text articlekit rendered from the page</p>\n"
        )
    if article.warnings:
        w('<div class="warn"><b>Warnings:</b> ')
        w("; ".join(_t(x) for x in article.warnings))
        w("</div>\n")
    w("</header>\n")
    return "".join(out)


def _legend(summary: AuditSummary) -> str:
    """The sticky legend: one toggle per label present, with its counts and share."""
    out = ['<nav class="legend" aria-label="Legend"><span class="hint">Labels</span>\n']
    for label, count, chars in summary.labels:
        c = css_name(label)
        meaning = MEANINGS.get(label, "")
        share = chars / summary.chars if summary.chars else 0.0
        tip = (
            f"{label}: {meaning}\n{count} segments, {chars} characters "
            f"({pct(chars, summary.chars)} of the input). Untick to take the colour off."
        )
        out.append(
            f'<label title="{_a(tip)}" data-label="{_a(label)}" data-segments="{count}" '
            f'data-chars="{chars}"><input type="checkbox" id="show-{c}" checked>'
            f'<span class="sw s-{c}"></span>{_t(label)} '
            f'<span class="n">{fmt(count)} · {fmt(chars)} ch</span>'
            f'<span class="bar"><i class="s-{c}" style="width:{100 * share:.1f}%"></i></span>'
            "</label>\n"
        )
    out.append("</nav>\n")
    return "".join(out)


def _dump(article: Article, cards: list[list[int]]) -> str:
    """The dump: one span per segment, no whitespace between the tags. ``cards`` are the
    segments of each promo (:func:`promo_segments`)."""
    text = article.text
    promo_of: dict[int, int] = {i: n for n, idxs in enumerate(cards) for i in idxs}
    out = ['<pre class="dump" id="dump">']
    for i, seg in enumerate(article.segments):
        c = css_name(seg.label)
        attrs = (
            f'class="seg s-{c}" id="s{i}" data-label="{_a(seg.label)}" '
            f'data-start="{seg.start}" data-end="{seg.end}" '
            f'data-extractor="{_a(seg.extractor)}" data-reason="{_a(seg.reason)}"'
        )
        if seg.label != "blank":
            tip = f"{seg.label} · {seg.extractor}: {seg.reason}\nchars {seg.start}–{seg.end}"
            if i in promo_of:
                tip += f"\npromo {promo_of[i] + 1} of {len(cards)}"
                attrs += f' data-promo="{promo_of[i] + 1}"'
            attrs += f' title="{_a(tip)}"'
        out.append(f"<span {attrs}>{_t(text[seg.start : seg.end])}</span>")
    out.append("</pre>\n")
    return "".join(out)


def _kept(article: Article) -> str:
    """What was kept: the Article's fields, ``none`` where one was not found."""
    out = ['<details open><summary>What was kept</summary>\n<dl class="result">']
    kept: list[tuple[str, str | None]] = [
        ("title", article.title),
        ("source", article.source),
        ("authors", ", ".join(article.authors) or None),
        ("published", article.published.isoformat() if article.published else None),
        ("date as written", article.date_text),
        ("body", f"{len(article.blocks)} blocks, {fmt(len(article.body))} chars normalised"),
        ("disclaimers", str(len(article.disclaimers))),
        ("chrome", f"{len(article.chrome)} pieces"),
    ]
    for what, found in kept:
        shown = _t(found) if found else '<span class="missing">none</span>'
        out.append(f"<dt>{_t(what)}</dt><dd>{shown}</dd>")
    out.append("</dl>\n</details>\n")
    return "".join(out)


def _promos(article: Article, cards: list[list[int]]) -> str:
    """One card per promo, each linked to its first segment in the dump."""
    out = [f'<details open id="promos"><summary>Promos ({len(article.promos)})</summary>\n']
    if not article.promos:
        out.append('<p class="missing">No promos found.</p>\n')
    for n, (promo, idxs) in enumerate(zip(article.promos, cards, strict=True), 1):
        out.append(_promo_card(n, promo, idxs))
    out.append("</details>\n")
    return "".join(out)


def _decisions(article: Article) -> str:
    """Every segment but whitespace, in order, linked to its span in the dump."""
    text = article.text
    decisions = [(i, s) for i, s in enumerate(article.segments) if s.label != "blank"]
    out = [
        f'<details open id="decisions"><summary>Decisions ({len(decisions)})</summary>\n',
        '<ol class="decisions">',
    ]
    for i, seg in decisions:
        c = css_name(seg.label)
        out.append(
            f'<li><a href="#s{i}"><span class="off">{seg.start}–{seg.end}</span>'
            f'<span class="sw s-{c}"></span> <span class="dl">{_t(seg.label)}</span>'
            f'<span class="why">{_t(seg.extractor)}: {_t(seg.reason)}</span>'
            f'<span class="snip">{_t(snippet(text[seg.start : seg.end], 90))}</span></a></li>'
        )
    out.append("</ol>\n</details>\n")
    return "".join(out)


def _promo_card(n: int, promo: Promo, idxs: list[int]) -> str:
    parts = [
        f'<div class="card" id="promo-{n}"><div class="card-head"><span class="kind">'
        f'{_t(promo.kind)}</span> <span class="n">#{n}</span>'
    ]
    if idxs:
        parts.append(f'<a class="goto" href="#s{idxs[0]}">show in the dump</a>')
    else:
        parts.append('<span class="goto missing">not located in the text</span>')
    parts.append("</div><dl>")
    fields: list[tuple[str, str | None, str]] = [
        ("title", promo.title, "ptitle"),
        ("summary", promo.summary, "clamp"),
        ("author", promo.author, ""),
        ("age", promo.age, ""),
        ("published", promo.published.isoformat() if promo.published else None, ""),
    ]
    if not promo.title and not promo.summary:
        fields.insert(0, ("text", promo.text, "clamp"))
    for key, value, cls in fields:
        if value:
            shown = f'<span class="{cls}">{_t(value)}</span>' if cls else _t(value)
        else:
            shown = '<span class="missing">none</span>'
        parts.append(f"<dt>{key}</dt><dd>{shown}</dd>")
    parts.append("</dl></div>\n")
    return "".join(parts)
