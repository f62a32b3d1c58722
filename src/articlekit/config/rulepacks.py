"""User rule packs, the precision/recall knob, and the settings one ``clean()`` call runs under.

A *rule pack* is a TOML file that adds to, removes from or replaces the package's word lists
(``data/*.toml``) and adds regular expressions per label, for every page, for one language or
for one site, without writing Python. Its ``[chrome]`` table holds exactly what
``data/chrome.toml`` holds (an ``any`` section and per-language sections), so the package's own
rule files are packs of one topic each, read and checked by the same code
(:func:`check_rule_file`). See docs/rules.md for the format.

``clean(rules=..., favour=..., profile=...)`` turns its arguments into a :class:`Settings` and
makes it the active one (``rules.active()``, a context variable) while the page is cleaned, so
the extractors keep calling ``rules.words(...)`` and ``rules.threshold(...)`` and see the pack,
the knob and the page's site. Without any of them nothing is set and nothing changes.

Patterns are checked before they are compiled: backreferences, nested quantifiers (``(a+)+``),
overlapping alternatives under a quantifier (``(a|a)*``), repeats of what can be empty, more
than one open-ended repeat that could take the same characters (two when anchored with ``^``)
and more than :data:`MAX_WAYS` ways to split a match are refused; patterns only ever run on
blocks of at most :data:`MAX_PATTERN_LINE` characters. So a pattern costs at most about
``MAX_WAYS * MAX_PATTERN_LINE ** 2`` steps per block, and matching stays linear in the input.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from articlekit import data
from articlekit.config.sites import SiteProfile, as_profiles, site_of

if sys.version_info >= (3, 11):
    import re._parser as _sre

    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import sre_parse as _sre

    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "FAVOURS",
    "MAX_PATTERN_LINE",
    "PATTERN_LABELS",
    "THRESHOLDS",
    "Pattern",
    "RuleError",
    "RulePack",
    "Settings",
    "check_pattern",
    "check_rule_file",
    "favour_thresholds",
    "load_pack",
    "settings",
    "threshold_defaults",
]

#: Values of ``clean(favour=...)``.
FAVOURS = ("balanced", "precision", "recall")
#: Rule files a pack may change: those the extractors read through ``rules.words``.
WORD_FILES = ("chrome", "promo", "disclaimer", "byline", "sections")
#: Rule files with a ``patterns`` key, and the label their patterns give a block.
PATTERN_LABELS = {
    "chrome": "chrome",
    "promo": "promo",
    "disclaimer": "disclaimer",
    "byline": "byline",
}
#: Patterns run only on blocks up to this many characters: cost stays linear in the input.
MAX_PATTERN_LINE = 300
#: Longest pattern source accepted.
MAX_PATTERN_SOURCE = 500
#: Matching a line of n characters may take about n ** MAX_DEGREE steps at worst: open-ended
#: repeats that can take the same characters one after another each add one to the degree,
#: and so does a pattern not anchored with ``^`` (the search tries every start).
MAX_DEGREE = 2
#: ...times at most this many ways to split a match between bounded repeats and alternatives
#: (``\d{1,3}`` has 3, ``x?`` 2, ``(?:foo|bar)`` 2; they multiply).
MAX_WAYS = 64
#: Longest word-list entry accepted.
MAX_ENTRY = 300
_TOP_LEVEL = (*WORD_FILES, "site", "pack", "favour")
_CHANGES = ("add", "remove", "replace")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")

#: Thresholds the ``favour`` knob (and a pack's ``[favour.*]`` tables) may set: name ->
#: (extractor module, constant holding the default).
THRESHOLDS: dict[str, tuple[str, str]] = {
    "body.length_low": ("body", "LENGTH_LOW"),
    "body.length_high": ("body", "LENGTH_HIGH"),
    "body.stop_low": ("body", "STOP_LOW"),
    "body.stop_high": ("body", "STOP_HIGH"),
    "body.cjk_stop_low": ("body", "CJK_STOP_LOW"),
    "body.cjk_stop_high": ("body", "CJK_STOP_HIGH"),
    "body.short_sentence_words": ("body", "SHORT_SENTENCE_WORDS"),
    "body.sentence_words": ("body", "SENTENCE_WORDS"),
    "body.short_penalty": ("body", "SHORT_PENALTY"),
    "body.bad_penalty": ("body", "BAD_PENALTY"),
    "promo.cta_threshold": ("promo", "CTA_THRESHOLD"),
    "promo.box_threshold": ("promo", "BOX_THRESHOLD"),
    "promo.max_cta": ("promo", "MAX_CTA"),
    "chrome.max_len": ("chrome", "MAX_LEN"),
    "disclaimer.max_phrase_block": ("disclaimer", "MAX_PHRASE_BLOCK"),
    "captions.max_caption": ("captions", "MAX_CAPTION"),
}


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


_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT}
if hasattr(_sre, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_sre.POSSESSIVE_REPEAT)
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)


def check_pattern(source: str) -> str | None:
    """Why ``source`` is refused as a pattern (it does not compile, or it could backtrack
    catastrophically), or None when it is safe to run."""
    if len(source) > MAX_PATTERN_SOURCE:
        return f"pattern longer than {MAX_PATTERN_SOURCE} characters"
    if not source.strip():
        return "empty pattern"
    try:
        re.compile(source, re.IGNORECASE)
        parsed = _sre.parse(source, re.IGNORECASE)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    except RecursionError:
        return "pattern nested too deeply"
    items = list(parsed.data)
    problem = _walk(items)
    if problem is None:
        best = [0]
        _chain(items, [], best)
        anchored = bool(items) and items[0][0] is _sre.AT and "BEGINNING" in str(items[0][1])
        degree = max(best[0], 1) + (0 if anchored else 1)
        if degree > MAX_DEGREE:
            problem = (
                f"{best[0]} open-ended repeats (*, +, {{n,}}) that can take the same "
                "characters one after another"
                + ("" if anchored else ", searched for at every start,")
                + f" make matching take about n^{degree} steps on a line of n characters; "
                + "allowed: one such repeat (two in a pattern anchored with ^). A leading .* "
                + "is never needed: a pattern is found anywhere in the line"
            )
    if problem is None and (ways := _ways(items)) > MAX_WAYS:
        problem = (
            f"its optional parts, bounded repeats and alternatives can split a match "
            f"{'over ' + str(MAX_WAYS**2) if ways > MAX_WAYS**2 else str(ways)} ways "
            f"(at most {MAX_WAYS}); use fewer of them, or open-ended repeats"
        )
    if problem is None and re.compile(source, re.IGNORECASE).search("") is not None:
        problem = "pattern matches the empty string, so it would match every line"
    return problem


def _walk(items: list[Any]) -> str | None:
    for op, av in items:
        if op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            return "backreferences are not allowed (they can make matching exponential)"
        if op in _REPEATS:
            low, high, sub = av
            sub = list(sub)
            problem = None
            if high > 1 and low != high:  # a fixed count like {3} cannot backtrack
                if _can_be_empty(sub):
                    problem = "a repeated part that can match nothing (like (a?)*) can backtrack"
                else:
                    problem = _rigid(sub)
            problem = problem or _walk(sub)
        elif op is _sre.SUBPATTERN:
            problem = _walk(list(av[-1]))
        elif op is _sre.BRANCH:
            problem = None
            for alternative in av[1]:
                problem = problem or _walk(list(alternative))
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            problem = _walk(list(av[1]))
        elif _ATOMIC is not None and op is _ATOMIC:
            problem = _walk(list(av))
        else:
            problem = None
        if problem:
            return problem
    return None


#: A set of characters, roughly: code point ranges and category names; None is "any".
_Chars = tuple[tuple[tuple[int, int], ...], frozenset[str], bool] | None  # bool: negated
# Beyond ASCII, \w, \d and \s stand for points past the last code point: letters, digits,
# spaces; an explicit range reaching past ASCII is taken to hold some of each.
_LETTER, _DIGIT, _SPACE_U = 0x110000, 0x110001, 0x110002
_DIGITS = ((0x30, 0x39), (_DIGIT, _DIGIT))
_WORD = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A), (_LETTER, _DIGIT))
_SPACE = ((0x09, 0x0D), (0x20, 0x20), (_SPACE_U, _SPACE_U))


def _chars(op: Any, av: Any) -> _Chars:
    """The characters one single-character item can match (None: too many to tell)."""
    if op is _sre.LITERAL:
        return tuple(_folded([(av, av)])), frozenset(), False
    if op is _sre.NOT_LITERAL:
        return tuple(_folded([(av, av)])), frozenset(), True
    if op is _sre.CATEGORY:
        return (), frozenset([str(av)]), False
    if op is _sre.IN:
        ranges: list[tuple[int, int]] = []
        categories: set[str] = set()
        negated = False
        for kind, value in av:
            if kind is _sre.LITERAL:
                ranges.append((value, value))
            elif kind is _sre.RANGE:
                ranges.append(value)
            elif kind is _sre.CATEGORY:
                categories.add(str(value))
            elif kind is _sre.NEGATE:
                negated = True
            else:
                return None
        if negated and categories:
            return None
        return tuple(_folded(ranges)), frozenset(categories), negated
    return None


def _category_ranges(name: str) -> tuple[tuple[int, int], ...] | None:
    if name.endswith("_DIGIT") and "NOT" not in name:
        return _DIGITS
    if name.endswith("_WORD") and "NOT" not in name:
        return _WORD
    if name.endswith("_SPACE") and "NOT" not in name:
        return _SPACE
    return None  # negated categories: nearly everything


def _overlap(a: _Chars, b: _Chars) -> bool:
    if a is None or b is None:
        return True
    if a[2] and b[2]:
        return True  # two negated sets share nearly everything
    if a[2] or b[2]:
        neg, pos = (a, b) if a[2] else (b, a)
        # They overlap unless everything the positive set holds is excluded by the other.
        return bool(pos[1]) or not all(
            any(lo2 <= lo and hi <= hi2 for lo2, hi2 in neg[0]) for lo, hi in pos[0]
        )
    sides = []
    for ranges, categories, _negated in (a, b):
        out = list(ranges)
        if any(hi >= 0x80 for _, hi in ranges):
            out.append((_LETTER, _SPACE_U))
        for name in categories:
            known = _category_ranges(name)
            if known is None:
                return True
            out += known
        sides.append(out)
    return _intersects(sides[0], sides[1])


def _chain(items: list[Any], open_: list[_Chars], best: list[int]) -> list[_Chars]:
    """Follow the pattern keeping the open-ended repeats that could still share characters
    (``open_``); a required character none of them can match closes them. ``best[0]`` is the
    most such repeats found open together: n of them backtrack in about len ** n steps."""
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            sub = list(sub)
            single = _chars(*sub[0]) if len(sub) == 1 else None
            if high > 10 and low != high:
                overlapping = [o for o in open_ if _overlap(o, single)]
                best[0] = max(best[0], len(overlapping) + 1)
                # A required first character the others cannot match closes them.
                open_ = [*open_, single] if low == 0 else [*overlapping, single]
            elif low == high:
                for _ in range(min(high, 10)):
                    open_ = _chain(sub, open_, best)
            else:
                open_ = _merge(open_, _chain(sub, list(open_), best))
        elif op is _sre.SUBPATTERN:
            open_ = _chain(list(av[-1]), open_, best)
        elif _ATOMIC is not None and op is _ATOMIC:
            open_ = _chain(list(av), open_, best)
        elif op is _sre.BRANCH:
            merged: list[_Chars] = []
            for alternative in av[1]:
                merged = _merge(merged, _chain(list(alternative), list(open_), best))
            open_ = merged
        elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue
        else:
            chars = _chars(op, av)
            if not any(_overlap(o, chars) for o in open_):
                open_ = []
    return open_


def _merge(a: list[_Chars], b: list[_Chars]) -> list[_Chars]:
    return a + [x for x in b if x not in a]


def _ways(items: list[Any]) -> int:
    """How many ways, at most, bounded repeats and alternatives can split one match: they
    multiply (each is capped, so the count stays small)."""
    total = 1
    for i, (op, av) in enumerate(items):
        if op in _REPEATS:
            low, high, sub = av
            inner = _ways(list(sub))
            if high <= 10 and not _ends_plainly(list(sub), items[i + 1 : i + 2]):
                total *= (high - low + 1) * inner ** max(high, 1)
            else:
                total *= inner
        elif op is _sre.SUBPATTERN:
            total *= _ways(list(av[-1]))
        elif op is _sre.BRANCH:
            total *= sum(_ways(list(alt)) for alt in av[1])
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            total *= _ways(list(av[1]))
        elif _ATOMIC is not None and op is _ATOMIC:
            total *= _ways(list(av))
        total = min(total, MAX_WAYS**2 + 1)
    return total


def _ends_plainly(sub: list[Any], after: list[Any]) -> bool:
    """A repeat of one kind of character followed by a character it cannot match
    (``[a-z]{2,10} ``): where it ends is settled, so it adds no ways."""
    if len(sub) != 1 or not after:
        return False
    mine = _chars(*sub[0])
    op, av = after[0]
    if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1:
        op, av = av[2][0]
    nxt = _chars(op, av)
    return mine is not None and nxt is not None and not _overlap(mine, nxt)


def _rigid(items: list[Any]) -> str | None:
    """Inside a repeated group every part must have one length, except alternatives that start
    with different characters: then each position of the input can be matched one way only."""
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            if high > 1 and low != high:
                return (
                    "nested quantifier (a repeat inside a repeat, like (a+)+ or (\\w+\\s)+) "
                    "can backtrack catastrophically; repeat one character class instead"
                )
            if low != high:
                return (
                    "an optional part inside a repeated group (like (ab?)+) can backtrack "
                    "catastrophically"
                )
            problem = _rigid(list(sub))
        elif op is _sre.SUBPATTERN:
            problem = _rigid(list(av[-1]))
        elif op is _sre.BRANCH:
            alternatives = [list(alt) for alt in av[1]]
            firsts = [_first(alt) for alt in alternatives]
            problem = None
            for i, a in enumerate(firsts):
                for b in firsts[i + 1 :]:
                    if a is None or b is None or _intersects(a, b):
                        problem = (
                            "alternatives inside a repeated group that can start alike or be "
                            "empty (like (a|a)* or (a|aa)+) can backtrack catastrophically"
                        )
            for alt in alternatives:
                problem = problem or _rigid(alt)
        else:
            problem = None
        if problem:
            return problem
    return None


def _can_be_empty(items: list[Any]) -> bool:
    for op, av in items:
        if op in _REPEATS:
            if av[0] > 0 and not _can_be_empty(list(av[2])):
                return False
        elif op is _sre.SUBPATTERN:
            if not _can_be_empty(list(av[-1])):
                return False
        elif op is _sre.BRANCH:
            if not any(_can_be_empty(list(alt)) for alt in av[1]):
                return False
        elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue
        else:
            return False
    return True


def _first(items: list[Any]) -> list[tuple[int, int]] | None:
    """Code point ranges a match of ``items`` can start with (None: too many to tell)."""
    if not items:
        return None
    op, av = items[0]
    if op is _sre.LITERAL:
        return _folded([(av, av)])
    if op is _sre.IN:
        ranges = []
        for kind, value in av:
            if kind is _sre.LITERAL:
                ranges.append((value, value))
            elif kind is _sre.RANGE:
                ranges.append(value)
            else:  # NEGATE, CATEGORY: too wide to reason about
                return None
        return _folded(ranges)
    if op is _sre.SUBPATTERN:
        return _first(list(av[-1]))
    if op in _REPEATS and av[0] > 0:
        return _first(list(av[2]))
    return None


def _folded(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Patterns are case-insensitive: add the other case of letter ranges."""
    out = list(ranges)
    for lo, hi in ranges:
        a, b = chr(lo), chr(hi)
        for conv in (str.lower, str.upper):
            ca, cb = conv(a), conv(b)
            if len(ca) == 1 and len(cb) == 1 and (ca, cb) != (a, b):
                out.append((ord(ca), ord(cb)))
    return out


