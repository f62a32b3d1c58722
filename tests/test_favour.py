"""The precision/recall knob: ``clean(favour=...)`` and the thresholds it moves."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import articlekit
from articlekit.config import params
from articlekit.config.context import Config
from articlekit.config.rulepacks import RulePack

from .conftest import now_of, text_cases


def test_the_data_file_names_every_threshold_of_every_step() -> None:
    balanced = params.balanced()
    assert set(balanced) == set(params.names())
    built = params.for_favour("balanced")
    for step in dataclasses.fields(built):
        for name, value in dataclasses.asdict(getattr(built, step.name)).items():
            assert balanced[f"{step.name}.{name}"] == value


@pytest.mark.parametrize("favour", ["precision", "recall"])
def test_favour_tables_name_known_thresholds(favour: str) -> None:
    table = params.overlay(favour)
    assert table and set(table) <= set(params.names())
    assert params.overlay("balanced") == {}


def test_precision_is_stricter_and_recall_looser() -> None:
    defaults = params.balanced()
    precision, recall = params.overlay("precision"), params.overlay("recall")
    for name in ("body.length_low", "body.stop_high", "body.sentence_words"):
        assert precision[name] > defaults[name] > recall[name]


def test_an_unknown_threshold_names_the_nearest() -> None:
    with pytest.raises(ValueError, match=r"unknown threshold 'body.lenght_low'.*'body.length_low'"):
        params.resolve("balanced", {"body.lenght_low": 80})


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


def test_the_config_carries_the_favour() -> None:
    config = Config.build(None, "precision", None)
    value = config.params.body.length_low
    assert value == params.overlay("precision")["body.length_low"]
    assert isinstance(value, int)  # an int threshold stays an int
    assert config.params.body.length_high == params.balanced()["body.length_high"]  # not moved


def test_a_pack_can_move_the_thresholds(tmp_path: Path) -> None:
    pack = RulePack.from_dict({"favour": {"balanced": {"body": {"length_low": 5000}}}})
    assert Config.build(pack, "balanced", None).params.body.length_low == 5000
    case = text_cases()[0]
    data = (case / "input.txt").read_bytes()
    # With every block "short", far less is kept as prose by the rules (the learned labeller,
    # which reads the rules' verdicts as features, is turned off to see them decide).
    rules = {"body": {"length_low": 5000}, "learned": {"enabled": 0}}
    alone = RulePack.from_dict({"favour": {"balanced": rules}})
    off = RulePack.from_dict({"favour": {"balanced": {"learned": {"enabled": 0}}}})
    assert len(articlekit.clean(data, rules=alone).body) < len(
        articlekit.clean(data, rules=off).body
    )
    precision = Config.build(pack, "precision", None).params.body.length_low
    assert precision == params.overlay("precision")["body.length_low"] != 5000


def test_favour_reaches_the_html_path() -> None:
    paragraph = (
        "The harbour council approved a new ferry timetable on Tuesday, adding two early "
        "crossings for commuters."
    )
    html = f"<html><body><h1>Ferry</h1><p>{paragraph}</p><p>Short line here.</p></body></html>"
    for favour in articlekit.FAVOURS:
        assert articlekit.clean(html, favour=favour).input_format == "html"
