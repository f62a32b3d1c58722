"""The precision/recall knob: ``clean(favour=...)`` and the thresholds it moves."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import articlekit
from articlekit.config import rulepacks, rules
from articlekit.config.rulepacks import THRESHOLDS, RulePack, favour_thresholds, threshold_defaults

from .conftest import now_of, text_cases


def test_every_threshold_is_an_extractor_constant() -> None:
    defaults = threshold_defaults()
    assert set(defaults) == set(THRESHOLDS)
    for name, (module, constant) in THRESHOLDS.items():
        value = getattr(importlib.import_module(f"articlekit.extract.{module}"), constant)
        assert isinstance(value, (int, float)) and defaults[name] == value
        assert name.startswith(f"{module}.")


@pytest.mark.parametrize("favour", ["precision", "recall"])
def test_favour_tables_name_known_thresholds(favour: str) -> None:
    table = favour_thresholds(favour)
    assert table and set(table) <= set(THRESHOLDS)
    assert favour_thresholds("balanced") == {}


def test_precision_is_stricter_and_recall_looser() -> None:
    defaults = threshold_defaults()
    precision, recall = favour_thresholds("precision"), favour_thresholds("recall")
    for name in ("body.length_low", "body.stop_high", "body.sentence_words"):
        assert precision[name] > defaults[name] > recall[name]


def test_unknown_favour() -> None:
    with pytest.raises(ValueError, match="favour must be one of"):
        articlekit.clean("text", favour="speed")


def test_balanced_is_the_plain_path() -> None:
    case = text_cases()[0]
    data = (case / "input.txt").read_bytes()
    assert articlekit.clean(data, favour="balanced") == articlekit.clean(data)


def body_chars(favour: str) -> int:
    total = 0
    for case in text_cases():
        data = (case / "input.txt").read_bytes()
        total += len(articlekit.clean(data, now=now_of(case), favour=favour).body)
    return total


def test_precision_keeps_less_and_recall_more_over_the_fixtures() -> None:
    precision, balanced, recall = (body_chars(f) for f in ("precision", "balanced", "recall"))
    assert precision < balanced < recall


def test_threshold_reads_the_active_settings() -> None:
    assert rules.threshold("body.length_low", 70) == 70
    settings = rulepacks.settings(None, "precision", None, None)
    assert settings is not None
    token = rules.ACTIVE.set(settings)
    try:
        value = rules.threshold("body.length_low", 70)
        assert value == favour_thresholds("precision")["body.length_low"]
        assert isinstance(value, int)  # the constant's type is kept
        assert rules.threshold("body.length_high", 200) == 200  # not moved: the default
    finally:
        rules.ACTIVE.reset(token)
    assert rules.active() is None


def test_a_pack_can_move_the_thresholds(tmp_path: Path) -> None:
    pack = RulePack.from_dict({"favour": {"balanced": {"body": {"length_low": 5000}}}})
    settings = rulepacks.settings(pack, "balanced", None, None)
    assert settings is not None and settings.thresholds["body.length_low"] == 5000
    case = text_cases()[0]
    data = (case / "input.txt").read_bytes()
    # With every block "short", far less is kept as prose.
    assert len(articlekit.clean(data, rules=pack).body) < len(articlekit.clean(data).body)
    precision = rulepacks.settings(pack, "precision", None, None)
    assert precision is not None and "body.length_low" in precision.thresholds
    assert precision.thresholds["body.length_low"] != 5000


def test_favour_reaches_the_html_path() -> None:
    paragraph = (
        "The harbour council approved a new ferry timetable on Tuesday, adding two early "
        "crossings for commuters."
    )
    html = f"<html><body><h1>Ferry</h1><p>{paragraph}</p><p>Short line here.</p></body></html>"
    for favour in articlekit.FAVOURS:
        assert articlekit.clean(html, favour=favour).input_format == "html"
