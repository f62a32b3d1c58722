"""Line numbers for places in a TOML file, so a rule pack's error names the line it is on.

tomllib does not keep where a key was written, so the source is read once more, line by
line, tracking table headers and keys.
"""

from __future__ import annotations

import re

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


class Locator:
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
