# Kwaliteitskompas. `make run` sets everything up and starts the app; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= data/kompas.duckdb
PORT   ?= 8501

.PHONY: run test test-all lint test-fast test-browser demo browser clean bench bench-import

run: $(VENV)/.installed $(DB)
	KOMPAS_DB=$(DB) $(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --browser.gatherUsageStats false --client.toolbarMode minimal

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# The demo store is built only when it is missing; `make demo` rebuilds it.
$(DB): | $(VENV)/.installed
	$(PY) -m kompas demo --db $(DB)

demo: $(VENV)/.installed
	$(PY) -m kompas demo --db $(DB) --overwrite

# Debian's chromium for the browser tests (never Playwright's own download: it cannot work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Installeer eerst Chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# One pytest run for everything, on every core: the browser modules start first, each on one worker
# (tests/conftest.py), then the fast tests one by one fill every worker. bench/suite_time.py records the
# wall time of a passing run, lint included (bench/.cache/suite_time.json); `make bench` prints it against
# the target.
TEST_WORKERS ?= auto

test: $(VENV)/.installed browser
	$(PY) bench/suite_time.py run -- $(MAKE) --no-print-directory lint test-all

test-all: $(VENV)/.installed
	$(PY) -m pytest -c tests/pytest.ini --rootdir . -q -n $(TEST_WORKERS) --dist loadgroup

# The layers of docs/architecture.md (contracts in pyproject.toml) and the code style.
lint: $(VENV)/.installed
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-fast: $(VENV)/.installed
	$(PY) -m pytest -c tests/pytest.ini --rootdir . -m "not browser" -q -n auto

test-browser: $(VENV)/.installed browser
	$(PY) -m pytest -c tests/pytest.ini --rootdir . -m browser -q -n $(TEST_WORKERS) --dist loadgroup

# Speed from one municipality to the whole country (issue #8); stores are kept in bench/.cache/.
bench: $(VENV)/.installed
	$(PY) bench/cli_start.py
	$(PY) bench/bench.py
	$(PY) bench/import_bench.py
	$(PY) bench/suite_time.py

# Only the import on a 1 M-row StatLine CSV (issue #12): its speed against DuckDB's bare read_csv.
bench-import: $(VENV)/.installed
	$(PY) bench/import_bench.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
