"""What site learning and the favour knob do to body quality on the text path.

    python benchmarks/learning.py [CORPUS_DIR] [--share S] [--out FILE.md] [--json FILE]

Four measurements, each on ``articlekit.clean(dump, format="text")`` (the text path):

1. **favour**: ``favour="balanced" | "precision" | "recall"`` on ``scrapinghub/`` (4-token
   shingles and bag of tokens) and ``trafilatura/`` (snippets).
2. **site-free batches**: each corpus cleaned as one batch, learning off, then on (a profile
   learned from the batch's own pages, then passed to every page); also in batches of 20
   pages. Those pages come from many sites (scrapinghub: at most two per site), so little
   recurs: what is learned is what many sites share.
3. **one-site batches** (built here): several pages of one site's shape. For a donor page of
   ``scrapinghub/`` whose dump holds its gold body in one piece, the lines above the body
   (menus, header) and below it (teasers, footer) are the site's frame; each built page is
   that frame around the title and gold body of another page of the corpus, so the gold of
   each built page is known exactly. Learning runs over each donor's pages. Then again with
   three of each batch's pages replaced by versions of one story (a paragraph dropped from
   each), whose shared paragraphs must not be learned as boilerplate.
4. **share**: the one-site and site-free figures for several ``share`` values.

The metric code is ``benchmarks/metrics.py``; the figures go to docs/site-profiles.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import articlekit  # noqa: E402
from articlekit.config.sites import DEFAULT_SHARE, SiteProfile  # noqa: E402
from articlekit.profiles import ProfileLearner, page_keys  # noqa: E402
from benchmarks import metrics  # noqa: E402

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval"
#: Pages per built one-site batch, and how many donors (sites) to build.
SITE_PAGES = 12
SITES = 6
BATCH = 20
SEED = 8


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    dump: str
    gold: str | None = None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    title: str = ""


def read_corpus(folder: Path) -> list[Page]:
    pages = []
    for dump_path in sorted(folder.glob("*.dump.txt")):
        page_id = dump_path.name[: -len(".dump.txt")]
        gold_path = folder / f"{page_id}.gold.txt"
        meta_path = folder / f"{page_id}.meta.json"
        meta: dict[str, Any] = (
            json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        )
        title = (meta.get("silver") or {}).get("title") or ""
        pages.append(
            Page(
                id=page_id,
                dump=dump_path.read_bytes().decode("utf-8", "replace"),
                gold=gold_path.read_text("utf-8") if gold_path.exists() else None,
                with_=tuple(meta.get("with", ())),
                without=tuple(meta.get("without", ())),
                title=title,
            )
        )
    return pages


# -- scoring ---------------------------------------------------------------------------------


def score(pages: Sequence[Page], bodies: Sequence[str]) -> dict[str, float]:
    """Shingle P/R/F1 and bag F1 where there is a gold body; snippet P/R/F1 where snippets."""
    out: dict[str, float] = {}
    gold = [(b, p.gold) for p, b in zip(pages, bodies, strict=True) if p.gold is not None]
    if gold:
        sh = metrics.summarise_shingles(metrics.shingle_counts(b, g) for b, g in gold)
        bag = metrics.summarise_bag(metrics.bag_of_tokens(b, g) for b, g in gold)
        out.update(p=sh.precision, r=sh.recall, f1=sh.f1, bag_f1=bag.f1)
    snip = [(b, p) for p, b in zip(pages, bodies, strict=True) if p.with_ or p.without]
    if snip:
        pooled = metrics.pool_snippets(
            metrics.snippet_counts(b, p.with_, p.without) for b, p in snip
        )
        s = pooled.scores()
        out.update(sp=s.precision, sr=s.recall, sf1=s.f1)
    return out


def clean_all(pages: Sequence[Page], **kwargs: Any) -> list[articlekit.Article]:
    return [articlekit.clean(p.dump, format="text", **kwargs) for p in pages]


def learned(
    pages: Sequence[Page], articles: Sequence[articlekit.Article], share: float
) -> tuple[list[str], SiteProfile]:
    """Bodies with a profile learned from these pages' own (learning-off) articles."""
    learner = ProfileLearner(share=share)
    for article in articles:
        learner.add_keys(page_keys(article))
    profile = learner.profile()
    return [a.body for a in clean_all(pages, profile=profile)], profile


# -- one-site batches ------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split())


