"""Properties of ``clean`` over generated input (hypothesis), for text, HTML and bytes.

- it never raises on a str, and on bytes raises nothing but ``InputError`` (bytes that are not
  text); see docs/robustness.md;
- segments cover the text exactly (the audit trail's promise), on the HTML path too;
- the JSON is always valid and can always be written as UTF-8;
- it is deterministic, within a process and across processes (hash seeds differ).

The text-path coverage property over arbitrary strings lives in tests/test_segments.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import articlekit
from articlekit import Article, InputError

from .test_segments import assert_covers

FIXTURES = Path(__file__).parent / "fixtures"

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = st.sampled_from(
    [
        "The council met on Tuesday and agreed that the budget would be cut by a third.",
        "By Jane Doe | Reuters | Nov 3, 2025",
        "Share",
        "Related articles",
        "Disclaimer: not financial advice.",
        "13 hours ago",
        "&amp; &nbsp; &#0; &#x110000; &bogus;",
        "\x00",
        "\ufeff",
        "\u2028",
        "<",
        "&",
        "]]>",
        "-->",
    ]
)
TAG_NAMES = (
    "html head body title meta script style noscript div p span a h1 h2 ul ol li table tr td "
    "article section nav footer aside blockquote pre br hr img figure figcaption svg template "
    "iframe button form input textarea select option"
)
TAGS = st.sampled_from(TAG_NAMES.split())


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Tag soup: opening and closing tags in any order, text, comments, doctypes, entities."""
    parts = draw(
        st.lists(
            st.one_of(
                st.text(max_size=30),
                WORDS,
                TAGS.map(lambda t: f"<{t}>"),
                TAGS.map(lambda t: f"</{t}>"),
                TAGS.map(lambda t: f"<{t} class=\"x\" data-y='1'>"),
                st.just("<!-- a comment -->"),
                st.just("<![CDATA[ x ]]>"),
                st.just("<?xml version='1.0'?>"),
            ),
            max_size=50,
        )
    )
    head = draw(st.sampled_from(["<!DOCTYPE html><html><body>", "<html>", "<div>", ""]))
    return head + "".join(parts)


def cleaned_or_refused(data: str | bytes, **kwargs: Any) -> Article | None:
    """``clean(data)``, or None for an ``InputError`` of its own (bytes that are not text, or
    over the limit). An ``InputError`` that the boundary made of a foreign exception (a
    ``LookupError``, ``RecursionError``, ``OverflowError`` ...) fails the test: the boundary
    keeps it from the user, but it is still the bug a fuzzed input found (issue 17)."""
    try:
        return articlekit.clean(data, **kwargs)
    except InputError as exc:
        assert str(exc) and not str(exc).startswith("cannot clean "), repr(exc.__cause__)
        return None


def assert_sound(article: Article) -> None:
    assert_covers(article)
    dumped = article.to_json(segments=True)
    assert isinstance(json.loads(dumped), dict)
    dumped.encode("utf-8")  # no lone surrogate can reach the output
    article.to_text().encode("utf-8")
    article.to_markdown().encode("utf-8")


@SETTINGS
@given(html_pages())
@example("<html><body>" + "<div>" * 400 + "deep" + "</div>" * 400)
@example("<html><body><p>a\ud800b</p></body></html>")
def test_html_segments_cover_and_json_is_valid(page: str) -> None:
    article = articlekit.clean(page, format="html")
    assert article.input_format == "html"
    assert_sound(article)


@SETTINGS
@given(html_pages())
def test_auto_detection_never_raises_on_any_str(page: str) -> None:
    assert_sound(articlekit.clean(page))


@SETTINGS
@given(
    st.lists(
        st.one_of(st.text(max_size=40), WORDS, st.sampled_from(["\ud800", "\udfff", "\x85"])),
        max_size=12,
    ).map("".join)
)
@example("\ud800\udc00 paired surrogates as two code points")
@example("\x00" * 50)
def test_any_str_is_cleaned(text: str) -> None:
    assert_sound(articlekit.clean(text))


@SETTINGS
@given(
    st.one_of(
        st.binary(max_size=2000),
        html_pages().map(lambda p: p.encode("utf-8", "surrogatepass")),
        st.text(max_size=200).map(lambda t: t.encode("utf-16")),
        st.text(max_size=200).map(lambda t: t.encode("gb18030")),
    )
)
@example(b"\xff\xfe")  # a UTF-16 byte-order mark and nothing else
@example(b"\xef\xbb\xbf")
def test_bytes_give_an_article_or_input_error(data: bytes) -> None:
    article = cleaned_or_refused(data)
    if article is not None:
        assert_sound(article)


@SETTINGS
@given(st.one_of(html_pages(), st.text(max_size=300)), st.booleans())
def test_clean_is_deterministic(data: str, as_bytes: bool) -> None:
    raw: str | bytes = data.encode("utf-8", "surrogatepass") if as_bytes else data
    first = cleaned_or_refused(raw)
    if first is None:
        return
    second = articlekit.clean(raw)
    assert first == second
    assert first.to_json(segments=True) == second.to_json(segments=True)


