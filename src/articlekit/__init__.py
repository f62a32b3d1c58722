"""articlekit: turn a raw scraped news-article dump into a clean, structured Article.

    >>> import articlekit
    >>> article = articlekit.clean(open("dump.txt", "rb").read())
    >>> article.title, article.body

Every character of the input lands in exactly one labelled segment (``article.segments``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from articlekit.api import clean
from articlekit.batch import clean_many
from articlekit.errors import DependencyError, InputError
from articlekit.model import (
    LABELS,
    METADATA_KEYS,
    SCHEMA_VERSION,
    Article,
    Block,
    Promo,
    Segment,
    schema,
)
from articlekit.output.audit import AuditEntry, AuditSummary, audit_index, audit_summary, explain
from articlekit.text.language import languages

if TYPE_CHECKING:
    from articlekit.config.params import FAVOURS
    from articlekit.config.rulepacks import RuleError, RulePack, load_pack
    from articlekit.config.sites import ProfileError
    from articlekit.integrations.dask_engine import clean_frame
    from articlekit.profiles.learn import ProfileLearner, SiteProfile

__version__ = "0.1.0"

#: Exported names loaded on first use, so ``import articlekit`` stays fast.
_LAZY = {
    "FAVOURS": "articlekit.config.params",
    "RuleError": "articlekit.config.rulepacks",
    "RulePack": "articlekit.config.rulepacks",
    "load_pack": "articlekit.config.rulepacks",
    "ProfileError": "articlekit.config.sites",
    "ProfileLearner": "articlekit.profiles.learn",
    "SiteProfile": "articlekit.profiles.learn",
    # pandas is imported only when it runs: clean_frame(frame, column="html") needs no Dask.
    "clean_frame": "articlekit.integrations.dask_engine",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'articlekit' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "FAVOURS",
    "LABELS",
    "METADATA_KEYS",
    "SCHEMA_VERSION",
    "Article",
    "AuditEntry",
    "AuditSummary",
    "Block",
    "DependencyError",
    "InputError",
    "ProfileError",
    "ProfileLearner",
    "Promo",
    "RuleError",
    "RulePack",
    "Segment",
    "SiteProfile",
    "__version__",
    "audit_index",
    "audit_summary",
    "clean",
    "clean_frame",
    "clean_many",
    "explain",
    "languages",
    "load_pack",
    "schema",
]
