# Two commands matter: `make demo` runs the product on the bundled demo data,
# `make test` runs the whole suite. Both create .venv on first use and are
# no-ops for installation afterwards (the stamp files track the pinned inputs).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
PORT   ?= 8501

.PHONY: demo test lint install install-dev benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt $(VENV)/.installed
	$(PIP) install -c constraints.txt -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/footprint demo --port $(PORT)

test: install-dev
	$(BIN)/ruff check collectors metrics dashboard tests benchmarks
	$(BIN)/python -m pytest -q -n auto --dist loadfile

lint: install-dev
	$(BIN)/ruff check collectors metrics dashboard tests benchmarks
	$(BIN)/ruff format --check collectors metrics dashboard tests benchmarks

benchmarks: install-dev
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) footprint-demo test-output .pytest_cache