def test_deterministic_across_processes() -> None:
    """Set and dict iteration order depend on the hash seed; the output must not."""
    script = (
        "import articlekit, hashlib, pathlib, sys\n"
        "h = hashlib.sha256()\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*/input.*')):\n"
        "    h.update(articlekit.clean(p.read_bytes()).to_json(segments=True).encode())\n"
        "print(h.hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script, str(FIXTURES)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


# -- idempotence with control characters (issue 17, item 12) --------------------------------------

#: Characters that show nothing: controls (C0, DEL, C1), format characters, noncharacters.
INVISIBLE = st.sampled_from(
    ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\xad", "\u200b", "\u200e", "\u202c"]
    + ["\u2060", "\u2066", "\ufeff", "\ufffe", "\uffff", "\U000e0041"]
)
ARTICLE_PARTS = st.sampled_from(
    [
        "The council met on Tuesday and agreed that the budget would be cut by a third.",
        "Residents said the new bridge had been delayed for years, and the mayor promised a vote"
        " on the plan before the end of the year.",
        "Water prices rose again this week, officials said, after the union called a strike.",
        "Council Agrees Budget Cut",
        "By Jane Doe",
        "Read more",
        "Share",
        "한국어",
        "Related articles",
        "13 hours ago",
    ]
)


@st.composite
def article_with_controls(draw: st.DrawFn) -> tuple[str, str]:
    """Article-like blocks (a headline, a byline, prose, chrome) with invisible characters at
    the edges of blocks and as blocks of their own (the strategy that found issue 17's
    idempotence failures), and the same blocks without them."""
    marked, plain = [], []
    for part in draw(st.lists(ARTICLE_PARTS, min_size=1, max_size=7)):
        where = draw(st.sampled_from(["none", "before", "after", "alone"]))
        mark = "".join(draw(st.lists(INVISIBLE, min_size=1, max_size=2)))
        plain.append(part)
        if where == "before":
            marked.append(mark + part)
        elif where == "after":
            marked.append(part + draw(st.sampled_from(["", " "])) + mark)
        else:
            marked.extend([mark, part] if where == "alone" else [part])
    return "\n\n".join(marked), "\n\n".join(plain)


def _cleaned_twice(text: str) -> tuple[Article, Article]:
    first = articlekit.clean(text, format="text")
    return first, articlekit.clean(first.to_text(), format="text")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_with_controls())
@example(
    (
        "Read more\n\n\u202c\n\n한국어\n\nThe council met on Tuesday and agreed that the budget"
        " would be cut by a third. \x9b\n\n\uffff",
        "Read more\n\n한국어\n\nThe council met on Tuesday and agreed that the budget would be"
        " cut by a third.",
    )
)
def test_invisible_characters_at_line_edges_change_nothing(texts: tuple[str, str]) -> None:
    """A line's invisible edges (and a line of nothing else) read as its spaces do: the body and
    title are those of the text without them, and cleaning the text output again keeps them
    wherever the text without them does. (Invisible characters inside a line still count:
    docs/robustness.md.)"""
    marked, plain = texts
    first, again = _cleaned_twice(marked)
    plain_first, plain_again = _cleaned_twice(plain)
    assert (first.body, first.title) == (plain_first.body, plain_first.title)
    if (plain_again.body, plain_again.title) == (plain_first.body, plain_first.title):
        assert (again.body, again.title) == (first.body, first.title)


def test_no_property_test_has_a_wall_clock_deadline() -> None:
    """conftest.py's profile: a property test's own ``@settings`` inherit no deadline, so a
    loaded machine cannot fail an example for being slow (issue 15)."""
    assert settings.default.deadline is None
    assert settings(max_examples=5).deadline is None


# -- the probe's other strategies (issue 17, items 6 to 9 and 11) ---------------------------------
# Each drew the inputs that found an item; the boundary now turns what they found into an
# InputError, so these hold the stronger property that no foreign exception happens at all.

#: Every name Python knows a codec by (text encodings, and the codecs that are not: base64,
#: rot13, zlib, undefined, ...), and labels browsers know that Python does not.
CODEC_LABELS = sorted(
    set(__import__("encodings.aliases").aliases.aliases)
    | set(__import__("encodings.aliases").aliases.aliases.values())
    | {"undefined", "idna", "punycode", "mbcs", "oem", "unicode_escape", "raw_unicode_escape"}
    | {"x-user-defined", "replacement", "iso-8859-8-i", "x-mac-cyrillic", "unicode-1-1-utf-8"}
)
DECLARATIONS = [
    '<meta charset="{}">',
    "<meta charset={}>",
    '<meta http-equiv="Content-Type" content="text/html; charset={}">',
    '<?xml version="1.0" encoding="{}"?>',
]


