# fact_gui developer commands. `make run` and `make test` set everything up on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench fuzz shot clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-install whenever the project's dependencies change.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/fact-gui $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check fact_gui tests
	$(VENV)/bin/ruff format --check fact_gui tests
	$(VENV)/bin/mypy

# The team tests start their own PostgreSQL server; here its absence is an error, not a skip.
test: lint
	QT_QPA_PLATFORM=offscreen FACT_GUI_REQUIRE_PG=1 $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s -p no:cacheprovider tests/bench -o addopts=""

# Over 2,000 generated hostile files through the batch import (minutes; not in `make test`).
fuzz: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s -p no:cacheprovider tests/bench/test_fuzz_intake.py -o addopts=""

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
