"""The audit view: every decision articlekit made, shown over the original dump.

- :func:`audit_page` (``Article.to_html()``) writes one self-contained HTML page: the dump in a
  monospace panel with every segment coloured by its label, a sticky legend with counts and
  characters per label, promo cards with their parsed fields, and a clickable list of
  decisions (label, extractor, reason). Hovering a segment says who claimed it and why.
- :func:`audit_index` writes the ``index.html`` of a folder run: every input with its share of
  body text and counts of promos and disclaimers, the oddest pages first.
- :func:`explain` prints the same decisions for a terminal, in colour if asked.

The page loads nothing (no scripts, fonts, images or style sheets from anywhere, and a
Content-Security-Policy that forbids them) and escapes all text, so a dump full of
``<script>`` shows as text and runs nothing. Each ``span.seg`` in ``pre.dump`` holds its
segment's text exactly, so the spans' texts joined give ``article.text`` back; the only
exception are characters a page cannot carry or should not show as they are (control
characters other than tab, newline and carriage return; bidirectional overrides; zero-width
spaces; unpaired surrogates): each is a ``span.cc`` whose ``data-cp`` attribute is its code
point in hexadecimal and whose text is a visible stand-in.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from articlekit.labels import BODY_LABELS, LABELS

if TYPE_CHECKING:
    from articlekit.model import Article, Promo, Segment

__all__ = [
    "COLOURS",
    "AuditEntry",
    "AuditSummary",
    "audit_index",
    "audit_page",
    "audit_summary",
    "explain",
]

#: label -> (background, text, accent) colours of the page. ``body`` is the green the browser
#: test looks for in the screenshot.
COLOURS: dict[str, tuple[str, str, str]] = {
    "title": ("#ead9ff", "#3b0a6e", "#8b5cf6"),
    "byline": ("#d9e6ff", "#12306b", "#3b82f6"),
    "body": ("#d3f5dc", "#0f3d1e", "#22a04b"),
    "heading": ("#a6e8b9", "#0b3219", "#15803d"),
    "quote": ("#e6f5c4", "#2f3d0a", "#84cc16"),
    "disclaimer": ("#fde7a6", "#5a3e00", "#d99a00"),
    "promo": ("#ffd3da", "#6b0f1f", "#e11d48"),
    "chrome": ("#e4e4e7", "#52525b", "#a1a1aa"),
    "caption": ("#cbf1f7", "#0b4650", "#06b6d4"),
    "comment": ("#ffe0c2", "#6a2c00", "#f97316"),
    "blank": ("transparent", "inherit", "#d4d4d8"),
}
_OTHER_COLOUR = ("#f1eadf", "#3f3a33", "#a8a29e")

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

#: ANSI SGR codes per label for :func:`explain`.
_ANSI: dict[str, str] = {
    "title": "1;35",
    "byline": "34",
    "body": "32",
    "heading": "1;32",
    "quote": "3;32",
    "disclaimer": "33",
    "promo": "31",
    "chrome": "90",
    "caption": "36",
    "comment": "95",
    "blank": "90",
}

# Characters that are escaped in text: markup, the carriage return (parsers turn a raw one
# into a newline), and characters shown as a visible stand-in: C0/C1 controls except tab and
# newline, zero-width space, bidirectional embeddings/overrides/isolates, the BOM, surrogates.
_SPECIAL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
_TEXT_RE = re.compile(f"[&<>\r{_SPECIAL}]")
_ATTR_RE = re.compile(f"[&<>\"'\r\n{_SPECIAL}]")
_HIDDEN_RE = re.compile(f"[{_SPECIAL}]")
_SPACE_RE = re.compile(r"\s+")
_KEY_DROP_RE = re.compile(r"[\W_]+")
_SUMMARY_META_RE = re.compile(r'<meta name="articlekit-summary" content="([^"]*)">')

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
#: Marks a page as an articlekit index, so a later run may replace it.
INDEX_GENERATOR = "articlekit audit index"


# -- escaping --------------------------------------------------------------------------------


def _stand_in(ch: str) -> str:
    """A boxed hexadecimal code (``1B``, ``202E``): readable in any font, unlike the Control
    Pictures block."""
    cp = ord(ch)
    shown = f"{cp:02X}" if cp < 0x100 else f"{cp:04X}"
    name = unicodedata.name(ch, "") if not 0xD800 <= cp <= 0xDFFF else "unpaired surrogate"
    if not name and cp < 0x20:
        name = "control character"
    label = f"U+{cp:04X} {name}".strip()
    return f'<span class="cc" data-cp="{cp:x}" title="{label}">{shown}</span>'


def _text_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "&":
        return "&amp;"
    if ch == "<":
        return "&lt;"
    if ch == ">":
        return "&gt;"
    if ch == "\r":
        return "&#13;"
    return _stand_in(ch)


def _t(text: str) -> str:
    """Text content, escaped; hidden characters become visible ``span.cc`` stand-ins."""
    return _TEXT_RE.sub(_text_char, text)


def _attr_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in "&<>\"'":
        return html.escape(ch, quote=True)
    if ch in "\r\n":
        return f"&#{ord(ch)};"
    return f"\\u{ord(ch):04x}"


def _a(text: str) -> str:
    """An attribute value (to go between double quotes), escaped."""
    return _ATTR_RE.sub(_attr_char, text)


def _css_name(label: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "_", label.lower()) or "_"


def _snippet(text: str, limit: int = 110) -> str:
    text = _SPACE_RE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """The figures of one article that an index page needs (small and picklable, so worker
    processes can send it back instead of the Article)."""

    title: str | None
    language: str | None
    input_format: str
    chars: int
    #: ``(label, segments, characters)`` for every label present, in the order of ``LABELS``.
    labels: tuple[tuple[str, int, int], ...]
    promos: int
    disclaimers: int
    warnings: tuple[str, ...] = ()
    #: Characters no extractor claimed (chrome filled in by the pipeline).
    unclaimed: int = 0

    def chars_of(self, *labels: str) -> int:
        return sum(chars for label, _, chars in self.labels if label in labels)

    @property
    def body_chars(self) -> int:
        return self.chars_of(*BODY_LABELS)

    @property
    def content_chars(self) -> int:
        """Characters that are not whitespace between segments."""
        return self.chars - self.chars_of("blank")

    @property
    def body_share(self) -> float:
        """Body characters over non-blank characters (0 for an empty input)."""
        return self.body_chars / self.content_chars if self.content_chars else 0.0

    def to_json(self) -> str:
        """ASCII JSON (what an audit page carries in its ``articlekit-summary`` meta tag)."""
        data = {
            "title": self.title,
            "language": self.language,
            "input_format": self.input_format,
            "chars": self.chars,
            "labels": [list(item) for item in self.labels],
            "promos": self.promos,
            "disclaimers": self.disclaimers,
            "warnings": list(self.warnings),
            "unclaimed": self.unclaimed,
        }
        return json.dumps(data, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> AuditSummary:
        data = json.loads(text)
        return cls(
            title=data["title"],
            language=data["language"],
            input_format=data["input_format"],
            chars=int(data["chars"]),
            labels=tuple((str(a), int(b), int(c)) for a, b, c in data["labels"]),
            promos=int(data["promos"]),
            disclaimers=int(data["disclaimers"]),
            warnings=tuple(data.get("warnings", ())),
            unclaimed=int(data.get("unclaimed", 0)),
        )

    @classmethod
    def from_page(cls, page: str) -> AuditSummary | None:
        """The figures an audit page carries in its head, or None if it has none (so the
        index of a resumed run can list pages an earlier run wrote)."""
        match = _SUMMARY_META_RE.search(page)
        if match is None:
            return None
        try:
            return cls.from_json(html.unescape(match.group(1)))
        except (ValueError, KeyError, TypeError):
            return None


def _label_order(segments: Iterable[Segment]) -> list[str]:
    seen = {s.label for s in segments}
    return [label for label in LABELS if label in seen] + sorted(seen - set(LABELS))


def audit_summary(article: Article) -> AuditSummary:
    """Counts and characters per label, promos, disclaimers and warnings of ``article``."""
    counts: dict[str, list[int]] = {}
    unclaimed = 0
    for seg in article.segments:
        entry = counts.setdefault(seg.label, [0, 0])
        entry[0] += 1
        entry[1] += seg.end - seg.start
        if seg.extractor == "pipeline" and seg.label != "blank":
            unclaimed += seg.end - seg.start
    return AuditSummary(
        title=article.title,
        language=article.language,
        input_format=article.input_format,
        chars=len(article.text),
        labels=tuple(
            (label, counts[label][0], counts[label][1]) for label in _label_order(article.segments)
        ),
        promos=len(article.promos),
        disclaimers=len(article.disclaimers),
        warnings=tuple(article.warnings),
        unclaimed=unclaimed,
    )


# -- promos and their segments ---------------------------------------------------------------


def _key(text: str) -> str:
    """Letters and digits only, case-folded: what survives normalisation of promo texts."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    return _KEY_DROP_RE.sub("", text).casefold()


