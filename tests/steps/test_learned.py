"""The learned labeller: its features, its forest evaluator and the relabelling step."""

from __future__ import annotations

import json

import numpy as np
import pytest

from articlekit import data
from articlekit.extract import features, learned, lexicon
from articlekit.extract import forest as forest_module
from articlekit.extract.forest import Forest
from articlekit.extract.page import Page, run
from articlekit.paths.text import RULE_STEPS

from . import PROSE, context, page_of, thresholds

TITLE = "Ferry timetable adds early crossings"
NO_WORDS = features.Lexicon({}, 0.0)

# Two trees over two features: a stump on f0, and a split on f1 whose left side splits on f0.
TOY = {
    "features": ["f0", "f1"],
    "baseline": 0.5,
    "learning_rate": 0.5,
    "trees": [
        {"feature": [0, 0, 0], "threshold": [1.0, 0.0, 0.0], "missing_left": [1, 0, 0],
         "left": [1, 0, 0], "right": [2, 0, 0], "leaf": [0, 1, 1],
         "value": [0.0, -1.0, 2.0]},
        {"feature": [1, 0, 0, 0, 0], "threshold": [0.5, 3.0, 0.0, 0.0, 0.0],
         "missing_left": [0, 1, 0, 0, 0], "left": [1, 3, 0, 0, 0], "right": [2, 4, 0, 0, 0],
         "leaf": [0, 0, 1, 1, 1], "value": [0.0, -2.0, 0.25, -0.5, -1.5]},
    ],
}  # fmt: skip


def test_the_forest_walks_every_tree_and_adds_the_leaves() -> None:
    forest = Forest.of(TOY)
    X = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0], [0.0, 1.0], [np.nan, np.nan]])
    # row 0: -1 + (-0.5); row 1: 2 + (-0.5); row 2: 2 + (-1.5); row 3: -1 + 0.25;
    # row 4: NaN goes left in tree 0 (-1) and right in tree 1 (0.25)
    expected = 0.5 + np.array([-1.5, 1.5, 0.5, -0.75, -0.75])
    assert forest.depth == 2
    assert np.array_equal(forest.raw(X), expected)
    assert np.allclose(forest.proba(X), 1 / (1 + np.exp(-expected)))


def test_trees_of_every_depth_walk_to_their_leaves() -> None:
    # the stump (depth 1) stops walking after one level; the deeper tree goes on
    forest = Forest.of({**TOY, "trees": TOY["trees"][::-1]})
    assert forest.walking == (0, 1)
    X = np.array([[0.0, 0.0], [4.0, 1.0]])
    assert np.array_equal(forest.raw(X), Forest.of(TOY).raw(X))


def test_attributions_add_up_to_the_log_odds_and_name_the_deciding_feature() -> None:
    forest = Forest.of(TOY)
    X = np.array([[0.0, 0.0], [4.0, 1.0]])
    why = forest.attributions(X)
    assert np.allclose(why.sum(axis=1) + forest.baseline, forest.raw(X))
    # row 1 reaches 2.0 in tree 0 only by f0, and 0.25 in tree 1 only by f1
    assert np.allclose(why[1], [2.0, 0.25])


def test_the_packaged_model_reads_the_features_the_step_computes() -> None:
    raw = json.loads(data.read_file("labeller.json"))
    assert tuple(raw["features"]) == features.FEATURES
    assert learned.labeller().forest.features == features.FEATURES
    second = learned.labeller().sequence
    assert second is None or second.features == features.SEQUENCE_FEATURES
    assert len(raw["trees"]) > 0 and raw["lexicon"]["weights"]


def _ruled(*blocks: str) -> tuple[Page, object]:
    ctx = context()
    return run(RULE_STEPS, page_of(*blocks), ctx), ctx


