# `make run` and `make test` set themselves up: a .venv with the project and its dev tools.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_SIZE ?= small

.PHONY: run test test-slow lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/activity-bot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

test-slow: $(STAMP)
	$(BIN)/pytest -q -m slow; code=$$?; [ $$code -eq 0 ] || [ $$code -eq 5 ]

bench: $(STAMP)
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/python -m bench.parser
	$(BIN)/python -m bench.language
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/python -m bench.throughput
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/python -m bench.remaining
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/python -m bench.answers
	$(BIN)/python -m bench.questions
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/python -m bench.digest
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/python -m bench.memory
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/python -m bench.export

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
