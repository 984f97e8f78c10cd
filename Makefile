# The two commands: `make run` (the service with demo data) and `make test` (the suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install run test test-postgres lint migrations clean console console-test

# The admin console (console/): built by npm into console/dist, served at /console.
NPM ?= npm
CONSOLE_SRC := $(shell find console/src console/public -type f 2>/dev/null) \
	console/index.html console/vite.config.ts console/tsconfig.json schema.graphql
HAVE_NPM := $(shell command -v $(NPM) 2>/dev/null)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

run: install $(if $(HAVE_NPM),console,console-missing)  ## migrate, load demo data, print a way in, serve on http://127.0.0.1:8000/graphql and /console/
	$(BIN)/clientela dev

console: console/dist/index.html  ## build the admin console when its sources changed

console/node_modules/.package-lock.json: console/package-lock.json
	cd console && $(NPM) ci --prefer-offline --no-audit --no-fund
	touch $@

console/dist/index.html: console/node_modules/.package-lock.json $(CONSOLE_SRC)
	cd console && $(NPM) run codegen --silent && $(NPM) run build --silent

console-missing:
	@echo "npm not found: the admin console is not built (install Node.js 20+, then make console)"

console-test: install console/node_modules/.package-lock.json  ## codegen check, types, lint, unit and browser tests
	cd console && $(NPM) run codegen:check --silent
	cd console && $(NPM) run typecheck --silent
	cd console && $(NPM) run lint --silent
	cd console && $(NPM) test --silent
	cd console && $(NPM) run build --silent
	cd console && CLIENTELA_BIN=$(abspath $(BIN))/clientela $(NPM) run e2e --silent

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
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache console/node_modules console/dist console/test-results