def _intersects(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in a for lo2, hi2 in b)


# -- locating errors in the source -----------------------------------------------------------

_KEY_PART = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_KEY_PATH = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_RE = re.compile(rf"^\s*\[\[?\s*({_KEY_PATH})\s*\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(rf"^\s*({_KEY_PATH})\s*=")
_PART_RE = re.compile(_KEY_PART)


def _dotted(text: str) -> tuple[str, ...]:
    parts = []
    for m in _PART_RE.finditer(text):
        part = m.group()
        if part[:1] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


class _Locator:
    """Line numbers for places in a TOML file: tomllib does not keep them, so the source is
    read once more, line by line, tracking table headers and keys."""

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines()
        self.places: list[tuple[int, tuple[str, ...], bool]] = []  # (line, path, is_header)
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.lines, 1):
            header = _HEADER_RE.match(line)
            if header:
                table = _dotted(header[1])
                self.places.append((number, table, True))
                continue
            key = _KEY_RE.match(line)
            if key:
                self.places.append((number, table + _dotted(key[1]), False))

    def line(self, path: tuple[str, ...], value: str | None = None) -> int | None:
        best, best_len, best_index = None, -1, -1
        for index, (number, place, _header) in enumerate(self.places):
            n = len(place)
            if place == path[:n] and n > best_len:
                best, best_len, best_index = number, n, index
        if best is None:  # a table only named as part of a longer one: [site."x".chrome.any]
            for index, (number, place, _header) in enumerate(self.places):
                if place[: len(path)] == path:
                    best, best_index = number, index
                    break
        if best is None or value is None:
            return best
        stop = next(
            (n for n, _, header in self.places[best_index + 1 :] if header), len(self.lines) + 1
        )
        forms = {value, value.replace("\\", "\\\\"), value.replace('"', '\\"')}
        for number in range(best, stop):
            text = self.lines[number - 1]
            if any(form in text for form in forms):
                return number
        return best


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
        scopes: list[str | None] = [None, *_matching_sites(self.sites, site)]
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
        sites = set(_matching_sites(self.sites, site))
        return tuple(
            p for p in self.patterns if p.applies(language) and (p.site is None or p.site in sites)
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "<rules>") -> RulePack:
        """Check and build a pack from parsed TOML; raises :class:`RuleError`."""
        return _build(data, path, None)


