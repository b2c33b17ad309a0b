PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-min bench loadtest lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pswgraph serve

test: $(STAMP)
	$(BIN)/python -m pytest -q --durations=25

lint: $(STAMP)
	$(BIN)/ruff check graph dashapp tests benchmarks tools
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(MIN_VENV) *.egg-info

# the tests that need no browser, with every runtime dependency at its declared lower bound (pyproject.toml)
MIN_VENV := .venv-min
$(MIN_VENV)/.installed: pyproject.toml tools/lower_bounds.py
	$(PY) -m venv $(MIN_VENV)
	$(PY) tools/lower_bounds.py > $(MIN_VENV)/constraints.txt
	$(MIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MIN_VENV)/bin/python -m pip install --quiet --constraint $(MIN_VENV)/constraints.txt -e '.[test]'
	touch $@

test-min: $(MIN_VENV)/.installed
	$(MIN_VENV)/bin/python -m pytest -q -n 2 --ignore=tests/browser --ignore=tests/office

# bundled, K = 10 and K = 100 synthetic packages (K1000=1 adds K = 1,000); writes BENCHMARKS.md
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(if $(K1000),--k1000)

# 50 simulated users against gunicorn on 127.0.0.1 for 60 s; writes BENCHMARKS.md
loadtest: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[serve]'
	$(BIN)/python benchmarks/loadtest.py
