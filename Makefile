# The two commands: `make run` (the service with demo data) and `make test` (the suite).
# Both install from the lock files (exact versions with hashes): `make lock` rewrites them
# after a change to the dependencies in pyproject.toml.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# One lock for every supported Python (3.11 to 3.13): uv resolves it "universally",
# writing environment markers where a version differs.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: install run test test-postgres lint lock export-schema graphiql-assets migrations clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# GraphiQL's browser files, from the npm registry at the versions its page names (docs/operations.md).
GRAPHIQL := clientela/graphiql_assets
graphiql-assets: $(GRAPHIQL)/static/.built

$(GRAPHIQL)/static/.built: $(GRAPHIQL)/package-lock.json $(VENV)/.installed
	cd $(GRAPHIQL) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python -m clientela.graphiql
	touch $@

run: install graphiql-assets  ## migrate, load demo data, print a way in, serve on http://127.0.0.1:8000/graphql
	$(BIN)/clientela dev

test: install graphiql-assets  ## the whole suite on SQLite (set TEST_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest

test-postgres: install graphiql-assets  ## the whole suite on the PostgreSQL at 127.0.0.1:5432
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lock: install  ## rewrite requirements.lock (production) and requirements-dev.lock from pyproject.toml
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements-dev.lock

export-schema: install  ## write schema.graphql from the code (commit it; see docs/changelog.md)
	$(BIN)/clientela export-schema schema.graphql

migrations: install  ## write a migration for model changes (commit the file)
	$(BIN)/tortoise -c models.db.TORTOISE_ORM makemigrations

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache $(GRAPHIQL)/node_modules $(GRAPHIQL)/static