def frame_of(page: Page) -> tuple[list[str], list[str]] | None:
    """The lines of ``page``'s dump above and below its gold body, if the body is one piece."""
    if not page.gold:
        return None
    paragraphs = [_norm(p) for p in page.gold.split("\n\n") if p.strip()]
    if len(paragraphs) < 2:
        return None
    lines = page.dump.splitlines()
    normed = [_norm(line) for line in lines]
    first, last = paragraphs[0][:60], paragraphs[-1][-60:]
    start = next((i for i, line in enumerate(normed) if first and first in line), None)
    end = next((i for i in range(len(normed) - 1, -1, -1) if last and last in normed[i]), None)
    if start is None or end is None or end < start:
        return None
    above, below = lines[:start], lines[end + 1 :]
    if sum(1 for x in above + below if x.strip()) < 15:
        return None  # too little frame to call it a site's shape
    return above, below


def build_sites(pages: Sequence[Page]) -> list[tuple[str, list[Page]]]:
    """``SITES`` batches of ``SITE_PAGES`` pages, each the frame of one donor page around the
    titles and gold bodies of other pages (a different random sample for each donor)."""
    rng = random.Random(SEED)
    donors = [(p, f) for p in pages if (f := frame_of(p)) is not None]
    rng.shuffle(donors)
    bodies = [p for p in pages if p.gold and p.title]
    sites = []
    for donor, (above, below) in donors[:SITES]:
        sample = rng.sample([p for p in bodies if p.id != donor.id], SITE_PAGES)
        built = []
        for k, source in enumerate(sample):
            gold = source.gold or ""
            text = "\n".join(above) + f"\n\n{source.title}\n\n" + gold.strip() + "\n\n"
            text += "\n".join(below) + "\n"
            built.append(Page(id=f"{donor.id[:8]}-{k}", dump=text, gold=gold, title=source.title))
        sites.append((donor.id[:12], built))
    return sites


def with_versions(pages: Sequence[Page]) -> tuple[list[Page], list[Page]]:
    """The batch with its last three pages replaced by three versions of its first story,
    each without one of the story's paragraphs (as a story is updated through the day); the
    versions are returned too. Their shared paragraphs recur on 4 of the batch's pages."""
    source = pages[0]
    paragraphs = [p for p in (source.gold or "").split("\n\n") if p.strip()]
    versions = []
    for k in range(3):
        kept = [p for i, p in enumerate(paragraphs) if i != k % len(paragraphs)]
        gold = "\n\n".join(kept)
        dump = source.dump.replace((source.gold or "").strip(), gold)
        versions.append(Page(id=f"{source.id}-v{k}", dump=dump, gold=gold, title=source.title))
    return [*pages[: len(pages) - 3], *versions], versions


# -- report ----------------------------------------------------------------------------------


def _table(*columns: str) -> str:
    return "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns)


