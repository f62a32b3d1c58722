"""``articlekit.output.audit_page``: the page's parts, on Articles built by hand."""

from __future__ import annotations

from typing import Any

import lxml.html

from articlekit import Article, AuditSummary, Promo, audit_summary
from articlekit.output.audit_page import _header, _kept, _label_css, _legend, audit_page
from articlekit.output.style import COLOURS, OTHER_COLOUR

from .handmade import built


def doc(html: str) -> Any:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def card_article() -> Article:
    return built(
        ("title", "Storm"),
        ("blank", "\n"),
        ("body", "Snow fell."),
        ("blank", "\n"),
        ("promo", "Markets rally"),
        ("Odd Label", "?"),
        title="Storm",
        url="https://example.com/a?b=1&c=2",
        input_format="html",
        warnings=("no date", "<odd>"),
        promos=(Promo("teaser", "Markets rally", title="Markets rally"),),
    )


def test_page_is_its_parts_in_order() -> None:
    page = audit_page(card_article(), name="dump.html")
    order = ["<head>", '<header class="top">', '<nav class="legend"', '<pre class="dump"',
             "What was kept", 'id="promos"', 'id="decisions"', "<footer>", "</html>\n"]  # fmt: skip
    places = [page.index(marker) for marker in order]
    assert places == sorted(places)
    assert page.endswith("</footer>\n</body>\n</html>\n")
    assert AuditSummary.from_page(page) == audit_summary(card_article())


def test_header_facts_note_and_warnings() -> None:
    article = card_article()
    header = _header(article, audit_summary(article), "a<b>.html")
    assert '<span class="name">a&lt;b&gt;.html</span>' in header
    facts = [li.text_content() for li in doc(header).xpath("//ul/li")]
    assert facts == [
        "body 10 chars, 34% of the text",
        "removed 19 chars",
        "input 31 chars, html",
        "segments 6",
        "language unknown",
        "url https://example.com/a?b=1&c=2",
    ]
    assert "HTML input: shown as the text articlekit rendered" in header
    assert '<div class="warn"><b>Warnings:</b> no date; &lt;odd&gt;</div>' in header
    untitled = built(("body", "x"))
    plain = _header(untitled, audit_summary(untitled), None)
    assert '<h1><span class="none">(no title found)</span></h1>' in plain
    assert "kicker" in plain and "Warnings" not in plain and "HTML input" not in plain


def test_legend_shares_and_tooltips() -> None:
    article = card_article()
    legend = doc(_legend(audit_summary(article)))
    labels = legend.xpath("//label")
    assert [x.get("data-label") for x in labels] == ["title", "body", "promo", "blank", "Odd Label"]
    body = labels[1]
    assert (body.get("data-segments"), body.get("data-chars")) == ("1", "10")
    assert body.xpath(".//input/@id") == ["show-body"]
    assert body.xpath('.//i[@class="s-body"]/@style') == ["width:32.3%"]
    assert body.get("title").startswith("body: article text kept\n1 segments, 10 characters")
    assert labels[4].xpath(".//input/@id") == ["show-odd_label"]
    assert labels[4].get("title").startswith("Odd Label: \n")  # no meaning known


def test_dump_marks_the_promo_segments() -> None:
    page = audit_page(card_article())
    spans = lxml.html.document_fromstring(page).xpath('//pre[@id="dump"]/span')
    assert [s.get("data-promo") for s in spans] == [None, None, None, None, "1", None]
    assert spans[4].get("title") == "promo · promo: rule 4\nchars 17–30\npromo 1 of 1"
    assert spans[1].get("title") is None  # blank: no tooltip
    assert spans[5].get("class") == "seg s-odd_label"


def test_kept_lists_missing_fields_as_none() -> None:
    kept = doc(_kept(built(("body", "x"), title="T", authors=("A", "B"))))
    names = kept.xpath("//dt/text()")
    pairs = dict(zip(names, [dd.text_content() for dd in kept.xpath("//dd")], strict=True))
    assert pairs == {
        "title": "T",
        "source": "none",
        "authors": "A, B",
        "published": "none",
        "date as written": "none",
        "body": "0 blocks, 0 chars normalised",
        "disclaimers": "0",
        "chrome": "0 pieces",
    }


def test_label_css() -> None:
    css = _label_css(["body", "blank", "heading", "odd one"])
    bg, fg, accent = COLOURS["body"]
    assert f".s-body{{background:{bg};color:{fg}}}" in css
    assert f".seg.s-body{{box-shadow:inset 2px 0 0 {accent}}}" in css
    assert ".seg.s-blank{box-shadow" not in css  # whitespace gets no start mark
    assert ".seg.s-heading{font-weight:700}" in css
    assert f".s-odd_one{{background:{OTHER_COLOUR[0]};color:{OTHER_COLOUR[1]}}}" in css
    assert "body:has(#show-odd_one:not(:checked)) .seg.s-odd_one" in css
