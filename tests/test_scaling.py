"""Hostile pages whose cost once grew with the square of their size (issue 17, item 10), through
``clean`` as a crawl runs it: 8 times the page costs at most about 8 times the CPU."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import articlekit
from articlekit import collect
from articlekit.paths.html import align

from .scaling import assert_linear

_HEAD = "<html><body><p>Some text here.</p>"

PAGES = {
    # before (this machine, 1x -> 8x): 0.22 -> 10.1 s, the script-stripping regex
    "unclosed <script> repeated": (lambda n: _HEAD + "<script>" * (n // 8), 8_000),
    # 0.14 -> 12.1 s, the tag regex <[^>]*>
    "<a repeated": (lambda n: _HEAD + "<a" * (n // 2), 10_000),
    # 0.62 -> 26.1 s, the self-closed-html repair
    "<html>/> then <html repeated": (lambda n: "<html>/>\n" + "<html" * (n // 5), 5_000),
    # 0.06 -> 3.9 s, libxml2's parse and lxml's items(), both quadratic in one tag's attributes
    "one tag with very many attributes": (
        lambda n: (
            "<html><body><p "
            + " ".join(f'a{i}="x"' for i in range(n // 8))
            + ">Some text here on a page.</p></body></html>"
        ),
        14_000,
    ),
    # 0.22 -> 2.9 s, str.find in the alignment's resync (trafilatura drops the <time>s); at
    # this size the square term is still small, so the test below on the alignment alone is
    # the one that tells the two apart
    "many <time> elements": (
        lambda n: (
            "<html><body><article>"
            + "".join(
                f"<p>Paragraph {i} was said <time>on day {i}</time> here.</p>"
                for i in range(n // 60)
            )
            + "</article></body></html>"
        ),
        25_000,
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_hostile_page_costs_linear_time(name: str) -> None:
    make, size = PAGES[name]
    pages = {n: make(n) for n in (size, 8 * size)}
    articlekit.clean(pages[size])  # imports and caches out of the measurement
    assert_linear(lambda n: articlekit.clean(pages[n]), size, best_of=2)


# -- the alignment's resync ----------------------------------------------------------------------


def _disagreeing(n: int) -> tuple[list[str], str]:
    """A rendering and an extracted text that disagree every few tokens, on a token found
    nowhere in the rendering: each disagreement is a resync that finds nothing."""
    lines = [f"w{i}a w{i}b w{i}c w{i}d w{i}e" for i in range(n)]
    return lines, "\n".join(f"w{i}a w{i}b zz{i} w{i}c w{i}d w{i}e" for i in range(n))


def test_the_alignment_costs_linear_time_when_every_line_disagrees() -> None:
    # before: 0.13 s for 2,000 lines, 8.2 s for 16,000 (each resync read the whole rendering)
    cases = {n: _disagreeing(n) for n in (1000, 8000)}
    assert_linear(lambda n: align.matched_shares(*cases[n]), 1000)


words = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_the_index_finds_what_the_text_search_finds(
    rendering: list[str], extracted: list[str]
) -> None:
    lines = [" ".join(rendering[k : k + 5]) for k in range(0, len(rendering), 5)]
    text = " ".join(extracted)
    searched = align.matched_shares(lines, text)
    saved = align.SCAN_BUDGET
    try:
        align.SCAN_BUDGET = 0  # every search through the index
        assert align.matched_shares(lines, text) == searched
    finally:
        align.SCAN_BUDGET = saved


# -- a gigantic text dump (issue 17, item 10's last point) ---------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


def _dump(chars: int) -> str:
    """The fixtures' text dumps joined and repeated to ``chars`` characters: a dump of many
    pages, as a crawl that concatenates its pages makes."""
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/input.txt")))
    return ((unit + "\n\n") * (chars // len(unit) + 1))[:chars]


def test_a_big_text_dump_costs_linear_time() -> None:
    # before (this machine): 3.0 CPU-s/MB at 1 MB, 4.1 at 95 MB
    dumps = {n: _dump(n) for n in (40_000, 320_000)}
    assert_linear(lambda n: articlekit.clean(dumps[n]), 40_000, best_of=1)


def test_a_big_text_dump_is_cleaned_in_memory_a_few_times_its_size() -> None:
    """Peak memory stays a few dozen bytes per character: the learned step once held every
    block's features several times over (at 200,000 characters, 178 bytes of traced peak per
    character before, 72 now, the forests' fixed slice included; 5.7 GB for a 95 MB dump)."""
    text = _dump(200_000)
    articlekit.clean(text[:5000])  # imports and caches out of the measurement
    tracemalloc.start()
    try:
        articlekit.clean(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 110 * len(text), peak / len(text)


# -- the collector's full passes on a gigantic input ---------------------------------------------


def _full_passes(work: Callable[[], object]) -> int:
    """How many full passes of the cyclic garbage collector ``work()`` set off."""
    passes = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            passes.append(1)

    gc.callbacks.append(count)
    try:
        work()
    finally:
        gc.callbacks.remove(count)
    return len(passes)


def _long_lived(n: int) -> list[list[int]]:
    """What cleaning a big dump does to the collector: many objects that stay, made among
    many that go (each survivor a tracked container, as a Line or a Block is)."""
    kept = []
    for i in range(n):
        kept.append([i])
        _ = [[i], [i]]  # young garbage: young passes, and survivors promoted
    return kept


def test_a_large_input_is_not_walked_by_full_passes() -> None:
    """Each full pass walks every object of the dump, and they came about as often at 32 MB
    as at 1 MB (0.05 -> 0.22 CPU-s/MB: docs/robustness.md). Inside the hold none comes; the
    thresholds the process had are back after it."""
    before = gc.get_threshold()
    assert _full_passes(lambda: _long_lived(400_000)) > 0  # the count sees them
    with collect.full_passes_held_off(collect.LARGE):
        assert _full_passes(lambda: _long_lived(400_000)) == 0
    assert gc.get_threshold() == before
    with collect.full_passes_held_off(collect.LARGE - 1):  # a small input: left as it is
        assert gc.get_threshold() == before


def test_clean_holds_the_passes_off_for_a_large_input_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from articlekit.paths import text as text_path

    seen = []
    split = text_path.split

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold()[2])
        return split(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(text_path, "split", watched)
    before = gc.get_threshold()
    articlekit.clean("The council met on Tuesday.")
    monkeypatch.setattr(collect, "LARGE", 10)
    articlekit.clean("The council met on Tuesday.")
    assert seen == [before[2], max(before[2], 1 << 30)]
    assert gc.get_threshold() == before


def test_the_hold_ends_when_its_last_thread_does() -> None:
    before = gc.get_threshold()
    first, second = (collect.full_passes_held_off(collect.LARGE) for _ in range(2))
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold() != before  # the other call still cleans
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
