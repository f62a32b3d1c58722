"""``articlekit.output.index_page``: the folder index, from figures built by hand."""

from __future__ import annotations

from typing import Any

import lxml.html

from articlekit import AuditEntry, AuditSummary, audit_index
from articlekit.output.index_page import _stack
from articlekit.output.style import COLOURS, OTHER_COLOUR


def figures(
    body: int, *, title: str | None = "T", warnings: tuple[str, ...] = (), unclaimed: int = 0
) -> AuditSummary:
    """100 non-blank characters, ``body`` of them body text, the rest chrome."""
    return AuditSummary(
        title=title,
        language="en",
        input_format="text",
        chars=100,
        labels=(("body", 1, body), ("chrome", 2, 100 - body)),
        promos=1,
        disclaimers=0,
        warnings=warnings,
        unclaimed=unclaimed,
    )


ENTRIES = [
    AuditEntry("a.txt", "a.html", figures(50)),
    AuditEntry("h.txt", "h.html", figures(50)),  # ties with a.txt: by name
    AuditEntry("b.txt", "b.html", figures(0)),
    AuditEntry("c.txt", "c.html", figures(50, warnings=("w1", "w2"))),
    AuditEntry("d.txt", "d.html", figures(50, title=None)),
    AuditEntry("e.txt", "e.html", figures(90)),
    AuditEntry("f.txt", "f.html", figures(50, unclaimed=5)),
    AuditEntry("g.txt", "g.html", figures(50, unclaimed=1)),
    AuditEntry("k.txt", "k.html"),
    AuditEntry("z.txt", "z.html", error="boom"),
]


def rows(page: str) -> list[Any]:
    return list(lxml.html.document_fromstring(page).xpath("//tbody/tr"))


def test_oddest_first_and_why() -> None:
    page = audit_index(ENTRIES)
    got = [(r.get("data-name"), r.xpath('string(td[@class="why"])')) for r in rows(page)]
    assert got == [
        ("z.txt", "failed: boom"),
        ("b.txt", "no body text"),  # 2 + its distance from the median
        ("c.txt", "w1; w2"),  # 1
        ("e.txt", "body share high (run median 50%)"),  # 0.4
        ("d.txt", "no title"),  # 0.3
        ("f.txt", "5.0% left unclaimed"),  # 0.05
        ("g.txt", ""),  # 0.01: too little to name
        ("a.txt", ""),
        ("h.txt", ""),
        ("k.txt", "kept from an earlier run (not cleaned again)"),
    ]
    assert "10 inputs, 1 failed; median body share 50%." in page


def test_row_cells() -> None:
    by_name = {r.get("data-name"): r for r in rows(audit_index(ENTRIES))}
    a = by_name["a.txt"]
    assert a.xpath(".//a/@href") == ["a.html"]
    cells = [td.text_content() for td in a.xpath("td")]
    assert cells == ["8", "a.txt", "T", "50%", "50", "1", "0", "3", ""]
    assert a.xpath("td/@data-share") == ["0.5000"]
    assert not by_name["z.txt"].xpath(".//a")  # a failed input has no page to link
    assert by_name["z.txt"].get("class") == "failed"
    assert by_name["k.txt"].xpath("td[@colspan]/text()") == ["–"]
    assert by_name["d.txt"].xpath('td[@class="t"]/span/text()') == ["none"]


def test_title_and_empty_run() -> None:
    page = audit_index([], title="Run <1>")
    assert "<title>Run &lt;1&gt;</title>" in page and "<h1>Run &lt;1&gt;</h1>" in page
    assert "0 inputs, 0 failed; median body share 0%." in page
    assert rows(page) == []


def test_stack_puts_body_labels_first_and_leaves_blank_out() -> None:
    s = AuditSummary(
        title=None,
        language=None,
        input_format="text",
        chars=110,
        labels=(
            ("title", 1, 10),
            ("body", 1, 40),
            ("quote", 1, 10),
            ("odd", 1, 40),
            ("blank", 1, 10),
        ),
        promos=0,
        disclaimers=0,
    )
    bar = _stack(s)
    assert 'title="body 40%, quote 10%, title 10%, odd 40%"' in bar
    assert bar.count("<i ") == 4
    assert f'<i style="width:40.00%;background:{COLOURS["body"][2]}"></i>' in bar
    assert f'<i style="width:40.00%;background:{OTHER_COLOUR[2]}"></i>' in bar
    empty = AuditSummary(None, None, "text", 0, (), 0, 0)
    assert _stack(empty) == '<span class="stack"></span>'
