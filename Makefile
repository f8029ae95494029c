# cxgap: every target works from a fresh clone with only Python 3.11 and the package registries.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: run test check sample parity bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cxgap analyze sample_data/survey.xlsx --format table

test: $(STAMP)
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/ruff format --check src tests sample_data bench
	$(BIN)/ruff check src tests sample_data bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

sample: $(STAMP)
	$(BIN)/python sample_data/make_sample.py
	$(BIN)/python sample_data/make_exports.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

parity: $(STAMP)
	$(BIN)/python tests/reference/parity.py

bench: $(STAMP)
	$(BIN)/python bench/run.py
