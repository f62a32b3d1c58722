"""The HTML path: fixture pages pinned field by field, the audit trail over the rendering,
format detection, fallbacks that never raise, and the parts (renderer, alignment, widget
vocabulary, teaser grids, metadata) on small pages of their own."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import articlekit
from articlekit import Article
from articlekit.paths.html import align as html_align
from articlekit.paths.html import cards as html_cards
from articlekit.paths.html import meta as html_meta
from articlekit.paths.html import parse as html_parse
from articlekit.paths.html import render as html_render
from articlekit.paths.html import widgets as html_widgets

from .conftest import FIXTURES
from .test_fixtures import assert_fields
from .test_segments import assert_covers

# -- fixtures ------------------------------------------------------------------------------


def html_cases() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if (p / "input.html").is_file())


@pytest.fixture(params=html_cases(), ids=lambda p: p.name)
def html_case(request: pytest.FixtureRequest) -> Path:
    case: Path = request.param
    return case


def clean_case(case: Path) -> tuple[Article, dict[str, Any]]:
    want: dict[str, Any] = json.loads((case / "expected.json").read_text("utf-8"))
    now = datetime.fromisoformat(want["now"]) if want.get("now") else None
    article = articlekit.clean((case / "input.html").read_bytes(), now=now)
    return article, want


def test_there_are_enough_html_fixtures() -> None:
    assert len(html_cases()) >= 8


def test_fields(html_case: Path) -> None:
    article, want = clean_case(html_case)
    assert article.input_format == "html"
    assert_fields(article, want)
    assert list(article.warnings) == want["warnings"]


def test_body_blocks(html_case: Path) -> None:
    article, want = clean_case(html_case)
    assert [b.to_dict() for b in article.blocks] == want["blocks"]


def test_disclaimers_and_promos(html_case: Path) -> None:
    article, want = clean_case(html_case)
    assert list(article.disclaimers) == want["disclaimers"]
    pairs = zip(article.promos, want["promos"], strict=False)
    got = [{k: p.to_dict()[k] for k in spec} for p, spec in pairs]
    assert got == want["promos"]
    assert len(article.promos) == len(want["promos"])


def test_widget_text_is_not_in_the_body(html_case: Path) -> None:
    article, want = clean_case(html_case)
    for text in want["body_must_not_contain"]:
        assert text not in article.body, text
    for text in article.disclaimers:
        assert text not in article.body
    for promo in article.promos:
        assert promo.text not in article.body


def test_segments_cover_the_rendering(html_case: Path) -> None:
    article, _ = clean_case(html_case)
    assert_covers(article)
    assert article.text == article.text.strip() + "\n"
    body = [s for s in article.segments if s.label in ("body", "heading", "quote")]
    assert body, "no body segment"
    for block in article.blocks:
        assert block.text.split()[0] in article.text


# -- format detection and options ----------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Storm closes schools</title>
<meta property="og:site_name" content="Valley News"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Storm closes schools</h1><p>By Sam Roe</p>
<p>Heavy snow closed schools across the region on Tuesday, officials said, and most bus routes
were suspended until the roads could be cleared by the council's gritting lorries.</p>
<p>Roads were expected to reopen by the evening once ploughs had cleared the main routes, and
the weather service said the snow would turn to rain overnight as temperatures rose.</p>
<p>Parents were told to check the council's website before setting off on Wednesday morning,
as some rural schools may stay shut for a second day if the lanes remain blocked.</p></article>
<footer><p>© 2025 Valley News</p></footer></body></html>
"""


def test_html_is_detected_from_str_and_bytes() -> None:
    for data in (PAGE, PAGE.encode()):
        article = articlekit.clean(data)
        assert article.input_format == "html"
        assert article.title == "Storm closes schools"
        assert article.authors == ("Sam Roe",)
        assert article.source == "Valley News"
        assert article.body.startswith("Heavy snow closed schools")
        assert "<p>" not in article.text and "Home" not in article.body
        assert article.disclaimers == ("© 2025 Valley News",)


def test_format_text_forces_the_text_path() -> None:
    article = articlekit.clean(PAGE, format="text")
    assert article.input_format == "text"
    assert article.text == PAGE  # segments are over the markup itself
    assert_covers(article)


