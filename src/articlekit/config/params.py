"""Typed thresholds per step, read from ``data/thresholds.toml`` with overlays applied.

The data file holds every value; the dataclasses below only give each step's values names and
types, so a step reads ``ctx.params.body.length_low`` and a mistyped name fails at once (in
code, on import; in a rule pack, as a :class:`ValueError` naming the nearest known name).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from articlekit import data

#: Values of ``clean(favour=...)``.
FAVOURS = ("balanced", "precision", "recall")


@dataclass(frozen=True, slots=True)
class BodyParams:
    length_low: int
    length_high: int
    stop_low: float
    stop_high: float
    cjk_stop_low: float
    cjk_stop_high: float
    heading_max_words: int
    short_sentence_words: int
    sentence_words: int
    short_penalty: float
    bad_penalty: float


@dataclass(frozen=True, slots=True)
class PromoParams:
    max_period: int
    max_list: int
    max_cta: int
    cta_threshold: int
    box_threshold: int


@dataclass(frozen=True, slots=True)
class ChromeParams:
    max_len: int


@dataclass(frozen=True, slots=True)
class DisclaimerParams:
    max_phrase_block: int


@dataclass(frozen=True, slots=True)
class CaptionParams:
    max_caption: int


@dataclass(frozen=True, slots=True)
class CommentParams:
    prose: int
    article_before: int


@dataclass(frozen=True, slots=True)
class HeaderParams:
    max_byline: int
    lookahead: int
    tail: int
    deep: int
    card_repeats: int
    card_span: int
    card_prose: int
    prose_words: int
    brand_repeats: int


@dataclass(frozen=True, slots=True)
class TitleParams:
    """Weights of the evidence for a headline (``extract/title.py`` says what each is)."""

    near: float
    byline: float
    repeat: float
    echo: float
    overlap: float
    shape: float
    heading: float
    first: float
    menu: float
    bullet: float
    taken: float
    name: float
    after_prose: float


@dataclass(frozen=True, slots=True)
class DatedParams:
    """Where a date line is looked for once the body is known (``extract/dated.py``)."""

    above: int
    below: int
    share: float


@dataclass(frozen=True, slots=True)
class SettleParams:
    """How many times the text path cleans its own text output again (``extract/settle.py``)."""

    rounds: int


@dataclass(frozen=True, slots=True)
class LearnedParams:
    """The learned parts: the body labeller (``enabled``, ``keep_at``) and the title ranker."""

    enabled: int
    keep_at: float
    title: int


@dataclass(frozen=True, slots=True)
class Params:
    """Every step's thresholds for one call."""

    body: BodyParams
    promo: PromoParams
    chrome: ChromeParams
    disclaimer: DisclaimerParams
    captions: CaptionParams
    comments: CommentParams
    header: HeaderParams
    title: TitleParams
    learned: LearnedParams
    dated: DatedParams
    settle: SettleParams

    @classmethod
    def build(cls, values: Mapping[str, float]) -> Params:
        """Params from flat ``"step.name"`` values (every name must be given)."""
        parts: dict[str, Any] = {}
        for step in dataclasses.fields(cls):
            kind = _STEPS[step.name]
            fields = {
                f.name: _coerce(f.type, values[f"{step.name}.{f.name}"])
                for f in dataclasses.fields(kind)
            }
            parts[step.name] = kind(**fields)
        return cls(**parts)

    def flat(self) -> dict[str, float]:
        """The values as flat ``"step.name"`` keys (what a rule pack and the data file say)."""
        out: dict[str, float] = {}
        for step in dataclasses.fields(self):
            for name, value in dataclasses.asdict(getattr(self, step.name)).items():
                out[f"{step.name}.{name}"] = value
        return out


_STEPS: dict[str, type[Any]] = {
    "body": BodyParams,
    "promo": PromoParams,
    "chrome": ChromeParams,
    "disclaimer": DisclaimerParams,
    "captions": CaptionParams,
    "comments": CommentParams,
    "header": HeaderParams,
    "title": TitleParams,
    "learned": LearnedParams,
    "dated": DatedParams,
    "settle": SettleParams,
}


def _coerce(kind: Any, value: float) -> float:
    """An int field keeps an int (a pack's ``80.0`` reads as 80), as the constants did."""
    return int(value) if kind in (int, "int") else float(value)


def flat(table: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> Iterable[tuple[str, Any]]:
    """``{"body": {"length_low": 80}}`` and ``{"body.length_low": 80}`` alike, as flat names."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from flat(value, (*prefix, key))
        else:
            yield ".".join((*prefix, key)), value


@cache
def balanced() -> dict[str, float]:
    """The balanced value of every threshold: the data file's ``[balanced]`` table."""
    values = dict(flat(data.load("thresholds")["balanced"]))
    missing = set(names()) - set(values)
    extra = set(values) - set(names())
    if missing or extra:  # the data file and the dataclasses must name the same thresholds
        raise RuntimeError(f"thresholds.toml: missing {sorted(missing)}, unknown {sorted(extra)}")
    return values


@cache
def overlay(favour: str) -> dict[str, float]:
    """What ``favour`` changes from the balanced values (empty for ``"balanced"``)."""
    if favour not in FAVOURS:
        raise ValueError(f"favour must be one of {FAVOURS}, not {favour!r}")
    if favour == "balanced":
        return {}
    return dict(flat(data.load("thresholds").get(favour, {})))


@cache
def names() -> tuple[str, ...]:
    """Every threshold's flat name, in the order of the dataclasses."""
    return tuple(
        f"{step}.{f.name}" for step, kind in _STEPS.items() for f in dataclasses.fields(kind)
    )


def check_name(name: str) -> None:
    """Raise :class:`ValueError` for an unknown threshold name, naming the nearest known one."""
    if name not in names():
        raise ValueError(f"unknown threshold {name!r}{suggest(name, names())}")


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or nothing."""
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@cache
def for_favour(favour: str) -> Params:
    """The package's values under ``favour`` (cached: the data never changes)."""
    return Params.build({**balanced(), **overlay(favour)})


def resolve(favour: str, changes: Mapping[str, float] = {}) -> Params:  # noqa: B006 - read only
    """The values under ``favour`` with a rule pack's ``changes`` on top."""
    if not changes:
        return for_favour(favour)
    for name in changes:
        check_name(name)
    return Params.build({**balanced(), **overlay(favour), **changes})
