# The two commands of the README, and the few that editors and developers use besides.
# Everything runs from a local virtual environment that `make` creates from the pinned lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint check serve golden linkcheck benchmark browser clean

site: $(VENV)/.installed  ## set up and build the dossier site into site/
	$(BIN)/dossier build

test: lint browser  ## run every test (after the linter and the type checker: they fail fast), on every core
	$(BIN)/pytest -n auto

lint: $(VENV)/.installed  ## ruff and mypy (strict), as configured in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/mypy

FORMAT ?= text
check: $(VENV)/.installed  ## check the facts without writing anything (FORMAT=json|github)
	$(BIN)/dossier check --format $(FORMAT)

serve: $(VENV)/.installed  ## live preview on http://127.0.0.1:8000
	$(BIN)/dossier serve

golden: $(VENV)/.installed  ## refresh tests/golden and tests/golden_site after an intended change of the output
	$(BIN)/python -m tests.golden

linkcheck: $(VENV)/.installed  ## build, serve on loopback and crawl every link and anchor
	$(BIN)/python -m tests.linkcheck

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

SIZES ?= 100,1000,10000
benchmark: $(VENV)/.installed  ## measure every stage at SIZES entities; table + bench/results.json
	$(BIN)/python -m bench.benchmark --sizes $(SIZES) --out bench/results.json
	$(BIN)/python -m bench.hostile --out bench/hostile.json

browser:  ## Debian's Chromium for the browser tests (no browser download; needs root or sudo)
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

clean: $(VENV)/.installed  ## remove the build output (never content/ pages written by hand)
	$(BIN)/dossier clean
