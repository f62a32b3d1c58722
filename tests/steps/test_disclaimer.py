"""The disclaimer step: legal and risk notices, affiliate and copyright lines."""

from __future__ import annotations

from articlekit.extract import disclaimer

from . import (
    PROSE,
    PROSE_DE,
    blocks_of,
    context,
    favour,
    index_of,
    labels,
    page_of,
    reasons,
    take,
    thresholds,
)

RISK = (
    "Risk warning: CFDs are complex instruments and come with a high risk of losing money "
    "rapidly due to leverage."
)
NOTICE_DE = (
    "Die Inhalte dieser Seite stellen keine Anlageberatung dar und ersetzen keine persönliche "
    "Beratung durch einen Fachmann."
)


def test_a_heading_with_a_colon_and_a_copyright_line_in_several_languages() -> None:
    page = page_of(
        PROSE[0],
        RISK,
        "© 2025 Harbour Media Ltd. All rights reserved.",
        "免责声明：本文仅供参考，不构成投资建议。",
    )
    claims = disclaimer.step(page, context())
    assert blocks_of(claims) == {1, 2, 3}
    assert set(labels(page, claims).values()) == {"disclaimer"}
    why = reasons(page, claims)
    assert why[RISK] == "starts with 'risk warning'"
    assert why["© 2025 Harbour Media Ltd. All rights reserved."] == "copyright notice ('©')"
    assert why["免责声明：本文仅供参考，不构成投资建议。"] == "starts with '免责声明'"


def test_a_heading_alone_on_its_line_takes_the_notice_under_it() -> None:
    page = page_of(PROSE_DE[0], "Haftungsausschluss", NOTICE_DE, language="de")
    claims = disclaimer.step(page, context())
    assert reasons(page, claims) == {
        "Haftungsausschluss": "disclaimer heading 'haftungsausschluss'",
        NOTICE_DE: "follows a disclaimer heading",
    }
    assert set(labels(page, claims).values()) == {"disclaimer"}


def test_a_short_block_carrying_a_notice_phrase() -> None:
    affiliate = "This article contains affiliate links; we may earn a commission on purchases."
    spanish = "Harbour Media S.L. Todos los derechos reservados."
    page = page_of(PROSE[0], affiliate, spanish, language=None)
    why = reasons(page, disclaimer.step(page, context()))
    assert why[affiliate] == "disclaimer phrase 'contains affiliate links'"
    assert why[spanish] == "disclaimer phrase 'todos los derechos reservados'"
    assert PROSE[0] not in why


def test_prose_about_a_disclaimer_and_a_bare_footer_link_are_not_claimed() -> None:
    prose = (
        "Analysts said the disclaimer in the prospectus was unusually long, and investors "
        "read it closely before the vote on Friday."
    )
    # "Aviso legal" over a short link is a footer link, not the head of a notice.
    page = page_of(prose, PROSE[1], "Aviso legal", "Contacto", language="es")
    assert disclaimer.step(page, context()) == []


def test_blocks_taken_earlier_are_left_alone_and_break_a_heading_s_hold() -> None:
    page = page_of("Haftungsausschluss", NOTICE_DE, "© 2025 Hafenbote GmbH", language="de")
    take(page, index_of(page, "Haftungsausschluss"), "chrome")
    claims = disclaimer.step(page, context())
    # The taken heading no longer claims the notice under it; the notice's own phrase
    # still makes it one.
    assert 0 not in {c.block for c in claims}
    why = reasons(page, claims)
    assert why[NOTICE_DE] == "disclaimer phrase 'keine anlageberatung'"
    assert why["© 2025 Hafenbote GmbH"] == "copyright notice ('©')"


def test_the_favour_and_a_pack_move_the_longest_block_a_phrase_marks() -> None:
    # A 700-character notice: over the balanced cap (600), under precision's (900).
    long_notice = (
        "The information on this page is general in nature and has been prepared without "
        "taking into account your objectives, financial situation or needs. Before acting on "
        "it you should consider whether it is appropriate for you, read the product disclosure "
        "statement and seek independent advice from a licensed professional. Prices of crypto "
        "assets are highly volatile and you may lose some or all of the money you invest. "
        "Nothing on this page is an offer or a solicitation to buy or sell any asset, and the "
        "publisher, its staff and its partners accept no liability for any loss arising from "
        "reliance on it. Rates, fees and product features change often and may differ from "
        "those shown. The views expressed are those of the author alone."
    )
    assert 600 < len(long_notice) < 900
    assert disclaimer.step(page_of(long_notice), context()) == []
    page = page_of(long_notice)
    [claim] = disclaimer.step(page, favour("precision"))
    assert claim.reason == "disclaimer phrase 'the views expressed'"
    # A pack lowering the cap leaves even a short block carrying a phrase alone.
    short = "The views expressed here are the author's own."
    assert disclaimer.step(page_of(short), context()) != []
    assert (
        disclaimer.step(page_of(short), thresholds({"disclaimer": {"max_phrase_block": 20}})) == []
    )
