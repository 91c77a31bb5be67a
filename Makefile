# Xieshang — two commands do everything: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint typecheck contracts unit integration e2e bench messages clean help

help:
	@echo "make run    — start the workbench on http://127.0.0.1:8000 (demo login demo / xieshang-demo)"
	@echo "make test   — ruff, mypy, import contracts and the whole test suite"
	@echo "make bench  — benchmarks (QUICK=1 for a fast look)"

# Create the virtual environment and install the project once; reinstall only when pyproject changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@XIESHANG_DEMO=1 $(BIN)/xieshang serve --demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# The whole suite on SQLite; then, when CI (or you) point XIESHANG_TEST_POSTGRES_URL at a server, the tests
# marked `postgres` once more on PostgreSQL.
test: $(STAMP) lint typecheck contracts
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$XIESHANG_TEST_POSTGRES_URL" ]; then \
	  echo "== PostgreSQL pass =="; \
	  DATABASE_URL="$$XIESHANG_TEST_POSTGRES_URL" $(BIN)/python -m pytest -m postgres $(PYTEST_ARGS) || exit $$?; \
	fi

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(if $(QUICK),--quick,)

# Regenerate and compile the translation catalogs (needs GNU gettext).
# Each Django app keeps its own catalog in <app>/locale (zh_Hans complete; English is the msgid language).
APPS_WITH_TEXT := web workbench cases accounts documents negotiation evidence conduct jobs
messages: $(STAMP)
	@for app in $(APPS_WITH_TEXT); do \
	  (cd src/xieshang/$$app && mkdir -p locale && XIESHANG_HOME=$${XIESHANG_HOME:-/tmp/xieshang-messages} \
	    DJANGO_SETTINGS_MODULE=xieshang.web.settings ../../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --no-location) || exit 1; \
	done
	@for app in $(APPS_WITH_TEXT); do \
	  (cd src/xieshang/$$app && XIESHANG_HOME=$${XIESHANG_HOME:-/tmp/xieshang-messages} \
	    DJANGO_SETTINGS_MODULE=xieshang.web.settings ../../../$(BIN)/django-admin compilemessages) || exit 1; \
	done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
