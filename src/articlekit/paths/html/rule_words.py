"""The HTML path's regexes built from rule word lists: the inline_prefixes of data/promo.toml
and the disclaimer heads and copyright starts of data/disclaimer.toml.

Each is built from a call's :class:`~articlekit.config.vocabulary.Vocabulary` and kept on it
(``ctx.vocab.compiled(inline_teaser_re)``), so a rule pack's words reach them and never
outlive the call that brought them.
"""

from __future__ import annotations

import re

from articlekit.config.vocabulary import Vocabulary


def inline_teaser_re(vocab: Vocabulary) -> re.Pattern[str]:
    """A line opening with an inline teaser's lead-in ("Read more:", "Lesen Sie auch:")."""
    prefixes = sorted(vocab.words("promo", "inline_prefixes"), key=len, reverse=True)
    return re.compile(
        r"^\s*(?:" + "|".join(re.escape(p.rstrip(":：")) for p in prefixes) + r")\s*[:：]", re.I
    )


def notice_re(vocab: Vocabulary) -> re.Pattern[str]:
    """A line opening with a copyright sign or a disclaimer heading ("Risk warning:")."""
    heads = sorted(vocab.words("disclaimer", "heads"), key=len, reverse=True)
    starts = sorted(vocab.words("disclaimer", "copyright_starts"), key=len, reverse=True)
    return re.compile(
        r"^\s*(?:(?:"
        + "|".join(re.escape(h) for h in heads)
        + r")\s*[:：]|(?:"
        + "|".join(re.escape(c) for c in starts)
        + r")(?!\w)|ⓒ)",
        re.I,
    )
