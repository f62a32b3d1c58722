"""Regression gate: articlekit's body quality on the dev corpus must not fall below its floors.

Runs the articlekit text path over the scrapinghub dumps of ``../shared/eval`` (next to the
repository) and compares the mean bag-of-tokens F1 and the shingle F1 with the floors in
``benchmarks/floors.json``. Set each floor just under the current figure and raise it as
articlekit improves. Skips where the corpus is absent (e.g. a clean CI clone).
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402
from benchmarks.tools import TOOLS, Extraction  # noqa: E402

CORPUS = (REPO_ROOT.parent / "shared" / "eval" / "scrapinghub").resolve()
FLOORS_FILE = REPO_ROOT / "benchmarks" / "floors.json"
#: A floor this far under the measured figure is stale: warn so someone raises it.
RAISE_HINT_MARGIN = 0.03


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    """Score every page once for both gate metrics (the expensive part)."""
    if not CORPUS.is_dir():
        pytest.skip(f"evaluation corpus not found at {CORPUS}: quality gate not run")
    dumps = sorted(CORPUS.glob("*.dump.txt"))
    if not dumps:
        pytest.skip(f"no *.dump.txt in {CORPUS}: quality gate not run")
    run = TOOLS["articlekit-text"].run
    bags, shingles, failures = [], [], []
    for dump in dumps:
        gold_path = dump.with_name(dump.name.replace(".dump.txt", ".gold.txt"))
        if not gold_path.exists():
            continue
        gold = gold_path.read_text(encoding="utf-8")
        try:
            found = run(dump.read_bytes(), None)
        except Exception as exc:  # scored as an empty body, like `make eval` does
            failures.append(f"{dump.name}: {type(exc).__name__}: {exc}")
            found = Extraction(body="")
        bags.append(metrics.bag_of_tokens(found.body, gold))
        shingles.append(metrics.shingle_counts(found.body, gold))
    for failure in failures:
        warnings.warn(f"articlekit failed on {failure}", stacklevel=1)
    return {
        "bag_f1": metrics.summarise_bag(bags).f1,
        "shingle_f1": metrics.summarise_shingles(shingles).f1,
        "pages": float(len(bags)),
        "failures": float(len(failures)),
    }


def _floor(key: str) -> float | None:
    value = json.loads(FLOORS_FILE.read_text(encoding="utf-8")).get(key)
    return None if value is None else float(value)


@pytest.mark.parametrize(
    ("metric", "key"),
    [("bag_f1", "scrapinghub_text_bag_f1"), ("shingle_f1", "scrapinghub_text_shingle_f1")],
)
def test_text_path_quality_not_below_floor(scores: dict[str, float], metric: str, key: str) -> None:
    measured = scores[metric]
    floor = _floor(key)
    if floor is None:
        pytest.skip(
            f"{key} not set in {FLOORS_FILE.name}; measured {measured:.4f} "
            f"on {scores['pages']:.0f} pages"
        )
    assert measured >= floor, (
        f"articlekit text-path {metric} on scrapinghub fell to {measured:.4f}, below the floor "
        f"{floor:.4f} ({scores['failures']:.0f} pages raised); run `make eval` and look at the "
        "worst pages in benchmarks/results/eval.md"
    )
    if measured - floor > RAISE_HINT_MARGIN:
        warnings.warn(
            f"{key}: measured {measured:.4f} is well above the floor {floor:.4f}; raise the floor "
            f"in benchmarks/floors.json to about {measured - 0.01:.3f}",
            stacklevel=1,
        )
