# `make run` and `make test` set up .venv when needed and are quick when nothing changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run serve test lint bench bench-live clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/messenger demo --if-new --quiet
	$(BIN)/messenger

# The same app in a browser on the demo data: http://127.0.0.1:8000 (README: In a browser).
serve: $(VENV)/.run-installed
	$(BIN)/messenger demo --if-new --quiet
	$(BIN)/messenger serve $(SERVE_ARGS)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

# Community-scale benchmarks (bench/README.md); e.g. make bench BENCH_ARGS="--scale 0.1".
# bench.run ends with the idle cost (bench/idle.py, 60 s a case): BENCH_ARGS="--idle 10" is quicker.
# Scale 10 beside scale 1 (bench/scaling.py; scale 10 is built once, ~1 h): BENCH_SCALING_ARGS="--rounds 1".
# The app as a whole (bench/app.py) follows: BENCH_APP_ARGS="--scale 0.1 --samples 5".
# Then memory after an hour of use, twice (bench/memory.py): BENCH_MEMORY_ARGS="--scale 0.1".
bench: $(VENV)/.run-installed
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.scaling $(BENCH_SCALING_ARGS)
	$(BIN)/python -m bench.app $(BENCH_APP_ARGS)
	$(BIN)/python -m bench.pictures
	$(BIN)/python -m bench.memory $(BENCH_MEMORY_ARGS)

# Live delivery latency, commit -> paint in another process, p50/p95 over 200 messages
# on SQLite and (with MESSENGER_TEST_PG or MESSENGER_BENCH_PG) PostgreSQL.
bench-live: $(VENV)/.run-installed
	$(BIN)/python -m bench.live_latency $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
