"""Learning each site's boilerplate from the inputs (``--learn``, ``--save-profile``): one
pass over the inputs collects what recurs across a site's pages, then the run cleans with the
profiles learned.

The only module of the command that reaches into the profile internals (the learners, the
profile files); everything else goes through the public API.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import articlekit
from articlekit.cli.pool import Shared
from articlekit.cli.report import Reporter, plural

if TYPE_CHECKING:
    from articlekit import SiteProfile
    from articlekit.cli.inputs import Task
    from articlekit.cli.options import Options


def load_profiles(path: str | os.PathLike[str]) -> list[SiteProfile]:
    """The profiles of a profile file; ``articlekit.ProfileError`` if it does not load."""
    from articlekit.profiles import profile

    return profile.load(path)


def learn_files(opts: Options, report: Reporter, tasks: list[Task]) -> Options:
    """Clean the inputs once to learn each site's boilerplate (a site is the --url's host, else
    a folder), then return the options that clean with the profiles learned. Only sites with
    enough inputs are read twice; failures here are left for the real pass to report."""
    from articlekit.config.rulepacks import site_of
    from articlekit.profiles.profile import DEFAULT_MIN_PAGES

    site = site_of(opts.clean_kwargs.get("url"))
    groups: dict[str, list[Path]] = {}
    for task in tasks:
        if task.error is None:
            groups.setdefault(site or str(task.path.parent), []).append(task.path)
    items = [
        (name, path)
        for name, paths in groups.items()
        if len(paths) >= DEFAULT_MIN_PAGES
        for path in paths
    ]
    if not items:
        report.info("nothing to learn from: no site with 3 inputs or more")
        return opts
    report.info(
        f"learning from {plural(len(items), 'input')} "
        f"of {plural(len({n for n, _ in items}), 'site')}"
    )
    return learned(opts, report, [name for name, _ in items], [path for _, path in items])


def learned(
    opts: Options,
    report: Reporter,
    sites: Sequence[str | None] | None,
    items: Iterable[Any],
) -> Options:
    """Run the learning pass over ``items`` (``sites[i]`` is item i's site; None: take each
    page's URL host), save the profiles and put them in the options' ``clean_kwargs``, from
    where they reach the workers with every task (``pool.Shared``: no file in between)."""
    from articlekit.profiles import profile

    kwargs = {k: v for k, v in opts.clean_kwargs.items() if k != "profile"}
    learners = profile.SiteLearners()
    results = articlekit.clean_many(
        items, jobs=opts.jobs, errors="return", transform=profile.site_keys, **kwargs
    )
    try:
        for i, result in enumerate(results):
            if isinstance(result, Exception):
                continue
            url_site, keys = result
            site = sites[i] if sites is not None else url_site
            learners.add_keys(site or "", keys)
    finally:
        results.close()
    found = learners.profiles()
    if "profile" in opts.clean_kwargs:
        found = profile.load(opts.clean_kwargs["profile"]) + found
    report.info(
        f"learned {plural(sum(len(p) for p in found), 'boilerplate block')} "
        f"of {plural(len(found), 'site')}"
    )
    if opts.save_profile is not None:
        profile.save(opts.save_profile, found)
        report.info(f"profiles -> {opts.save_profile}")
    if not found:
        return opts
    return replace(opts, clean_kwargs={**opts.clean_kwargs, "profile": Shared(found)})
