"""Metadata from the text path, against what each rendering makes reachable.

    python -m training.metadata [--corpus scrapinghub,wcxb] [--renderer all] [--limit N]
                                [--offset K] [--out /tmp/metadata.md] [--json /tmp/metadata.json]

Per page and renderer: the text path's title, date and authors (scored as
training/evaluate_renderers.py scores them), and the ceilings of the rendering itself:

* title: the gold title (WCXB's reviewed ``title``, scrapinghub's silver one) is a block of the
  dump after normalisation (``block``), or a block once its Markdown marks or its site part
  ("Headline | Site") go (``trimmed``), only inside a longer block (``glued``), or nowhere
  (``absent``);
* date: some line of the dump reads as the gold day (``dates.find`` per line), or none does.

A wrong title is put in one failure class (none found; a line above the gold one, such as a
menu or the site name; a line below it, such as a sub-heading; the gold title with more text
around it; a page where the gold title is not a block), and so is a missed date (none found, a
wrong day found) with where the gold-date line stands from the title. Only the body-scoring is
skipped (evaluate_renderers.py does that); the figures here decide what is reachable.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from training.corpus import EVAL_ROOT, RENDERINGS, REPO_ROOT, Page, pages, parse_list
from training.renderers import RENDERERS

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402
from training.evaluate_renderers import _truth, junk_authors  # noqa: E402

META_CORPORA = ("scrapinghub", "wcxb")


def _title_ceiling(blocks: Sequence[Any], gold: str) -> tuple[str, int | None]:
    """Where the gold title stands in the dump: its class and block index."""
    from articlekit.extract import title as headline

    want = metrics.normalise_field(gold)
    glued: int | None = None
    for b in blocks:
        norm = metrics.normalise_field(b.text)
        if norm == want:
            return "block", b.index
    for b in blocks:
        cleaned = headline.clean_title(b.text)
        if want in (
            metrics.normalise_field(cleaned),
            metrics.normalise_field(headline.split_site(cleaned)[0]),
        ):
            return "trimmed", b.index
        if glued is None and want and want in metrics.normalise_field(b.text):
            glued = b.index
    return ("glued", glued) if glued is not None else ("absent", None)


def _date_lines(text: str, blocks: Sequence[Any], gold: str, language: str | None) -> list[int]:
    """The blocks with a line that reads as the gold day."""
    from articlekit.text import dates

    found = []
    for b in blocks:
        for line in b.text.splitlines():
            if len(line) > 300:
                continue
            m = dates.find(line, language=language)
            if m is not None and m.value is not None and m.value.date().isoformat() == gold[:10]:
                found.append(b.index)
                break
    return found


def _block_at(blocks: Sequence[Any], offset: int) -> int | None:
    for b in blocks:
        if b.start <= offset < max(b.end, b.start + 1):
            return b.index
    return None


def measure(page: Page, renderer: str, root: Path) -> dict[str, Any] | None:
    import articlekit
    from articlekit.text import document, language

    text = page.rendering(renderer, root)
    if text is None:
        return None
    truth = _truth(page)
    started = time.perf_counter()
    article = articlekit.clean(text, format="text")
    seconds = time.perf_counter() - started
    doc = document.build(text)
    blocks = doc.blocks
    lang = article.language or language.detect(text)
    titles = [s for s in article.segments if s.label == "title"]
    bodies = [s for s in article.segments if s.label in ("body", "heading", "quote")]
    title_at = _block_at(blocks, titles[0].start) if titles else None
    body_at = _block_at(blocks, bodies[0].start) if bodies else None
    published = article.published.date().isoformat() if article.published else None
    row: dict[str, Any] = {
        "corpus": page.corpus,
        "id": page.id,
        "site": page.site,
        "renderer": renderer,
        "seconds": seconds,
        "found": {"title": article.title, "date": published, "authors": list(article.authors)},
        "junk": junk_authors(list(article.authors), truth["author"]),
        "title_block": title_at,
        "body_block": body_at,
    }
    if truth["title"]:
        where, at = _title_ceiling(blocks, truth["title"])
        ok = metrics.title_matches(article.title, truth["title"])
        row["title"] = {"ok": ok, "ceiling": where, "gold_block": at}
        if not ok:
            row["title"]["failure"] = _title_failure(article.title, truth["title"], where, at,
                                                     title_at)  # fmt: skip
    if truth["date"]:
        lines = _date_lines(text, blocks, truth["date"], lang)
        ok = metrics.date_matches(published, truth["date"])
        row["date"] = {"ok": ok, "shown": bool(lines), "lines": lines[:5]}
        if not ok and lines:
            anchor = title_at if title_at is not None else body_at
            gap = (
                min((abs(i - anchor) for i in lines), default=None) if anchor is not None else None
            )
            row["date"]["failure"] = "none found" if published is None else "wrong day"
            row["date"]["gap"] = gap
    return row


def _title_failure(
    pred: str | None, gold: str, where: str, at: int | None, title_at: int | None
) -> str:
    if where == "absent":
        return "gold absent"
    if where == "glued":
        return "gold glued to other text"
    if not pred:
        return "no title"
    p, g = metrics.normalise_field(pred), metrics.normalise_field(gold)
    if g in p:
        return "gold with more text (site part)"
    if p in g:
        return "part of the gold"
    if title_at is None or at is None:
        return "other"
    return "line above the gold" if title_at < at else "line below the gold"


def _rate(xs: Sequence[bool]) -> str:
    return f"{sum(xs) / len(xs):.3f}" if xs else "–"


def summarise(rows: list[dict[str, Any]], corpora: Sequence[str], renderers: Sequence[str]) -> str:
    out = [
        "| corpus | renderer | pages | title found | title is a block (trimmed) | glued "
        "| absent | date found (of shown) | date shown | junk authors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    fails: dict[str, Counter[str]] = {"title": Counter(), "date": Counter()}
    gaps: Counter[str] = Counter()
    for corpus in corpora:
        for name in renderers:
            rs = [r for r in rows if r["corpus"] == corpus and r["renderer"] == name]
            if not rs:
                continue
            t = [r["title"] for r in rs if "title" in r]
            d = [r["date"] for r in rs if "date" in r]
            shown = [x for x in d if x["shown"]]
            c = Counter(x["ceiling"] for x in t)
            n = max(1, len(t))
            out.append(
                f"| {corpus} | `{name}` | {len(rs)} | {_rate([x['ok'] for x in t])} "
                f"| {c['block'] / n:.3f} ({(c['block'] + c['trimmed']) / n:.3f}) "
                f"| {c['glued'] / n:.3f} | {c['absent'] / n:.3f} "
                f"| {_rate([x['ok'] for x in shown])} ({len(shown)}) "
                f"| {len(shown) / max(1, len(d)):.3f} ({len(d)}) "
                f"| {_rate([r['junk'] for r in rs])} |"
            )
            for x in t:
                if "failure" in x:
                    fails["title"][x["failure"]] += 1
            for x in shown:
                if "failure" in x:
                    fails["date"][x["failure"]] += 1
                    g = x.get("gap")
                    gaps["no anchor" if g is None else str(g) if g <= 5 else ">5"] += 1
    out += ["", "Title failures (all corpora and renderers):", ""]
    out += [f"* {k}: {v}" for k, v in fails["title"].most_common()]
    out += ["", "Missed dates the dump shows:", ""]
    out += [f"* {k}: {v}" for k, v in fails["date"].most_common()]
    out += ["", "Blocks between the title (else the body's start) and the gold-date line:", ""]
    out += [f"* {k}: {v}" for k, v in sorted(gaps.items())]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=",".join(META_CORPORA))
    parser.add_argument("--renderer", default="all")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--eval-root", type=Path, default=EVAL_ROOT)
    parser.add_argument("--renderings", type=Path, default=RENDERINGS)
    parser.add_argument("--out", type=Path, default=Path("/tmp/metadata.md"))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    corpora = parse_list(args.corpus, META_CORPORA, "corpus")
    renderers = parse_list(args.renderer, RENDERERS, "renderer")
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for corpus in corpora:
        chosen = pages(corpus, args.eval_root)[args.offset :]
        for page in chosen[: args.limit] if args.limit else chosen:
            for name in renderers:
                row = measure(page, name, args.renderings)
                if row is not None:
                    rows.append(row)
    table = summarise(rows, corpora, renderers)
    head = f"{len(rows)} renderings, {time.perf_counter() - started:.0f} s\n\n"
    args.out.write_text(head + table, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False) + "\n", encoding="utf-8")
    print(head + table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
