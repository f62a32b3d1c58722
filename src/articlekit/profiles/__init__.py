"""Site profiles: boilerplate learned from many pages of one site (docs/site-profiles.md).

Learning is here (:mod:`articlekit.profiles.learn`); the profile as data, which the pipeline
applies, is :mod:`articlekit.config.sites`.
"""

from articlekit.profiles.learn import (
    DEFAULT_BUDGET,
    PageKeys,
    ProfileLearner,
    SiteLearners,
    SiteProfile,
    page_keys,
    site_keys,
)

__all__ = [
    "DEFAULT_BUDGET",
    "PageKeys",
    "ProfileLearner",
    "SiteLearners",
    "SiteProfile",
    "page_keys",
    "site_keys",
]