def test_format_html_forces_the_html_path() -> None:
    text = "Plain words, not a page.\n\n" + "A sentence that goes on for a while. " * 10
    article = articlekit.clean(text, format="html")
    assert article.input_format == "html"
    assert_covers(article)


def test_url_is_passed_through_and_kept() -> None:
    url = "https://example.org/2025/01/07/storm-closes-schools/"
    article = articlekit.clean(PAGE, url=url)
    assert article.url == url
    assert ("canonical", url) in article.metadata


def test_language_argument_wins_over_detection() -> None:
    assert articlekit.clean(PAGE, language="fr").language == "fr"


def test_importing_articlekit_does_not_import_lxml_or_trafilatura() -> None:
    code = (
        "import sys, articlekit; "
        "print(any(m.split('.')[0] in ('lxml', 'trafilatura') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- bad HTML never raises -----------------------------------------------------------------

PROSE = (
    "The council agreed on Monday to repair the old bridge before the winter, after engineers "
    "warned that the cables holding up the central span had corroded faster than expected."
)
BAD_PAGES = {
    "empty": "",
    "blank": "   \n\t ",
    "only-doctype": "<!DOCTYPE html>",
    "only-html": "<html></html>",
    "angle-soup": "<<<<>>>><><>></<//>" * 50,
    "unclosed-comment": f"<html><body><p>{PROSE}</p><!-- never closed <p>hidden</p>",
    "unclosed-everything": "<html><body><div><p><b><i><table><tr><td>" + PROSE,
    "deep": "<html><body>" + "<div>" * 5000 + f"<p>{PROSE}</p>" + "</div>" * 5000,
    "deep-inline": "<html><body>" + "<span><b>" * 3000 + PROSE,
    "script-only": "<html><head><script>" + "var x = '<p>no</p>';\n" * 20000 + "</script>",
    "nul-bytes": f"<html><body><p>{PROSE.replace(' ', chr(0) + ' ', 5)}</p></body></html>",
    "svg-only": "<html><body><svg><text>label</text></svg></body></html>",
    "xml-declaration": f'<?xml version="1.0" encoding="utf-8"?><html><body><p>{PROSE}</p>',
    "huge-attribute": f'<html><body><div class="{"x" * 200_000}"><p>{PROSE}</p></div></body>',
    "frameset": '<html><frameset><frame src="a.html"></frameset></html>',
    "entities": "<html><body><p>&amp;&lt;&gt;&#0;&#xD800;&#99999999;&bogus; " + PROSE + "</p>",
}


@pytest.mark.parametrize("name", sorted(BAD_PAGES))
def test_bad_html_never_raises(name: str) -> None:
    page = BAD_PAGES[name]
    for data in (page, page.encode("utf-8", "surrogatepass")):
        article = articlekit.clean(data, format="html")
        assert_covers(article)
        article.to_json().encode("utf-8")
        if "council agreed" in page and name not in ("unclosed-comment",):
            assert "council agreed" in article.text, name


def test_invalid_utf8_bytes_in_a_page() -> None:
    data = PAGE.encode().replace(b"Heavy snow", b"Heavy \xff\xfe snow")
    article = articlekit.clean(data, format="html")
    assert_covers(article)
    assert "closed schools" in article.body


def test_a_page_without_main_content_falls_back_with_a_warning() -> None:
    article = articlekit.clean("<html><body><p>Hello.</p></body></html>")
    assert article.input_format == "html"
    assert article.warnings and "text path" in article.warnings[0]
    assert_covers(article)


# -- the renderer --------------------------------------------------------------------------


def render(markup: str) -> html_render.Rendering:
    root = html_parse.parse(markup)
    assert root is not None
    return html_render.render_tree(root)


def test_render_folds_whitespace_like_a_browser() -> None:
    r = render("<html><body><p>Hello <b>big</b>\n   world<!-- note -->!</p>x<br>y</body></html>")
    assert r.text == "Hello big world!\n\nx\ny\n"


def test_render_skips_hidden_and_script_text_but_keeps_tails() -> None:
    r = render(
        "<html><body><p>a<script>var s='<p>no</p>'</script>b</p>"
        '<div hidden>no</div><div style="display: none">no</div><p>c<svg>no</svg>d</p>'
        "</body></html>"
    )
    assert r.text == "ab\n\ncd\n"


def test_render_keeps_pre_lines_and_separates_table_cells() -> None:
    r = render("<html><body><pre>one\n  two</pre><table><tr><td>a</td><td>b</td></tr></table>")
    assert [line.text for line in r.lines] == ["one", "two", "a | b"]
    assert r.lines[0].kind == "pre" and r.lines[2].kind == "cell"


def test_render_keeps_the_spaces_between_highlighted_code_tokens() -> None:
    # Syntax highlighters put each token in a <span>; the space between two is a text node of
    # its own, which outside <pre> folds away and inside it is the code (WCXB documentation:
    # 0.901 -> 0.909 word F1 once kept).
    html = (
        '<pre><span class="k">except</span> <span class="ne">StopIteration</span>:\n'
        "    <span>return</span> <span>x</span>\n</pre>"
    )
    assert html_render.render(html).splitlines() == ["except StopIteration:", "return x"]


def test_render_records_kinds_links_and_verdicts() -> None:
    r = render(
        "<html><body><h2>Sub</h2><blockquote><p>Said.</p></blockquote><ul><li>Item</li></ul>"
        '<div class="related-posts"><a href="/x">A linked headline here</a></div></body></html>'
    )
    kinds = {line.text: line.kind for line in r.lines}
    assert kinds == {
        "Sub": "heading",
        "Said.": "quote",
        "Item": "list_item",
        "A linked headline here": "paragraph",
    }
    last = r.lines[-1]
    assert last.link_chars == len(last.text)
    assert last.verdict is not None and last.verdict.label == "promo"
    assert r.lines[0].heading_level == 2


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        # characters XML forbids are dropped, tab and line breaks are not
        ("<html><body><p>a\x00b\x0bc\ufffed\uffffe\tf</p></body></html>", "abcde f\n"),
        # a lone surrogate (a str that is not valid Unicode) does not stop the parse
        ("<html><body><p>x\ud800y</p></body></html>", "x?y\n"),
        # a doctype holding a "/" on the first line, and a self-closed <html/>
        ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">\n<html><p>kept</p></html>', "kept\n"),
        ('<html lang="en"/>\n<body><p>kept too</p></body>', "kept too\n"),
        # an XML declaration with an encoding, which lxml refuses on a str
        ('<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>é</p></body></html>', "é\n"),
    ],
)
def test_parse_repairs_what_libxml2_chokes_on(markup: str, text: str) -> None:
    assert render(markup).text == text


