"""Safety checks for a user's regular expressions: refuse any that could backtrack badly.

Patterns are checked before they are compiled: backreferences, nested quantifiers (``(a+)+``),
overlapping alternatives under a quantifier (``(a|a)*``), repeats of what can be empty, more
than one open-ended repeat that could take the same characters (two when anchored with ``^``)
and more than :data:`MAX_WAYS` ways to split a match are refused; patterns only ever run on
blocks of at most :data:`MAX_PATTERN_LINE` characters. So a pattern costs at most about
``MAX_WAYS * MAX_PATTERN_LINE ** 2`` steps per block, and matching stays linear in the input.
"""

from __future__ import annotations

import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import re._parser as _sre
else:  # pragma: no cover - exercised on 3.10 only
    import sre_parse as _sre

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