def _matching_sites(sites: Iterable[str], site: str | None) -> list[str]:
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
        source = Path(abspath).read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(shown, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise RuleError(shown, None, f"cannot read the rule pack: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(source)
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
    """Check the package's own ``rules/<name>.toml`` with the pack checker: it is the
    ``[<name>]`` table of a pack. Raises :class:`RuleError`."""
    source = data.read(name)
    locator = _Locator(source)
    # Seen as a pack, each of the file's lines sits under the table [<name>].
    locator.places = [(n, (name, *p), h) for n, p, h in locator.places]
    _build({name: tomllib.loads(source)}, f"data/{name}.toml", locator, package=True)


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
            hint = _suggest(top, _TOP_LEVEL)
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
            hint = _suggest(top, WORD_FILES)
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
        hint = _suggest(key, known)
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
            if name not in THRESHOLDS:
                hint = _suggest(name, THRESHOLDS)
                raise b.fail((*here, *keys), f"unknown threshold {name!r}{hint}")
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise b.fail(
                    (*here, *keys), f"threshold {name!r} must be a number, not {_type(number)}"
                )
            out[name] = float(number)


def _flat(table: Mapping[str, Any]) -> Iterable[tuple[str, Any]]:
    """``{"body": {"length_low": 80}}`` and ``{"body.length_low": 80}`` alike."""
    for name, _keys, value in _flat_keys(table):
        yield name, value


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


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# -- favour --------------------------------------------------------------------------------------


def threshold_defaults() -> dict[str, float]:
    """The balanced value of every threshold, read from the extractors' constants."""
    import importlib

    out = {}
    for name, (module, constant) in THRESHOLDS.items():
        mod = importlib.import_module(f"articlekit.extract.{module}")
        out[name] = float(getattr(mod, constant))
    return out


@cache
def favour_thresholds(favour: str) -> dict[str, float]:
    """The thresholds ``favour`` changes from the balanced defaults (``data/favour.toml``)."""
    if favour not in FAVOURS:
        raise ValueError(f"favour must be one of {FAVOURS}, not {favour!r}")
    table = data.load("favour").get(favour, {})
    return dict(_flat(table))


# -- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Settings:
    """What one ``clean()`` call runs under; the extractors read it through ``rules``."""

    pack: RulePack | None = None
    favour: str = "balanced"
    thresholds: Mapping[str, float] = field(default_factory=dict)
    profiles: tuple[SiteProfile, ...] = ()
    site: str | None = None

    def words(self, name: str, key: str, language: str | None) -> frozenset[str]:
        assert self.pack is not None
        return self.pack.words(name, key, language, self.site)

    def patterns(self, language: str | None) -> tuple[Pattern, ...]:
        return self.pack.patterns_for(language, self.site) if self.pack is not None else ()


def settings(
    rules_arg: RulePack | str | os.PathLike[str] | None,
    favour: str,
    profile: Any,
    url: str | None,
) -> Settings | None:
    """The :class:`Settings` for ``clean()``'s arguments, or None when they are the defaults
    (so a plain ``clean()`` runs exactly as it always has)."""
    if favour not in FAVOURS:
        raise ValueError(f"favour must be one of {FAVOURS}, not {favour!r}")
    if rules_arg is None and favour == "balanced" and profile is None:
        return None
    pack: RulePack | None
    if rules_arg is None or isinstance(rules_arg, RulePack):
        pack = rules_arg
    elif isinstance(rules_arg, (str, os.PathLike)):
        pack = load_pack(rules_arg)
    else:
        raise TypeError(
            f"rules must be a RulePack or the path of a rule pack, not {type(rules_arg).__name__}"
        )
    thresholds = dict(favour_thresholds(favour))
    if pack is not None:
        thresholds.update(pack.thresholds.get(favour, {}))
    profiles: tuple[SiteProfile, ...] = ()
    if profile is not None:
        profiles = as_profiles(profile)
    return Settings(pack, favour, thresholds, profiles, site_of(url))
