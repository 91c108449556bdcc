# Cairn — every target sets up what it needs. `make run` and `make test` are the front door.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
VENDOR := cairn/static/vendor
DEV_ENV := DEBUG=1 CAIRN_HTTPS=0

.PHONY: run test lint format migrations-check demo bench setup assets translations clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Cairn needs $(PYTHON) on PATH"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.installed: node_modules/.installed
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/chartjs $(VENDOR)/axe
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chartjs/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/
	@touch $@

setup: $(VENV)/.installed assets translations
assets: $(VENDOR)/.installed

## translations: compile every app's locale/*/LC_MESSAGES/*.po to .mo (pure Python, no gettext)
translations: $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py compile_translations

var:
	mkdir -p var/static

## run: set up, migrate SQLite under var/, load the demo data once, serve on 127.0.0.1:$(PORT)
run: setup var
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py seed_demo --if-empty
	@trap 'kill $$worker 2>/dev/null' EXIT; \
	$(DEV_ENV) $(PY) manage.py db_worker --queue-name '*' >var/worker.log 2>&1 & worker=$$!; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: lint, format check, migrations check, then the whole suite (browser tests included)
test: setup lint migrations-check
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

## demo: rebuild the demo database from scratch
demo: setup var
	rm -f var/cairn.sqlite3*
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py seed_demo

## bench: seed a large program on PostgreSQL and measure pages, solver and bulk work
bench: setup
	$(PY) -m cairn.bench $(if $(SIZE),--size $(SIZE),)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
