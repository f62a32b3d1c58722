"""The linear markup scans (articlekit.paths.html.scan): each gives what the regular expression it
replaced gave, and costs time in proportion to its input (issue 17, item 10)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from articlekit.paths.html import scan

from .scaling import assert_linear

# The patterns the scans replace, as they were (quadratic on unclosed starts).
_OLD_TAG_RE = re.compile(r"<[^>]*>")
_OLD_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_OLD_SELF_CLOSED_RE = re.compile(rb"(<html[^>]*?)\s*/>", re.I)
_OLD_DOCTYPE_RE = re.compile(rb"^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.I)

_PIECES = [
    "<", ">", "/", " ", "\n", "\t", "a", "=", '"', "'", "x", "<a", "<html", "<HTML", "/>",
    "<script", "<SCRIPT>", "</script>", "</Script >", "<style>", "</style\n>", "<scripts>",
    "</script", "<!DOCTYPE", "< ! doctype", "<!--", "-->", "<p", "</p>", "text",
]  # fmt: skip
markup = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(markup)
def test_the_scans_agree_with_the_patterns_they_replace(text: str) -> None:
    assert scan.tags_to_breaks(text) == _OLD_TAG_RE.sub("\n", text)
    assert scan.drop_scripts(text) == _OLD_SCRIPT_RE.sub(" ", text)
    data = text.encode()
    assert scan.self_closed_html(data) == _OLD_SELF_CLOSED_RE.sub(rb"\1>", data, count=1)
    old = _OLD_DOCTYPE_RE.match(data)
    assert scan.faulty_doctype_end(data) == (old.end() if old else 0)


def test_a_page_keeps_its_attributes_below_the_cap() -> None:
    tag = b"<p class=\"a\" id=b data-x='c d' hidden/>"
    page = b"<html><body>" + tag * 200 + b"<script>if (a<b) {" + b" x" * 999 + b"}</script>"
    assert scan.cap_attributes(page) is page
    many = b"<p " + b" ".join(b'a%d="v"' % i for i in range(1000)) + b">text</p>"
    capped = scan.cap_attributes(b"<html><body>" + many)
    assert capped.endswith(b' a255="v">text</p>') and b"a256" not in capped
    # however they are written: glued after quotes, split by "/" or "<", quoting a ">"
    for sep in (b"", b"/", b" <", b' t=">" '):
        many = b"<p " + sep.join(b'a%d="v"' % i for i in range(1000)) + b">text</p>"
        capped = scan.cap_attributes(many)
        assert capped.endswith(b">text</p>") and len(capped) < len(many) / 2, sep


def test_unclosed_scripts_cost_linear_time() -> None:
    assert_linear(lambda n: scan.drop_scripts("<script>" * n + "<style>" * n), 2000)


def test_unclosed_tags_cost_linear_time() -> None:
    assert_linear(lambda n: scan.tags_to_breaks("<a" * n + "<b>" + "<a" * n), 5000)


def test_repeated_html_starts_cost_linear_time() -> None:
    assert_linear(lambda n: scan.self_closed_html(b"<html>/>\n" + b"<html" * n), 5000)
    assert_linear(lambda n: scan.faulty_doctype_end(b"<!DOCTYPE html" + b" /<" * n), 5000)


def test_the_attribute_cap_costs_linear_time() -> None:
    for unit in (b'a="x" ', b"<a ", b'"', b"<p a", b"<!--<script>"):
        assert_linear(lambda n, unit=unit: scan.cap_attributes(b"<p " + unit * n), 5000)
