"""The public entry point: check and decode the input, then hand it to the text or the HTML path."""

from __future__ import annotations

import dataclasses
import os
import re
import warnings
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from articlekit.collect import full_passes_held_off
from articlekit.config.context import Config, Context, default_config
from articlekit.errors import DependencyError, InputError, input_boundary
from articlekit.model import Article
from articlekit.paths import text as text_path
from articlekit.text import language as lang
from articlekit.text.decode import decode
from articlekit.text.files import read_bounded

if TYPE_CHECKING:
    from articlekit.config.rulepacks import RulePack

#: Inputs larger than this are refused unless the caller raises ``max_bytes``.
DEFAULT_MAX_BYTES = 100_000_000


FORMATS = ("auto", "text", "html")

#: What ``clean`` reads: text, bytes, or the path of a file to read (``pathlib.Path``).
Data = str | bytes | bytearray | memoryview | os.PathLike[str]
#: ``now``: a datetime, a date (its midnight), or an ISO 8601 string as the CLI's ``--now``.
Now = datetime | date | str


def clean(
    data: Data,
    *,
    now: Now | None = None,
    language: str | None = None,
    format: str = "auto",
    url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    rules: RulePack | str | os.PathLike[str] | None = None,
    favour: str = "balanced",
    profile: Any = None,
) -> Article:
    """Split a scraped dump (text or HTML) into labelled segments and a clean :class:`Article`.

    ``data``: text (a ``str`` is always the document itself, never a file name: a ``str`` that
    names an existing file is cleaned as text with a warning), bytes (decoded), or an
    ``os.PathLike`` such as ``pathlib.Path``, whose file is read.

    ``now`` resolves relative dates ("13 hours ago"): a datetime, a date, or an ISO 8601 string
    ("2025-07-23", "2025-07-23T12:00:00Z"). ``language`` (an ISO 639-1 code detection knows,
    see :func:`articlekit.languages`; "en-GB" counts as "en") skips detection; ``format``
    forces ``"text"`` or ``"html"``. A forced language or format that leaves the body empty,
    or ``format="html"`` on input with no markup, says so in ``article.warnings``.
    Raises :class:`InputError` for input that is not text or is larger than ``max_bytes``,
    ``TypeError`` / ``ValueError`` naming the argument for a bad one.

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
    data: Data,
    config: Config,
    *,
    now: Now | None = None,
    language: str | None = None,
    format: str = "auto",
    url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Article:
    """:func:`clean` under a :class:`Config` built once (``clean_many`` builds one a batch)."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be a str or None, not {type(url).__name__}")
    when, code = check_now(now), check_language(language)
    named_file = isinstance(data, str) and _names_a_file(data)
    if isinstance(data, os.PathLike):
        data = read_file(data, max_bytes)
    elif not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise TypeError(
            f"clean() takes str, bytes or a path (os.PathLike), not {type(data).__name__}"
        )
    if max_bytes is not None:
        _check_size(data, max_bytes)
    ctx = config.context(now=when, language=code, url=url)
    # what the input makes fail is an InputError, with its cause; a gigantic input is not
    # walked over and over by the garbage collector's full passes (collect.py)
    with input_boundary(), full_passes_held_off(len(data)):
        text = _scrub(data) if isinstance(data, str) else decode(bytes(data))
        article = _split(text, ctx, format)
    notes = _notes(article, text, code, format, named_file)
    if not notes:
        return article
    if named_file:
        warnings.warn(notes[0], UserWarning, stacklevel=3)
    return dataclasses.replace(article, warnings=(*article.warnings, *notes))


def _split(text: str, ctx: Context, format: str) -> Article:
    """The decoded input down the HTML path or the text path."""
    if format == "html" or (format == "auto" and _looks_like_html(text)):
        require_html()
        from articlekit.paths.html.pipeline import clean_html  # lxml only when HTML comes in

        page = clean_html(text, ctx)
        if isinstance(page, Article):
            return page
        # The HTML path could not read the page: it hands over its text, and says why.
        article = text_path.split(page.text, ctx, input_format="html", warnings=(page.why,))
        return page.finish(article)
    return text_path.split(text, ctx)


