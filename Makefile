# cxgap: every target works from a fresh clone with only Python 3.11 and the package registries.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: run test check sample snapshots parity bench fuzz clean

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
	$(BIN)/ruff format --check src tests sample_data bench fuzz
	$(BIN)/ruff check src tests sample_data bench fuzz
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

sample: $(STAMP)
	$(BIN)/python sample_data/make_sample.py
	$(BIN)/python sample_data/make_exports.py
	$(BIN)/python sample_data/make_reports.py

# Look at the sample's reports as a reader would: the decks and workbooks through LibreOffice
# (to PDF, then PNG), the HTML pages through headless Chromium (a screenshot, and A4 print).
SNAP    := snapshots
REPORTS := sample_data/reports
# Private profiles: a LibreOffice or Chromium already running elsewhere must not swallow ours.
SOFFICE := soffice -env:UserInstallation=file://$(CURDIR)/$(SNAP)/.libreoffice --headless
CHROME  := chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
           --user-data-dir=$(CURDIR)/$(SNAP)/.chromium
snapshots: $(STAMP)
	$(BIN)/python sample_data/make_reports.py
	rm -rf $(SNAP) && mkdir -p $(SNAP)/pptx $(SNAP)/xlsx
	$(SOFFICE) --convert-to pdf --outdir $(SNAP)/pptx $(REPORTS)/*.pptx >/dev/null
	$(SOFFICE) --convert-to pdf --outdir $(SNAP)/xlsx $(REPORTS)/*.xlsx >/dev/null
	for page in analyze trend; do \
	  $(CHROME) --window-size=1280,2000 --screenshot=$(SNAP)/$$page-html.png \
	    file://$(CURDIR)/$(REPORTS)/$$page.html 2>/dev/null; \
	  $(CHROME) --no-pdf-header-footer --print-to-pdf=$(SNAP)/$$page-html-a4.pdf \
	    file://$(CURDIR)/$(REPORTS)/$$page.html 2>/dev/null; \
	done
	for pdf in $(SNAP)/pptx/*.pdf $(SNAP)/xlsx/*.pdf $(SNAP)/*.pdf; do \
	  pdftoppm -png -r 60 $$pdf $${pdf%.pdf}; \
	done
	@echo "PNGs in $(SNAP)/: pptx/ (one per slide), xlsx/ (one per printed page), *-html.png"

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

parity: $(STAMP)
	$(BIN)/python tests/reference/parity.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# FUZZ_CASES mutations of the sample (seed FUZZ_SEED), FUZZ_JOBS at a time; FUZZ_ARGS=--exec
# runs the cxgap script per command instead of forking. Failures go to fuzz/found/.
FUZZ_CASES ?= 1000
FUZZ_SEED  ?= 0
FUZZ_JOBS  ?= 2
FUZZ_ARGS  ?=
fuzz: $(STAMP)
	$(BIN)/python -m fuzz.run --cases $(FUZZ_CASES) --seed $(FUZZ_SEED) --jobs $(FUZZ_JOBS) $(FUZZ_ARGS)
