"""Deprecated name of :mod:`articlekit.profiles` (learning) and :mod:`articlekit.config.sites`
(the profile as data); importing it still works and warns."""

from __future__ import annotations

import warnings

from articlekit.config.sites import ProfileError, block_key, load, save
from articlekit.profiles.learn import PageKeys, ProfileLearner, SiteLearners, SiteProfile, page_keys

__all__ = [
    "PageKeys",
    "ProfileError",
    "ProfileLearner",
    "SiteLearners",
    "SiteProfile",
    "block_key",
    "load",
    "page_keys",
    "save",
]

warnings.warn(
    "articlekit.profile is now articlekit.profiles (learning) and articlekit.config.sites "
    "(the profile as data); the old name will go",
    DeprecationWarning,
    stacklevel=2,
)