@cache
def require_html() -> None:
    """Import what the HTML path needs (lxml, trafilatura, htmldate), once, so a missing or
    broken package (trafilatura whose own imports fail, say) is a :class:`DependencyError`
    naming it, not an HTML path that quietly falls back to the text path for every page.
    Any exception counts: a broken package raises more than ImportError."""
    try:
        import lxml.html  # noqa: F401
    except Exception as exc:
        raise DependencyError("lxml", "HTML input", exc) from exc
    try:
        import trafilatura  # noqa: F401
    except Exception as exc:
        raise DependencyError("trafilatura", "HTML input", exc) from exc
    try:
        import htmldate  # noqa: F401
    except Exception as exc:
        raise DependencyError("htmldate", "HTML input", exc) from exc


def _notes(
    article: Article, text: str, language: str | None, format: str, named_file: bool
) -> list[str]:
    """Warnings about the call itself: what the caller forced, and a file name as text."""
    notes = []
    if named_file:
        notes.append(
            f"the input {text.strip()!r} is the name of an existing file but a str is always "
            "cleaned as text: pass a pathlib.Path (or the file's bytes) to clean the file"
        )
    if format == "html" and not _looks_like_html(text):
        notes.append("format='html' was forced on input that does not look like HTML")
    elif format == "text" and _looks_like_html(text):
        notes.append("format='text' was forced on input that looks like HTML: markup kept as text")
    if not article.body and text.strip() and (language is not None or format != "auto"):
        forced = [f"language={language!r}"] * (language is not None)
        forced += [f"format={format!r}"] * (format != "auto")
        found = lang.detect(text) if language is not None else None
        reads = f" (the text reads as {found!r})" if found and found != language else ""
        notes.append(f"empty body with {' and '.join(forced)} forced{reads}")
    return notes


def _names_a_file(data: str) -> bool:
    """A short one-line str that is the path of an existing file (one stat, no read)."""
    name = data.strip()
    if not name or len(name) > 4096 or "\n" in name or "\x00" in name:
        return False
    try:
        return os.path.isfile(name)
    except (OSError, ValueError):
        return False


def read_file(path: os.PathLike[str], max_bytes: int | None) -> bytes:
    """A file's bytes, refusing one over ``max_bytes`` before reading it; a FIFO or a device
    is read at most ``max_bytes + 1`` bytes, and a silent pipe not forever
    (``articlekit.text.files``)."""
    if not isinstance(path, os.PathLike):
        raise TypeError(f"not a path: {type(path).__name__}")
    return read_bounded(path, max_bytes)


def check_now(now: Now | None) -> datetime | None:
    """``now`` as a datetime: a date is its midnight; a str is ISO 8601, ``Z`` allowed."""
    if now is None or isinstance(now, datetime):
        return now
    if isinstance(now, date):
        return datetime(now.year, now.month, now.day)
    if not isinstance(now, str):
        raise TypeError(
            f"now must be a datetime, a date or an ISO 8601 str, not {type(now).__name__}"
        )
    text = now.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"now must be an ISO 8601 date or date-time such as '2025-07-23' or "
            f"'2025-07-23T12:00:00+00:00', not {now!r}"
        ) from None


#: Codes a caller may give for one detection knows by another name.
_ALIASES = {"no": "nb"}


def check_language(language: str | None) -> str | None:
    """``language`` as the ISO 639-1 code detection gives: lower-cased, region dropped
    ("en-GB", "pt_BR"), "no" as "nb"; anything else is a ValueError listing the valid forms."""
    if language is None:
        return None
    if not isinstance(language, str):
        raise TypeError(f"language must be a str or None, not {type(language).__name__}")
    code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    code = _ALIASES.get(code, code)
    known = lang.languages()
    if code in known:
        return code
    given = language.strip().lower()
    hint = f"; for {language!r} use {lang.names()[given]!r}" if given in lang.names() else ""
    raise ValueError(
        f"language must be an ISO 639-1 code articlekit knows (e.g. 'en', 'de', 'en-GB'), "
        f"not {language!r}{hint}; known: {', '.join(known)}"
    )


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


__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Context",
    "Data",
    "DependencyError",
    "InputError",
    "Now",
    "check_language",
    "check_now",
    "clean",
    "clean_with",
    "read_file",
    "require_html",
]
