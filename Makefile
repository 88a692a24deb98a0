# Two entry points that work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo test lint typecheck bench judgement clean sysdeps serve demo-web browserdeps fuzz

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

# WeasyPrint needs Pango and HarfBuzz's subsetter; install them when missing and we can.
sysdeps:
	@if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || ! ldconfig -p 2>/dev/null | grep -q libpangoft2; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null 2>&1 \
	    || (apt-get update -q >/dev/null && apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null); \
	  else echo "note: install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core for PDF output"; fi; \
	fi

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/sla-drafter draft examples/saas.yaml -o $(OUT)/saas-sla.docx --force
	$(BIN)/sla-drafter draft examples/saas.yaml -o $(OUT)/saas-sla.pdf --force
	$(BIN)/sla-drafter lint $(OUT)/saas-sla.docx
	@echo "Drafted: $(OUT)/saas-sla.docx and $(OUT)/saas-sla.pdf"

test: $(STAMP)
	$(BIN)/ruff check sla_drafter tests bench
	$(BIN)/mypy
	$(BIN)/pytest

# the web app on http://127.0.0.1:8800/ (Ctrl+C to stop); PORT=... to change the port
serve: $(STAMP)
	$(BIN)/sla-drafter serve --port $(or $(PORT),8800) --open

# Debian's headless Chromium and its WebDriver, for the browser tests and demo-web screenshots
browserdeps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
	    || (apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null); \
	  else echo "note: install chromium and chromium-driver for the browser tests"; fi; \
	fi

# the web app driven in headless Chromium; a screenshot of each page lands in $(OUT)/web-*.png
demo-web: $(STAMP) browserdeps
	@mkdir -p $(OUT)
	SLA_WEB_SCREENSHOTS=$(OUT) $(BIN)/pytest -q -p no:cacheprovider tests/test_web_browser.py
	@ls $(OUT)/web-*.png

bench: $(STAMP)
	$(BIN)/python bench/draft.py
	$(BIN)/python bench/lint.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/compare.py
	$(BIN)/python bench/credits.py

# seed-mutation fuzzing of every reader: FUZZ_CASES per reader, FUZZ_BUDGET seconds per document,
# FUZZ_LINT=1 to lint each document too, FUZZ_ANNOTATE=1 to annotate each DOCX;
# prints tracebacks, multi-line errors and runs over budget per reader
FUZZ_CASES ?= 10000
FUZZ_BUDGET ?= 10
fuzz: $(STAMP)
	FUZZ_CASES=$(FUZZ_CASES) FUZZ_BUDGET=$(FUZZ_BUDGET) FUZZ_LINT=$(FUZZ_LINT) FUZZ_ANNOTATE=$(FUZZ_ANNOTATE) \
	  $(BIN)/python tests/fuzzing.py

# precision and recall per topic and rule: own cases, plus a labelled corpus (CORPUS=dir) if given
judgement: $(STAMP)
	$(BIN)/python bench/judgement.py $(if $(CORPUS),--corpus $(CORPUS))

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache
