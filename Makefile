# cxgap: every target works from a fresh clone with only Python 3.11 and the package registries.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: run test test-slow lint check spark spark-cluster sample snapshots parity bench bench-stream fuzz stress clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cxgap analyze sample_data/survey.xlsx --format table

# The suite in one pytest-xdist worker per core (PYTEST_WORKERS=0: in one process). One BLAS
# thread per worker: OpenBLAS threads spin while they wait, and two workers' spinning threads
# on two cores took about a sixth of the suite's CPU time. Bytecode is written even where the
# environment sets PYTHONDONTWRITEBYTECODE (this machine does): without it every worker
# rewrites every test module's asserts (collection 4.5 s of CPU per worker instead of 1.9 s)
# and every cxgap process the tests start compiles cxgap again.
PYTEST_WORKERS ?= auto
PYTEST := PYTHONDONTWRITEBYTECODE= OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q \
          -n $(PYTEST_WORKERS) --dist loadfile

# make test leaves out the cases marked slow (the whole option matrix of the exports, every
# real export analysed, the CI recipe, the streaming property, the rest of the fuzz slice, the
# exit codes under load); make test-slow runs just those, and CI runs both.
test: $(STAMP)
	$(PYTEST) -m "not slow"
	@echo "make test left out the tests marked slow: make test-slow runs them (CI runs both)"

test-slow: $(STAMP)
	$(PYTEST) -m slow

lint: $(STAMP)
	$(BIN)/ruff format --check src tests tests_spark tests_cluster sample_data bench fuzz
	$(BIN)/ruff check src tests tests_spark tests_cluster sample_data bench fuzz
	$(BIN)/mypy

check: lint test test-slow

# The Spark engine in local mode (SPEC 8): needs Java 17, installed here when missing; the
# tests fail (never skip) when Java or pyspark is not there. One BLAS thread, as cxgap runs
# (cli.main) and its executors run: the tests compare the engines' JSON byte for byte.
SPARK_STAMP := $(VENV)/.installed-spark
$(SPARK_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(SPARK_STAMP)

spark: $(SPARK_STAMP)
	@command -v java >/dev/null || { apt-get install -y --no-install-recommends \
	  openjdk-17-jre-headless || sudo apt-get install -y --no-install-recommends \
	  openjdk-17-jre-headless || echo "Java could not be installed: the Spark tests will fail"; }
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q tests_spark

# SPEC 8 on a real cluster: the tests start a standalone master and a 1-core worker on
# loopback (pyspark's bin/spark-class) and stop them, and run cxgap under strace (Debian's
# strace, installed here when missing) to prove that the driver opens no part.
spark-cluster: $(SPARK_STAMP)
	@command -v strace >/dev/null || apt-get install -y --no-install-recommends strace \
	  || sudo apt-get install -y --no-install-recommends strace || echo "strace is missing"
	$(BIN)/python -m pytest -q -p no:cacheprovider tests_cluster

sample: $(STAMP)
	$(BIN)/python sample_data/make_sample.py
	$(BIN)/python sample_data/make_servqual.py
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

# FUZZ_CASES mutations of the sample, its exports and far-cell workbooks (seed FUZZ_SEED),
# FUZZ_JOBS at a time; FUZZ_ARGS=--exec runs the cxgap script per command instead of forking.
# Failures go to fuzz/found/.
FUZZ_CASES ?= 1000
FUZZ_SEED  ?= 0
FUZZ_JOBS  ?= 2
FUZZ_ARGS  ?=
fuzz: $(STAMP)
	$(BIN)/python -m fuzz.run --cases $(FUZZ_CASES) --seed $(FUZZ_SEED) --jobs $(FUZZ_JOBS) $(FUZZ_ARGS)

# No input may end a run in a signal: STRESS_DAMAGED damaged cases of each of .sav, .zsav and
# .dta read (their C reader runs in a child process), and every reader's error path run as a
# real cxgap process STRESS_RUNS times, several at once, counting exit codes (0, 1, 2 only).
STRESS_DAMAGED ?= 200
STRESS_RUNS    ?= 20
stress: $(STAMP)
	CXGAP_DAMAGED_CASES=$(STRESS_DAMAGED) CXGAP_EXIT_RUNS=$(STRESS_RUNS) \
	  $(BIN)/python -m pytest -q -s -n 0 tests/test_readstat_child.py tests/test_exit_codes.py \
	  -k "damaged_files or exits_0_1_or_2"

# SPEC 8: 20 million customers as Parquet parts (peak RSS, time per million) and Spark local
# on 2 million against the local engine; writes bench/STREAM.md. Minutes, and ~0.5 GB of disk.
bench-stream: $(SPARK_STAMP)
	$(BIN)/python bench/stream.py
