"""The page-type decision of the HTML path (paths/html/page_type.py): each kind of evidence on
a small page of its own, the default, and the field on the Article and in its dict."""

from __future__ import annotations

import pytest

import articlekit
from articlekit.paths.html import page_type
from articlekit.paths.html import parse as html_parse

_PROSE = "<p>" + "Plain words of a plain story, told in full sentences for a reader. " * 6 + "</p>"


def _decide(body: str, url: str | None = None, head: str = "") -> page_type.PageType:
    root = html_parse.parse(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return page_type.decide(root, url)


def test_plain_page_is_an_article() -> None:
    found = _decide(_PROSE, "https://example.org/2024/05/a-story")
    assert found.kind == "article"
    assert "no markup" in found.reason


def test_json_ld_product() -> None:
    head = '<script type="application/ld+json">{"@type": "Product", "name": "Mug"}</script>'
    found = _decide(_PROSE, "https://example.org/mug", head)
    assert found.kind == "product"
    assert "product" in found.reason


def test_json_ld_graph_is_walked() -> None:
    head = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"},'
        ' {"@type": ["DiscussionForumPosting"]}]}</script>'
    )
    assert _decide(_PROSE, None, head).kind == "forum"


def test_forum_by_url_and_post_markup() -> None:
    posts = "".join(
        f'<div class="message"><span class="username">u{i}</span><div class="avatar"></div>'
        f"<p>Reply number {i} says something.</p></div>"
        for i in range(4)
    )
    found = _decide(posts, "https://forum.example.org/threads/a-question.123/")
    assert found.kind == "forum"
    assert "post markup" in found.reason and "URL" in found.reason


def test_code_blocks_make_documentation() -> None:
    code = "<pre><code>x = 1</code></pre>" * 3
    found = _decide(_PROSE + code, "https://example.org/page")
    assert found.kind == "documentation"
    assert "3 <pre> blocks" in found.reason


def test_priced_cards_make_a_collection_and_plain_cards_a_listing() -> None:
    def cards(price: str) -> str:
        one = (
            '<li class="card"><a href="/x"><img src="x.jpg"></a><h3>Thing</h3>'
            f"<span>{price}</span></li>"
        )
        return "<ul>" + one * 12 + "</ul>"

    assert _decide(cards("$19.99"), "https://shop.example.org/all").kind == "collection"
    assert _decide(cards("read on"), "https://example.org/all").kind == "listing"


def test_article_markup_outweighs_a_stray_url_shape() -> None:
    head = '<script type="application/ld+json">{"@type": "BlogPosting"}</script>'
    assert _decide(_PROSE, "https://example.org/guides/how-to", head).kind == "article"


def test_og_article_alone_is_weak_evidence() -> None:
    head = '<meta property="og:type" content="article">'
    assert _decide(_PROSE, "https://example.org/docs/intro", head).kind == "documentation"


def test_weak_evidence_stays_article() -> None:
    found = _decide(_PROSE, "https://example.org/")  # a site's root alone: weight 1
    assert found.kind == "article"
    assert "weak evidence" in found.reason


@pytest.mark.parametrize("kind", page_type.PAGE_TYPES)
def test_every_type_has_rules(kind: str) -> None:
    rules = page_type._rules()
    assert kind in {t for t, _, _ in rules.structured.values()} or kind in rules.urls


def test_article_field_and_dict() -> None:
    head = '<script type="application/ld+json">{"@type": "Product", "name": "Mug"}</script>'
    html = f"<html><head>{head}</head><body><h1>Mug</h1>{_PROSE}{_PROSE}</body></html>"
    article = articlekit.clean(html, format="html", url="https://example.org/products/mug")
    assert article.page_type == "product"
    assert article.page_type_reason and "product" in article.page_type_reason
    out = article.to_dict()
    assert out["page_type"] == "product"
    assert set(out) == set(articlekit.schema(arrow=False))


def test_text_path_has_no_page_type() -> None:
    article = articlekit.clean("A title\n\n" + "Some words of a story here. " * 20)
    assert article.page_type is None
    assert article.to_dict()["page_type"] is None


def test_content_rules_come_from_the_data_file() -> None:
    forum = page_type.content("forum")
    assert "comments" in forum.skip_steps and not forum.widgets_inside
    assert ("include_comments", True) in forum.trafilatura
    assert not page_type.content("listing").grids_inside
    assert ("fast", False) in page_type.content("service").trafilatura
    article = page_type.content("article")
    assert article == page_type.Content()  # an article is read as it always was


def test_listing_keeps_its_cards_an_article_drops_them() -> None:
    cards = "".join(
        f'<div class="card"><h3><a href="/story-{i}">Story number {i} of the week</a></h3>'
        f"<p>A short summary of story {i}.</p></div>"
        for i in range(6)
    )
    prose = [
        "<p>"
        + " ".join(f"Sentence {k}-{j} of a plain story, told in full words." for j in range(6))
        + "</p>"
        for k in range(6)
    ]
    page = (
        "<html><head>{head}</head><body><main><h1>Stories</h1>"
        + "".join(prose[:3])
        + f'<div class="grid">{cards}</div>'
        + "".join(prose[3:])
        + "</main></body></html>"
    )
    listing = '<script type="application/ld+json">{"@type": "CollectionPage"}</script>'
    as_listing = articlekit.clean(page.format(head=listing), format="html", url="https://e.org/x")
    as_article = articlekit.clean(page.format(head=""), format="html", url="https://e.org/x")
    assert as_listing.page_type == "listing" and as_article.page_type == "article"
    grid_words = "Story number 4 of the week"
    assert grid_words in as_listing.body
    assert grid_words not in as_article.body
