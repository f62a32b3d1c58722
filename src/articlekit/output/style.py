"""What the audit views share: the label colours, the pages' Content-Security-Policy, and how
figures are written."""

from __future__ import annotations

__all__ = ["COLOURS", "CSP", "OTHER_COLOUR", "fmt", "pct"]

#: label -> (background, text, accent) colours of the page. ``body`` is the green the browser
#: test looks for in the screenshot.
COLOURS: dict[str, tuple[str, str, str]] = {
    "title": ("#ead9ff", "#3b0a6e", "#8b5cf6"),
    "byline": ("#d9e6ff", "#12306b", "#3b82f6"),
    "body": ("#d3f5dc", "#0f3d1e", "#22a04b"),
    "heading": ("#a6e8b9", "#0b3219", "#15803d"),
    "quote": ("#e6f5c4", "#2f3d0a", "#84cc16"),
    "disclaimer": ("#fde7a6", "#5a3e00", "#d99a00"),
    "promo": ("#ffd3da", "#6b0f1f", "#e11d48"),
    "chrome": ("#e4e4e7", "#52525b", "#a1a1aa"),
    "caption": ("#cbf1f7", "#0b4650", "#06b6d4"),
    "comment": ("#ffe0c2", "#6a2c00", "#f97316"),
    "blank": ("transparent", "inherit", "#d4d4d8"),
}
#: The colours of a label not in ``COLOURS``.
OTHER_COLOUR = ("#f1eadf", "#3f3a33", "#a8a29e")

#: Both pages load nothing: no scripts, fonts, images or style sheets from anywhere.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def fmt(n: int) -> str:
    """``n`` with thousands separators: ``12,345``."""
    return f"{n:,}"


def pct(part: int, whole: int) -> str:
    """``part`` as a share of ``whole``: one decimal under 10% (``4.2%``), none from there on
    (``37%``); ``0%`` when ``whole`` is 0."""
    if not whole:
        return "0%"
    share = 100 * part / whole
    return f"{share:.1f}%" if share < 10 else f"{share:.0f}%"
