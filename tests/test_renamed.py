"""Modules renamed by the restructure still import under their old names, with a warning."""

from __future__ import annotations

import importlib
import sys

import pytest


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("articlekit.dask", "articlekit.integrations.dask_engine", "clean_frame"),
        ("articlekit.audit", "articlekit.output.audit", "promo_segments"),
        ("articlekit.pipeline", "articlekit.api", "DEFAULT_MAX_BYTES"),
        ("articlekit.profile", "articlekit.profiles", "SiteLearners"),
    ],
)
def test_an_old_module_name_warns_and_works(old: str, new: str, name: str) -> None:
    if old == "articlekit.dask":
        pytest.importorskip("dask.bag")
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")):
        module = importlib.import_module(old)
    assert getattr(module, name) is getattr(importlib.import_module(new), name)
