# The two commands: `make run` (the service with demo data) and `make test` (the suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install run test test-postgres lint migrations clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

run: install  ## migrate, load demo data, print a way in, serve on http://127.0.0.1:8000/graphql
	$(BIN)/clientela dev

test: install  ## the whole suite on SQLite (set TEST_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest

test-postgres: install  ## the whole suite on the PostgreSQL at 127.0.0.1:5432
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

migrations: install  ## write a migration for model changes (commit the file)
	$(BIN)/tortoise -c models.db.TORTOISE_ORM makemigrations

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
