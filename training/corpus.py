"""The dev corpora in ../shared/eval, page by page, and the rendering cache beside this file."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
EVAL_ROOT = REPO_ROOT.parent / "shared" / "eval"
RENDERINGS = Path(__file__).resolve().parent / "renderings"
CORPORA = ("scrapinghub", "trafilatura", "wcxb")


@dataclass(frozen=True)
class Page:
    corpus: str
    folder: Path
    id: str

    @property
    def html_path(self) -> Path:
        plain = self.folder / f"{self.id}.html"
        return plain if plain.exists() else self.folder / f"{self.id}.html.gz"

    def html_bytes(self) -> bytes:
        path = self.html_path
        data = path.read_bytes()
        return gzip.decompress(data) if path.suffix == ".gz" else data

    def _text(self, suffix: str) -> str | None:
        path = self.folder / f"{self.id}.{suffix}"
        return path.read_text("utf-8", errors="replace") if path.exists() else None

    @property
    def dump(self) -> str | None:
        """The corpus's own ``ID.dump.txt`` (html-text)."""
        return self._text("dump.txt")

    @property
    def dump3(self) -> str | None:
        """WCXB's ``ID.dump3.txt`` (headless Chromium's innerText), where there is one."""
        return self._text("dump3.txt")

    @cached_property
    def gold(self) -> str | None:
        return self._text("gold.txt")

    @cached_property
    def meta(self) -> dict[str, Any]:
        text = self._text("meta.json")
        return json.loads(text) if text else {}

    @property
    def url(self) -> str | None:
        return self.meta.get("url")

    @property
    def site(self) -> str:
        """The host name without ``www.``: the group for site-grouped cross-validation."""
        from urllib.parse import urlsplit

        host = (urlsplit(self.url or "").hostname or "").lower()
        return host[4:] if host.startswith("www.") else host or self.id

    def rendering_path(self, renderer: str, root: Path = RENDERINGS) -> Path:
        return root / self.corpus / f"{self.id}.{renderer}.txt"

    def rendering(self, renderer: str, root: Path = RENDERINGS) -> str | None:
        path = self.rendering_path(renderer, root)
        return path.read_text("utf-8") if path.exists() else None


def pages(corpus: str, eval_root: Path = EVAL_ROOT, limit: int | None = None) -> list[Page]:
    """The pages of one corpus (those with HTML), sorted by id."""
    folder = eval_root / corpus
    if not folder.is_dir():
        raise SystemExit(f"corpus folder not found: {folder}")
    ids = sorted(
        {p.name.split(".html")[0] for p in folder.glob("*.html")}
        | {p.name.split(".html")[0] for p in folder.glob("*.html.gz")}
    )
    found = [Page(corpus, folder, i) for i in ids]
    return found[:limit] if limit else found


def parse_list(spec: str | None, known: tuple[str, ...], what: str) -> tuple[str, ...]:
    """``a,b`` (or ``all``/empty for every known name) as a tuple, checked against ``known``."""
    if not spec or spec == "all":
        return known
    names = tuple(s.strip() for s in spec.split(",") if s.strip())
    for name in names:
        if name not in known:
            raise SystemExit(f"unknown {what} {name!r}; known: {', '.join(known)}")
    return names