def promo_segments(article: Article) -> list[list[int]]:
    """For each promo, the indices of the segments it was read from (empty if not found).

    Promos carry no offsets, so they are located by text: the consecutive promo segments whose
    letters and digits spell the promo's text, plus the card's image placeholders or rank
    numbers (claimed by the promo extractor but left out of the text)."""
    segs = article.segments
    keys = [_key(article.text[s.start : s.end]) if s.label == "promo" else "" for s in segs]
    used: set[int] = set()
    out: list[list[int]] = []
    cursor = 0
    for promo in article.promos:
        found = _locate(promo, segs, keys, used, cursor)
        if not found:
            found = _locate(promo, segs, keys, used, 0)
        if found:
            cursor = found[-1] + 1
            used.update(found)
        out.append(found)
    return out


def _locate(
    promo: Promo, segs: Sequence[Segment], keys: list[str], used: set[int], start: int
) -> list[int]:
    target = _key(promo.text)
    if not target:
        return []
    for first in range(start, len(segs)):
        if first in used or not keys[first] or not target.startswith(keys[first]):
            continue
        taken = [first]
        pos = len(keys[first])
        j = first + 1
        while pos < len(target) and j < len(segs):
            seg = segs[j]
            if j in used:
                break
            key = keys[j]
            if key and target.startswith(key, pos):
                taken.append(j)
                pos += len(key)
            elif seg.label == "blank":
                pass
            elif seg.extractor == "promo":  # a placeholder or rank number inside the card
                taken.append(j)
            else:
                break
            j += 1
        if pos < len(target):
            continue
        # The card's leading placeholder (its image) comes before the text.
        k = first - 1
        while k >= 0 and k not in used and segs[k].label in ("blank", "chrome", "promo"):
            if segs[k].label != "blank":
                if segs[k].extractor != "promo" or keys[k]:
                    break
                taken.insert(0, k)
            k -= 1
        return [i for i in taken if segs[i].label != "blank"]
    return []