def test_features_are_one_row_per_block_with_neighbours_past_the_ends_missing() -> None:
    page, ctx = _ruled(TITLE, PROSE[0], "Share", PROSE[1], PROSE[2])
    lexicon = features.Lexicon({"harbour": 1.0, "share": -2.0}, 0.5)
    X = features.matrix(page, ctx, lexicon)  # type: ignore[arg-type]
    assert X.shape == (5, len(features.FEATURES))
    col = {name: i for i, name in enumerate(features.FEATURES)}
    assert X[0, col["log_len@-1"]] != X[0, col["log_len@-1"]]  # NaN: no block before
    assert X[1, col["log_len@-1"]] == X[0, col["log_len"]]
    assert X[3, col["log_len@+2"]] != X[3, col["log_len@+2"]]
    assert X[4, col["log_len@+1"]] != X[4, col["log_len@+1"]]
    assert X[1, col["label=body"]] == 1.0 and X[1, col["step=body"]] == 1.0
    assert X[1, col["ends_sentence"]] == 1.0
    assert X[2, col["log_len"]] == pytest.approx(np.log1p(len("Share")))
    # the word weights: "share" alone is 0.5 - 2.0; its neighbours see it
    assert X[2, col["lex"]] == pytest.approx(-1.5)
    assert X[1, col["lex@+1"]] == pytest.approx(-1.5) and X[3, col["lex@-1"]] == X[2, col["lex"]]
    assert X[1, col["lex"]] > 0.5  # "harbour" weighs for it


def _lengths(*chars: int) -> np.ndarray:
    rules = np.zeros((len(chars), len(features.RULE_FEATURES)), dtype=np.float32)
    rules[:, features.RULE_FEATURES.index("log_len")] = np.log1p(chars)
    return rules


def test_the_sequence_columns_read_the_first_forest_around_each_block() -> None:
    p = np.array([0.1, 0.9, 0.8, 0.2, 0.7, 0.1])
    out = features.seq_columns(p, _lengths(9, 400, 400, 9, 400, 9))
    col = {name: i for i, name in enumerate(features.SEQ_FEATURES)}
    assert out.shape == (6, len(features.SEQ_FEATURES))
    assert np.array_equal(out[:, col["p1"]], p.astype(np.float32))
    assert out[2, col["p1@-1"]] == np.float32(0.9) and out[2, col["p1@+3"]] == np.float32(0.1)
    assert np.isnan(out[0, col["p1@-1"]]) and np.isnan(out[0, col["p1_max_before"]])
    assert out[3, col["p1_max_before"]] == np.float32(0.9)
    # the densest run of p above one half, by length: blocks 1 to 4, the short dip inside it
    assert out[:, col["in_p1_run"]].tolist() == [0, 1, 1, 1, 1, 0]
    assert out[0, col["dist_p1_run"]] == -1 and out[5, col["dist_p1_run"]] == 1
    # the mass before a block grows down the page; the long blocks weigh most in the means
    assert np.all(np.diff(out[:, col["p1_mass_before"]]) >= 0)
    assert out[3, col["p1_mean±2"]] > 0.6
    assert out[0, col["page_p1_share"]] == pytest.approx(0.5)


def test_the_sequence_columns_of_an_empty_or_body_less_page() -> None:
    assert features.seq_columns(np.array([]), _lengths()).shape == (0, len(features.SEQ_FEATURES))
    out = features.seq_columns(np.array([0.1, 0.2]), _lengths(30, 30))
    col = features.SEQ_FEATURES.index
    assert out[:, col("in_p1_run")].tolist() == [0, 0]
    assert out[:, col("dist_p1_run")].tolist() == [99, 99]


