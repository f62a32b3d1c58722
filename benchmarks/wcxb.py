"""The HTML path against trafilatura on WCXB, per page type and per half of the sites.

    python benchmarks/wcxb.py [--limit N] [--out FILE] [--types] [--tools a,b]

WCXB (Murrough Foley, 2026; CC-BY-4.0) labels each page with its type; the issue-16 work is
measured per type, and on two halves of the sites (split by a hash of the domain) so that a
rule that helps only where it was looked at shows as a gap between the halves. The figures
are word F1 averaged over pages (:func:`benchmarks.metrics.wcxb_word_f1`). trafilatura's
bodies do not change between runs of articlekit, so they are cached beside the output.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402

WCXB = REPO_ROOT.parent / "shared" / "eval" / "wcxb"
CACHE = REPO_ROOT / ".cache" / "wcxb"
HALVES = ("A", "B")


def site(url: str | None, page_id: str) -> str:
    """The host without ``www.``: pages of one site fall in one half."""
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or page_id


def half(domain: str) -> str:
    """A or B, from a stable hash of the domain (not Python's salted ``hash``)."""
    return HALVES[hashlib.sha1(domain.encode()).digest()[0] % 2]


def load(page_id: str) -> tuple[bytes, str, dict[str, Any]]:
    html = gzip.decompress((WCXB / f"{page_id}.html.gz").read_bytes())
    gold = (WCXB / f"{page_id}.gold.txt").read_text("utf-8", errors="replace")
    meta = json.loads((WCXB / f"{page_id}.meta.json").read_text("utf-8"))
    return html, gold, meta


def _trafilatura(html: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def _articlekit(html: bytes, url: str | None) -> tuple[str, str | None]:
    import articlekit

    article = articlekit.clean(html, format="html", url=url)
    return article.body or "", getattr(article, "page_type", None)


def run(ids: Sequence[str], tools: Sequence[str]) -> list[dict[str, Any]]:
    """Per page: type, site, half, and per tool its F1, seconds (and articlekit's page type)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cache_file = CACHE / "trafilatura.json"
    cached: dict[str, Any] = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    rows: list[dict[str, Any]] = []
    for n, page_id in enumerate(ids, 1):
        html, gold, meta = load(page_id)
        url = meta.get("url")
        domain = site(url, page_id)
        row: dict[str, Any] = {
            "id": page_id,
            "type": meta.get("page_type"),
            "site": domain,
            "half": half(domain),
        }
        for tool in tools:
            started = time.perf_counter()
            predicted: str | None = None
            if tool == "trafilatura" and page_id in cached:
                body, seconds = cached[page_id]["body"], cached[page_id]["seconds"]
            else:
                try:
                    if tool == "trafilatura":
                        body = _trafilatura(html, url)
                    else:
                        body, predicted = _articlekit(html, url)
                except Exception as exc:  # noqa: BLE001 - a failure costs the page
                    print(f"{page_id} {tool}: {exc!r}", file=sys.stderr)
                    body = ""
                seconds = time.perf_counter() - started
                if tool == "trafilatura":
                    cached[page_id] = {"body": body, "seconds": seconds}
            prf = metrics.wcxb_word_f1(body, gold)
            row[tool] = {"p": prf.precision, "r": prf.recall, "f1": prf.f1, "s": seconds}
            if predicted is not None:
                row["predicted"] = predicted
        rows.append(row)
        if n % 100 == 0:
            print(f"{n}/{len(ids)}", file=sys.stderr)
    cache_file.write_text(json.dumps(cached))
    return rows


def report(rows: list[dict[str, Any]], tools: Sequence[str]) -> str:
    """F1 per type and half for each tool, seconds per page, page-type confusion per half."""
    lines = []
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        for h in (r["half"], "all"):
            groups[(r["type"], h)].append(r)
            groups[("ALL", h)].append(r)
    types = sorted({r["type"] for r in rows}) + ["ALL"]
    header = ["type", "pages"] + [f"{t} {h}" for t in tools for h in ("A", "B", "all")]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for t in types:
        cells = [t, str(len(groups[(t, "all")]))]
        for tool in tools:
            for h in ("A", "B", "all"):
                g = groups[(t, h)]
                f1 = sum(r[tool]["f1"] for r in g) / len(g) if g else float("nan")
                cells.append(f"{f1:.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    for tool in tools:
        total = sum(r[tool]["s"] for r in rows)
        lines.append(f"\n{tool}: {total / len(rows) * 1000:.1f} ms per page")
    if any("predicted" in r for r in rows):
        for h in ("A", "B", "all"):
            sub = [r for r in rows if h == "all" or r["half"] == h]
            hits = sum(r.get("predicted") == r["type"] for r in sub)
            lines.append(f"\npage type, half {h}: {hits}/{len(sub)} = {hits / len(sub):.3f}")
            confusion = Counter((r["type"], r.get("predicted")) for r in sub)
            for t in sorted({r["type"] for r in sub}):
                row_t = {p: c for (g, p), c in confusion.items() if g == t}
                n = sum(row_t.values())
                lines.append(
                    f"  {t:14} {n:4}: "
                    + ", ".join(f"{p}={c}" for p, c in sorted(row_t.items(), key=lambda x: -x[1]))
                )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--types", help="only these page types, comma-separated")
    parser.add_argument("--tools", default="articlekit-html,trafilatura")
    parser.add_argument("--out", type=Path, help="per-page rows as JSON")
    parser.add_argument("--every", type=int, default=1, help="every n-th page only")
    args = parser.parse_args(argv)
    ids = sorted(p.name[: -len(".meta.json")] for p in WCXB.glob("*.meta.json"))
    if args.types:
        wanted = set(args.types.split(","))
        ids = [
            i
            for i in ids
            if json.loads((WCXB / f"{i}.meta.json").read_text()).get("page_type") in wanted
        ]
    ids = ids[:: args.every][: args.limit]
    tools = args.tools.split(",")
    rows = run(ids, tools)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rows))
    print(report(rows, tools))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