def test_parse_gives_html_elements_throughout() -> None:
    """Plain HtmlElements (chosen in C), which trafilatura takes as a parsed page."""
    import lxml.html

    root = html_parse.parse("<html><body><form><input name=q><label>L</label></form></body>")
    assert root is not None
    assert all(type(node) is lxml.html.HtmlElement for node in root.iter())
    assert html_parse.parse("") is None and html_parse.parse(" \n ") is None


def test_line_offsets_point_into_the_rendering() -> None:
    r = render(PAGE)
    for line in r.lines:
        assert r.text[line.start : line.end] == line.text


# -- alignment -----------------------------------------------------------------------------


def test_alignment_finds_lines_in_order_and_out_of_order() -> None:
    lines = [
        "Home News Sport",
        "Storm closes schools across the region",
        "Heavy snow closed schools across the region on Tuesday, officials said.",
        "Roads were expected to reopen by the evening.",
        "Most read: Storm closes schools across the region",
    ]
    extracted = (
        "Roads were expected to reopen by the evening.\n"
        "Heavy snow closed schools across the region on Tuesday, officials said."
    )
    assert html_align.main_lines(lines, extracted) == [False, False, True, True, False]


def test_alignment_prefers_the_longest_agreement_over_an_earlier_teaser() -> None:
    lead = "Their dream shattered and their savings gone, nearly 150 people returned home today"
    rest = "The special aircraft landed at six in the morning after a long flight from Texas"
    lines = [f"Teaser headline {lead}", "Another teaser", lead, rest]
    assert html_align.main_lines(lines, f"{lead}\n{rest}") == [False, False, True, True]


