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

.PHONY: install run test test-postgres lint lock export-schema graphiql-assets migrations clean console console-test console-missing

# The admin console (console/): built by npm into console/dist, served at /console.
NPM ?= npm
CONSOLE_SRC := $(shell find console/src console/public -type f 2>/dev/null) \
	console/index.html console/vite.config.ts console/tsconfig.json schema.graphql
HAVE_NPM := $(shell command -v $(NPM) 2>/dev/null)

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

run: install graphiql-assets $(if $(HAVE_NPM),console,console-missing)  ## migrate, load demo data, print a way in, serve /graphql and /console/
	$(BIN)/clientela dev

console: console/dist/index.html  ## build the admin console when its sources changed

console/node_modules/.package-lock.json: console/package-lock.json
	cd console && $(NPM) ci --prefer-offline --no-audit --no-fund --loglevel=error
	touch $@

console/dist/index.html: console/node_modules/.package-lock.json $(CONSOLE_SRC)
	cd console && $(NPM) run build --silent

console-missing:
	@echo "npm not found: the admin console is not built (install Node.js 20.19+, then make console)"

console-test: install console/node_modules/.package-lock.json  ## types (generated from schema.graphql), lint, unit and browser tests
	cd console && $(NPM) run typecheck --silent
	cd console && $(NPM) run lint --silent
	cd console && $(NPM) test --silent
	cd console && $(NPM) run build --silent
	cd console && CLIENTELA_BIN=$(abspath $(BIN))/clientela $(NPM) run e2e --silent

# The suite runs on every core (pytest-xdist; each test has its own database, Redis prefix
# and ports; the four fuzz runs share one process, which makes their documents once).
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install graphiql-assets  ## the whole suite on SQLite (set TEST_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

test-postgres: install graphiql-assets  ## the whole suite on the PostgreSQL at 127.0.0.1:5432
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

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
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache $(GRAPHIQL)/node_modules $(GRAPHIQL)/static \
		console/node_modules console/dist console/test-results
