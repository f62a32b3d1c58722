"""The public entry point: check and decode the input, then hand it to the text or the HTML path."""

from __future__ import annotations

import os
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from articlekit.config.context import Config, Context, default_config
from articlekit.errors import InputError, input_boundary
from articlekit.model import Article
from articlekit.paths import text as text_path
from articlekit.text.decode import decode

if TYPE_CHECKING:
    from articlekit.config.rulepacks import RulePack

#: Inputs larger than this are refused unless the caller raises ``max_bytes``.
DEFAULT_MAX_BYTES = 100_000_000


FORMATS = ("auto", "text", "html")


def clean(
    data: str | bytes,
    *,
    now: datetime | None = None,
    language: str | None = None,
    format: str = "auto",
    url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    rules: RulePack | str | os.PathLike[str] | None = None,
    favour: str = "balanced",
    profile: Any = None,
) -> Article:
    """Split a scraped dump (text or HTML) into labelled segments and a clean :class:`Article`.

    ``now`` resolves relative dates ("13 hours ago"); ``language`` (ISO 639-1) skips detection;
    ``format`` forces ``"text"`` or ``"html"``. Raises :class:`InputError` for input that is not
    text or is larger than ``max_bytes``.

    ``rules``: a user rule pack (a ``RulePack`` or the path of its TOML file, docs/rules.md).
    ``favour``: ``"balanced"``, ``"precision"`` (less boilerplate kept, at the cost of some
    article text) or ``"recall"`` (more article text kept). ``profile``: a ``SiteProfile``,
    several, or the path of a profile file (docs/site-profiles.md): the site's learned
    boilerplate is removed. Without them the output is what it always was.
    """
    config = (
        default_config()
        if rules is None and favour == "balanced" and profile is None
        else Config.build(rules, favour, profile)
    )
    return clean_with(
        data, config, now=now, language=language, format=format, url=url, max_bytes=max_bytes
    )


def clean_with(
    data: str | bytes,
    config: Config,
    *,
    now: datetime | None = None,
    language: str | None = None,
    format: str = "auto",
    url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Article:
    """:func:`clean` under a :class:`Config` built once (``clean_many`` builds one a batch)."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"clean() takes str or bytes, not {type(data).__name__}")
    if max_bytes is not None:
        _check_size(data, max_bytes)
    ctx = config.context(now=now, language=language, url=url)
    with input_boundary():  # what the input makes fail is an InputError, with its cause
        text = _scrub(data) if isinstance(data, str) else decode(bytes(data))
        return _split(text, ctx, format)


def _split(text: str, ctx: Context, format: str) -> Article:
    """The decoded input down the HTML path or the text path."""
    if format == "html" or (format == "auto" and _looks_like_html(text)):
        from articlekit.paths.html.pipeline import clean_html  # lxml only when HTML comes in

        page = clean_html(text, ctx)
        if isinstance(page, Article):
            return page
        # The HTML path could not read the page: it hands over its text, and says why.
        article = text_path.split(page.text, ctx, input_format="html", warnings=(page.why,))
        return page.finish(article)
    return text_path.split(text, ctx)


def _check_size(data: str | bytes | bytearray | memoryview, max_bytes: int) -> None:
    """Refuse input over ``max_bytes``; text counts its UTF-8 bytes, as it would be on disk.

    Cheap for text: its length settles it unless it is between ``max_bytes / 4`` and
    ``max_bytes`` characters and not ASCII; only then are the bytes counted, a slice at a time.
    """
    if not isinstance(data, str):
        size = memoryview(data).nbytes
    elif len(data) > max_bytes:
        raise InputError(f"input is {len(data)} characters, over max_bytes={max_bytes}")
    elif data.isascii() or 4 * len(data) <= max_bytes:
        return
    else:
        step = 1 << 20
        size = sum(
            len(data[i : i + step].encode("utf-8", "surrogatepass"))
            for i in range(0, len(data), step)
        )
    if size > max_bytes:
        raise InputError(f"input is {size} bytes, over max_bytes={max_bytes}")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _scrub(text: str) -> str:
    """Lone surrogates (a str can hold them, e.g. from JSON's ``"\\ud800"``, but no encoding
    can write them) become U+FFFD, one for one, so offsets into the input still hold and the
    Article can always be written out as UTF-8."""
    if text.isascii() or _SURROGATE_RE.search(text) is None:
        return text
    return _SURROGATE_RE.sub("\ufffd", text)


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "<html" in text[:4096].lower() or head.startswith("<!doctype html")
    return head.startswith("<") and ("<body" in text[:20000].lower() or "<div" in head[:200])


__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "Context", "InputError", "clean", "clean_with"]