def test_alignment_never_starts_on_a_single_common_word() -> None:
    lines = ["Harbour Times", "Harbour bridge reopens after repair", "The bridge carries cars."]
    shares = html_align.matched_shares(lines, "Harbour bridge reopens after repair")
    assert shares[0] == 0.0 and shares[1] == 1.0


def test_alignment_tokenises_cjk_per_character() -> None:
    assert html_align.tokens("上海AI实验室 closed") == [
        "上",
        "海",
        "ai",
        "实",
        "验",
        "室",
        "closed",
    ]


# -- widget vocabulary ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "label"),
    [
        ("related-posts", "promo"),
        ("newsletterBox", "promo"),
        ("sticky-subscribe-bar", "promo"),  # the more specific word wins over "sticky"
        ("ad-slot top", "promo"),
        ("header shadow", None),  # "ad" only as a whole part of a name
        ("comment-list", "comment"),
        ("article-disclaimer", "disclaimer"),
        ("share-buttons", "chrome"),
        ("mehr-zum-thema", "promo"),
        ("te-puede-interesar", "promo"),
        ("css-1q2w3e", None),
    ],
)
def test_class_names_give_verdicts(names: str, label: str | None) -> None:
    found = html_widgets.names_verdict(names, html_widgets.rules())
    assert (found[0] if found else None) == label


def test_roles_and_tags_give_verdicts() -> None:
    root = html_parse.parse(
        '<html><body><div role="navigation"><a href="/">Home</a></div><aside>x</aside></body>'
    )
    div, aside = root.find(".//div"), root.find(".//aside")
    r = html_widgets.rules()
    nav = html_widgets.classify(div, "div", None, None, "navigation", r)
    assert nav is not None and nav.label == "chrome" and nav.reason == 'role="navigation"'
    side = html_widgets.classify(aside, "aside", None, None, None, r)
    assert side is not None and side.label == "aside"


# -- teaser grids by shape -----------------------------------------------------------------

GRID = """<html><body><div class="g">
<div class="c1"><a href="/a"><h3>First teaser headline for this grid</h3></a><p>Summary one.</p>
<span>3 hours ago</span></div>
<div class="c2"><a href="/b"><h3>Second teaser headline for this grid</h3></a><p>Summary two.</p>
<span>By Ann Lee</span></div>
<div class="c3"><a href="/c"><h3>Third teaser headline for this grid</h3></a><p>Summary three.</p>
</div></div>
<ul class="menu"><li><a href="/">Home</a></li><li><a href="/n">News</a></li>
<li><a href="/s">Sport</a></li></ul>
</body></html>"""


def test_repeated_cards_with_headline_links_are_a_grid() -> None:
    r = render(GRID)
    grids = html_cards.find(r.lines, [True] * len(r.lines))
    assert len(grids) == 1 and len(grids[0].cards) == 3  # the one-word menu is no grid
    now = datetime(2025, 1, 1, 12, tzinfo=timezone.utc)
    promos = [p for _, p in html_cards.promos(grids[0], "en", now)]
    assert [p.title for p in promos] == [
        "First teaser headline for this grid",
        "Second teaser headline for this grid",
        "Third teaser headline for this grid",
    ]
    assert promos[0].summary == "Summary one." and promos[0].age == "3 hours ago"
    assert promos[0].published == datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
    assert promos[1].author == "Ann Lee"


# -- metadata ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-03-04T09:30:00+01:00", "2025-03-04T09:30:00+01:00"),
        ("2025-03-04T09:30:00Z", "2025-03-04T09:30:00+00:00"),
        ("2025-03-04 09:30", "2025-03-04T09:30:00+00:00"),
        ("2025-03-04", "2025-03-04T00:00:00+00:00"),
        ("2025-02-30", None),
        ("yesterday", None),
    ],
)
def test_iso_dates_from_markup(text: str, iso: str | None) -> None:
    parsed = html_meta.parse_iso(text)
    assert (parsed.isoformat() if parsed else None) == iso


def test_date_from_the_url_when_the_page_has_none() -> None:
    root = html_parse.parse("<html><body><p>x</p></body></html>")
    found, text = html_meta.find_date(root, "https://example.org/2024/11/05/some-story/")
    assert text == "2024-11-05" and found == datetime(2024, 11, 5, tzinfo=timezone.utc)