def _row(name: str, s: dict[str, float], keys: Sequence[str]) -> str:
    return f"| {name} | " + " | ".join(f"{s[k]:.3f}" if k in s else "" for k in keys) + " |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--share", type=float, default=DEFAULT_SHARE)
    parser.add_argument("--shares", default="0.1,0.2,0.3,0.5", help="share values to compare")
    parser.add_argument("--skip-favour", action="store_true")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sh = read_corpus(args.corpus / "scrapinghub")
    tr = read_corpus(args.corpus / "trafilatura")
    figures: dict[str, Any] = {}
    out: list[str] = []
    say = out.append

    base_sh = clean_all(sh)
    base_tr = clean_all(tr)

    if not args.skip_favour:
        say("### favour (text path)\n")
        say(
            _table(
                "favour",
                "shingle P",
                "shingle R",
                "shingle F1",
                "bag F1",
                "snippet P",
                "snippet R",
                "snippet F1",
            )
        )
        for favour in articlekit.FAVOURS:
            if favour == "balanced":
                s_sh, s_tr = (
                    score(sh, [a.body for a in base_sh]),
                    score(tr, [a.body for a in base_tr]),
                )
            else:
                s_sh = score(sh, [a.body for a in clean_all(sh, favour=favour)])
                s_tr = score(tr, [a.body for a in clean_all(tr, favour=favour)])
            figures[f"favour.{favour}"] = {"scrapinghub": s_sh, "trafilatura": s_tr}
            say(_row(favour, {**s_sh, **s_tr}, ("p", "r", "f1", "bag_f1", "sp", "sr", "sf1")))
        say("")

    keys = ("p", "r", "f1", "bag_f1")
    say(f"### site-free batches (share {args.share})\n")
    say(
        _table(
            "batch",
            "learning",
            "pages",
            "entries",
            "shingle P",
            "shingle R",
            "shingle F1",
            "bag F1",
            "snippet F1",
        )
    )
    for name, pages, base in (("scrapinghub", sh, base_sh), ("trafilatura", tr, base_tr)):
        off = score(pages, [a.body for a in base])
        bodies, profile = learned(pages, base, args.share)
        on = score(pages, bodies)
        chunks_bodies: list[str] = []
        entries = 0
        for i in range(0, len(pages), BATCH):
            b, p = learned(pages[i : i + BATCH], base[i : i + BATCH], args.share)
            chunks_bodies += b
            entries += len(p)
        chunked = score(pages, chunks_bodies)
        figures[f"site-free.{name}"] = {"off": off, "on": on, "batches_of_20": chunked}
        cols = ("p", "r", "f1", "bag_f1", "sf1")
        say(_row(f"{name} (all {len(pages)})| off | {len(pages)} | -", off, cols))
        say(_row(f"{name} (all {len(pages)})| on | {len(pages)} | {len(profile)}", on, cols))
        say(_row(f"{name} (batches of {BATCH})| on | {len(pages)} | {entries}", chunked, cols))
    say("")

    sites = build_sites(sh)
    say(f"### one-site batches ({len(sites)} sites x {SITE_PAGES} pages, share {args.share})\n")
    say("| site (donor) | learning | entries | shingle P | shingle R | shingle F1 | bag F1 |")
    say("|---|---|---|---|---|---|---|")
    all_pages: list[Page] = []
    all_off: list[str] = []
    all_on: list[str] = []
    for donor, pages in sites:
        base = clean_all(pages)
        bodies, profile = learned(pages, base, args.share)
        off, on = score(pages, [a.body for a in base]), score(pages, bodies)
        figures[f"one-site.{donor}"] = {"off": off, "on": on, "entries": len(profile)}
        say(_row(f"{donor} | off | -", off, keys))
        say(_row(f"{donor} | on | {len(profile)}", on, keys))
        all_pages += pages
        all_off += [a.body for a in base]
        all_on += bodies
    off, on = score(all_pages, all_off), score(all_pages, all_on)
    figures["one-site.all"] = {"off": off, "on": on}
    say(_row(f"**all {len(all_pages)} pages** | off | -", off, keys))
    say(_row(f"**all {len(all_pages)} pages** | on |", on, keys))
    say("")

    say("### one-site batches with three versions of one story\n")
    say(_table("pages", "learning", "shingle P", "shingle R", "shingle F1", "bag F1"))
    v_pages: list[Page] = []
    v_off: list[str] = []
    v_on: list[str] = []
    for _, pages in sites:
        batch, versions = with_versions(pages)
        base = clean_all(batch)
        bodies, _profile = learned(batch, base, args.share)
        n = len(versions)
        v_pages += versions
        v_off += [a.body for a in base[-n:]]
        v_on += bodies[-n:]
    off, on = score(v_pages, v_off), score(v_pages, v_on)
    figures["versions"] = {"off": off, "on": on}
    say(_row(f"the {len(v_pages)} versions | off", off, keys))
    say(_row(f"the {len(v_pages)} versions | on", on, keys))
    say("")

    shares = [float(x) for x in args.shares.split(",") if x.strip()]
    if shares:
        say("### share (F1 with learning on)\n")
        say(
            _table(
                "share",
                "one-site shingle F1",
                "scrapinghub batch shingle F1",
                "trafilatura batch snippet F1",
            )
        )
        site_cache = [(pages, clean_all(pages)) for _, pages in sites]
        for share in shares:
            one: list[str] = []
            for pages, base in site_cache:
                one += learned(pages, base, share)[0]
            s_one = score(all_pages, one)
            s_sh = score(sh, learned(sh, base_sh, share)[0])
            s_tr = score(tr, learned(tr, base_tr, share)[0])
            figures[f"share.{share}"] = {
                "one-site": s_one,
                "scrapinghub": s_sh,
                "trafilatura": s_tr,
            }
            say(f"| {share} | {s_one['f1']:.3f} | {s_sh['f1']:.3f} | {s_tr['sf1']:.3f} |")
        say("")

    say(f"_{time.perf_counter() - started:.0f} s; articlekit {articlekit.__version__}_")
    report = "\n".join(out)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", "utf-8")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
