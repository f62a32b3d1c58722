"""Site profiles as data: what a step needs to apply one (docs/site-profiles.md)."""

from __future__ import annotations

__all__ = ["site_of"]


def site_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, lower-cased; None when there is none."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host