@SETTINGS
@given(
    st.sampled_from(DECLARATIONS),
    st.sampled_from(CODEC_LABELS).map(lambda c: c.upper() if len(c) % 2 else c),
    st.one_of(
        st.binary(max_size=200),
        st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(["<p>caf\xe9 au lait</p>", "<p>na\xefve</p>"]).map(
            lambda t: t.encode("latin-1")
        ),
    ),
)
@example('<meta charset="{}">', "base64", b"<p>caf\xe9</p>")
@example('<meta charset="{}">', "undefined", b"<p>caf\xe9</p>")
def test_any_declared_charset_gives_an_article_or_a_plain_refusal(
    declaration: str, label: str, body: bytes
) -> None:
    """Item 6: a page declaring any codec Python has (LookupError for base64, hex, rot13,
    zlib, bz2, uu, quopri; UnicodeError for undefined) is decoded or refused as not text."""
    article = cleaned_or_refused(declaration.format(label).encode("ascii") + body)
    if article is not None:
        assert_sound(article)


def _nested(opener: str, depth: int) -> str:
    closer = "]" if opener == "[" else "}"
    return opener * depth + ("1" if closer == "}" else "") + closer * depth


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["[", '{"a":', '{"@graph":']), st.integers(1, 5000), st.booleans())
@example('{"a":', 1000, True)
def test_json_ld_nested_any_depth_is_skipped_not_raised(
    opener: str, depth: int, closed: bool
) -> None:
    """Item 7: JSON-LD nested 1,000 deep raised RecursionError."""
    inner = _nested(opener, depth) if closed else opener * depth
    page = (
        '<html><head><script type="application/ld+json">' + inner + "</script></head>"
        "<body><p>The council met on Tuesday and agreed the budget.</p></body></html>"
    )
    article = cleaned_or_refused(page)
    assert article is not None and "council met" in article.text


AGE_FORMS = [
    "{} years ago", "{} days ago", "{} hours ago", "{} weeks ago", "{} seconds ago",
    "vor {} Jahren", "vor {} Tagen", "il y a {} ans", "hace {} años", "in {} years",
    "Updated {} months ago", "Posted {} minutes ago",
]  # fmt: skip


PROSE = "\n\nThe council met on Tuesday and agreed the budget."


@SETTINGS
@given(
    st.sampled_from(AGE_FORMS),
    st.one_of(st.integers(0, 99), st.integers(100, 10**6), st.integers(10**6, 10**25)),
    st.datetimes(timezones=st.just(timezone.utc)),
    st.sampled_from(["", "By Jane Doe | "]),
    st.sampled_from(["", PROSE]),
)
@example("{} years ago", 2030, datetime(2025, 7, 23, tzinfo=timezone.utc), "", "")
@example("vor {} Jahren", 9999, datetime(2025, 7, 23, tzinfo=timezone.utc), "", "")
def test_an_age_any_size_at_any_now_is_read_or_dateless(
    form: str, number: int, now: datetime, before: str, after: str
) -> None:
    """Item 8: an age past the calendar ("2030 years ago", "vor 9999 Jahren") raised
    OverflowError; so could a small one at a ``now`` near year 1 or 9999."""
    article = cleaned_or_refused(before + form.format(number) + after, now=now)
    assert article is not None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["[", "{a=", '{"a":']), st.integers(1, 6000))
@example("[", 5000)
def test_a_rule_pack_or_profile_nested_any_depth_is_loaded_or_refused(
    tmp_path_factory: Any, opener: str, depth: int
) -> None:
    """Item 9: a rule pack or profile nested deep (10 KB) raised RecursionError instead of a
    rule or profile error (exit 2 at the command)."""
    from articlekit.config import sites

    folder = tmp_path_factory.mktemp("deep")
    value = _nested(opener, depth)
    if opener == '{"a":':  # JSON: a profile only
        profile = folder / "profile.json"
        profile.write_text('{"sites": ' + value + "}")
    else:
        pack = folder / "pack.toml"
        pack.write_text("[chrome]\nadd = " + value + "\n")
        with contextlib.suppress(articlekit.RuleError):
            articlekit.load_pack(pack)
        profile = folder / "profile.toml"
        profile.write_text("sites = " + value + "\n")
    with contextlib.suppress(articlekit.ProfileError):
        sites.load(profile)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@example("\x1b]0;PWNED\x07\x1b[2J")
@example("\u202eevil\u2066\x9b2J")
def test_no_message_or_terminal_article_carries_what_a_terminal_acts_on(text: str) -> None:
    """Item 11: a record id or file name holding ``\\x1b]0;PWNED\\x07`` retitled and cleared
    the user's terminal. What the command prints to stderr (any message) has no control, no
    C1 and no bidi override left; an article written to a terminal keeps only its line
    breaks, tabs and form feeds."""
    from articlekit.cli.report import for_terminal, printable

    acting = {*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    assert not {ord(c) for c in printable(text)} & acting
    assert not {ord(c) for c in for_terminal(text)} & (acting - {0x0A, 0x09, 0x0C})
