"""User rule packs: a user's changes to the word lists, thresholds and patterns, checked.

A *rule pack* is a TOML file that adds to, removes from or replaces the package's word lists
(``data/*.toml``) and adds regular expressions per label, for every page, for one language or
for one site, without writing Python. Its ``[chrome]`` table holds exactly what
``data/chrome.toml`` holds (an ``any`` section and per-language sections), so the package's own
rule files are packs of one topic each, read and checked by the same code
(:func:`check_rule_file`). See docs/rules.md for the format.

``clean(rules=...)`` puts the pack into the call's :class:`~articlekit.config.context.Context`:
its word lists through a :class:`~articlekit.config.vocabulary.Vocabulary`, its thresholds
through :func:`articlekit.config.params.resolve`, its patterns for the page's language and
site.

Patterns are checked by :mod:`articlekit.config.pattern_safety` before they are compiled.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from articlekit import data
from articlekit.config import params
from articlekit.config.params import FAVOURS
from articlekit.config.pattern_safety import MAX_PATTERN_LINE, check_pattern
from articlekit.config.toml_places import Locator as _Locator
from articlekit.errors import InputError
from articlekit.text.files import read_bounded

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "FAVOURS",
    "MAX_PATTERN_LINE",
    "PATTERN_LABELS",
    "Pattern",
    "RuleError",
    "RulePack",
    "check_pattern",
    "check_rule_file",
    "load_pack",
]

#: Rule files a pack may change: those the extractors read through ``rules.words``.
WORD_FILES = ("chrome", "promo", "disclaimer", "byline", "sections", "words")
#: Rule files with a ``patterns`` key, and the label their patterns give a block.
PATTERN_LABELS = {
    "chrome": "chrome",
    "promo": "promo",
    "disclaimer": "disclaimer",
    "byline": "byline",
}
#: Largest rule pack file read (a FIFO or a device is read no further than this).
MAX_PACK_BYTES = 16 << 20
#: Longest word-list entry accepted.
MAX_ENTRY = 300
_TOP_LEVEL = (*WORD_FILES, "site", "pack", "favour")
_CHANGES = ("add", "remove", "replace")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


class RuleError(ValueError):
    """A rule pack (or rule file) that cannot be used: says which file, which line and why."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


# -- patterns ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pattern:
    """One user pattern: the label it gives, where it applies and where it was written."""

    label: str
    regex: re.Pattern[str]
    section: str  # "any" or a language code
    site: str | None
    origin: str  # "FILE:LINE"

    def applies(self, language: str | None) -> bool:
        return self.section == "any" or language is None or self.section == language


# -- the pack ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Change:
    add: frozenset[str] = frozenset()
    remove: frozenset[str] = frozenset()
    replace: frozenset[str] | None = None


@dataclass(eq=False)
class RulePack:
    """A parsed, checked rule pack. Build one with :func:`load_pack` (a file) or
    :meth:`RulePack.from_dict` (a mapping shaped like the TOML)."""

    name: str = ""
    path: str = "<rules>"
    #: (site or None, rule file, section, key) -> what the pack does to that list
    changes: dict[tuple[str | None, str, str, str], _Change] = field(default_factory=dict)
    patterns: tuple[Pattern, ...] = ()
    #: favour -> threshold name -> value
    thresholds: dict[str, dict[str, float]] = field(default_factory=dict)
    _cache: dict[tuple[str, str, str | None, str | None], frozenset[str]] = field(
        default_factory=dict, repr=False
    )

    @property
    def sites(self) -> tuple[str, ...]:
        found = {site for site, *_ in self.changes if site is not None}
        found.update(p.site for p in self.patterns if p.site is not None)
        return tuple(sorted(found))

    def words(
        self, name: str, key: str, language: str | None = None, site: str | None = None
    ) -> frozenset[str]:
        """``rules.words(name, key, language)`` with this pack applied (for ``site``)."""
        cache_key = (name, key, language, site)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        package = data.load(name)
        scopes: list[str | None] = [None, *matching_sites(self.sites, site)]
        sections = [s for s, v in package.items() if isinstance(v, dict)]
        sections += sorted({s for (_, n, s, k) in self.changes if n == name and k == key})
        included = [
            s for s in dict.fromkeys(sections) if s == "any" or language is None or s == language
        ]
        out: set[str] = set()
        removed: set[str] = set()
        for section in included:
            entries = set(package.get(section, {}).get(key, ()))
            for scope in scopes:
                change = self.changes.get((scope, name, section, key))
                if change is None:
                    continue
                if change.replace is not None:
                    entries = set(change.replace)
                entries |= change.add
                removed |= change.remove
            out |= entries
        result = frozenset(w.lower() for w in out) - frozenset(w.lower() for w in removed)
        self._cache[cache_key] = result
        return result

    def patterns_for(self, language: str | None, site: str | None) -> tuple[Pattern, ...]:
        sites = set(matching_sites(self.sites, site))
        return tuple(
            p for p in self.patterns if p.applies(language) and (p.site is None or p.site in sites)
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "<rules>") -> RulePack:
        """Check and build a pack from parsed TOML; raises :class:`RuleError`."""
        return _build(data, path, None)