# -- the page --------------------------------------------------------------------------------

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
        bg, fg, accent = COLOURS.get(label, _OTHER_COLOUR)
        c = _css_name(label)
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


def _fmt(n: int) -> str:
    return f"{n:,}"


def _pct(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    share = 100 * part / whole
    return f"{share:.1f}%" if share < 10 else f"{share:.0f}%"


def audit_page(article: Article, *, name: str | None = None) -> str:
    """One self-contained HTML page showing every decision taken on ``article``.

    ``name`` (a file name, say) is shown in the page's header. The page needs nothing but
    itself: no network, no scripts. See the module documentation for how the dump is
    written."""
    text = article.text
    segments = article.segments
    summary = audit_summary(article)
    labels = [label for label, _, _ in summary.labels]
    cards = promo_segments(article)
    promo_of: dict[int, int] = {i: n for n, idxs in enumerate(cards) for i in idxs}

    out: list[str] = []
    w = out.append
    title = article.title or "(no title found)"
    w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    w(f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n')
    w('<meta name="referrer" content="no-referrer">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w('<meta name="generator" content="articlekit audit">\n')
    w(f'<meta name="articlekit-summary" content="{_a(summary.to_json())}">\n')
    w(f"<title>Audit: {_t(_snippet(title, 120))}</title>\n")
    w(f"<style>{_PAGE_CSS}\n{_label_css(labels)}\n</style>\n</head>\n<body>\n")

    # Header: what was read, what came out.
    w('<header class="top">\n<p class="kicker">articlekit audit')
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
            f"{_fmt(summary.body_chars)} chars, "
            f"{_pct(summary.body_chars, summary.content_chars)} of the text",
        ),
        ("removed", f"{_fmt(summary.content_chars - summary.body_chars)} chars"),
        ("input", f"{_fmt(summary.chars)} chars, {article.input_format}"),
        ("segments", _fmt(len(segments))),
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

    # Legend: one toggle per label present.
    w('<nav class="legend" aria-label="Legend"><span class="hint">Labels</span>\n')
    for label, count, chars in summary.labels:
        c = _css_name(label)
        meaning = MEANINGS.get(label, "")
        share = chars / summary.chars if summary.chars else 0.0
        tip = (
            f"{label}: {meaning}\n{count} segments, {chars} characters "
            f"({_pct(chars, summary.chars)} of the input). Untick to take the colour off."
        )
        w(
            f'<label title="{_a(tip)}" data-label="{_a(label)}" data-segments="{count}" '
            f'data-chars="{chars}"><input type="checkbox" id="show-{c}" checked>'
            f'<span class="sw s-{c}"></span>{_t(label)} '
            f'<span class="n">{_fmt(count)} · {_fmt(chars)} ch</span>'
            f'<span class="bar"><i class="s-{c}" style="width:{100 * share:.1f}%"></i></span>'
            "</label>\n"
        )
    w("</nav>\n<main>\n<section>\n")
    w('<h2 class="panel-title">The dump, every character labelled</h2>\n')

    # The dump: one span per segment, no whitespace between the tags.
    w('<pre class="dump" id="dump">')
    for i, seg in enumerate(segments):
        c = _css_name(seg.label)
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
        w(f"<span {attrs}>{_t(text[seg.start : seg.end])}</span>")
    w("</pre>\n</section>\n<aside>\n")

    # Side column: the result, the promo cards, the decisions.
    w('<details open><summary>What was kept</summary>\n<dl class="result">')
    kept: list[tuple[str, str | None]] = [
        ("title", article.title),
        ("source", article.source),
        ("authors", ", ".join(article.authors) or None),
        ("published", article.published.isoformat() if article.published else None),
        ("date as written", article.date_text),
        ("body", f"{len(article.blocks)} blocks, {_fmt(len(article.body))} chars normalised"),
        ("disclaimers", str(len(article.disclaimers))),
        ("chrome", f"{len(article.chrome)} pieces"),
    ]
    for what, found in kept:
        shown = _t(found) if found else '<span class="missing">none</span>'
        w(f"<dt>{_t(what)}</dt><dd>{shown}</dd>")
    w("</dl>\n</details>\n")

    w(f'<details open id="promos"><summary>Promos ({len(article.promos)})</summary>\n')
    if not article.promos:
        w('<p class="missing">No promos found.</p>\n')
    for n, (promo, idxs) in enumerate(zip(article.promos, cards, strict=True), 1):
        w(_promo_card(n, promo, idxs))
    w("</details>\n")

    decisions = [(i, s) for i, s in enumerate(segments) if s.label != "blank"]
    w(f'<details open id="decisions"><summary>Decisions ({len(decisions)})</summary>\n')
    w('<ol class="decisions">')
    for i, seg in decisions:
        c = _css_name(seg.label)
        w(
            f'<li><a href="#s{i}"><span class="off">{seg.start}–{seg.end}</span>'
            f'<span class="sw s-{c}"></span> <span class="dl">{_t(seg.label)}</span>'
            f'<span class="why">{_t(seg.extractor)}: {_t(seg.reason)}</span>'
            f'<span class="snip">{_t(_snippet(text[seg.start : seg.end], 90))}</span></a></li>'
        )
    w("</ol>\n</details>\n</aside>\n</main>\n")
    w(
        "<footer>Made by articlekit. Each coloured span is one segment; hover it for the "
        "extractor and the rule, or pick a decision on the right. Untick a label in the "
        "legend to take its colour off.</footer>\n</body>\n</html>\n"
    )
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


# -- the index of a folder run -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One input of a folder run, for :func:`audit_index`.

    ``href`` is the address of its audit page relative to the index; ``summary`` its figures
    (None when it was not cleaned this run); ``error`` why it failed, if it did."""

    name: str
    href: str | None = None
    summary: AuditSummary | None = None
    error: str | None = None


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
            why.append(f"{_pct(summary.unclaimed, summary.content_chars)} left unclaimed")
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
    tip = ", ".join(f"{label} {_pct(chars, s.content_chars)}" for label, _, chars in order)
    bars = "".join(
        f'<i style="width:{100 * chars / s.content_chars:.2f}%;'
        f'background:{COLOURS.get(label, _OTHER_COLOUR)[2]}"></i>'
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
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n',
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
                f'<td class="num">{_fmt(s.body_chars)}</td>'
                f'<td class="num">{s.promos}</td><td class="num">{s.disclaimers}</td>'
                f'<td class="num">{segs}</td>'
            )
        out.append(f'<td class="why">{"<br>".join(_t(x) for x in why)}</td></tr>\n')
    out.append("</tbody>\n</table>\n</body>\n</html>\n")
    return "".join(out)


# -- the terminal ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """One line, safe for a terminal: whitespace folded, escape sequences and other hidden
    characters shown as ``\\xNN`` / ``\\uNNNN`` instead of acting on the terminal."""
    text = _SPACE_RE.sub(" ", text).strip()
    return _HIDDEN_RE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def _cols(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, with an ellipsis if cut."""
    used = 0
    for i, ch in enumerate(text):
        used += _cols(ch)
        if used > width:
            return text[: max(0, i - 1)] + "…"
    return text


def explain(article: Article, *, colour: bool = False, width: int = 100) -> str:
    """Every decision on ``article`` as terminal text: a table of labels, then one entry per
    segment (offsets, label, extractor and reason, the start of its text), then the promos
    with their parsed fields. ``colour`` adds ANSI colours; input text never reaches the
    terminal as control characters."""
    width = max(40, width)

    def paint(code: str, s: str) -> str:
        return f"\x1b[{code}m{s}\x1b[0m" if colour and code else s

    def label(name: str, pad: int = 0) -> str:
        return paint(_ANSI.get(name, ""), name.ljust(pad))

    summary = audit_summary(article)
    text = article.text
    lines: list[str] = []
    head = _plain(article.title) if article.title else "(no title found)"
    lines.append(paint("1", _clip(head, width)))
    lines.append(
        f"{article.language or 'unknown language'} · {article.input_format} · "
        f"{_fmt(summary.chars)} chars · {_fmt(len(article.segments))} segments · body "
        f"{_fmt(summary.body_chars)} chars ({_pct(summary.body_chars, summary.content_chars)} "
        "of the text)"
    )
    for warning in article.warnings:
        lines.append(paint("33", f"warning: {_plain(warning)}"))
    lines.append("")
    lines.append(paint("1", f"{'label':<12}{'segments':>9}{'chars':>9}{'share':>8}"))
    for name, count, chars in summary.labels:
        lines.append(f"{label(name, 12)}{count:>9}{_fmt(chars):>9}{_pct(chars, summary.chars):>8}")
    lines.append("")
    decisions = [s for s in article.segments if s.label != "blank"]
    lines.append(paint("1", f"decisions ({len(decisions)}; whitespace between them not shown)"))
    indent = " " * 16
    for seg in decisions:
        offsets = f"{seg.start}–{seg.end}"
        why = textwrap.wrap(_plain(f"{seg.extractor}: {seg.reason}"), max(20, width - 28))
        lines.append(f"{offsets:>14}  {label(seg.label, 11)} {paint('2', why[0] if why else '')}")
        lines.extend(" " * 28 + paint("2", more) for more in why[1:])
        snippet = _clip(_plain(text[seg.start : seg.end]), width - len(indent))
        lines.append(indent + paint(_ANSI.get(seg.label, ""), snippet))
    lines.append("")
    lines.append(paint("1", f"promos ({len(article.promos)})"))
    cards = promo_segments(article)
    for n, (promo, idxs) in enumerate(zip(article.promos, cards, strict=True), 1):
        where = f"at {article.segments[idxs[0]].start}" if idxs else "not located in the text"
        head = promo.title or promo.text
        lines.append(
            f"{n:>4}  {paint('31', promo.kind.ljust(7))}"
            f"{_clip(_plain(head), width - 20)}  {paint('2', where)}"
        )
        fields = [
            ("summary", promo.summary),
            ("author", promo.author),
            ("age", promo.age),
            ("published", promo.published.isoformat() if promo.published else None),
        ]
        for key, value in fields:
            if value:
                lines.append(
                    f"{'':13}{paint('2', key.ljust(10))}{_clip(_plain(value), width - 23)}"
                )
    return "\n".join(lines) + "\n"
