"""One immutable context per call: no call's rule pack, favour or profile leaks into another."""

from __future__ import annotations

import dataclasses

import pytest

import articlekit
from articlekit import RuleError
from articlekit.config import params, vocabulary
from articlekit.config.context import Config, default_config
from articlekit.config.rulepacks import RulePack

_PROSE = (
    "The harbour council approved a new ferry timetable on Tuesday, adding two early "
    "crossings for the commuters who had asked for them since the spring."
)
HTML = f"""<html><head><title>Ferry timetable</title></head><body>
<article><h1>Ferry timetable</h1><p>{_PROSE * 3}</p><p>{_PROSE * 3}</p><p>{_PROSE * 3}</p>
</article>
<div><p>Harbourwatch: the tide tables for next week</p></div>
<div><p>Read more: the old ferry</p></div>
</body></html>"""
TEXT = f"Ferry timetable\n\n{_PROSE}\n\n{_PROSE}\n\nWeekly tide letter\n\n{_PROSE}\n"

TEASER_PACK = RulePack.from_dict({"promo": {"any": {"inline_prefixes": ["harbourwatch"]}}})
CHROME_PACK = RulePack.from_dict({"chrome": {"any": {"exact": ["weekly tide letter"]}}})


def labels(article: articlekit.Article, needle: str) -> set[str]:
    return {s.label for s in article.segments if needle in article.text[s.start : s.end]}


def claimer(article: articlekit.Article, needle: str) -> tuple[str, str]:
    """The step that claimed the segment holding ``needle``, and why."""
    found = next(s for s in article.segments if needle in article.text[s.start : s.end])
    return found.extractor, found.reason


@pytest.mark.parametrize("pack_first", [True, False])
def test_html_path_the_order_of_calls_does_not_matter(pack_first: bool) -> None:
    """The HTML path's inline-teaser pattern is built from the call's own word lists: it
    used to be cached over whichever pack the first HTML page ran with."""
    calls = [("pack", TEASER_PACK), ("plain", None)]
    if not pack_first:
        calls.reverse()
    seen = {
        name: labels(articlekit.clean(HTML, rules=pack), "Harbourwatch") for name, pack in calls
    }
    assert seen == {"pack": {"promo"}, "plain": {"chrome"}}
    assert labels(articlekit.clean(HTML), "Read more") == {"promo"}  # the package's own prefix


@pytest.mark.parametrize("pack_first", [True, False])
def test_text_path_the_order_of_calls_does_not_matter(pack_first: bool) -> None:
    calls = [("pack", CHROME_PACK), ("plain", None)]
    if not pack_first:
        calls.reverse()
    seen = {
        name: claimer(articlekit.clean(TEXT, rules=pack), "Weekly tide letter")
        for name, pack in calls
    }
    assert seen["pack"] == ("chrome", "UI text 'weekly tide letter'")
    assert seen["plain"][0] != "chrome"  # the body step's call, not the pack's word


def test_the_context_is_immutable() -> None:
    ctx = default_config().context(url="https://example.com/a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.url = "elsewhere"  # type: ignore[misc]
    assert ctx.site == "example.com" and ctx.params is default_config().params


def test_a_plain_call_shares_the_package_vocabulary() -> None:
    assert default_config().vocabulary(None) is vocabulary.package()
    assert Config.build(CHROME_PACK).vocabulary(None) is not vocabulary.package()


def test_compiled_patterns_live_on_their_vocabulary() -> None:
    built: list[object] = []

    def build(vocab: vocabulary.Vocabulary) -> frozenset[str]:
        built.append(vocab)
        return vocab.words("chrome", "exact")

    plain, packed = vocabulary.Vocabulary(), vocabulary.Vocabulary(CHROME_PACK)
    assert "weekly tide letter" not in plain.compiled(build)
    assert "weekly tide letter" in packed.compiled(build)
    plain.compiled(build), packed.compiled(build)
    assert built == [plain, packed]  # once per vocabulary, never shared


def test_a_pack_on_one_site_only() -> None:
    pack = RulePack.from_dict(
        {"site": {"harbour.example": {"chrome": {"any": {"exact": ["ahoy"]}}}}}
    )
    config = Config.build(pack)
    there = config.context(url="https://news.harbour.example/x").vocab
    elsewhere = config.context(url="https://other.example/x").vocab
    assert "ahoy" in there.words("chrome", "exact")
    assert "ahoy" not in elsewhere.words("chrome", "exact")
    assert config.context(url="https://news.harbour.example/y").vocab is there
    # Hosts the pack has no section for share one vocabulary: a batch of many sites builds
    # as many as the pack has sections, not one per host.
    assert config.context(url="https://third.example/z").vocab is elsewhere


def test_an_unknown_threshold_in_a_pack_names_the_key_and_the_nearest() -> None:
    with pytest.raises(RuleError, match=r"body\.length_lo'.*did you mean 'body\.length_low'"):
        RulePack.from_dict({"favour": {"balanced": {"body": {"length_lo": 80}}}})


def test_every_step_threshold_comes_from_the_data_file() -> None:
    flat = default_config().params.flat()
    assert flat == params.balanced()
    assert Config.build(favour="recall").params.flat() == {**flat, **params.overlay("recall")}


def test_clean_many_builds_one_config_for_the_batch() -> None:
    from articlekit.batch import prepared

    kwargs = prepared({"rules": CHROME_PACK, "favour": "precision", "profile": None, "now": None})
    assert set(kwargs) == {"config", "now"}
    config = kwargs["config"]
    assert config.pack is CHROME_PACK and config.favour == "precision"
    assert prepared(kwargs) is kwargs