def matching_sites(sites: Iterable[str], site: str | None) -> list[str]:
    """The pack's site sections that apply to a page of ``site`` (a host name), least
    specific first: ``example.com`` applies to ``www.example.com`` and ``news.example.com``."""
    if not site:
        return []
    host = site.lower().rstrip(".")
    found = [s for s in sites if host == s or host.endswith("." + s)]
    return sorted(found, key=len)


def load_pack(path: str | os.PathLike[str]) -> RulePack:
    """Read and check a rule pack file; raises :class:`RuleError` naming the file and line.

    Packs are cached per process by path and modification time, so passing the same file to
    every ``clean()`` of a batch reads it once."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except OSError as exc:
        raise RuleError(name, None, f"cannot read the rule pack: {exc.strerror or exc}") from None
    return _load_cached(os.path.abspath(name), name, st.st_mtime_ns, st.st_size)


@cache
def _load_cached(abspath: str, shown: str, mtime: int, size: int) -> RulePack:
    try:
        raw = read_bounded(
            abspath,
            MAX_PACK_BYTES,
            what="the rule pack",
            over=f"the limit of {MAX_PACK_BYTES} bytes",
        )
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(shown, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise RuleError(shown, None, f"cannot read the rule pack: {exc.strerror or exc}") from None
    except InputError as exc:
        raise RuleError(shown, None, str(exc)) from None
    try:
        data = tomllib.loads(source)
    except RecursionError:
        raise RuleError(shown, None, "not valid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(m[1]) if m else None
        if line is None and "end of document" in message:
            line = max(1, len(source.splitlines()))
        problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise RuleError(shown, line, f"not valid TOML: {problem}") from None
    return _build(data, shown, _Locator(source))


def check_rule_file(name: str) -> None:
    """Check the package's own ``data/<name>.toml`` with the pack checker: it is the
    ``[<name>]`` table of a pack (``thresholds.toml`` is its ``[favour]`` table). Raises
    :class:`RuleError`."""
    source = data.read(name)
    table = "favour" if name == "thresholds" else name
    locator = _Locator(source)
    # Seen as a pack, each of the file's lines sits under the table [<table>].
    locator.places = [(n, (table, *p), h) for n, p, h in locator.places]
    _build({table: tomllib.loads(source)}, f"data/{name}.toml", locator, package=True)


class _Builder:
    def __init__(self, path: str, locator: _Locator | None, package: bool) -> None:
        self.path = path
        self.locator = locator
        self.package = package
        self.pack = RulePack(path=path)

    def fail(self, where: tuple[str, ...], problem: str, value: str | None = None) -> RuleError:
        line = self.locator.line(where, value) if self.locator is not None else None
        return RuleError(self.path, line, problem)

    def strings(self, where: tuple[str, ...], value: Any) -> list[str]:
        shown = _shown(where)
        if not isinstance(value, list):
            raise self.fail(where, f"{shown} must be a list of strings, not {_type(value)}")
        out = []
        for item in value:
            if not isinstance(item, str):
                raise self.fail(
                    where, f"{shown} must hold strings only, not {_type(item)} ({item!r})"
                )
            text = " ".join(item.split())
            if not text:
                raise self.fail(where, f"{shown} holds an empty string", item)
            if len(text) > MAX_ENTRY:
                raise self.fail(where, f"{shown}: entry longer than {MAX_ENTRY} characters", item)
            out.append(text)
        return out


def _build(
    data: Mapping[str, Any], path: str, locator: _Locator | None, *, package: bool = False
) -> RulePack:
    b = _Builder(path, locator, package)
    for top, value in data.items():
        where = (top,)
        if top in WORD_FILES:
            _topic(b, None, top, value, where)
        elif top == "site" and not package:
            if not isinstance(value, dict):
                raise b.fail(where, f"[site] must be a table of sites, not {_type(value)}")
            for site, tables in value.items():
                _site(b, site, tables, (top, site))
        elif top == "pack" and not package:
            if not isinstance(value, dict):
                raise b.fail(where, "[pack] must be a table (name, description)")
            for key, item in value.items():
                if key not in ("name", "description") or not isinstance(item, str):
                    raise b.fail(
                        (top, key), f"[pack] takes name and description (strings), not {key!r}"
                    )
            b.pack.name = str(value.get("name", ""))
        elif top == "favour":
            _favour(b, value, where)
        else:
            known = ", ".join(_TOP_LEVEL)
            hint = params.suggest(top, _TOP_LEVEL)
            raise b.fail(where, f"unknown table [{top}]{hint}; a pack has: {known}")
    return b.pack


def _site(b: _Builder, site: Any, tables: Any, where: tuple[str, ...]) -> None:
    host = str(site).lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not host or "/" in host or " " in host:
        raise b.fail(where, f'[site.{site!r}]: a site is a host name like "example.com"')
    if not isinstance(tables, dict):
        raise b.fail(where, f'[site."{site}"] must be a table')
    for top, value in tables.items():
        if top not in WORD_FILES:
            hint = params.suggest(top, WORD_FILES)
            raise b.fail(
                (*where, top),
                f'unknown table [site."{site}".{top}]{hint}; a site section has: '
                + ", ".join(WORD_FILES),
            )
        _topic(b, host, top, value, (*where, top))


def _topic(b: _Builder, site: str | None, name: str, value: Any, where: tuple[str, ...]) -> None:
    if not isinstance(value, dict):
        raise b.fail(where, f"[{_shown(where)}] must be a table of sections, not {_type(value)}")
    package = data.load(name)
    package_sections = [s for s, v in package.items() if isinstance(v, dict)]
    known_keys = sorted({k for v in package.values() if isinstance(v, dict) for k in v})
    if name in PATTERN_LABELS:
        known_keys.append("patterns")
    for section, table in value.items():
        here = (*where, section)
        if section not in package_sections and not (
            section == "any" or _LANGUAGE_RE.match(section)
        ):
            extra = f", or one of {', '.join(package_sections)}" if package_sections else ""
            raise b.fail(
                here,
                f"unknown section [{_shown(here)}]: a section is 'any' or a language code "
                f"(en, de, zh...){extra}",
            )
        if not isinstance(table, dict):
            raise b.fail(here, f"[{_shown(here)}] must be a table, not {_type(table)}")
        for key, entries in table.items():
            if key in _CHANGES and not b.package and isinstance(entries, dict):
                for inner, items in entries.items():
                    _entries(
                        b, site, name, section, inner, items, (*here, key, inner), key, known_keys
                    )
            else:
                _entries(b, site, name, section, key, entries, (*here, key), "add", known_keys)


def _entries(
    b: _Builder,
    site: str | None,
    name: str,
    section: str,
    key: str,
    items: Any,
    where: tuple[str, ...],
    how: str,
    known: list[str],
) -> None:
    if key not in known:
        hint = params.suggest(key, known)
        changes = "" if b.package else "; add, remove and replace hold such keys"
        raise b.fail(
            where,
            f"unknown key {key!r} in [{_shown(where[:-1])}]{hint} (known: {', '.join(known)})"
            + changes,
        )
    if key == "patterns":
        if how != "add":
            raise b.fail(where, "patterns can only be added (list them under the section)")
        _patterns(b, site, name, section, items, where)
        return
    values = frozenset(b.strings(where, items))
    if b.package:
        return
    slot = (site, name, section, key)
    old = b.pack.changes.get(slot, _Change())
    if how == "add":
        new = _Change(old.add | values, old.remove, old.replace)
    elif how == "remove":
        new = _Change(old.add, old.remove | values, old.replace)
    else:
        new = _Change(old.add, old.remove, (old.replace or frozenset()) | values)
    b.pack.changes[slot] = new


def _patterns(
    b: _Builder, site: str | None, name: str, section: str, items: Any, where: tuple[str, ...]
) -> None:
    if not isinstance(items, list):
        raise b.fail(where, f"{_shown(where)} must be a list of strings, not {_type(items)}")
    found = []
    for source in items:
        if not isinstance(source, str):
            raise b.fail(where, f"{_shown(where)} must hold strings only, not {_type(source)}")
        problem = check_pattern(source)
        if problem is not None:
            raise b.fail(where, f"pattern {source!r}: {problem}", source)
        line = b.locator.line(where, source) if b.locator is not None else None
        found.append(
            Pattern(
                PATTERN_LABELS[name],
                re.compile(source, re.IGNORECASE),
                section,
                site,
                f"{b.path}:{line}" if line else b.path,
            )
        )
    b.pack.patterns += tuple(found)


def _favour(b: _Builder, value: Any, where: tuple[str, ...]) -> None:
    if not isinstance(value, dict):
        raise b.fail(where, "[favour] must hold tables: [favour.precision], [favour.recall]...")
    for favour, table in value.items():
        here = (*where, favour)
        if favour not in FAVOURS:
            raise b.fail(here, f"unknown [favour.{favour}]; choose from {', '.join(FAVOURS)}")
        if not isinstance(table, dict):
            raise b.fail(here, f"[favour.{favour}] must be a table of thresholds")
        out = b.pack.thresholds.setdefault(favour, {})
        for name, keys, number in _flat_keys(table):
            if name not in params.names():
                hint = params.suggest(name, params.names())
                raise b.fail((*here, *keys), f"unknown threshold {name!r}{hint}")
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise b.fail(
                    (*here, *keys), f"threshold {name!r} must be a number, not {_type(number)}"
                )
            out[name] = float(number)


def _flat_keys(
    table: Mapping[str, Any], keys: tuple[str, ...] = ()
) -> Iterable[tuple[str, tuple[str, ...], Any]]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flat_keys(value, (*keys, key))
        else:
            yield ".".join((*keys, key)), (*keys, key), value


def _shown(where: tuple[str, ...]) -> str:
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else f'"{p}"' for p in where)


def _type(value: Any) -> str:
    return {
        "str": "a string",
        "int": "an integer",
        "float": "a number",
        "bool": "a boolean",
        "list": "a list",
        "dict": "a table",
    }.get(type(value).__name__, type(value).__name__)