def test_the_second_forest_decides_and_gives_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    page, ctx = _ruled(TITLE, PROSE[0], "Share", PROSE[1], PROSE[2])
    always = Forest.of({**TOY, "features": list(features.FEATURES), "baseline": 9.0})
    # the second forest overrules the first: a stump on the first forest's p1 (column after
    # the first forest's features) that sends p1 > 0.5 to "not body"
    stump = {"feature": [len(features.FEATURES), 0, 0], "threshold": [0.5, 0.0, 0.0],
             "missing_left": [1, 0, 0], "left": [1, 0, 0], "right": [2, 0, 0],
             "leaf": [0, 1, 1], "value": [0.0, 5.0, -20.0]}  # fmt: skip
    second = Forest.of({"features": list(features.SEQUENCE_FEATURES), "baseline": 0.0,
                        "learning_rate": 1.0, "trees": [stump]})  # fmt: skip
    monkeypatch.setattr(learned, "labeller", lambda: learned.Labeller(always, NO_WORDS, second))
    claims = learned.step(page, ctx)  # type: ignore[arg-type]
    assert claims and all(c.label == "chrome" for c in claims)
    assert all("most against: p1 -20.00" in c.reason for c in claims)


def test_the_step_changes_only_what_the_body_step_decided(monkeypatch: pytest.MonkeyPatch) -> None:
    page, ctx = _ruled(TITLE, PROSE[0], "Share", PROSE[1], PROSE[2])
    # a model that says "not body" of everything
    never = Forest.of({**TOY, "features": list(features.FEATURES), "baseline": -9.0})
    monkeypatch.setattr(learned, "labeller", lambda: learned.Labeller(never, NO_WORDS))
    claims = learned.step(page, ctx)  # type: ignore[arg-type]
    decided = {c.block for name, c in page.claims if name == "body"}
    assert {c.block for c in claims} <= decided
    assert {c.block for c in claims} == {
        c.block for name, c in page.claims if name == "body" and c.label == "body"
    }
    assert all(c.label == "chrome" for c in claims)
    assert all(c.reason.startswith("learned labeller: p(body) 0.00 < 0.50") for c in claims)


def test_the_step_keeps_what_the_model_calls_body_with_its_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page, ctx = _ruled(TITLE, PROSE[0], "ferries 12 and 14 only", PROSE[1], PROSE[2])
    assert ("body", "chrome") in {(name, c.label) for name, c in page.claims}
    always = Forest.of({**TOY, "features": list(features.FEATURES), "baseline": 9.0})
    monkeypatch.setattr(learned, "labeller", lambda: learned.Labeller(always, NO_WORDS))
    claims = learned.step(page, ctx)  # type: ignore[arg-type]
    assert claims and all(c.label in ("body", "heading", "quote") for c in claims)
    assert all("p(body) 1.00 >= 0.50" in c.reason for c in claims)


def test_the_step_can_be_turned_off() -> None:
    page, _ = _ruled(TITLE, PROSE[0], "Share", PROSE[1])
    assert learned.step(page, thresholds({"learned": {"enabled": 0}})) == []


def test_a_model_of_other_features_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    learned.labeller.cache_clear()
    monkeypatch.setattr(data, "read_file", lambda name: json.dumps(TOY))
    try:
        with pytest.raises(RuntimeError, match="retrain"):
            learned.labeller()
    finally:
        learned.labeller.cache_clear()


def test_the_lexicon_scores_a_block_by_its_distinct_words() -> None:
    weights = {"harbour": 1.0, "share": -2.0}
    # distinct words "share", "the", "harbour": (-2 + 0 + 1) / sqrt(3), in any order
    assert lexicon.score("Share the harbour, share!", weights, 0.5) == pytest.approx(
        0.5 - 1 / 3**0.5
    )
    assert lexicon.score("", weights, 0.5) == 0.5
    assert lexicon.words_of("Ferry FERRY ferry_x") == {"ferry", "x"}


def test_a_gigantic_page_is_walked_in_slices_with_the_same_answers() -> None:
    forest = Forest.of(TOY)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2 * forest_module.CHUNK + 17, 2)) * 3
    X[::7, 1] = np.nan
    # in slices of CHUNK rows, and all at once: the same bits
    assert np.array_equal(forest.raw(X), forest._raw(X))
    assert np.array_equal(forest.attributions(X), forest._attributions(X))
    assert forest.raw(X[:0]).shape == (0,)


