"""Learning each site's boilerplate from the inputs (``--learn``, ``--save-profile``): one
pass over the inputs collects what recurs across a site's pages, then the run cleans with the
profiles learned.

The only module of the command that reaches into the profile internals (the learners, the
profile files), all in the one import below; everything else goes through the public API.
The other modules import this one only when there is learning to do (or a --profile to check),
so the internals stay unloaded for the rest, and ``--help`` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from articlekit.cli.inputs import is_input
from articlekit.cli.pool import Shared, clean_all
from articlekit.cli.report import Reporter, plural, reason
from articlekit.config import sites
from articlekit.config.sites import DEFAULT_MIN_PAGES, site_of
from articlekit.profiles import SiteLearners, site_keys

if TYPE_CHECKING:
    from articlekit.cli.inputs import Task
    from articlekit.cli.options import Options
    from articlekit.config.sites import SiteProfile


def load_profiles(path: str | os.PathLike[str]) -> list[SiteProfile]:
    """The profiles of a profile file; ``articlekit.ProfileError`` if it does not load."""
    return sites.load(path)


def by_site(opts: Options, tasks: list[Task]) -> tuple[list[str], list[Path], list[Task]]:
    """The inputs to learn from, with their sites (the --url's host, else the folder), and the
    inputs left out: those of sites with too few inputs to tell what recurs."""
    site = site_of(opts.clean_kwargs.get("url"))
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        if task.error is None:
            groups.setdefault(site or str(task.path.parent), []).append(task)
    names, paths, small = [], [], []
    for name, group in groups.items():
        if len(group) < DEFAULT_MIN_PAGES:
            small += group
            continue
        names += [name] * len(group)
        paths += [task.path for task in group]
    return names, paths, small


def overwrites_an_input(opts: Options, report: Reporter, tasks: Sequence[Task]) -> bool:
    """Whether ``--save-profile`` names one of the inputs (then say so: the run must not
    start, or the cleaning pass would read the profile as a page)."""
    if opts.save_profile is None or not is_input(opts.save_profile, tasks):
        return False
    report.say(
        f"articlekit: error: --save-profile {opts.save_profile} is one of the inputs; "
        "refusing to write over it"
    )
    return True


#: Learning by default (no ``--learn``, ``--save-profile``): a site is looked at only with
#: this many inputs. A folder of unrelated pages is one "site" to the command, and learning
#: reads every input twice (88 dumps of 88 sites: 17.1 s against 6.9 s, no output changed).
AUTO_MIN_PAGES = 10
#: ... and then its first ``PROBE_PAGES`` inputs are learned from and cleaned again with what
#: they taught: only if one of those articles changes is the site learned from in full.
PROBE_PAGES = 10


def learn_files(opts: Options, report: Reporter, tasks: list[Task]) -> Options:
    """Clean the inputs once to learn each site's boilerplate, then return the options that
    clean with the profiles learned. Only sites with enough inputs are read twice (by
    default, only those where it pays: :func:`paying`); failures here are left for the real
    pass to report."""
    sites, paths, _ = by_site(opts, tasks)
    if paths and not opts.learn_all:
        sites, paths = paying(opts, report, sites, paths)
        if not paths:
            report.info(
                f"nothing learned: no site with {AUTO_MIN_PAGES} inputs or more whose "
                "boilerplate changes an article (--learn learns anyway)"
            )
            return opts
    if not paths:
        report.info("nothing to learn from: no site with 3 inputs or more")
        return opts
    report.info(f"learning from {plural(len(paths), 'input')} of {plural(len(set(sites)), 'site')}")
    report.start_bar(len(paths), desc="learning")
    try:
        return learned(opts, report, sites, paths, each=lambda i, error: report.tick())
    finally:
        report.close_bar()


def paying(
    opts: Options, report: Reporter, sites: list[str], paths: list[Path]
) -> tuple[list[str], list[Path]]:
    """The sites (and their inputs) worth learning from: with ``AUTO_MIN_PAGES`` inputs or
    more, where the profile learned from the first ``PROBE_PAGES`` changes one of their
    articles (its ``PAYING_FIELDS``). Costs two cleanings of those first inputs per site."""
    groups: dict[str, list[Path]] = {}
    for site, path in zip(sites, paths, strict=True):
        groups.setdefault(site, []).append(path)
    probe = [(s, p) for s, group in groups.items() if len(group) >= AUTO_MIN_PAGES
             for p in group[:PROBE_PAGES]]  # fmt: skip
    if not probe:
        return [], []
    report.info(f"looking for boilerplate in {plural(len(probe), 'input')}")
    kwargs = {k: v for k, v in opts.clean_kwargs.items() if k != "profile"}
    report.start_bar(len(probe), desc="learning")
    learners, before = SiteLearners(), {}
    results = clean_all([p for _, p in probe], opts.jobs, keys_and_digest, kwargs)
    try:
        for i, result in enumerate(results):
            report.tick()
            if not isinstance(result, Exception):
                learners.add_keys(probe[i][0], result[0])
                before[i] = result[1]
    finally:
        results.close()
    found = learners.profiles()
    taught = {profile.site for profile in found}
    again = [i for i in before if probe[i][0] in taught]
    pays: set[str] = set()
    kwargs["profile"] = Shared(found)
    results = clean_all([probe[i][1] for i in again], opts.jobs, digest, kwargs)
    try:
        for i, result in zip(again, results, strict=True):
            report.tick(total=len(probe) + len(again))
            if not isinstance(result, Exception) and result != before[i]:
                pays.add(probe[i][0])
    finally:
        results.close()
        report.close_bar()
    kept = [(s, p) for s, p in zip(sites, paths, strict=True) if s in pays]
    return [s for s, _ in kept], [p for _, p in kept]


#: What a profile must change in one of a site's first articles for learning to pay: what a
#: reader of the article sees (not the lists of chrome and promos, or the source line).
PAYING_FIELDS = ("title", "authors", "published", "body")


def digest(article: Any) -> str:
    """The ``PAYING_FIELDS`` of an article, in a few bytes: to tell whether a profile
    changed them (a ``clean_many`` transform)."""
    import hashlib
    import json

    fields = {name: getattr(article, name) for name in PAYING_FIELDS}
    data = json.dumps(fields, sort_keys=True, default=str).encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def keys_and_digest(article: Any) -> tuple[Any, str]:
    """What learning needs of a page (:func:`site_keys`'s keys) and its :func:`digest`."""
    return site_keys(article)[1], digest(article)


def learned(
    opts: Options,
    report: Reporter,
    sites: Sequence[str | None] | None,
    items: Iterable[Any],
    each: Callable[[int, Exception | None], None] | None = None,
) -> Options:
    """Run the learning pass over ``items`` (``sites[i]`` is item i's site; None: take each
    page's URL host), save the profiles and put them in the options' ``clean_kwargs``, from
    where they reach the workers with every task (``pool.Shared``: no file in between)."""
    found = with_given(opts, learn(opts, items, sites, each))
    report.info(f"learned {about(found)}")
    if opts.save_profile is not None:
        try:
            save(opts.save_profile, found)
        except OSError as exc:  # the run goes on with the profiles learned, and fails at the end
            report.say(f"articlekit: error: cannot write {opts.save_profile}: {reason(exc)}")
            report.failed += 1
        else:
            report.info(f"profiles -> {opts.save_profile}")
    if not found:
        return opts
    return replace(opts, clean_kwargs={**opts.clean_kwargs, "profile": Shared(found)})


def learn(
    opts: Options,
    items: Iterable[Any],
    sites: Sequence[str | None] | None,
    each: Callable[[int, Exception | None], None] | None = None,
) -> list[SiteProfile]:
    """The learning pass: clean every item (in parallel, without any profile) and count what
    recurs across each site's pages (``sites[i]`` is item i's site; None: take each page's
    URL host). ``each(i, error)`` hears of every item as it is done (``error`` None if fine).
    The profiles of the sites with enough pages and something in common."""
    kwargs = {k: v for k, v in opts.clean_kwargs.items() if k != "profile"}
    learners = SiteLearners()
    results = clean_all(items, opts.jobs, site_keys, kwargs)
    try:
        for i, result in enumerate(results):
            if isinstance(result, Exception):
                if each is not None:
                    each(i, result)
                continue
            url_site, keys = result
            site = sites[i] if sites is not None else url_site
            learners.add_keys(site or "", keys)
            if each is not None:
                each(i, None)
    finally:
        results.close()
    found: list[SiteProfile] = [*learners.profiles()]
    return found


def with_given(opts: Options, found: list[SiteProfile]) -> list[SiteProfile]:
    """The profiles of --profile FILE (if given) and then those learned."""
    if "profile" in opts.clean_kwargs:
        return load_profiles(opts.clean_kwargs["profile"]) + found
    return found


def about(found: Sequence[SiteProfile]) -> str:
    return (
        f"{plural(sum(len(p) for p in found), 'boilerplate block')} of {plural(len(found), 'site')}"
    )


def save(path: Path, found: Sequence[SiteProfile]) -> None:
    """Write the profiles to one file: JSON, or TOML for a ``.toml`` path."""
    sites.save(path, found)
