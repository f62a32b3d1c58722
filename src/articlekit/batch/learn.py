"""``SiteProfile.learn``: a site profile learned from pages, cleaned here or in worker processes.

The profile is data (``articlekit.config.sites``), counting it is ``articlekit.profiles``; the
loop that cleans the pages and counts them takes ``clean_many`` for ``jobs`` > 1, so it lives
here, above both. Importing this module makes it what ``SiteProfile.learn`` runs
(``articlekit.SiteProfile`` imports it).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from articlekit.batch import clean_many
from articlekit.config.sites import (
    DEFAULT_CAPACITY,
    DEFAULT_MIN_PAGES,
    DEFAULT_SHARE,
    SiteProfile,
    set_learner,
)
from articlekit.model import Article
from articlekit.profiles.learn import ProfileLearner, page_keys

__all__ = ["SiteProfile", "learn"]


def learn(
    pages: Iterable[str | bytes | os.PathLike[str] | Article],
    *,
    site: str | None = None,
    share: float = DEFAULT_SHARE,
    min_pages: int = DEFAULT_MIN_PAGES,
    capacity: int = DEFAULT_CAPACITY,
    jobs: int = 1,
    **clean_kwargs: Any,
) -> SiteProfile:
    """:meth:`SiteProfile.learn`: clean the pages (unless they are Articles) and count them."""
    learner = ProfileLearner(site=site, share=share, min_pages=min_pages, capacity=capacity)
    if jobs == 1:
        for page in pages:
            learner.add(page, **clean_kwargs)
    else:
        items = []
        for page in pages:
            if not isinstance(page, (str, bytes, os.PathLike)):
                raise TypeError("with jobs > 1, pages must be text, bytes or paths")
            items.append(page)
        for keys in clean_many(items, jobs=jobs, transform=page_keys, **clean_kwargs):
            learner.add_keys(keys)
    return learner.profile()


set_learner(learn)
