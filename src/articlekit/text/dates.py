"""Find and resolve dates in the forms scraped pages write them.

Absolute dates ("Nov 3, 2025 10:04 AM ET", "3. November 2025", "2025-11-03", "2025年11月3日") and
relative ages ("13 hours ago", "vor 3 Stunden", "hace 2 horas", "3小时前", "yesterday").
Relative ages resolve only against a known ``now``. A date with no zone is taken as UTC (a
documented fallback), so every resolved value is timezone-aware.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from articlekit import data

# Languages that write numeric dates month first (03/04/2025 = March 4).
MONTH_FIRST = frozenset({"en"})


_DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: datetime | None
    relative: bool


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _months() -> dict[str, int]:
    table: dict[str, int] = {}
    for names in data.section("dates", "months").values():
        for number, aliases in enumerate(names, start=1):
            for alias in aliases:
                table.setdefault(alias.lower(), number)
    return table


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    rel: dict[str, Any] = data.section("dates", "relative")
    month = _alt(list(_months()))
    units = _alt([u for u, _ in rel["units"]])
    numbers = _alt([n for n, _ in rel["numbers"]])
    after = _alt(rel["ago_after"])
    before = _alt(rel["ago_before"])
    days = _alt([d for d, _ in rel["days"]])
    flags = re.IGNORECASE
    return {
        "iso": re.compile(
            r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})"
            r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,6})?)?"
            r"(Z|[+-]\d{2}:?\d{2})?(?!\d)"
        ),
        "mdy": re.compile(
            rf"(?<![^\W\d_])({month})\.?\s{{1,3}}(\d{{1,2}})(?:st|nd|rd|th)?,?\s{{1,3}}(\d{{4}})(?!\d)",
            flags,
        ),
        "dmy": re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\.?\s{{0,3}}(?:de\s)?({month})\.?,?\s{{1,3}}"
            rf"(?:de\s)?(\d{{4}})(?!\d)",
            flags,
        ),
        "num": re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d.])"),
        "ymd": re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)"),
        "cjk": re.compile(r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日"),
        "time": re.compile(
            r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s?([ap]\.?\s?m\.?)?(?:\s?uhr)?"
            r"(?:\s{1,2}\(?([A-Za-z]{1,5})([+-]\d{1,2}(?::?\d{2})?)?\)?)?(?![\w:])",
            flags,
        ),
        "ago": re.compile(
            rf"(?<!\w)(\d{{1,4}}|{numbers})\s{{0,2}}({units})\.?\s{{0,2}}({after})(?!\w)", flags
        ),
        "vor": re.compile(
            rf"(?<!\w)({before})\s{{1,2}}(\d{{1,4}}|{numbers})\s{{1,2}}({units})(?!\w)", flags
        ),
        "day": re.compile(rf"(?<!\w)({days})(?!\w)", flags),
        # What each relative form must hold: "ago"'s word after the unit, "vor"'s word before
        # the number, "day"'s word. Most lines hold none, and one search rules out all three.
        "relative": re.compile(
            rf"(?:{after})(?!\w)|(?<!\w)(?:{before})\s|(?<!\w)(?:{days})(?!\w)", flags
        ),
    }


@cache
def _units() -> dict[str, int]:
    return {u.lower(): int(s) for u, s in data.section("dates", "relative")["units"]}


@cache
def _numbers() -> dict[str, int]:
    return {n.lower(): int(v) for n, v in data.section("dates", "relative")["numbers"]}


@cache
def _days() -> dict[str, int]:
    return {d.lower(): int(v) for d, v in data.section("dates", "relative")["days"]}


def day_word(text: str) -> bool:
    """ "Today", "gestern", "昨天": a day named relative to now, with no number to it."""
    return text.strip().lower() in _days()


@cache
def _zone(abbrev: str) -> tzinfo | None:
    name = data.load("dates").get("timezones", {}).get(abbrev.lower())
    if not name:
        return None
    if name == "UTC":
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def find(
    text: str, *, now: datetime | None = None, language: str | None = None
) -> DateMatch | None:
    """The first date or age in ``text`` (absolute forms preferred), with its resolved value."""
    if len(text) > 2000:
        text = text[:2000]
    # Every absolute form holds a digit (``\d``, as each of its patterns reads one).
    best = _find_absolute(text, language) if _DIGIT_RE.search(text) else None
    if best is not None:
        return best
    return _find_relative(text, now)


def _find_absolute(text: str, language: str | None) -> DateMatch | None:
    pats = _patterns()
    found: list[tuple[int, int, int, int, int]] = []  # start, end, year, month, day
    for m in pats["iso"].finditer(text):
        found.append((m.start(), m.end(), int(m[1]), int(m[2]), int(m[3])))
    for m in pats["mdy"].finditer(text):
        found.append((m.start(), m.end(), int(m[3]), _months()[m[1].lower()], int(m[2])))
    for m in pats["dmy"].finditer(text):
        found.append((m.start(), m.end(), int(m[3]), _months()[m[2].lower()], int(m[1])))
    for m in pats["cjk"].finditer(text):
        found.append((m.start(), m.end(), int(m[1]), int(m[2]), int(m[3])))
    for m in pats["ymd"].finditer(text):
        found.append((m.start(), m.end(), int(m[1]), int(m[2]), int(m[3])))
    for m in pats["num"].finditer(text):
        a, b = int(m[1]), int(m[3])
        if a > 12:
            day, month = a, b
        elif b > 12 or language in MONTH_FIRST or (language is None and m[2] == "/"):
            month, day = a, b
        else:
            day, month = a, b
        year = int(m[4]) if len(m[4]) == 4 else 2000 + int(m[4])  # "11/19/19"
        found.append((m.start(), m.end(), year, month, day))
    for start, end, year, month, day in sorted(found):
        if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100):
            continue
        iso = pats["iso"].match(text, start)
        hour = minute = second = 0
        zone: tzinfo | None = None
        if iso and iso.end() == end and iso[4]:
            hour, minute, second = int(iso[4]), int(iso[5]), int(iso[6] or 0)
            zone = _offset(iso[7]) if iso[7] else None
        else:
            near = _time_near(text, start, end)
            if near is not None:
                (hour, minute, second, zone), (start, end) = near
        try:
            value = datetime(year, month, day, hour, minute, second)
        except ValueError:
            continue
        aware = value.replace(tzinfo=zone or timezone.utc)
        return DateMatch(start, end, text[start:end], aware, relative=False)
    return None


_TIME_GAP = re.compile(r"[\s,|·@-]{0,4}(?:at\s|um\s|a las\s|à\s)?\s{0,2}", re.IGNORECASE)


def _time_near(
    text: str, start: int, end: int
) -> tuple[tuple[int, int, int, tzinfo | None], tuple[int, int]] | None:
    """A clock time right after (or right before) a date: "Nov 3, 2025 10:04 AM ET"."""
    pat = _patterns()["time"]
    gap = _TIME_GAP.match(text, end)
    pos = gap.end() if gap else end
    m = pat.match(text, pos)
    if m is None:
        window_start = max(0, start - 24)
        for cand in pat.finditer(text, window_start, start):
            between = text[cand.end() : start]
            if len(between) <= 4 and not any(ch.isalnum() for ch in between):
                m = cand
                break
    if m is None:
        return None
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    ampm = (m[4] or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone = _zone(m[5]) if m[5] else None
    if zone is not None and m[6]:  # "GMT+1", "UTC-05:00"
        zone = _offset(m[6])
    span_end = m.end() if zone or not m[5] else m.start(5) - 1
    return (hour, minute, second, zone), (min(start, m.start()), max(end, span_end))


def _offset(text: str) -> tzinfo:
    """ "Z", "+01:00", "+0100", "+1", "-5:30" as a fixed zone."""
    if text.upper() == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    body = text[1:]
    if ":" in body:
        hours, minutes = body.split(":", 1)
    else:
        hours, minutes = (body[:-2], body[-2:]) if len(body) > 2 else (body, "0")
    offset = sign * timedelta(hours=int(hours), minutes=int(minutes or 0))
    if abs(offset) >= timedelta(hours=24):  # "+99:00" is no zone: read the time as UTC
        return timezone.utc
    return timezone(offset)


def _find_relative(text: str, now: datetime | None) -> DateMatch | None:
    pats = _patterns()
    if pats["relative"].search(text) is None:
        return None
    for name in ("ago", "vor"):
        m = pats[name].search(text)
        if m is None:
            continue
        amount_text, unit_text = (m[1], m[2]) if name == "ago" else (m[2], m[3])
        amount = (
            int(amount_text) if amount_text.isdigit() else _numbers().get(amount_text.lower(), 1)
        )
        seconds = _units().get(unit_text.lower().rstrip("."), 0) * amount
        value = _shifted(now, seconds=-seconds)
        return DateMatch(m.start(), m.end(), m[0], value, relative=True)
    m = pats["day"].search(text)
    if m is not None:
        value = _shifted(now, seconds=86_400 * _days()[m[1].lower()])
        return DateMatch(m.start(), m.end(), m[0], value, relative=True)
    return None


def _shifted(now: datetime | None, *, seconds: int) -> datetime | None:
    """``now`` moved by ``seconds``; None without a ``now``, or when the age reaches past the
    calendar ("2030 years ago", "vor 9999 Jahren"): such an age is read, but has no date."""
    if now is None:
        return None
    try:
        return _aware(now) + timedelta(seconds=seconds)
    except OverflowError:
        return None


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)
