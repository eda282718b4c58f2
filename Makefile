# wbroles developer tasks. Run `make` (or `make help`) to list the targets.
# pyproject.toml is the one list of dependencies; this file only drives it.

PYTHON ?= python3
VENV ?= .venv
PYTEST_ARGS ?=
LAB_DIR ?= notebooks
LAB_PORT ?= 8888
LAB_ARGS ?=
OBS_ROWS ?= 1e6
OBS_ARGS ?=
# make test-floors: a venv of the lowest versions pyproject.toml allows.
FLOORS_VENV ?= .venv-floors
# make test-pythons: the Pythons besides this one (3.11, the main venv) the suite runs under.
TEST_PYTHONS ?= $(HOME)/.pyenv/versions/3.12.1/bin/python $(HOME)/.pyenv/versions/3.13.0/bin/python
# The suite without the browser checks, the wheel build (tests marked slow), the JupyterLab
# server tests and the timed benchmark run: `make test` runs those once.
NO_BROWSER_TESTS ?= -m "not slow" --ignore=tests/test_jupyterlab.py --ignore=tests/test_bench_report.py

# ruff reports E902 for paths that do not exist, so lint only the dirs present.
LINT_PATHS := $(wildcard wbroles wbroles_cli.py tests benchmarks)

STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install report test test-floors test-pythons validate lint format gallery lab clean distclean bench bundle

## Show this help: every target with its description
help:
	@awk '/^## / { doc = substr($$0, 4); next } \
	      /^[a-zA-Z0-9_.-]+:/ && doc != "" { split($$0, t, ":"); printf "  %-13s %s\n", t[1], doc } \
	      { doc = "" }' $(MAKEFILE_LIST)

# Create the venv if missing and install the checkout with the dev and lab extras.
# Re-runs whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --upgrade pip
	$(VENV)/bin/pip install -e ".[dev,lab]"
	touch $@

## Create the venv (VENV) and install wbroles with the dev and lab extras
install: $(STAMP)

## Execute the notebooks and write the offline reports to reports/
report: $(STAMP)
	$(VENV)/bin/wbroles report --out reports

## Run the test suite (pytest config lives in pyproject.toml); extra args via PYTEST_ARGS=
test: $(STAMP)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

## Run the tests (no browser) at the lowest versions pyproject.toml allows, in FLOORS_VENV
test-floors:
	rm -rf $(FLOORS_VENV)
	$(PYTHON) -m venv $(FLOORS_VENV)
	$(FLOORS_VENV)/bin/python -m pip install -q uv
	$(FLOORS_VENV)/bin/uv pip install -q --python $(FLOORS_VENV)/bin/python \
		--resolution lowest-direct -e ".[dev,lab]"
	$(FLOORS_VENV)/bin/uv pip list --python $(FLOORS_VENV)/bin/python
	WBROLES_NO_BROWSER=1 $(FLOORS_VENV)/bin/python -m pytest $(NO_BROWSER_TESTS) $(PYTEST_ARGS)

## Run the tests (no browser) under each of TEST_PYTHONS, each in its own .venv-pyX.Y
test-pythons:
	@for py in $(TEST_PYTHONS); do \
		test -x "$$py" || { echo "test-pythons: no Python at $$py (set TEST_PYTHONS)" >&2; exit 2; }; \
		venv=.venv-py$$("$$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
		echo "== $$py in $$venv"; \
		test -x $$venv/bin/python || "$$py" -m venv $$venv || exit 1; \
		$$venv/bin/python -m pip install -q -e ".[dev,lab]" || exit 1; \
		WBROLES_NO_BROWSER=1 $$venv/bin/python -m pytest \
			$(NO_BROWSER_TESTS) $(PYTEST_ARGS) || exit 1; \
	done

## Validate the CSV files in data/ against their schemas
validate: $(STAMP)
	$(VENV)/bin/wbroles validate data

## Lint and check formatting with ruff (no changes made)
lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

## Reformat and auto-fix with ruff
format: $(STAMP)
	$(VENV)/bin/ruff format $(LINT_PATHS)
	$(VENV)/bin/ruff check --fix $(LINT_PATHS)

## Benchmark observations (OBS_ROWS=1e6,1e7; 1e8 with OBS_ARGS=--huge) and the report build
bench: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_observations.py --rows $(OBS_ROWS) $(OBS_ARGS)
	$(VENV)/bin/python benchmarks/bench_report.py

## Rebuild the vendored plotly.js bundle (wbroles/templates/plotly-wbroles.min.js); needs node/npm
bundle:
	cd bundle && npm ci --ignore-scripts --no-audit --no-fund && node build.mjs

## Draw every chart to PNG in build/gallery (open build/gallery/index.html)
gallery: $(STAMP)
	BROWSER_PATH=$${BROWSER_PATH:-/usr/bin/chromium} $(VENV)/bin/python -m wbroles.gallery --out build/gallery

## Start JupyterLab on notebooks/, loopback only; open the URL it prints (LAB_PORT=8888)
lab: $(STAMP)
	@echo "JupyterLab on $(LAB_DIR)/ at http://127.0.0.1:$(LAB_PORT) only: open the /lab?token= URL printed below."
	JUPYTER_PREFER_ENV_PATH=1 $(VENV)/bin/jupyter lab --no-browser \
		--ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) --ServerApp.port_retries=0 \
		--ServerApp.root_dir=$(LAB_DIR) $(LAB_ARGS)

## Remove reports/, build/ and caches (keeps the venv)
clean:
	rm -rf reports build .pytest_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o \
		\( -name __pycache__ -o -name .ipynb_checkpoints -o -name '*.egg-info' \) \
		-type d -prune -exec rm -rf {} +

## clean, and also remove the venv
distclean: clean
	rm -rf $(VENV)
