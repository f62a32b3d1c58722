"""The chrome step: buttons, share rows, breadcrumbs, counters, cookie notices."""

from __future__ import annotations

from articlekit.extract import chrome

from . import PROSE, context, favour, page_of, reasons, take, thresholds

COOKIES = (
    "We use cookies to give you the best experience on our website. By continuing to browse, "
    "you agree to our use of cookies and our privacy policy, which explains how we handle your "
    "data and how you can change your settings."
)


def test_ui_text_in_several_languages() -> None:
    lines = (
        "Skip to main content",
        "Zurück nach oben",
        "Lire la suite",
        "Volver arriba",
        "返回顶部",
    )
    page = page_of(PROSE[0], *lines, language=None)
    why = reasons(page, chrome.step(page, context()))
    assert why == {line: f"UI text {line.lower()!r}" for line in lines}


def test_widget_titles_and_buttons_of_blog_engines_in_more_languages() -> None:
    lines = ("Kategorien", "Udostępnij", "Condividi", "Categorías", "Post navigation")
    page = page_of(PROSE[0], *lines, language=None)
    why = reasons(page, chrome.step(page, context()))
    assert why == {line: f"UI text {line.lower()!r}" for line in lines}


def test_button_rows_and_breadcrumbs() -> None:
    page = page_of(
        "Home > News > Harbour",
        "Share Tweet Print Email",
        "Accept all  Manage settings",
        "Startseite / Politik / Hafen",
        PROSE[0],
    )
    why = reasons(page, chrome.step(page, context()))
    assert why == {
        "Home > News > Harbour": "breadcrumb trail",
        "Share Tweet Print Email": "a row of share/print buttons",
        "Accept all  Manage settings": "a row of buttons",
        "Startseite / Politik / Hafen": "breadcrumb trail",
    }


def test_counters_metadata_furniture_and_symbols() -> None:
    page = page_of(
        PROSE[0],
        "1.2k shares",
        "4 min read",
        "Tags: ferries, harbour, council",
        "Schlagwörter: Hafen, Fähre",
        "Story continues below advertisement",
        "★ ★ ★",
        language=None,
    )
    claims = chrome.step(page, context())
    assert {c.label for c in claims} == {"chrome"}
    assert reasons(page, claims) == {
        "1.2k shares": "a counter (likes, shares, comments, reading time)",
        "4 min read": "a counter (likes, shares, comments, reading time)",
        "Tags: ferries, harbour, council": "page metadata ('tags:')",
        "Schlagwörter: Hafen, Fähre": "page metadata ('schlagwörter:')",
        "Story continues below advertisement": (
            "site or e-mail furniture ('continues below advertisement')"
        ),
        "★ ★ ★": "no letters or digits",
    }


def test_comment_form_and_paywall_notices_in_several_languages() -> None:
    notices = {
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * "
        "markiert": "deine e-mail-adresse wird nicht veröffentlicht",
        "Your email address will not be published.": "your email address will not be published",
        "Diese Website verwendet Akismet, um Spam zu reduzieren.": (
            "diese website verwendet akismet"
        ),
        "To view the full story, please subscribe to the Harbour Times.": "to view the full story",
    }
    page = page_of(PROSE[0], *notices, language=None)
    why = reasons(page, chrome.step(page, context()))
    assert why == {n: f"site or e-mail furniture ({p!r})" for n, p in notices.items()}


def test_a_cookie_banner() -> None:
    page = page_of(PROSE[0], COOKIES)
    assert reasons(page, chrome.step(page, context())) == {COOKIES: "cookie notice"}


def test_headlines_and_prose_opening_with_ui_words_are_not_chrome() -> None:
    page = page_of(
        "Live music returns to the quay",
        "Share prices rose sharply after the ferry operator reported record summer traffic.",
        "Home owners near the harbour say the dredging keeps them awake at night.",
        "Search and rescue crews were called out twice",
        PROSE[0],
    )
    assert chrome.step(page, context()) == []


def test_blocks_taken_earlier_are_left_alone() -> None:
    page = page_of("Share", "Print", "Follow us: @harbourtidings")
    take(page, 0, "promo")
    why = reasons(page, chrome.step(page, context()))
    assert why == {
        "Print": "UI text 'print'",
        "Follow us: @harbourtidings": "page metadata ('follow us:')",
    }


def test_the_longest_line_looked_at_moves_with_the_favour_and_a_pack() -> None:
    assert 150 < len(COOKIES) <= 300
    assert chrome.step(page_of(COOKIES), context()) != []
    assert chrome.step(page_of(COOKIES), favour("recall")) == []  # recall: lines up to 150
    assert chrome.step(page_of("Back to top"), thresholds({"chrome": {"max_len": 10}})) == []
    [claim] = chrome.step(page_of("Back to top"), context())
    assert claim.reason == "UI text 'back to top'"
