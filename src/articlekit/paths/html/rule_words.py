"""The HTML path's regexes built from rule word lists: the inline_prefixes of data/promo.toml
and the disclaimer heads and copyright starts of data/disclaimer.toml, each read once through
:mod:`articlekit.config.rules` and cached.

Kept together here as the one place this package reads rule word lists that way: that reading
is to become an explicit context object; until then these two stay as they are.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def inline_teaser_re() -> re.Pattern[str]:
    """A line opening with an inline teaser's lead-in ("Read more:", "Lesen Sie auch:"): the
    inline_prefixes of data/promo.toml, read once."""
    from articlekit.config import rules

    prefixes = sorted(rules.words("promo", "inline_prefixes"), key=len, reverse=True)
    return re.compile(
        r"^\s*(?:" + "|".join(re.escape(p.rstrip(":：")) for p in prefixes) + r")\s*[:：]", re.I
    )


@cache
def notice_re() -> re.Pattern[str]:
    """A line opening with a copyright sign or a disclaimer heading ("Risk warning:"): the
    heads of data/disclaimer.toml, read once."""
    from articlekit.config import rules

    heads = sorted(rules.words("disclaimer", "heads"), key=len, reverse=True)
    starts = sorted(rules.words("disclaimer", "copyright_starts"), key=len, reverse=True)
    return re.compile(
        r"^\s*(?:(?:"
        + "|".join(re.escape(h) for h in heads)
        + r")\s*[:：]|(?:"
        + "|".join(re.escape(c) for c in starts)
        + r")(?!\w)|ⓒ)",
        re.I,
    )
