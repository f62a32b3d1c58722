# Set-up and everyday targets. `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint eval bench scaling compare train clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -c "import sys, articlekit; print(articlekit.clean(open(sys.argv[1], 'rb').read()).to_json(indent=2, segments=False))" tests/fixtures/amazon-shanghai/input.txt

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks training
	$(VENV)/bin/mypy

# `make eval`, `make bench` and `make scaling` write their results to $(RESULTS), untracked
# (.gitignore), so a run leaves the committed figures alone; UPDATE=1 writes the committed
# ones instead (benchmarks/results/, and docs/benchmarks.md and its plot for bench).
RESULTS := $(if $(UPDATE),benchmarks/results,.cache/results)
BENCH_DOCS := $(if $(UPDATE),docs,$(RESULTS))

eval: $(STAMP)
	$(PY) benchmarks/evaluate.py --out $(RESULTS) $(EVAL_ARGS)

bench: $(STAMP)
	$(PY) -m pip install -q -e '.[dev,bench]'
	$(PY) benchmarks/bench.py --out $(RESULTS) --docs $(BENCH_DOCS) $(BENCH_ARGS)

# The rendering cache for training/ (training/README.md): every dev page through every renderer;
# `browser` needs Debian's chromium (apt-get install -y chromium). RENDER_ARGS='--corpus wcxb'.
.PHONY: renderings
renderings: $(STAMP)
	$(PY) -m pip install -q -e '.[dev,train]'
	$(PY) -m training.render $(RENDER_ARGS)

# The learned body labeller (training/README.md): renderings, then features, site-grouped
# cross-validation and the model; writes training/results/labeller.{md,-model.json}. Then the
# title ranker (docs/learned.md): training/results/title-ranker.{md,json}, data/title_ranker.json.
train: renderings
	$(PY) -m training.train $(TRAIN_ARGS)
	$(PY) -m training.title_ranker $(RANKER_ARGS)

# Seconds per MB across input sizes and shapes, and throughput with 1 and 2 workers (clean_many,
# Dask); writes $(RESULTS)/scaling.{json,md} (UPDATE=1: benchmarks/results/). SCALING_ARGS=--quick
# for a short run.
scaling: $(STAMP)
	$(PY) benchmarks/scaling.py --out $(RESULTS) $(SCALING_ARGS)

# Page-by-page output of two revisions, to show a refactor kept behaviour (docs/benchmarks.md):
# make compare BASE=<rev> [HEAD=<rev>, default the work tree] [COMPARE_ARGS='--limit 20 --show 3'].
compare: $(STAMP)
	$(PY) benchmarks/compare.py $(BASE) $(HEAD) $(COMPARE_ARGS)

clean-venv:
	rm -rf $(VENV)