def test_rows_built_a_slice_at_a_time_are_the_rows_of_the_whole_page() -> None:
    blocks = [TITLE, PROSE[0], "Share", PROSE[1], "12 comments", PROSE[2], "Read more"]
    page, ctx = _ruled(*blocks)
    base = features.base_rows(page, ctx)
    whole_page = features.rule_matrix(page, ctx)
    lex = features.lexicon_scores(page, learned.labeller().lexicon)
    lex_whole = features.lex_columns(lex, whole_page)
    p = np.linspace(0.05, 0.95, len(blocks))
    around, seq_whole = features.Around(p, base), features.seq_columns(p, whole_page)
    mean = features.page_lex(lex, base)
    for a, b in ((0, 1), (1, 3), (3, 7), (2, 6)):
        assert np.array_equal(features.rule_rows(base, a, b), whole_page[a:b], equal_nan=True)
        assert np.array_equal(features.lex_rows(lex, mean, a, b), lex_whole[a:b], equal_nan=True)
        assert np.array_equal(around.rows(a, b), seq_whole[a:b], equal_nan=True)


def test_the_step_decides_the_same_in_slices_of_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [TITLE, PROSE[0], "Share", PROSE[1], "ferries 12 and 14 only", PROSE[2], "Read more"]
    page, _ = _ruled(*blocks)
    ctx = thresholds({"learned": {"keep_at": 0.99}})  # so that some blocks flip
    whole_page = learned.step(page, ctx)
    assert whole_page
    for size in (1, 2, 3):
        monkeypatch.setattr(learned, "SLICE", size)
        assert learned.step(page, ctx) == whole_page


@pytest.mark.parametrize("slice_size", [2, 1024])
def test_the_deciding_forest_read_for_some_blocks_gives_their_p_the_same_bits(
    monkeypatch: pytest.MonkeyPatch, slice_size: int
) -> None:
    monkeypatch.setattr(learned, "SLICE", slice_size)
    blocks = [TITLE, PROSE[0], "Share", PROSE[1], "12 comments", PROSE[2], "Read more"]
    page, ctx = _ruled(*blocks)
    model = learned.labeller()
    every = list(model.decide(page, ctx))
    some = list(model.decide(page, ctx, {1, 2, 5}))
    assert [a for a, _, _ in every] == [a for a, _, _ in some]
    for (a, p_all, X_all), (_, p_some, X_some) in zip(every, some, strict=True):
        assert np.array_equal(X_all, X_some, equal_nan=True)
        for k in range(len(p_all)):
            if a + k in (1, 2, 5):
                assert p_some[k] == p_all[k]
            else:
                assert np.isnan(p_some[k])
    assert all(np.isnan(p).all() for _, p, _ in model.decide(page, ctx, set()))


def test_the_trees_are_added_one_by_one_in_the_files_order() -> None:
    # the trainer adds the trees' values to the baseline in the file's order; another order
    # (a pairwise sum) would change the last bits of the scores
    from articlekit.extract import title_rank

    model = learned.labeller()
    forests = [model.forest, title_rank.ranker(), *([model.sequence] if model.sequence else [])]
    for forest in forests:
        rng = np.random.default_rng(1)
        X = rng.normal(size=(300, len(forest.features))) * 4
        X[::5, ::3] = np.nan
        leaves = forest.leaves(X)  # [rows, trees in depth order]
        by_file = np.empty_like(leaves)
        by_file[:, forest.tree_order] = leaves
        expected = np.full(len(X), forest.baseline)
        for k in range(by_file.shape[1]):
            expected += forest.value[by_file[:, k]]
        assert np.array_equal(forest.raw(X), expected)
